"""Every file of an export reads in the other engines a user may load it with: Raptor's rapper
(C) and Jena's riot (Java), strictly, with no warning, and to the same number of triples."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow


def _files(out):
    manifest = json.loads((out / "manifest.json").read_text())
    articles = [(out / a["file"], a["triples"]) for a in manifest["articles"]]
    vocabularies = [(p, None) for p in sorted((out / "ontology").glob("*.ttl"))]
    return articles, vocabularies


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Raptor's rapper is not installed (.ci/install-interop)")
def test_rapper_reads_every_file(export):
    out = export
    articles, vocabularies = _files(out)
    for path, triples in articles + vocabularies + [(out / "newskg.trig", None)]:
        syntax = "trig" if path.suffix == ".trig" else "turtle"
        run = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
        assert run.returncode == 0 and "Warning" not in run.stderr and "Error" not in run.stderr, (path, run.stderr)
        counted = re.search(r"returned (\d+) triples", run.stderr)
        assert counted is not None, run.stderr
        if triples is not None:
            assert int(counted.group(1)) == triples, path


@pytest.mark.skipif(shutil.which("riot") is None, reason="Jena's riot is not installed (.ci/install-interop)")
def test_riot_validates_every_file(export):
    """One JVM for all files: riot --validate parses each strictly (bad IRIs, bad lexical forms
    of typed literals, bad language tags are warnings or errors on stderr)."""
    out = export
    articles, vocabularies = _files(out)
    paths = [str(p) for p, _ in articles + vocabularies] + [str(out / "newskg.trig")]
    run = subprocess.run(["riot", "--validate", "--strict", *paths], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert not re.search(r"\b(WARN|ERROR)\b", run.stderr), run.stderr[-3000:]
    counted = subprocess.run(["riot", "--count", *[str(p) for p, _ in articles]], capture_output=True, text=True, timeout=600)
    assert counted.returncode == 0, counted.stderr[-2000:]
    per_file = {line.split(" : ")[0].removeprefix("file://"): int(line.rsplit("=", 1)[1].replace(",", ""))
                for line in (counted.stdout + counted.stderr).splitlines() if " : Triples = " in line}
    assert per_file == {str(p.resolve()): t for p, t in articles}
