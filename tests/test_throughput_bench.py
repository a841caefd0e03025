"""bench/throughput.py runs end to end (``--quick``) and reports what it promises.

No timing thresholds: the bench judges speed as a ratio to spaCy alone in the same process and
memory as a ratio between sizes; this test only checks that it works and its JSON is sane.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HANG_GUARD = 900  # seconds; a hung bench fails instead of blocking CI (not a speed threshold)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def throughput(tmp_path_factory) -> dict:
    if not (SHARED / "corpus" / "wikinews.jsonl").is_file():
        pytest.skip(f"../shared is not beside the project ({SHARED}); the bench reads its corpus from it")
    tmp = tmp_path_factory.mktemp("throughput")
    out = tmp / "throughput.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "throughput.py"), "--quick", "--json-out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=HANG_GUARD)
    assert proc.returncode == 0, f"bench/throughput.py exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    assert "pipeline / spaCy alone" in proc.stdout, "the bench printed no table"
    assert not list(tmp.glob(".throughput.json.*")), "a temporary JSON file was left behind"
    return json.loads(out.read_text(encoding="utf-8"))


def test_rates_and_ratio(throughput: dict) -> None:
    r = throughput
    assert r["bench"] == "throughput" and r["quick"] is True
    assert r["articles"] == 200 and r["unique_articles"] == 174 and r["batch_size"] > 0
    s, p = r["spacy_alone"], r["full_pipeline"]
    assert s["seconds"] > 0 and s["articles_per_s"] > 0 and len(s["seconds_runs"]) == 2
    assert p["seconds"] > 0 and p["articles_per_s"] > 0
    # every repeat is a distinct article: the pipeline did the same work as spaCy alone
    assert p["articles"] == 200 and p["errors"] == 0 and p["triples"] > 0
    assert r["ratio_pipeline_spacy"] == pytest.approx(p["articles_per_s"] / s["articles_per_s"], rel=0.01)
    assert r["target_ratio"] == 0.70 and isinstance(r["meets_target"], bool)
    assert r["peak_rss_mb_in_process"] > 0


def test_stage_breakdown(throughput: dict) -> None:
    stages = throughput["stages"]
    assert set(stages) == {"read", "nlp", "extract", "link", "map", "validate", "serialize", "write_ttl",
                           "write_trig", "other"}
    assert throughput["stages_not_timed"] == []  # every stage function was found in kg.pipeline
    for name in ("read", "nlp", "extract", "link", "map", "validate", "serialize", "write_ttl", "write_trig"):
        assert stages[name]["seconds"] > 0, name  # link: the default base
    assert throughput["stage_calls"]["nlp"] == throughput["stage_calls"]["map"] == 200
    # exclusive times: they add up to the run, nothing counted twice
    assert sum(st["seconds"] for st in stages.values()) == pytest.approx(throughput["full_pipeline"]["seconds"], rel=0.02)
    assert sum(st["share"] for st in stages.values()) == pytest.approx(1.0, abs=0.02)
    assert stages["nlp"]["seconds"] > stages["read"]["seconds"]


def test_memory_per_size_in_fresh_processes(throughput: dict) -> None:
    m = throughput["memory"]
    assert m["factor"] == 2 and m["reduced"] is False
    assert [row["factor"] for row in m["sizes"]] == [1, 2]
    assert [row["articles"] for row in m["sizes"]] == [200, 400]
    for row in m["sizes"]:
        assert row["errors"] == 0 and row["seconds"] > 0 and row["articles_per_s"] > 0
        assert row["peak_rss_mb"] >= m["baseline_rss_mb"] > 0
    assert m["rss_ratio"] == pytest.approx(m["sizes"][1]["peak_rss_mb"] / m["sizes"][0]["peak_rss_mb"], rel=0.01)
    assert m["target_ratio"] == 1.2 and isinstance(m["meets_target"], bool)


def test_jobs_column(throughput: dict) -> None:
    j = throughput["jobs"]
    assert [row["jobs"] for row in j["rows"]][0] == 1 and all(row["articles"] == 200 for row in j["rows"])
    assert j["outputs_identical"] is True
    assert j["speedup"] == pytest.approx(j["rows"][-1]["articles_per_s"] / j["rows"][0]["articles_per_s"], rel=0.01)
