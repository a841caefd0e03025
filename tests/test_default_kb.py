"""The default knowledge base: built from the project's own country lexicon, linked to without
any --kb, behind a user's base when there is one, and off with --no-link."""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, Dataset, URIRef

from kg.cli import cli
from kg.link.kb.default import DEFAULT_SOURCE, default_kb_path
from kg.link.kb.stack import StackedBase
from kg.link.kb.store import KbItem, KbWriter, KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "trump-maduro.txt"
WD = "http://www.wikidata.org/entity/"


def _script():
    spec = importlib.util.spec_from_file_location("default_kb", ROOT / "scripts" / "default_kb.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rerunning_the_script_reproduces_the_shipped_source(tmp_path: Path) -> None:
    out = tmp_path / "default_kb.tsv"
    assert _script().main(["-o", str(out)]) == 0
    assert out.read_bytes() == DEFAULT_SOURCE.read_bytes()


def test_the_source_holds_every_country_of_the_lexicon_and_no_demonym() -> None:
    countries = json.loads((ROOT / "kg" / "data" / "countries.json").read_text(encoding="utf-8"))
    base = KnowledgeBase(default_kb_path())
    assert base.size() == sum(1 for c in countries if c.get("qid"))
    assert base.item("Q717").type == "Location" and base.item("Q458").type == "Organization"
    assert [c.qid for c in base.candidates(["Venezuela"])] == ["Q717"]
    assert base.candidates(["Venezuelans"]) == [] and base.candidates(["Venezuelan"]) == []


def test_the_base_is_built_once_per_source_version(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    first = default_kb_path()
    assert first.parent == tmp_path / "cache"
    stamp = first.stat().st_mtime_ns
    assert default_kb_path() == first and first.stat().st_mtime_ns == stamp


def test_a_cache_path_that_is_a_file_falls_back_to_the_temporary_folder(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "a-file"))
    found = default_kb_path()
    assert not str(found).startswith(str(tmp_path / "a-file")) and KnowledgeBase(found).item("Q30") is not None


def test_a_users_base_comes_first(tmp_path: Path) -> None:
    writer = KbWriter(tmp_path / "mine.sqlite")
    writer.add(KbItem("Q717", "Bolivarian Republic of Venezuela", ["Venezuela"], None, 5, ["Q6256"],
                      facts={"P36": ["Q1533"]}))
    writer.add(KbItem("Q1533", "Caracas", [], None, 5, ["Q515"]))
    writer.close()
    stack = StackedBase([KnowledgeBase(tmp_path / "mine.sqlite"), KnowledgeBase(default_kb_path())])
    (venezuela,) = stack.candidates(["Venezuela"])
    assert venezuela.label == "Bolivarian Republic of Venezuela"
    assert stack.item("Q1533").label == "Caracas" and stack.item("Q30").label == "United States"
    assert stack.facts("Q717") == {"P36": {"Q1533"}}


def _links(out: Path) -> set[str]:
    ds = Dataset(default_union=True)
    ds.parse(out / "newskg.trig", format="trig")
    return {str(o).removeprefix(WD) for o in ds.objects(None, OWL.sameAs) if isinstance(o, URIRef)}


def test_export_links_the_seeds_countries_without_a_kb(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", str(SEED), "-o", str(tmp_path / "on"), "-q"])
    assert result.exit_code == 0, result.output
    assert {"Q717", "Q30"} <= _links(tmp_path / "on")
    result = CliRunner().invoke(cli, ["export", str(SEED), "-o", str(tmp_path / "off"), "-q", "--no-link"])
    assert result.exit_code == 0, result.output
    assert _links(tmp_path / "off") == set()


def test_link_command_needs_no_kb() -> None:
    result = CliRunner().invoke(cli, ["link", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "Q717" in result.output and "Q30" in result.output


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root to run the export as an unprivileged user (setpriv)")
def test_a_user_who_cannot_read_the_cache_folder_still_links(tmp_path: Path) -> None:
    """Another user's cache folder (mode 700) is skipped for one of this user's own."""
    scratch = Path(tempfile.mkdtemp(prefix="newskg-cache-"))
    try:
        scratch.chmod(0o777)
        private = tmp_path / "root-only"
        private.mkdir(mode=0o700)
        (private / "x").write_text("")
        run = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "kg",
                              "export", str(SEED), "-o", str(scratch / "out"), "-q"], capture_output=True, text=True,
                             timeout=300, cwd=str(scratch), env={**os.environ, "KG_CACHE_DIR": str(private),
                                                                 "HOME": str(scratch)})
        assert run.returncode == 0, run.stderr
        assert "Q717" in _links(scratch / "out")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
