"""The performance benchmarks run end to end (``--quick``) and report what they promise.

No timing thresholds here: speed and memory are judged by the benches themselves as ratios
against a bound run in the same process; these tests only check that the benches work and
that their JSON holds sane values.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HANG_GUARD = 600  # seconds; a hung bench fails instead of blocking CI (not a speed threshold)


def run_bench(name: str, tmp_path: Path) -> dict:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the project ({SHARED}); the benches read their data from it")
    out = tmp_path / f"{name}.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / f"{name}.py"), "--quick", "--json-out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=HANG_GUARD)
    assert proc.returncode == 0, f"bench/{name}.py exited {proc.returncode}:\n{proc.stderr[-3000:]}"
    assert proc.stdout.strip(), "the bench printed no table"
    assert not list(tmp_path.glob(f".{name}.json.*")), "a temporary JSON file was left behind"
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def linking(tmp_path_factory) -> dict:
    return run_bench("linking", tmp_path_factory.mktemp("linking"))


@pytest.fixture(scope="module")
def kb_build(tmp_path_factory) -> dict:
    return run_bench("kb_build", tmp_path_factory.mktemp("kb_build"))


def test_linking_bench_reports_rates_and_overhead(linking: dict) -> None:
    assert linking["bench"] == "linking" and linking["quick"] is True
    assert linking["articles"] == 30 and linking["repetitions"] == 1
    assert linking["kb"]["items"] > 4000
    for name in ("without_linking", "with_linking"):
        p = linking[name]
        assert p["seconds_median"] > 0 and p["articles_per_s"] > 0 and p["ms_per_article"] > 0
        assert len(p["seconds_runs"]) == 1
    for key in ("overhead_ratio", "overhead_percent", "cpu_overhead_ratio", "linker_self_ratio", "meets_target"):
        assert key in linking
    assert isinstance(linking["overhead_ratio"], float) and linking["overhead_ratio"] > -1
    assert linking["overhead_percent"] == pytest.approx(100 * linking["overhead_ratio"], abs=0.1)
    assert 0 < linking["linker_self_ratio"] < 10
    # the linker ran: the wikinews articles name countries and leaders the benchmark list holds
    assert linking["links_without_linker"] == 0
    assert 0 < linking["links_per_article"] <= linking["entities_per_article"]


def test_kb_build_bench_reports_rates_and_memory_ratio(kb_build: dict) -> None:
    assert kb_build["bench"] == "kb_build" and kb_build["quick"] is True
    shared = kb_build["shared"]
    assert shared["items_read"] > 4000 and shared["items_kept"] > 4000
    assert shared["seconds"] > 0 and shared["items_per_s"] > 0
    dump = kb_build["dump"]
    assert [r["n"] for r in dump["sizes"]] == [10_000, 100_000]
    for row in dump["sizes"]:
        assert row["items"] == row["n"] == row["kept"]  # every generated item read and kept
        assert row["items_per_s"] > 0 and row["build_seconds"] > 0
        assert row["peak_rss_mb"] >= dump["import_baseline_rss_mb"] > 0
        assert row["kb_bytes"] > 0 and row["dump_bz2_bytes"] > 0
    assert dump["rss_ratio_large_small"] > 0 and dump["size_ratio"] == 10
    assert isinstance(dump["memory_flat"], bool)
    assert dump["rate_ratio_large_small"] > 0


def test_validation_bench_compares_per_article_and_per_batch(tmp_path) -> None:
    r = run_bench("validation", tmp_path)
    assert r["bench"] == "validation" and r["quick"] is True and r["articles"] == 24 and r["batch_size"] == 8
    ways = r["ways"]
    assert set(ways) == {"pyshacl_article", "pyshacl_batch", "fast_article", "fast_batch"}
    assert [ways[w]["calls"] for w in sorted(ways)] == [24, 3, 24, 3]  # fast_article, fast_batch, pyshacl_...
    for row in ways.values():
        assert row["ms_per_article"] > 0 and row["findings"] >= 0
        assert row["ratio_to_fast_article"] == pytest.approx(
            row["ms_per_article"] / ways["fast_article"]["ms_per_article"], abs=0.01)
    # per article, the fast path reports what pySHACL reports (tests/test_shapes.py checks the findings)
    assert ways["fast_article"]["findings"] == ways["pyshacl_article"]["findings"]
    union = r["union"]
    for name in ("clean", "defects"):
        ways = union[name]["ways"]
        assert set(ways) == {"kg_validate", "rudof", "pyshacl_union", "pyshacl_per_graph"}
        assert ways["kg_validate"]["validate_s"] > 0 and ways["kg_validate"]["load_s"] > 0
        assert ways["pyshacl_union"]["finished"] is True  # a 5-article union is small
        if "skipped" not in ways["rudof"]:
            assert ways["rudof"]["load_s"] > 0 and ways["rudof"]["validate_s"] > 0
        # the verdicts agree: the union check and pySHACL on the merged graph report the same results
        assert union[name]["differences"]["pyshacl_union"]["same_results"] is True
    assert union["clean"]["ways"]["kg_validate"]["conforms"] is True
    defects = union["defects"]["ways"]
    assert defects["kg_validate"]["conforms"] is False and defects["kg_validate"]["by_component"]["MaxCount/Violation"] == 2
    # per graph alone the entity two articles label differently breaks no maxCount: only the union shows it
    assert defects["pyshacl_per_graph"]["per_graph_only"]["by_component"]["MaxCount/Violation"] == 1


def test_stage_profile_times_each_stage_after_the_parse_and_names_the_hot_spots(tmp_path: Path) -> None:
    profile = run_bench("stage_profile", tmp_path)
    assert profile["bench"] == "stage_profile" and profile["articles"] == 40 and profile["repeat"] == 2
    stages = profile["ms_per_article"]
    assert set(stages) == {"extract", "link", "map", "validate", "serialize"}
    assert all(ms > 0 for ms in stages.values())
    assert profile["total_ms_per_article"] == pytest.approx(sum(stages.values()), abs=0.05)
    assert len(profile["by_own_time"]) == 25 and len(profile["by_cumulative_time"]) == 25
    shares = [row["own_share"] for row in profile["by_own_time"]]
    assert shares == sorted(shares, reverse=True) and 0 < sum(shares) <= 1


def test_parallel_bench_sets_the_process_pool_beside_spacys_processes(tmp_path: Path) -> None:
    parallel = run_bench("parallel", tmp_path)
    assert parallel["bench"] == "parallel" and parallel["articles"] == 120 and parallel["jobs"] >= 2
    rows = parallel["rows"]
    assert set(rows) == {"jobs_1", "process_pool", "spacy_n_process"}
    assert all(r["articles"] == 120 and r["errors"] == 0 and r["articles_per_s"] > 0 for r in rows.values())
    assert parallel["outputs_identical"] is True
    assert parallel["faster"] in ("process_pool", "spacy_n_process")
