"""All 174 Wikinews articles export with no crash and no SHACL violation (the real model, real text)."""
from __future__ import annotations

import json

import pytest

from kg.pipeline import Exporter


@pytest.mark.slow
def test_wikinews_corpus_exports_and_conforms(exporter: Exporter, shared, tmp_path):
    result = exporter.export([str(shared / "corpus" / "wikinews.jsonl")], tmp_path)
    assert result.errors == []
    assert len(result.articles) == 174
    assert result.report.violations == [], result.report.violations[:5]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["articles"]) == 174
    assert sum(a["events"] for a in manifest["articles"]) > 100
    assert result.warnings == ["%s:65: publication date left out: date '03-02-2009' is not ISO 8601 (YYYY-MM-DD) "
                               "or another unambiguous form" % (shared / "corpus" / "wikinews.jsonl")]
