"""The ontology and merged article graphs under OWL reasoners: owlrl's OWL 2 RL closure (pure
Python) and HermiT (Java, through owlready2). Each runs in a process of its own
(``reasoners.py``), as a user would run it on the published files."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from rdflib.namespace import PROV

from interop.conftest import articles_per_entity, merged
from kg.rdf.vocab import ONTOLOGY_FILE, PLOVER_FILE

REASONERS = Path(__file__).with_name("reasoners.py")
VOCABULARIES = [str(ONTOLOGY_FILE), str(PLOVER_FILE)]
# HermiT knows only the OWL 2 datatype map; nk:date's values are of these XSD types, which it
# lacks (TRAPS.md). A user runs it with --ignoreUnsupportedDatatypes, as the lenient run does.
OUTSIDE_OWL2 = {"http://www.w3.org/2001/XMLSchema#" + t for t in ("date", "gYear", "gYearMonth", "gMonthDay")}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample(linked_dataset, tmp_path_factory) -> Path:
    """Of the export linked to a knowledge base, the 30 article graphs that share the most entities with other articles, merged: the
    nodes where two articles' facts could clash (a reasoner over all 144 takes minutes)."""
    union = merged(linked_dataset)
    shared = {e for e, n in articles_per_entity(union).items() if n > 1}
    score = Counter()
    for e in shared:
        for article in union.objects(e, PROV.wasDerivedFrom):
            score[article] += 1
    chosen = sorted(score, key=lambda a: (-score[a], str(a)))[:30]
    path = tmp_path_factory.mktemp("reasoners") / "sample.nt"
    merged(linked_dataset, chosen).serialize(path, format="nt", encoding="utf-8")
    return path


def reason(kind: str, data: Path, tmp_path: Path) -> dict:
    out = tmp_path / f"{kind}.json"
    run = subprocess.run([sys.executable, str(REASONERS), kind, str(out), str(data), *VOCABULARIES],
                         capture_output=True, text=True, timeout=1200)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(out.read_text())


def test_owlrl_closure_finds_no_clash(sample, tmp_path):
    """No inconsistency, nothing of type owl:Nothing, and no functional property with two
    distinct literal values (owlrl would infer them owl:sameAs each other)."""
    summary = reason("owlrl", sample, tmp_path)
    assert summary["triples_after"] > summary["triples_before"]
    assert summary["errors"] == [] and summary["nothing_members"] == []
    assert summary["distinct_literals_same_as"] == []


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for HermiT (.ci/install-interop)")
def test_hermit_finds_the_ontology_consistent(tmp_path):
    empty = tmp_path / "empty.nt"
    empty.write_text("")
    summary = reason("hermit", empty, tmp_path)
    assert summary["strict"]["outcome"] == "consistent", summary
    assert summary["strict"]["unsatisfiable"] == []


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime for HermiT (.ci/install-interop)")
def test_hermit_finds_merged_articles_consistent(sample, tmp_path):
    summary = reason("hermit", sample, tmp_path)
    strict, lenient = summary["strict"], summary["lenient"]
    if strict["outcome"] == "java-error":  # only for the date types OWL 2 lacks
        assert strict["unsupported"] and set(strict["unsupported"]) <= OUTSIDE_OWL2, strict
    assert lenient["outcome"] == "consistent", lenient
    assert lenient["unsatisfiable"] == []
