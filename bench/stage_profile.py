#!/usr/bin/env python3
"""Where the time after NLP goes: the stages after the parse, each timed on its own, and the
functions that cost most inside them.

    python bench/stage_profile.py [--quick] [--repeat N] [--top N] [--json-out PATH]

The corpus (``../shared/corpus/wikinews.jsonl``, 174 articles; 40 with --quick) is parsed once,
untimed, by the exporter's own model. Then each article goes through what the exporter does
after the parse, in its order: ``extract``, the linker, ``map_triples``, the fast validation,
``graph_as_turtle``. Each stage's time is the best of ``--repeat`` passes over the corpus
(the first pass, which loads the lexicons and warms the caches, is not counted), in ms per
article. Then one more pass under cProfile gives the ``--top`` functions by their own time
and by cumulative time, as shares of the profiled pass.

This is the map to cut by, not the verdict: cProfile's per-call cost inflates functions
called very often (spaCy's token access most), and stages run apart from the parser stay in
the CPU's caches, so ``bench/throughput.py`` (the whole export beside spaCy alone, in one
process) gives the figures to judge by. For a sampling profile without that inflation,
``py-spy record -f raw -- python bench/stage_profile.py`` (py-spy is not a dependency).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import say, write_result  # noqa: E402  (the script's own folder)

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews.jsonl"
RESULTS = REPO / "bench" / "results" / "stage_profile.json"
STAGES = ("extract", "link", "map", "validate", "serialize")


def parsed_corpus(exporter: Any, limit: int | None) -> list[tuple[Any, Any]]:
    from kg.read import read_paths

    documents = [d for d in read_paths([str(CORPUS)]) if not isinstance(d, Exception)][:limit]
    return list(zip(documents, exporter.nlp.pipe([d.text for d in documents], batch_size=exporter.batch_size)))


def one_pass(exporter: Any, articles: list[tuple[Any, Any]]) -> dict[str, float]:
    """Seconds per stage over all articles, in the exporter's order."""
    from kg.extract import extract
    from kg.rdf.mapping import map_triples
    from kg.rdf.write import graph_as_turtle
    from kg.validate import validate_graph

    seconds = dict.fromkeys(STAGES, 0.0)
    for document, doc in articles:
        t0 = time.perf_counter()
        x = extract(document, doc)
        t1 = time.perf_counter()
        if exporter.linker is not None:
            exporter.linker.link(x, document.text)
        t2 = time.perf_counter()
        graph = map_triples(x, exporter.minter, exporter.run)
        t3 = time.perf_counter()
        validate_graph(graph, exporter.shapes, fast=True)
        t4 = time.perf_counter()
        graph_as_turtle(graph)
        t5 = time.perf_counter()
        for stage, spent in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
            seconds[stage] += spent
    return seconds


def top_functions(stats: pstats.Stats, key: int, n: int, total: float) -> list[dict[str, Any]]:
    """pstats rows: (primitive calls, calls, own time, cumulative time, callers); ``key`` picks one."""
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][key])[:n]  # type: ignore[attr-defined]
    return [{"function": f"{Path(file).name}:{line}({name})", "calls": row[1],
             "own_share": round(row[2] / total, 4), "cumulative_share": round(row[3] / total, 4)}
            for (file, line, name), row in rows]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="40 articles, 2 timed passes (for the test)")
    ap.add_argument("--repeat", type=int, default=None, help="timed passes; the best counts (default 5)")
    ap.add_argument("--top", type=int, default=25, help="functions listed per ranking")
    ap.add_argument("--json-out", type=Path, default=None, help=f"where to write the JSON (default {RESULTS})")
    args = ap.parse_args(argv)
    repeat = args.repeat or (2 if args.quick else 5)

    from kg.pipeline import Exporter

    say("loading the model, the shapes and the default base ...")
    exporter = Exporter(validate=True)
    articles = parsed_corpus(exporter, 40 if args.quick else None)
    say(f"parsed {len(articles)} articles (untimed); warming up ...")
    one_pass(exporter, articles)
    passes = [one_pass(exporter, articles) for _ in range(repeat)]
    best = {s: min(p[s] for p in passes) for s in STAGES}
    per_article = {s: round(1000 * best[s] / len(articles), 2) for s in STAGES}
    profiler = cProfile.Profile()
    profiler.enable()
    one_pass(exporter, articles)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values()) or 1.0  # type: ignore[attr-defined]
    result = {"bench": "stage_profile", "quick": args.quick, "articles": len(articles), "repeat": repeat,
              "ms_per_article": per_article, "total_ms_per_article": round(sum(per_article.values()), 2),
              "by_own_time": top_functions(stats, 2, args.top, total),
              "by_cumulative_time": top_functions(stats, 3, args.top, total)}
    print(f"{len(articles)} articles, best of {repeat} passes, ms per article")
    for stage in STAGES:
        print(f"  {stage:<10} {per_article[stage]:6.2f}")
    print(f"  {'total':<10} {result['total_ms_per_article']:6.2f}")
    print("\nown time (share of the profiled pass)")
    for row in result["by_own_time"]:
        print(f"  {100 * row['own_share']:5.1f}%  {row['function']}")
    write_result(result, args.json_out or RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
