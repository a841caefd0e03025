#!/usr/bin/env python3
"""Two ways to use every core, measured in one run: ``--jobs N`` (``kg.scale.processes``: a
pool of worker processes, each running the whole pipeline on batches) against spaCy's own
``nlp.pipe(n_process=N)`` (the parse in N processes, everything after it in this one).

    python bench/parallel.py [--quick] [--jobs N] [--json-out PATH]

The corpus is repeated to 600 articles (120 with --quick) as ``bench/throughput.py`` does
(each copy a distinct article). The same exporter runs three exports of it, in this order:
``--jobs 1``, the process pool at N jobs, and spaCy's processes at N. Each is timed as a
whole, from reading to the manifest, and the TriG files are compared byte for byte: both
ways must give ``--jobs 1``'s output. The exporter keeps the faster way; this bench is where
that choice is measured (``bench/results/parallel.json``).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import say, write_result  # noqa: E402  (the script's own folder)
from throughput import corpus_records, write_input  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results" / "parallel.json"
FULL_ARTICLES, QUICK_ARTICLES = 600, 120


def spacy_processes_exporter(jobs: int) -> Any:
    """An exporter whose parse runs in ``jobs`` spaCy processes over the whole input stream
    (one ``nlp.pipe`` call, so its workers start once); the rest of the pipeline is the same code."""
    from kg.pipeline import Exporter

    class SpacyProcesses(Exporter):
        def _parsed(self, documents: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
            pairs = ((d.text, d) for d in documents)  # the corpus has no article long enough to parse apart
            yield from self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size, n_process=jobs)

    return SpacyProcesses(validate=True)


def export_seconds(exporter: Any, input_path: Path, producer: Any = None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        started = time.perf_counter()
        result = exporter.export([str(input_path)], out, producer=producer)
        seconds = time.perf_counter() - started
        digest = hashlib.sha256((out / "newskg.trig").read_bytes()).hexdigest()
    return {"seconds": round(seconds, 2), "articles": len(result.articles), "errors": len(result.errors),
            "articles_per_s": round(len(result.articles) / seconds, 2), "trig_sha256": digest}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_ARTICLES} articles (for the test)")
    ap.add_argument("--jobs", type=int, default=None, help="processes for both ways (default: the cores, at least 2)")
    ap.add_argument("--json-out", type=Path, default=None, help=f"where to write the JSON (default {RESULTS})")
    args = ap.parse_args(argv)
    from kg.pipeline import Exporter
    from kg.scale.processes import ProcessProducer, default_jobs

    jobs = args.jobs or max(2, default_jobs())
    n = QUICK_ARTICLES if args.quick else FULL_ARTICLES
    with tempfile.TemporaryDirectory() as tmp:
        input_path = Path(tmp) / "articles.jsonl"
        write_input(input_path, n, corpus_records())
        say("loading the model and the shapes ...")
        exporter = Exporter(validate=True)
        say(f"--jobs 1 over {n} articles ...")
        one = export_seconds(exporter, input_path)
        say(f"process pool, {jobs} jobs ...")
        pool = export_seconds(exporter, input_path, ProcessProducer(exporter, jobs))
        say(f"spaCy's nlp.pipe(n_process={jobs}) ...")
        spacy = export_seconds(spacy_processes_exporter(jobs), input_path)
    rows = {"jobs_1": one, "process_pool": pool, "spacy_n_process": spacy}
    faster = max(("process_pool", "spacy_n_process"), key=lambda k: rows[k]["articles_per_s"])
    result = {"bench": "parallel", "quick": args.quick, "articles": n, "jobs": jobs, "cpus": os.cpu_count(),
              "rows": rows, "faster": faster,
              "pool_over_spacy": round(pool["articles_per_s"] / spacy["articles_per_s"], 3),
              "outputs_identical": pool["trig_sha256"] == one["trig_sha256"] == spacy["trig_sha256"]}
    print(f"{n} articles, {jobs} processes")
    for name, row in rows.items():
        print(f"  {name:<16} {row['seconds']:8.1f} s  {row['articles_per_s']:7.2f} articles/s")
    print(f"faster: {faster} (pool / spaCy processes {result['pool_over_spacy']}); "
          f"outputs identical: {result['outputs_identical']}")
    write_result(result, args.json_out or RESULTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
