#!/usr/bin/env python3
"""Quality benchmark: measure the extraction layer on public data nobody on this project wrote.

    python bench/quality.py [--quick] [--split dev|test|both] [--only NAME,...]
                            [--eval-dir PATH] [--json-out PATH]

Sets (names for --only): conll, el, el-distractors (EL against a base where every answer has
generated namesakes), plover, polnear, meantime, gold. The data is read at run
time from ``../shared/eval/`` beside the repository (never copied into it); a missing folder
gives a "skipped" row, never a crash. Prints one aligned table to stdout (progress goes to
stderr) and writes the same rows as JSON to ``bench/results/quality.json`` (``quality-quick.json``
with --quick). Exit code 0 when every set ran or was skipped, 1 when a set raised.

Each family of sets is a module of ``bench/quality_sets/`` (what it measures and why is in its
docstring); this file is the command: the registry of sets, running them, the table, the JSON.

This script only measures: nothing here is tuned on any split, and the test splits are
reported, never looked at to change the extractors.
"""
from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = REPO.parent / "shared" / "eval"
RESULTS_DIR = REPO / "bench" / "results"
if str(REPO / "bench") not in sys.path:  # quality_sets and elevant_rules when imported by path
    sys.path.insert(0, str(REPO / "bench"))

# the families, and the names the tests (tests/test_quality_harness.py) reach through this module
from quality_sets.conll import bench_conll, read_conll  # noqa: E402
from quality_sets.context import SPLITS, Context, Row, log, shown  # noqa: E402
from quality_sets.el_distractors import bench_el_distractors  # noqa: E402
from quality_sets.gold import bench_gold  # noqa: E402
from quality_sets.linking import bench_el, linking_scores, mention_recall  # noqa: E402
from quality_sets.meantime import bench_meantime  # noqa: E402
from quality_sets.plover import bench_plover  # noqa: E402
from quality_sets.polnear import bench_polnear, is_direct  # noqa: E402
from quality_sets.scoring import one_to_one  # noqa: E402

__all__ = ["SETS", "Context", "Row", "is_direct", "linking_scores", "main", "mention_recall", "one_to_one",
           "read_conll", "render_table", "run_set"]


# ---- running, the table, the JSON ----------------------------------------------------------------

SETS: dict[str, Callable[[Context], list[Row]]] = {
    "conll": bench_conll, "el": bench_el, "el-distractors": bench_el_distractors, "plover": bench_plover,
    "polnear": bench_polnear, "meantime": bench_meantime, "gold": bench_gold,
}


def run_set(name: str, ctx: Context) -> list[Row]:
    """One set's rows; an exception becomes an 'error' row so the other sets still run."""
    started = time.perf_counter()
    try:
        return SETS[name](ctx)
    except Exception as exc:  # noqa: BLE001 - reported in the table and on stderr, exit code 1
        traceback.print_exc(file=sys.stderr)
        return [Row(name, name, "all", status="error", seconds=round(time.perf_counter() - started, 2),
                    note=f"error: {type(exc).__name__}: {exc}")]


def _size_text(size: dict[str, int]) -> str:
    return ", ".join(f"{v} {k}" for k, v in size.items())


def _numbers_text(row: Row) -> str:
    if row.status != "ok":
        return row.note
    return "  ".join(f"{k} {'-' if v is None else f'{v:.3f}'}" for k, v in row.metrics.items())


def render_table(rows: list[Row]) -> str:
    header = ("set", "split", "size", "sec", "numbers")
    lines = [(r.name, r.split, _size_text(r.size), f"{r.seconds:.1f}" if r.status == "ok" or r.seconds else "",
              _numbers_text(r)) for r in rows]
    widths = [max(len(x[i]) for x in [header, *lines]) for i in range(4)]
    out = []
    for cells in [header, *lines]:
        out.append("  ".join(c.ljust(w) if i != 3 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
                   + "  " + cells[4])
    out.insert(1, "-" * min(160, max(len(line) for line in out)))
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a small slice of each set (a run under a minute)")
    ap.add_argument("--split", choices=("dev", "test", "both"), default="both")
    ap.add_argument("--only", type=_only, default=list(SETS), help=f"comma-separated subset of {','.join(SETS)}")
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR, help="default: ../shared/eval")
    ap.add_argument("--json-out", type=Path, default=None,
                    help="default: bench/results/quality.json (quality-quick.json with --quick)")
    return ap.parse_args(argv)


def _only(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [n for n in names if n not in SETS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown set(s) {', '.join(unknown)}; choose from {', '.join(SETS)}")
    return names


def _model_label(ctx: Context) -> str | None:
    if ctx._nlp is None:
        return None
    from kg.annotate import model_label

    return model_label(ctx._nlp)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    splits = SPLITS if args.split == "both" else (args.split,)
    ctx = Context(eval_dir=args.eval_dir, splits=splits, quick=args.quick)
    started = time.perf_counter()
    rows: list[Row] = []
    for name in args.only:
        rows += run_set(name, ctx)
    wall = round(time.perf_counter() - started, 2)
    print(render_table(rows))
    print(f"wall time {wall:.1f}s, model {_model_label(ctx) or '-'}{', quick' if args.quick else ''}")
    out = args.json_out or RESULTS_DIR / ("quality-quick.json" if args.quick else "quality.json")
    from kg.files import write_json

    write_json(out, {"quick": args.quick, "split": args.split, "sets": args.only, "eval_dir": shown(args.eval_dir),
                     "model": _model_label(ctx), "wall_seconds": wall, "date": time.strftime("%Y-%m-%d"),
                     "rows": [asdict(r) for r in rows]})
    log(f"wrote {out}")
    return 1 if any(r.status == "error" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
