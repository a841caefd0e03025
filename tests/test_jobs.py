"""--jobs: the local engine over worker processes writes what one process writes, byte for byte,
and reports the same errors and warnings in the same order."""
from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import KgError
from kg.pipeline import Exporter
from kg.read import read_paths
from kg.scale.processes import ProcessProducer


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _input(shared: Path, tmp_path: Path) -> Path:
    lines = (shared / "corpus" / "wikinews.jsonl").read_text(encoding="utf-8").splitlines(True)[:30]
    lines = lines[:7] + ['{"id": "broken", "text": \n'] + lines[7:20] + [lines[3]] + lines[20:]  # an error, a copy
    data = tmp_path / "in.jsonl"
    data.write_text("".join(lines), encoding="utf-8")
    return data


def test_two_jobs_write_what_one_writes(shared, tmp_path):
    data = _input(shared, tmp_path)
    runs = {}
    for jobs in ("1", "2"):
        res = CliRunner().invoke(cli, ["export", str(data), "-o", str(tmp_path / jobs), "--jobs", jobs,
                                       "--batch-size", "4"])
        assert res.exit_code == 2, res.stderr  # the broken line
        lines = [line for line in res.stderr.splitlines() if line.startswith(("error:", "warning:"))]
        runs[jobs] = (lines, _files(tmp_path / jobs))
    assert runs["1"] == runs["2"] and len(runs["1"][0]) >= 2
    manifest = json.loads((tmp_path / "2" / "manifest.json").read_text())
    assert len(manifest["articles"]) == 30 and len(manifest["errors"]) == 1
    assert any("the first one is kept" in w for w in manifest["warnings"])


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_the_workers_are_other_processes(shared, tmp_path, monkeypatch, start):
    """The producer's articles come from worker processes, in input order, whether the workers
    are forked (the parent's model) or spawned (their own, from the parent's options)."""
    monkeypatch.setattr(ProcessProducer, "start_method", staticmethod(lambda: start))
    docs = [d for d in read_paths([str(_input(shared, tmp_path))]) if not isinstance(d, Exception)][:12]
    small = Exporter(batch_size=3, validate=False, link=False)
    errors: list = []
    stream = ProcessProducer(small, jobs=2)(docs, errors.append)
    produced = [next(stream)]
    workers = multiprocessing.active_children()
    produced += list(stream)
    alone = list(small.exported(docs, errors.append))
    assert len(workers) == 2 and all(w.pid != os.getpid() for w in workers)
    assert [p.iri for p in produced] == [a.iri for a in alone] and len(produced) == 12 and not errors
    assert [p.turtle for p in produced] == [a.turtle for a in alone]


def _die(batch):
    os._exit(3)  # a worker killed mid-batch (out of memory, kill -9)


def test_a_dead_worker_is_one_error_not_a_hang(shared, tmp_path, monkeypatch):
    import kg.scale.processes as processes

    monkeypatch.setattr(processes, "_export_batch", _die)
    monkeypatch.setattr(ProcessProducer, "start_method", staticmethod(lambda: "fork"))
    docs = [d for d in read_paths([str(_input(shared, tmp_path))]) if not isinstance(d, Exception)][:8]
    with pytest.raises(KgError, match="a worker process died"):
        list(ProcessProducer(Exporter(batch_size=2, validate=False, link=False), jobs=2)(docs, lambda e: None))
