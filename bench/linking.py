#!/usr/bin/env python3
"""Linking overhead benchmark: what Wikidata linking adds to extracting an article.

    python bench/linking.py [--quick] [--json-out PATH]

In one process: builds a knowledge base from ``../shared/wikidata/lists/benchmark_entities.tsv``
and ``fixture/wd_fixture.ttl`` into a temporary folder, loads the spaCy model once
(``Exporter(validate=False)``) and times ``Exporter.extractions`` over the 174 articles of
``../shared/corpus/wikinews.jsonl`` (a) without a linker and (b) with ``make_linker(kb)``,
interleaved a,b,a,b,a,b after one untimed warm-up pass (spaCy's vocabulary caches the
lexemes of texts it has seen, which favours every pass after the first); the medians give the
overhead as a RATIO, (b - a) / a, so the figure does not depend on the machine's speed. The
linker's own time inside pass (b) is measured too, as a cross-check less exposed to spaCy's
run-to-run noise.

A base from the ~5,000 benchmark items is much smaller (fewer candidates per name) than one
from Wikidata: the overhead measured with it is a lower bound for a full base.

``--quick``: the first 30 articles, one repetition. Prints a table; writes
``bench/results/linking.json`` (``linking-quick.json`` with --quick) via a temporary file and
a rename.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KB_SOURCES = (SHARED / "wikidata" / "lists" / "benchmark_entities.tsv",
              SHARED / "wikidata" / "fixture" / "wd_fixture.ttl")
CORPUS = SHARED / "corpus" / "wikinews.jsonl"
RESULTS_DIR = REPO / "bench" / "results"
TARGET = 0.20  # the target: linking adds at most 20% per article
QUICK_ARTICLES = 30


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class TimedLinker:
    """Wraps a linker and adds up the time spent in ``link`` (the pipeline only calls that)."""

    def __init__(self, linker: Any) -> None:
        self.linker = linker
        self.seconds = 0.0

    def link(self, x: Any, text: str) -> Any:
        started = time.perf_counter()
        try:
            return self.linker.link(x, text)
        finally:
            self.seconds += time.perf_counter() - started


def one_pass(exporter: Any, docs: list, linker: Any) -> dict[str, Any]:
    exporter.linker = linker
    started, cpu_started = time.perf_counter(), time.process_time()
    extractions = list(exporter.extractions(docs))
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    entities = sum(len(x.entities) for x in extractions)
    links = sum(1 for x in extractions for e in x.entities.values() if e.qid)
    return {"seconds": seconds, "cpu_seconds": cpu, "entities": entities, "links": links,
            "linker_seconds": linker.seconds if isinstance(linker, TimedLinker) else 0.0}


def summarise(passes: list[dict[str, Any]], n: int) -> dict[str, Any]:
    seconds = [p["seconds"] for p in passes]
    cpu = [p["cpu_seconds"] for p in passes]
    median = statistics.median(seconds)
    return {"seconds_median": round(median, 4), "seconds_runs": [round(s, 4) for s in seconds],
            "articles_per_s": round(n / median, 2), "ms_per_article": round(1000 * median / n, 2),
            "cpu_seconds_median": round(statistics.median(cpu), 4), "cpu_seconds_runs": [round(s, 4) for s in cpu],
            "spread": round((max(seconds) - min(seconds)) / median, 4)}


def run(quick: bool) -> dict[str, Any]:
    from kg.link import make_linker
    from kg.link.kb.build import build_kb
    from kg.model import Document
    from kg.pipeline import Exporter
    from kg.read import read_paths

    docs = [d for d in read_paths([str(CORPUS)]) if isinstance(d, Document)]
    if quick:
        docs = docs[:QUICK_ARTICLES]
    reps = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="link-bench-") as tmp:
        kb_path = Path(tmp) / "kb.sqlite"
        say("building the knowledge base ...")
        stats = build_kb([str(s) for s in KB_SOURCES], kb_path)
        say("loading the model ...")
        exporter = Exporter(validate=False)
        say("warming up (one untimed pass with linking) ...")
        one_pass(exporter, docs, TimedLinker(make_linker(kb_path, None)))
        without, with_ = [], []
        for rep in range(reps):
            say(f"repetition {rep + 1}/{reps}: (a) without linking ...")
            without.append(one_pass(exporter, docs, None))
            say(f"repetition {rep + 1}/{reps}: (b) with linking ...")
            with_.append(one_pass(exporter, docs, TimedLinker(make_linker(kb_path, None))))
        model = exporter.run.model
    n = len(docs)
    a, b = summarise(without, n), summarise(with_, n)
    ratio = (b["seconds_median"] - a["seconds_median"]) / a["seconds_median"]
    cpu_ratio = (b["cpu_seconds_median"] - a["cpu_seconds_median"]) / a["cpu_seconds_median"]
    linker_self = statistics.median(p["linker_seconds"] for p in with_)
    links, entities = with_[-1]["links"], with_[-1]["entities"]
    return {
        "bench": "linking", "quick": quick, "articles": n, "repetitions": reps, "order": ",".join(["a", "b"] * reps),
        "corpus": str(CORPUS.relative_to(SHARED)),
        "kb": {"sources": [str(s.relative_to(SHARED)) for s in KB_SOURCES], "items": stats.kept,
               "build_seconds": round(stats.seconds, 3),
               "note": "benchmark items only: far fewer candidates per name than full Wikidata"},
        "without_linking": a, "with_linking": b,
        "overhead_ratio": round(ratio, 4), "overhead_percent": round(100 * ratio, 1),
        "cpu_overhead_ratio": round(cpu_ratio, 4), "cpu_overhead_percent": round(100 * cpu_ratio, 1),
        "noise_ratio": max(a["spread"], b["spread"]),
        "linker_self_seconds_median": round(linker_self, 4),
        "linker_self_ms_per_article": round(1000 * linker_self / n, 2),
        "linker_self_ratio": round(linker_self / a["seconds_median"], 4),
        "target_ratio": TARGET, "meets_target": ratio <= TARGET,
        "entities_per_article": round(entities / n, 2), "links_per_article": round(links / n, 2),
        "links_without_linker": without[-1]["links"], "link_share": round(links / entities, 3) if entities else None,
        "model": model, "python": platform.python_version(), "cpus": os.cpu_count(),
    }


def table(r: dict[str, Any]) -> str:
    a, b = r["without_linking"], r["with_linking"]
    lines = [f"{r['articles']} articles, median of {r['repetitions']} interleaved pass(es); "
             f"KB: {r['kb']['items']:,} items (benchmark list + fixture)",
             f"{'pass':<18} {'seconds':>8} {'articles/s':>11} {'ms/article':>11} {'CPU s':>8} {'spread':>7}",
             *(f"{name:<18} {p['seconds_median']:>8.2f} {p['articles_per_s']:>11.1f} {p['ms_per_article']:>11.1f} "
               f"{p['cpu_seconds_median']:>8.2f} {100 * p['spread']:>6.0f}%"
               for name, p in (("(a) no linking", a), ("(b) with linking", b))),
             f"linking adds {r['overhead_percent']:.1f}% per article, wall clock (target <= "
             f"{100 * r['target_ratio']:.0f}%: {'met' if r['meets_target'] else 'NOT met'}); "
             f"CPU time {r['cpu_overhead_percent']:+.1f}%; linker's own time "
             f"{r['linker_self_ms_per_article']:.1f} ms/article = {100 * r['linker_self_ratio']:.1f}% of (a)",
             f"links per article: {r['links_per_article']:.2f} of {r['entities_per_article']:.2f} entities "
             f"({100 * (r['link_share'] or 0):.0f}%)"]
    if r["noise_ratio"] > abs(r["overhead_ratio"]):
        lines.append(f"note: passes spread by up to {100 * r['noise_ratio']:.0f}% (other load on the machine?), more "
                     f"than the wall-clock difference; the linker's own time is the steadier figure")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"first {QUICK_ARTICLES} articles, one repetition")
    ap.add_argument("--json-out", type=Path, help="where to write the JSON (default bench/results/linking.json)")
    args = ap.parse_args(argv)
    missing = [p for p in (*KB_SOURCES, CORPUS) if not p.is_file()]
    if missing:
        print(f"shared data not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    result = run(args.quick)
    print(table(result), flush=True)
    out = args.json_out or RESULTS_DIR / ("linking-quick.json" if args.quick else "linking.json")
    from kg.files import write_json

    write_json(out, result)
    say(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
