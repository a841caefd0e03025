"""The Dask engine on a real 2-process LocalCluster: the union of the shards is the single-process export."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.cli import cli

pytest.importorskip("dask.distributed")


def named_graphs(path, fmt) -> dict[str, object]:
    ds = Dataset()
    for f in ([path] if path.is_file() else sorted(path.glob("*.nq"))):
        ds.parse(f, format=fmt)
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.mark.slow
def test_dask_shards_equal_the_single_process_export(shared, tmp_path):
    lines = (shared / "corpus" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines(True)[:90]
    # copies: one right after its original (same partition), two far from theirs (later partitions)
    lines = lines[:11] + [lines[10]] + lines[11:] + [lines[0], lines[45]]
    data = tmp_path / "in.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    runner = CliRunner()
    single = runner.invoke(cli, ["export", str(data), "-o", str(tmp_path / "single"), "-q"])
    assert single.exit_code == 0, single.stderr
    dask = runner.invoke(cli, ["export", str(data), "-o", str(tmp_path / "dask"), "-q", "--engine", "dask",
                               "--jobs", "2", "--partition-bytes", "60000"])
    assert dask.exit_code == 0, dask.stderr
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["partitions"] >= 3 and manifest["articles"] == 90 and manifest["errors"] == []
    # the copies are skipped as the single-process engine skips them: the first one is kept; and
    # what the reader left out is reported alike
    copies = [w for w in manifest["warnings"] if "the first one is kept" in w]
    notes = sorted(w.split(": ", 1)[1] for w in manifest["warnings"] if w not in copies)
    single_notes = sorted(w.split(": ", 1)[1] for w in json.loads((tmp_path / "single" / "manifest.json").read_text())[
        "warnings"] if "the first one is kept" not in w)
    assert len(copies) == 3 and notes == single_notes and len(notes) == 1
    per_shard = [set(named_graphs(tmp_path / "dask" / s["shard"], "nquads")) for s in manifest["shards"]]
    assert sum(len(g) for g in per_shard) == len(set().union(*per_shard)) == 90  # no graph in two shards
    assert sorted(p.name for p in (tmp_path / "dask" / "shards").iterdir()) == sorted(
        s["shard"].split("/")[-1] for s in manifest["shards"])
    one = named_graphs(tmp_path / "single" / "newskg.trig", "trig")
    many = named_graphs(tmp_path / "dask" / "shards", "nquads")
    assert set(one) == set(many) and len(one) == 90
    for name, graph in one.items():
        assert isomorphic(graph, many[name]), name
    assert sum(s["triples"] for s in manifest["shards"]) == sum(len(g) for g in one.values())


def test_partitions_cover_every_line_once(tmp_path):
    from kg.scale.dask_engine import _range_documents, plan_partitions

    f = tmp_path / "x.jsonl"
    f.write_text("".join(json.dumps({"id": str(i), "text": "word " * (i % 17 + 1)}) + "\n" for i in range(500)))
    parts = plan_partitions([str(f)], partition_bytes=1000)
    assert len(parts) > 10
    ids = [d.id for p in parts for d in _range_documents(p, 10_000)]
    assert ids == [str(i) for i in range(500)]
    assert len({p.name for p in parts}) == len(parts)


def test_a_partition_reports_what_the_reader_left_out_as_the_single_process_engine_does(tmp_path):
    from kg.scale.dask_engine import plan_partitions, process_partition

    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Maduro spoke in Caracas.", "published": "someday"}) + "\n")
    [part] = plan_partitions([str(f)], partition_bytes=1 << 20)
    result = process_partition(part, str(tmp_path / "out"), {"validate": False})
    assert result["articles"] == 1 and result["errors"] == []
    [warning] = result["warnings"]
    assert warning.startswith(f"{f}:1: publication date left out: date 'someday'")


def test_an_export_folder_holds_one_export_whichever_engine_wrote_the_one_before(shared, tmp_path):
    """Issue 19, point 10, for the Dask engine: shards of a bigger earlier run, and the article
    files and TriG of a single-process export into the same folder, would be read as this export."""
    lines = (shared / "corpus" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines(True)
    (tmp_path / "big.jsonl").write_text("".join(lines[:12]), encoding="utf-8")
    (tmp_path / "small.jsonl").write_text("".join(lines[:3]), encoding="utf-8")
    out, runner = tmp_path / "out", CliRunner()
    dask = ["-q", "--engine", "dask", "--jobs", "1"]
    assert runner.invoke(cli, ["export", str(tmp_path / "big.jsonl"), "-o", str(out), "-q"]).exit_code == 0
    assert runner.invoke(cli, ["export", str(tmp_path / "big.jsonl"), "-o", str(out), *dask,
                               "--partition-bytes", "20000"]).exit_code == 0
    assert len(list((out / "shards").glob("*.nq"))) >= 2
    result = runner.invoke(cli, ["export", str(tmp_path / "small.jsonl"), "-o", str(out), *dask])
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(str(p.relative_to(out)) for p in (out / "shards").glob("*.nq")) == [s["shard"] for s in manifest["shards"]]
    assert not list((out / "articles").glob("*.ttl")) and not (out / "newskg.trig").exists()
    assert any("earlier export" in w for w in manifest["warnings"])
    assert runner.invoke(cli, ["export", str(tmp_path / "small.jsonl"), "-o", str(out), "-q"]).exit_code == 0
    assert not list((out / "shards").glob("*.nq")) and len(list((out / "articles").glob("*.ttl"))) == 3
