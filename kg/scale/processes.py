"""Every core of one machine: ``Exporter.exported`` over worker processes, in input order.

The parent reads the input, drops later copies of an article and writes every file; workers
parse, extract, link, map, serialise and validate batches of articles. Results come back in
input order (a bounded window of batches in flight, so memory stays flat on any input size),
so the article files, the TriG file and the manifest are those of ``--jobs 1``, and the errors
and warnings are reported in the same order.

Workers are forked from the parent where the platform allows it and the parent runs no other
thread (a fork copies no thread, and a lock another thread held stays held in the child): they
inherit its loaded model and shapes instead of loading their own (seconds per worker), and
reopen only the knowledge base's SQLite connection, which must not cross a fork. Otherwise they
are spawned and build their own ``Exporter`` from the parent's options. An input of one batch is
exported in the parent: starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain, islice

from kg.errors import KgError
from kg.model import Document
from kg.pipeline import ErrorHandler, Exported, Exporter

__all__ = ["ProcessProducer", "default_jobs"]

_WORKER: Exporter | None = None  # the exporter of this worker process
_PARENT: Exporter | None = None  # what a forked worker inherits


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's share, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ProcessProducer:
    """A ``Producer`` for ``Exporter.export``: ``jobs`` worker processes exporting as ``exporter``
    does, batches of ``exporter.batch_size`` articles, ``window`` batches in flight per worker."""

    def __init__(self, exporter: Exporter, jobs: int, window: int = 2) -> None:
        self.exporter, self.jobs, self.window = exporter, jobs, window

    def __call__(self, documents: Iterable[Document], on_error: ErrorHandler) -> Iterator[Exported]:
        batches = _batches(documents, self.exporter.batch_size)
        first = next(batches, [])
        second = next(batches, None)
        if second is None:  # one batch: no workers
            yield from self.exporter.exported(first, on_error)
            return
        with self._pool() as pool:
            pending: deque[Future] = deque()
            for batch in chain([first, second], batches):
                pending.append(pool.submit(_export_batch, batch))
                if len(pending) >= self.jobs * self.window:
                    yield from _results(pending.popleft(), on_error)
            while pending:
                yield from _results(pending.popleft(), on_error)

    def _pool(self) -> ProcessPoolExecutor:
        global _PARENT
        method = self.start_method()
        if method == "fork":
            _PARENT = self.exporter
            return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                       initializer=_adopt_parent)
        return ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method),
                                   initializer=_build_worker, initargs=(self.exporter.options,))

    @staticmethod
    def start_method() -> str:
        if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            return "fork"
        return "spawn"


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, max(1, size))):
        yield batch


def _adopt_parent() -> None:
    global _WORKER
    _watch_parent()
    _WORKER = _PARENT
    _WORKER.reopen()


def _build_worker(options: dict) -> None:
    global _WORKER
    _watch_parent()
    _WORKER = Exporter(**options)


def _watch_parent(every: float = 0.5) -> None:
    """End this worker when its parent is gone: a parent killed with -9 tells no one, and its
    workers would wait for work for ever, each holding a model's worth of memory."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(every)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="newskg-parent-watch", daemon=True).start()


def _export_batch(batch: list[Document]) -> list[Exported | KgError]:
    """One batch in a worker: its articles and its errors, in input order (an error is noted
    when its article is reached, after the articles before it were appended)."""
    out: list[Exported | KgError] = []
    out.extend(_WORKER.exported(batch, out.append))
    return out


def _results(future: Future, on_error: ErrorHandler) -> Iterator[Exported]:
    try:
        results = future.result()
    except BrokenProcessPool:
        raise KgError("a worker process died (out of memory, or killed); run again with fewer --jobs "
                      "or a smaller --batch-size") from None
    for r in results:
        if isinstance(r, KgError):
            on_error(r)
        else:
            yield r
