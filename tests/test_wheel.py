"""The wheel carries what the code reads at run time: built from a copy of the sources and
installed (non-editable) in a fresh virtual environment, `kg export` runs on the seeds with the
ontology, PLOVER scheme, shapes, lexicons and page files it finds inside the installed package.

The fresh environment takes newskg from the wheel alone; its dependencies (spaCy, the model,
rdflib, ...) are this environment's, added by a path file, so the test needs no network."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from rdflib import OWL, Dataset, URIRef

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = ["kg/rdf/ontology/newskg.ttl", "kg/rdf/ontology/plover.ttl", "kg/validate/shapes/newskg.ttl",
                "kg/show/page.css", "kg/show/page.html", "kg/data/countries.json", "kg/data/triggers.toml",
                "kg/data/news_names.toml", "kg/data/given_names.toml", "kg/data/default_kb.tsv"]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    shutil.copytree(ROOT / "kg", src / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", dist, src,
                 cwd=src)
    assert built.returncode == 0, built.stderr
    (found,) = dist.glob("newskg-*.whl")
    return found


def test_the_wheel_holds_the_package_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [p for p in PACKAGE_DATA if p not in names]
    assert not [n for n in names if n.startswith(("tests/", "bench/", "seeds/"))]


def test_installed_wheel_exports_the_seeds(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    installed = _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel,
                     cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    site = _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path)
    Path(site.stdout.strip(), "deps-of-this-test.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    where = _run(python, "-c", "import kg.validate, kg.rdf; print(kg.__file__); print(kg.validate.SHAPES_FILE)",
                 cwd=tmp_path)
    kg_file, shapes = where.stdout.split()
    assert kg_file.startswith(str(venv)) and shapes.startswith(str(venv)), where.stdout + where.stderr

    out = tmp_path / "out"
    result = _run(venv / "bin" / "kg", "export", ROOT / "seeds", "-o", out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["articles"] and not manifest["errors"]
    assert (out / "newskg.trig").stat().st_size > 0
    links = Dataset(default_union=True).parse(out / "newskg.trig", format="trig").objects(None, OWL.sameAs)
    assert URIRef("http://www.wikidata.org/entity/Q717") in set(links)  # the default base links
    assert (out / "ontology" / "newskg.ttl").read_bytes() == (ROOT / "ontology" / "newskg.ttl").read_bytes()
