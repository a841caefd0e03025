"""Per-stage time of one export, for bench/throughput.py: where the pipeline's time goes
(read, NLP, extraction, linking, mapping, validation, serialising, writing), so that a change
in the articles/s ratio to spaCy alone can be traced to the stage that moved.

The stage functions are looked up by name in ``kg.pipeline``'s namespace and wrapped by timers
for the one run, then put back. Times are exclusive: a stage called inside another (reading
inside ``nlp.pipe``, serialising inside a writer) counts for itself only, so the stages add
up to the run.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STAGES = ("read", "nlp", "extract", "link", "map", "validate", "serialize", "write_ttl", "write_trig", "other")


class Timers:
    """Exclusive time per stage: a stage called inside another (reading inside ``nlp.pipe``,
    serialising inside a writer) counts for itself only, never twice."""

    def __init__(self) -> None:
        self.seconds = {s: 0.0 for s in STAGES}
        self.calls = {s: 0 for s in STAGES}
        self._inner: list[float] = []  # per open call: time spent in timed calls inside it

    def _enter(self) -> float:
        self._inner.append(0.0)
        return time.perf_counter()

    def _leave(self, stage: str, started: float, count: bool = True) -> None:
        elapsed = time.perf_counter() - started
        inner = self._inner.pop()
        self.seconds[stage] += elapsed - inner
        if self._inner:
            self._inner[-1] += elapsed
        self.calls[stage] += count

    def wrap(self, stage: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = self._enter()
            try:
                return fn(*args, **kwargs)
            finally:
                self._leave(stage, started)
        timed.__wrapped__ = fn
        return timed

    def wrap_iter(self, stage: str, fn: Callable[..., Iterator]) -> Callable[..., Iterator]:
        """A generator function whose time is spent in each ``next``."""
        def timed(*args, **kwargs):
            it = iter(fn(*args, **kwargs))
            while True:
                started = self._enter()
                try:
                    item = next(it)
                except StopIteration:
                    self._leave(stage, started, count=False)
                    return
                except BaseException:
                    self._leave(stage, started, count=False)
                    raise
                self._leave(stage, started)
                yield item
        timed.__wrapped__ = fn
        return timed


class TimedNlp:
    """The exporter's model with its ``pipe`` timed (everything else passes through)."""

    def __init__(self, nlp: Any, timers: Timers) -> None:
        self._nlp, self._timers = nlp, timers

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)

    def pipe(self, *args, **kwargs):
        return self._timers.wrap_iter("nlp", self._nlp.pipe)(*args, **kwargs)


# the names kg.pipeline looks up at call time -> (stage, is a generator); where the pipeline
# has used either of two functions for a stage, both are listed and whichever it imports is timed
PATCHES = {"read_paths": ("read", True), "extract": ("extract", False), "map_extraction": ("map", False),
           "map_triples": ("map", False),
           "validate_graph": ("validate", False), "write_graph": ("write_ttl", False),
           "write_text": ("write_ttl", False), "graph_as_trig": ("write_trig", False),
           "turtle_as_trig": ("write_trig", False), "graph_as_turtle": ("serialize", False)}


def timed_export(exporter: Any, inputs: list[str], out_dir: Path) -> tuple[Any, dict[str, Any]]:
    from rdflib import Graph

    import kg.files as files
    import kg.pipeline as pipeline

    timers = Timers()
    saved = {}
    for name, (stage, is_iter) in PATCHES.items():
        if hasattr(pipeline, name):
            saved[name] = getattr(pipeline, name)
            setattr(pipeline, name, (timers.wrap_iter if is_iter else timers.wrap)(stage, saved[name]))
    found = {PATCHES[name][0] for name in saved}
    serialize = Graph.serialize  # called inline or inside the writers: its own stage
    Graph.serialize = timers.wrap("serialize", serialize)
    writer = getattr(files, "BackgroundWriter", None)  # article files written beside the pipeline's thread:
    if writer is not None:  # write_ttl is what this thread spends handing them over (and waiting when behind)
        write_later = writer.write_text
        writer.write_text = timers.wrap("write_ttl", write_later)
        found.add("write_ttl")
    missing = sorted({stage for stage, _ in PATCHES.values()} - found)
    nlp, linker = exporter.nlp, exporter.linker
    exporter.nlp = TimedNlp(nlp, timers)
    if linker is not None:
        class TimedLinker:
            def __init__(self) -> None:
                self.link = timers.wrap("link", linker.link)

            def __getattr__(self, name: str) -> Any:
                return getattr(linker, name)
        exporter.linker = TimedLinker()
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = exporter.export(inputs, out_dir)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        for name, fn in saved.items():
            setattr(pipeline, name, fn)
        Graph.serialize = serialize
        if writer is not None:
            writer.write_text = write_later
        exporter.nlp, exporter.linker = nlp, linker
    t = dict(timers.seconds)  # exclusive times: nlp is net of the reading it pulls, writers net of serialising
    t["other"] = max(0.0, seconds - sum(v for k, v in t.items() if k != "other"))
    n = max(1, len(result.articles))
    stages = {s: {"seconds": round(t[s], 3), "share": round(t[s] / seconds, 4), "ms_per_article": round(1000 * t[s] / n, 2)}
              for s in STAGES}
    return result, {"seconds": seconds, "cpu_seconds": cpu, "stages": stages, "not_timed": missing,
                    "calls": {k: v for k, v in timers.calls.items() if v}}
