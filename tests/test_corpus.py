"""All 174 Wikinews articles export with no crash and no SHACL violation (the real model, real text)."""
from __future__ import annotations

import json

import pyoxigraph
import pytest
from rdflib import Graph

from kg.validate import load_data, validate_graphs


@pytest.mark.slow
def test_wikinews_corpus_exports_and_conforms(corpus_export):
    result, tmp_path = corpus_export
    assert result.errors == []
    # 174 records, 144 distinct articles: 30 Wikinews URLs come twice (MEANTIME and SemEval copies)
    assert len(result.articles) == 144
    assert result.report.violations == [], result.report.violations[:5]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["articles"]) == 144
    assert sum(a["events"] for a in manifest["articles"]) > 100
    assert sum("skipped, the first one is kept" in w for w in result.warnings) == 30
    assert sum("publication date left out: date '03-02-2009'" in w for w in result.warnings) == 1
    assert len(result.warnings) == 31
    # the combined file is one conforming dataset: no article graph holds two analyses
    union = validate_graphs(load_data(tmp_path / "newskg.trig"))
    assert union.graphs == 144 and union.violations == []
    # the export's fast validation (kg/shacl_core.py) reported exactly what pySHACL reports
    key = lambda r: sorted((f.graph, f.focus, f.path or "", f.severity, f.message, f.value or "")  # noqa: E731
                           for f in r.findings)
    assert result.report.findings and key(result.report) == key(union)
    # every article's Turtle (written by pyoxigraph) reads back whole in rdflib
    for a in manifest["articles"][::12]:
        assert len(Graph().parse(tmp_path / a["file"], format="turtle")) == a["triples"]
    with open(tmp_path / "newskg.trig", "rb") as fh:  # Oxigraph's strict parser accepts every IRI and literal
        assert len(list(pyoxigraph.parse(fh, pyoxigraph.RdfFormat.TRIG))) == result.triples
