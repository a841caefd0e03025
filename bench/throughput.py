#!/usr/bin/env python3
"""Throughput and memory benchmark: the full export pipeline against spaCy alone.

    python bench/throughput.py [--quick] [--json-out PATH] [--mem-factor N]

The 174 articles of ``../shared/corpus/wikinews.jsonl`` are repeated to 2,000 articles (each
repeat a distinct article: ``-N`` appended to its id and ``?copy=N`` to its URL, so it gets its
own IRI and file) and written to a temporary ``.jsonl``. Then, in ONE process:

- spaCy alone, the bound: ``nlp = kg.annotate.load_model(None)`` with our own components
  (``news_names``, ``caps_names``) disabled; ``for doc in nlp.pipe(texts, batch_size=B): pass`` over the same texts with the batch size
  the exporter uses; run before AND after the pipeline (after one untimed warm-up pass over the
  unique texts), the mean of the two is the bound;
- the full pipeline: ``kg.pipeline.Exporter(validate=True).export([jsonl], out_dir)`` (read,
  NLP, extraction, mapping, fast SHACL validation, Turtle per article + TriG, manifest), with
  the stage functions in ``kg.pipeline``'s namespace wrapped by timers for a per-stage
  breakdown (``bench/throughput_stages.py``); each stage's time is exclusive (NLP = time
  inside ``nlp.pipe`` less the reading it pulls; ``serialize`` = the Turtle writer
  (``kg.rdf.write.graph_as_turtle``, pyoxigraph) and rdflib's ``Graph.serialize`` wherever it is
  called; ``write_*`` = the writers less serialising; ``other`` = the rest).

Articles/s for both and the ratio pipeline/spaCy (target >= 0.70). Then memory: the full
pipeline over 1x and 10x the articles, each in a FRESH subprocess so each size has its own
peak RSS (VmHWM), and the ratio 10x/1x (target <= 1.2). When the 10x run would take more
than about 12 minutes at the measured 1x rate, 5x is used instead and the output says so.

Last, every core: the plain export (no stage timers) at ``--jobs 1`` and at ``--jobs N`` (default
the cores; ``kg.scale.processes``) in this process, articles/s of both, the speed-up (target
>= 1.7 for 2 jobs), the workers' peak RSS, and whether the two outputs are byte-identical.

``--quick``: 200 articles, a 2x memory comparison (for the test). Prints a table; writes
``bench/results/throughput.json`` (``throughput-quick.json`` with --quick) via a temporary
file and a rename.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "wikinews.jsonl"
RESULTS_DIR = REPO / "bench" / "results"
TARGET_RATIO = 0.70  # the target: the full pipeline at >= 70% of spaCy alone
TARGET_MEMORY = 1.20  # peak RSS at 10x the articles at most 1.2x the peak at 1x
FULL_ARTICLES, QUICK_ARTICLES = 2000, 200
MEM_FACTOR, MEM_FALLBACK, QUICK_MEM_FACTOR = 10, 5, 2
MEM_TIME_LIMIT = 12 * 60  # seconds: a longer 10x run falls back to 5x


from common import peak_rss_kb, say  # noqa: E402  (the script's own folder is on sys.path)
from throughput_stages import timed_export  # noqa: E402


def current_rss_kb() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


# ---- input ---------------------------------------------------------------------------------


def corpus_records() -> list[dict[str, Any]]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_input(path: Path, n: int, records: list[dict[str, Any]]) -> None:
    """``n`` articles: the corpus over and over, copy N >= 1 with ``-N`` on its id and
    ``?copy=N`` on its URL, so each is a distinct article (its own IRI and file). The corpus
    itself has 30 records whose URL an earlier record has (the same Wikinews story from two
    source sets): those get ``doc=ID`` in their URL too, or the exporter would skip them as
    repeats and the pipeline would do less work than spaCy alone."""
    seen: set[str] = set()
    variants = []
    for record in records:
        url = record.get("url") or ""
        variants.append([f"doc={record.get('doc_id') or record.get('id')}"] if url in seen else [])
        seen.add(url)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            copy, k = divmod(i, len(records))
            record = dict(records[k])
            query = list(variants[k])
            if copy:
                for key in ("id", "doc_id"):
                    if record.get(key) is not None:
                        record[key] = f"{record[key]}-{copy}"
                query.append(f"copy={copy}")
            if record.get("url") and query:
                record["url"] += ("&" if "?" in record["url"] else "?") + "&".join(query)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


# ---- the in-process comparison -------------------------------------------------------------


OUR_COMPONENTS = ("news_names", "caps_names")  # ours, so not part of the bound


def spacy_alone(nlp: Any, texts: list[str], batch_size: int) -> dict[str, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    with nlp.select_pipes(disable=[n for n in OUR_COMPONENTS if n in nlp.pipe_names]):
        for _doc in nlp.pipe(texts, batch_size=batch_size):
            pass
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu_started}


def compare(n: int, input_path: Path, tmp: Path, unique: int) -> dict[str, Any]:
    from kg.annotate import load_model
    from kg.model import Document
    from kg.pipeline import Exporter
    from kg.read import read_paths

    say("loading the model and the shapes ...")
    started = time.perf_counter()
    exporter = Exporter(validate=True)
    load_seconds = time.perf_counter() - started
    nlp = load_model(None)
    assert nlp is exporter.nlp, "the exporter and spaCy alone must share one model"
    batch = exporter.batch_size
    rss_loaded = current_rss_kb()
    texts = [d.text for d in read_paths([str(input_path)]) if isinstance(d, Document)]
    assert len(texts) == n, f"expected {n} articles in the input, read {len(texts)}"

    say(f"warming up: spaCy over the {min(unique, n)} unique texts (untimed) ...")
    spacy_alone(nlp, texts[:unique], batch)
    say(f"spaCy alone over {n} articles (batch size {batch}) ...")
    before = spacy_alone(nlp, texts, batch)
    say(f"  {n / before['seconds']:.1f} articles/s; full pipeline over {n} articles ...")
    result, run = timed_export(exporter, [str(input_path)], tmp / "out-inprocess")
    say(f"  {len(result.articles) / run['seconds']:.1f} articles/s; spaCy alone again ...")
    after = spacy_alone(nlp, texts, batch)
    say(f"  {n / after['seconds']:.1f} articles/s")

    if len(result.articles) != n:
        say(f"WARNING: the pipeline exported {len(result.articles)} of {n} articles "
            f"({len(result.errors)} errors, {len(result.warnings)} warnings)")
    spacy_seconds = (before["seconds"] + after["seconds"]) / 2
    spacy_cpu = (before["cpu_seconds"] + after["cpu_seconds"]) / 2
    spacy_rate = n / spacy_seconds
    pipe_rate = len(result.articles) / run["seconds"]
    ratio = pipe_rate / spacy_rate
    peak, source = peak_rss_kb()
    return {
        "model": exporter.run.model, "batch_size": batch, "load_seconds": round(load_seconds, 2),
        "rss_after_load_mb": round(rss_loaded / 1024, 1) if rss_loaded else None,
        "spacy_alone": {"seconds": round(spacy_seconds, 3),
                        "seconds_runs": [round(before["seconds"], 3), round(after["seconds"], 3)],
                        "articles_per_s": round(spacy_rate, 2), "ms_per_article": round(1000 * spacy_seconds / n, 2),
                        "cpu_seconds": round(spacy_cpu, 3),
                        "spread": round(abs(before["seconds"] - after["seconds"]) / spacy_seconds, 4)},
        "full_pipeline": {"seconds": round(run["seconds"], 3), "articles_per_s": round(pipe_rate, 2),
                          "ms_per_article": round(1000 * run["seconds"] / max(1, len(result.articles)), 2),
                          "cpu_seconds": round(run["cpu_seconds"], 3), "articles": len(result.articles),
                          "errors": len(result.errors), "warnings": len(result.warnings), "triples": result.triples,
                          "violations": len(result.report.violations), "exit_code": int(result.exit_code)},
        "ratio_pipeline_spacy": round(ratio, 4), "target_ratio": TARGET_RATIO, "meets_target": ratio >= TARGET_RATIO,
        "stages": run["stages"], "stage_calls": run["calls"], "stages_not_timed": run["not_timed"],
        "peak_rss_mb_in_process": round(peak / 1024, 1), "rss_source_in_process": source,
    }


# ---- one process against several ------------------------------------------------------------


TARGET_SPEEDUP = 1.7  # --jobs 2 on a 2-core machine


def jobs_runs(input_path: Path, tmp: Path, jobs: int) -> dict[str, Any]:
    """The plain export (no stage timers) at ``--jobs 1`` and ``--jobs N`` in this process, the
    outputs compared byte for byte; the workers' peak RSS from the kernel's account of children."""
    import resource

    from kg.pipeline import Exporter
    from kg.scale.processes import ProcessProducer

    exporter = Exporter(validate=True)
    rows, outputs = [], []
    for j in sorted({1, jobs}):
        out = tmp / f"out-jobs-{j}"
        say(f"--jobs {j}: the whole export ...")
        started = time.perf_counter()
        result = exporter.export([str(input_path)], out, producer=ProcessProducer(exporter, j) if j > 1 else None)
        seconds = time.perf_counter() - started
        worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if j > 1 else None
        rows.append({"jobs": j, "seconds": round(seconds, 2), "articles": len(result.articles),
                     "articles_per_s": round(len(result.articles) / seconds, 2),
                     "worker_peak_rss_mb": round(worker_kb / 1024, 1) if worker_kb else None})
        say(f"  {rows[-1]['articles_per_s']:.1f} articles/s")
        outputs.append({str(f.relative_to(out)): f.read_bytes() for f in out.rglob("*") if f.is_file()})
    speedup = rows[-1]["articles_per_s"] / rows[0]["articles_per_s"]
    return {"rows": rows, "speedup": round(speedup, 3), "target_speedup": TARGET_SPEEDUP if jobs == 2 else None,
            "meets_target": speedup >= TARGET_SPEEDUP if jobs == 2 else None,
            "outputs_identical": all(o == outputs[0] for o in outputs)}


# ---- memory: one fresh subprocess per size -------------------------------------------------


def child_main(argv: list[str]) -> int:
    """``_child INPUT OUT_DIR`` exports INPUT; ``_child --baseline`` only loads (model, shapes)."""
    from kg.pipeline import Exporter

    started = time.perf_counter()
    exporter = Exporter(validate=True)
    report: dict[str, Any] = {"load_seconds": time.perf_counter() - started}
    if argv[0] != "--baseline":
        started = time.perf_counter()
        result = exporter.export([argv[0]], Path(argv[1]))
        report.update(seconds=time.perf_counter() - started, articles=len(result.articles),
                      errors=len(result.errors), triples=result.triples)
    report["peak_rss_kb"], report["rss_source"] = peak_rss_kb()
    print(json.dumps(report), flush=True)
    return 0


def run_child(*args: str, timeout: float | None = None) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_child", *args],
                          capture_output=True, text=True, cwd=REPO, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"child {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def memory(n: int, input_1x: Path, records: list[dict[str, Any]], tmp: Path, quick: bool,
           rate_1x: float, factor_arg: int | None) -> dict[str, Any]:
    import shutil

    estimate_10x = MEM_FACTOR * n / rate_1x
    if factor_arg:
        factor, why = factor_arg, f"--mem-factor {factor_arg}"
    elif quick:
        factor, why = QUICK_MEM_FACTOR, "--quick"
    elif estimate_10x > MEM_TIME_LIMIT:
        factor = MEM_FALLBACK
        why = (f"10x would take about {estimate_10x / 60:.0f} min at the 1x rate ({rate_1x:.1f} articles/s), "
               f"over the {MEM_TIME_LIMIT // 60} min limit: {MEM_FALLBACK}x used instead "
               f"(about {MEM_FALLBACK * n / rate_1x / 60:.0f} min)")
    else:
        factor, why = MEM_FACTOR, f"10x: about {estimate_10x / 60:.1f} min at the 1x rate"
    say(f"memory: {why}")
    big = tmp / f"articles-{factor}x.jsonl"
    write_input(big, factor * n, records)
    say("memory: baseline child (model and shapes only) ...")
    baseline = run_child("--baseline")
    rows = []
    for f, path in ((1, input_1x), (factor, big)):
        say(f"memory: {f}x ({f * n} articles) in a fresh process ...")
        out = tmp / f"out-{f}x"
        child = run_child(str(path), str(out))
        shutil.rmtree(out, ignore_errors=True)
        rows.append({"factor": f, "articles": child["articles"], "errors": child["errors"],
                     "seconds": round(child["seconds"], 2),
                     "articles_per_s": round(child["articles"] / child["seconds"], 2),
                     "peak_rss_mb": round(child["peak_rss_kb"] / 1024, 1), "rss_source": child["rss_source"]})
        say(f"  peak RSS {rows[-1]['peak_rss_mb']:.0f} MB, {rows[-1]['articles_per_s']:.1f} articles/s")
    big.unlink(missing_ok=True)
    small, large = rows
    base_mb = round(baseline["peak_rss_kb"] / 1024, 1)
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    net_small, net_large = small["peak_rss_mb"] - base_mb, large["peak_rss_mb"] - base_mb
    return {"factor": factor, "factor_wanted": MEM_FACTOR, "reduced": factor < MEM_FACTOR and not quick and not factor_arg,
            "why": why, "estimated_seconds_10x": round(estimate_10x, 1), "sizes": rows,
            "baseline_rss_mb": base_mb, "rss_ratio": round(ratio, 3),
            "net_rss_ratio": round(net_large / net_small, 3) if net_small > 0 else None,
            "rss_growth_mb": round(large["peak_rss_mb"] - small["peak_rss_mb"], 1),
            "target_ratio": TARGET_MEMORY, "meets_target": ratio <= TARGET_MEMORY}


# ---- report --------------------------------------------------------------------------------


def table(r: dict[str, Any]) -> str:
    s, p = r["spacy_alone"], r["full_pipeline"]
    lines = [f"{r['articles']} articles ({r['unique_articles']} unique, repeated as distinct articles), "
             f"model {r['model']}, batch size {r['batch_size']}, one process, {r['cpus']} CPUs",
             f"{'run':<16} {'seconds':>8} {'articles/s':>11} {'ms/article':>11} {'CPU s':>8}",
             f"{'spaCy alone':<16} {s['seconds']:>8.1f} {s['articles_per_s']:>11.2f} {s['ms_per_article']:>11.1f} "
             f"{s['cpu_seconds']:>8.1f}   (runs {s['seconds_runs'][0]:.1f} s / {s['seconds_runs'][1]:.1f} s)",
             f"{'full pipeline':<16} {p['seconds']:>8.1f} {p['articles_per_s']:>11.2f} {p['ms_per_article']:>11.1f} "
             f"{p['cpu_seconds']:>8.1f}   ({p['articles']} exported, {p['errors']} errors, {p['triples']:,} triples)",
             f"pipeline / spaCy alone: {r['ratio_pipeline_spacy']:.2f} (target >= {r['target_ratio']:.2f}: "
             f"{'met' if r['meets_target'] else 'NOT met'})",
             "",
             f"{'stage':<11} {'seconds':>8} {'share':>7} {'ms/article':>11}"]
    for name, st in r["stages"].items():
        lines.append(f"{name:<11} {st['seconds']:>8.1f} {100 * st['share']:>6.1f}% {st['ms_per_article']:>11.1f}")
    if r["stages_not_timed"]:
        lines.append(f"(no function of kg.pipeline found for: {', '.join(r['stages_not_timed'])}; "
                     "their time is in 'other')")
    lines.append(f"peak RSS of this process (spaCy alone + pipeline): {r['peak_rss_mb_in_process']:.0f} MB "
                 f"({r['rss_source_in_process']})")
    m = r["memory"]
    lines += ["", f"memory, a fresh process per size ({m['why']}):",
              f"{'size':<6} {'articles':>9} {'seconds':>8} {'articles/s':>11} {'peak RSS MB':>12}"]
    for row in m["sizes"]:
        lines.append(f"{str(row['factor']) + 'x':<6} {row['articles']:>9} {row['seconds']:>8.1f} "
                     f"{row['articles_per_s']:>11.2f} {row['peak_rss_mb']:>12.1f}")
    net = m["net_rss_ratio"]
    lines.append(f"baseline (model + shapes loaded, no article): {m['baseline_rss_mb']:.1f} MB")
    lines.append(f"peak RSS {m['factor']}x/1x: {m['rss_ratio']:.3f} (target <= {m['target_ratio']:.2f}"
                 f"{' at 10x' if m['factor'] != 10 else ''}: {'met' if m['meets_target'] else 'NOT met'}); "
                 f"net of baseline {'n/a' if net is None else f'{net:.2f}'}; growth {m['rss_growth_mb']:+.1f} MB")
    if m["reduced"]:
        lines.append(f"NOTE: the memory comparison used {m['factor']}x, not 10x")
    j = r["jobs"]
    lines += ["", f"{'jobs':<6} {'seconds':>8} {'articles/s':>11} {'worker peak RSS MB':>19}"]
    for row in j["rows"]:
        rss = "" if row["worker_peak_rss_mb"] is None else f"{row['worker_peak_rss_mb']:.0f}"
        lines.append(f"{row['jobs']:<6} {row['seconds']:>8.1f} {row['articles_per_s']:>11.2f} {rss:>19}")
    target = "" if j["target_speedup"] is None else \
        f" (target >= {j['target_speedup']:.1f}: {'met' if j['meets_target'] else 'NOT met'})"
    lines.append(f"speed-up {j['speedup']:.2f}{target}; outputs identical: {j['outputs_identical']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"{QUICK_ARTICLES} articles and a {QUICK_MEM_FACTOR}x memory comparison")
    ap.add_argument("--json-out", type=Path, help="where to write the JSON (default bench/results/throughput.json)")
    ap.add_argument("--mem-factor", type=int, default=None,
                    help=f"size of the large memory run in multiples of the articles (default {MEM_FACTOR}, "
                         f"or {MEM_FALLBACK} when {MEM_FACTOR}x would take over {MEM_TIME_LIMIT // 60} min)")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes to compare with one (default: the cores)")
    args = ap.parse_args(argv)
    if not CORPUS.is_file():
        print(f"shared data not found: {CORPUS}", file=sys.stderr)
        return 2
    n = QUICK_ARTICLES if args.quick else FULL_ARTICLES
    started = time.perf_counter()
    records = corpus_records()
    with tempfile.TemporaryDirectory(prefix="throughput-bench-") as tmp_name:
        tmp = Path(tmp_name)
        input_1x = tmp / "articles-1x.jsonl"
        write_input(input_1x, n, records)
        result: dict[str, Any] = {"bench": "throughput", "quick": args.quick, "articles": n,
                                  "unique_articles": len(records), "corpus": str(CORPUS.relative_to(SHARED))}
        result.update(compare(n, input_1x, tmp, len(records)))
        result["memory"] = memory(n, input_1x, records, tmp, args.quick,
                                  result["full_pipeline"]["articles_per_s"], args.mem_factor)
        from kg.scale.processes import default_jobs

        result["jobs"] = jobs_runs(input_1x, tmp, args.jobs or default_jobs())
    result.update(python=platform.python_version(), cpus=os.cpu_count(), machine=platform.machine(),
                  bench_seconds=round(time.perf_counter() - started, 1))
    print(table(result), flush=True)
    out = args.json_out or RESULTS_DIR / ("throughput-quick.json" if args.quick else "throughput.json")
    from kg.files import write_json

    write_json(out, result)
    say(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
