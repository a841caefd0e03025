"""kg.files.background_writer: article files written beside the exporter's thread are all whole
when its block ends, a failed write is the caller's OutputError, and no thread outlives the block
(kg.scale.processes forks workers only when the parent runs no other thread)."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.files import background_writer


def test_every_file_is_whole_when_the_block_ends_and_the_thread_is_gone(tmp_path: Path) -> None:
    threads = threading.active_count()
    with background_writer(pending=2) as files:
        for i in range(20):
            files.write_text(f"file {i}\n" * 1000, tmp_path / "articles" / f"{i}.ttl")
    assert threading.active_count() == threads
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(f"{i}.ttl" for i in range(20))
    assert all((tmp_path / "articles" / f"{i}.ttl").read_text() == f"file {i}\n" * 1000 for i in range(20))


def test_a_failed_write_is_the_callers_output_error(tmp_path: Path) -> None:
    (tmp_path / "in-the-way").write_text("a file where a folder should be")
    threads = threading.active_count()
    with pytest.raises(OutputError, match="in-the-way"):
        with background_writer() as files:
            files.write_text("text", tmp_path / "in-the-way" / "a.ttl")
    assert threading.active_count() == threads


def test_an_interrupted_block_writes_no_half_file(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        with background_writer(pending=50) as files:
            for i in range(50):
                files.write_text("x" * 100_000, tmp_path / f"{i}.ttl")
            raise KeyboardInterrupt
    written = [p for p in tmp_path.iterdir()]
    assert all(p.suffix == ".ttl" and p.stat().st_size == 100_000 for p in written)  # whole or absent
