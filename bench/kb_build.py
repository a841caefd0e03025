#!/usr/bin/env python3
"""Knowledge-base build benchmark: speed on the shared sources, bounded memory on a dump.

    python bench/kb_build.py [--quick] [--preset news] [--sizes 100000,1000000] [--json-out PATH]

(i)  Builds a base from ``../shared/wikidata/entities/*.json`` + ``lists/benchmark_entities.tsv``
     (in this process) and reports items and seconds.
(ii) Generates Wikidata JSON dumps of N items (the dump's shape: ``[``, one entity per line,
     ``]``; bz2-compressed, as dumps are published) and builds each in a FRESH subprocess, so
     each size gets its own peak RSS (the child's ``getrusage(RUSAGE_SELF).ru_maxrss`` at exit).
     Memory is judged as a RATIO, peak RSS of the largest size over the smallest, never as an
     absolute threshold: a streaming builder keeps it near 1.

With ``--preset news`` (default sizes 1M and 10M lines) the dumps hold the mix of lines the news
preset judges (``make_news_item``) and each is built with ``kg kb build --preset news``; the
result (``kb_build-news.json``) adds items kept, uncompressed MB/s, whether peak RSS at the
largest size is within 1.2x the smallest, and the expected time of the real ~100M-item dump.

Generation is timed apart from the build and never counted in items/s. ``--quick`` uses
N = 10,000 and 100,000. Prints a table; writes ``bench/results/kb_build.json``
(``kb_build-quick.json`` with --quick) via a temporary file and a rename.
"""
from __future__ import annotations

import argparse
import bz2
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
WIKIDATA = SHARED / "wikidata"
RESULTS_DIR = REPO / "bench" / "results"
DEFAULT_SIZES = (100_000, 1_000_000)
QUICK_SIZES = (10_000, 100_000)
CHUNK = 25_000  # items per bz2 stream when generating (streams are compressed in parallel)
PRESET_SIZES = (1_000_000, 10_000_000)
PRESET_RSS_LIMIT = 1.2  # issue 20: peak RSS at 10M lines at most 1.2x that at 1M
REAL_DUMP_ITEMS = 100_000_000  # latest-all.json: about 100M entity lines (2024-25)
REAL_DUMP_JSON_BYTES = 1_400_000_000_000  # ~1.4 TB uncompressed (its .gz is ~140 GB): an assumption, not measured
FLAT_RATIO = 1.25  # peak RSS of the largest over the smallest size at or below this reads as "flat"
SITES = ("enwiki", "dewiki", "frwiki", "eswiki", "itwiki")
SYLLABLES = ("an", "bel", "cor", "da", "él", "fen", "gu", "har", "ir", "jo", "ka", "lem", "mö", "nor",
             "os", "pra", "qui", "ros", "sá", "tu", "ur", "vel", "wen", "xa", "yo", "zé")
COUNTRIES = (30, 183, 142, 145, 38, 29, 17, 148, 668, 155, 717, 96, 159, 794, 43)


# ---- (ii) a generated dump ---------------------------------------------------------------------


def _word(n: int, parts: int) -> str:
    out = []
    for _ in range(parts):
        n, r = divmod(n, len(SYLLABLES))
        out.append(SYLLABLES[r])
    return "".join(out).capitalize()


def _claim(qid: str, prop: str, value: int, n: int) -> dict[str, Any]:
    return {"mainsnak": {"snaktype": "value", "property": prop,
                         "datavalue": {"value": {"entity-type": "item", "numeric-id": value, "id": f"Q{value}"},
                                       "type": "wikibase-entityid"},
                         "datatype": "wikibase-item"},
            "type": "statement", "id": f"{qid}${n:08X}-0000-4000-8000-{value:012d}", "rank": "normal"}


def make_item(i: int) -> dict[str, Any]:
    """One realistic dump entity (shape of shared/wikidata/entities/*.json): a person (P31 Q5)
    or a city (P31 Q515), English label, two aliases, a description, P27, five sitelinks."""
    qid = f"Q{200_000_000 + i}"
    person = i % 2 == 0
    first, last = _word(i * 7919, 2), _word(i, 3)
    label = f"{first} {last}" if person else f"{last}{'burg' if i % 3 else 'ville'}"
    aliases = [f"{first[0]}. {last}", f"{last}, {first}"] if person else [f"{label} City", f"City of {label}"]
    desc = (f"generated person number {i}" if person else f"generated city number {i}")

    def text(value: str) -> dict[str, str]:
        return {"language": "en", "value": value}

    return {"type": "item", "id": qid, "labels": {"en": text(label)}, "descriptions": {"en": text(desc)},
            "aliases": {"en": [text(a) for a in aliases]},
            "claims": {"P31": [_claim(qid, "P31", 5 if person else 515, 1)],
                       "P27": [_claim(qid, "P27", COUNTRIES[i % len(COUNTRIES)], 2)]},
            "sitelinks": {s: {"site": s, "title": label, "badges": []} for s in SITES}}


def _quantity(qid: str, prop: str, amount: int, n: int) -> dict[str, Any]:
    return {"mainsnak": {"snaktype": "value", "property": prop,
                         "datavalue": {"value": {"amount": f"+{amount}", "unit": "1"}, "type": "quantity"},
                         "datatype": "quantity"},
            "type": "statement", "id": f"{qid}${n:08X}-0000-4000-8000-{amount:012d}", "rank": "normal"}


def make_news_item(i: int) -> dict[str, Any]:
    """One line of a dump in the mix ``--preset news`` judges: six in ten are scholarly articles
    (P31 Q13442814, as most of Wikidata is), one in 100 of those a class (P279); of the people
    (two in ten) half hold a position (P39, kept); of the cities (two in ten) half have 50,000
    people (kept) and half 500; every 50th item has 20 sitelinks (kept whatever it is). About 22%
    are kept."""
    kind = i % 10
    item = make_item(i)
    qid, claims = item["id"], item["claims"]
    if kind < 6:
        item["claims"] = {"P31": [_claim(qid, "P31", 13442814, 1)]}
        if i % 100 == 1:
            item["claims"]["P279"] = [_claim(qid, "P279", 13442814 + i % 7, 3)]
        item["descriptions"]["en"]["value"] = f"scholarly article number {i}"
        item["aliases"] = {}
    elif kind == 6:
        claims["P39"] = [_claim(qid, "P39", 11696, 3)]
    elif kind >= 8:
        claims["P1082"] = [_quantity(qid, "P1082", 50_000 if kind == 8 else 500, 3)]
    links = 20 if i % 50 == 0 else 0 if kind < 6 else 5
    item["sitelinks"] = {s: {"site": s, "title": item["labels"]["en"]["value"], "badges": []}
                         for s in (SITES * 4)[:links]} if links <= len(SITES) else \
        {f"x{k}wiki": {"site": f"x{k}wiki", "title": qid, "badges": []} for k in range(links)}
    return item


def _chunk(args: tuple[int, int, int, bool]) -> tuple[bytes, int]:
    """Items [start, stop) of an n-item dump as one complete bz2 stream."""
    start, stop, n, news = args
    make = make_news_item if news else make_item
    parts = ["[\n"] if start == 0 else []
    for i in range(start, stop):
        parts.append(json.dumps(make(i)))
        parts.append(",\n" if i < n - 1 else "\n]\n")
    raw = "".join(parts).encode("utf-8")
    return bz2.compress(raw, 1), len(raw)  # level 1: fast to write, reads alike


def generate_dump(path: Path, n: int, workers: int, news: bool = False) -> tuple[float, int]:
    """Writes an n-item dump as concatenated bz2 streams (bz2 readers take multi-stream files,
    as the official dumps are); returns seconds and the uncompressed JSON bytes."""
    start = time.perf_counter()
    jobs = [(a, min(a + CHUNK, n), n, news) for a in range(0, n, CHUNK)]
    raw = 0
    with open(path, "wb") as fh:
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for blob, size in pool.map(_chunk, jobs):
                    fh.write(blob)
                    raw += size
        else:
            for job in jobs:
                blob, size = _chunk(job)
                fh.write(blob)
                raw += size
    return time.perf_counter() - start, raw


# ---- child processes ---------------------------------------------------------------------------


def child_main(argv: list[str]) -> int:
    """``_child build DUMP OUT`` or ``_child baseline``: one JSON line on stdout, peak RSS included."""
    from kg.link.kb.build import build_kb  # the import is part of both children, so baseline is comparable

    report: dict[str, Any] = {}
    if argv[0] == "build":
        if argv[3:] == ["news"]:
            from kg.link.kb.preset_build import build_preset
            from kg.link.kb.presets import NEWS

            stats = build_preset([argv[1]], Path(argv[2]), NEWS)
        else:
            stats = build_kb([argv[1]], Path(argv[2]))
        report = {"items": stats.total, "kept": stats.kept, "seconds": stats.seconds, "bytes": stats.size}
    report["maxrss_kb"], report["rss_source"] = peak_rss_kb()
    print(json.dumps(report))
    return 0


from common import peak_rss_kb, say  # noqa: E402  (the script's own folder is on sys.path)


def run_child(*args: str) -> dict[str, Any]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_child", *args],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"child {args[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    report["wall_seconds"] = time.perf_counter() - started
    return report


# ---- the two parts -----------------------------------------------------------------------------


def bench_shared(tmp: Path) -> dict[str, Any]:
    from kg.link.kb.build import build_kb

    sources = [*sorted((WIKIDATA / "entities").glob("*.json")), WIKIDATA / "lists" / "benchmark_entities.tsv"]
    stats = build_kb([str(s) for s in sources], tmp / "shared.sqlite")
    return {"sources": [str(s.relative_to(SHARED)) for s in sources], "items_read": stats.total,
            "items_kept": stats.kept, "seconds": round(stats.seconds, 3),
            "items_per_s": round(stats.total / stats.seconds, 1) if stats.seconds else None,
            "bytes": stats.size}


def bench_dumps(tmp: Path, sizes: list[int], workers: int, preset: str | None = None,
                dump_dir: Path | None = None) -> dict[str, Any]:
    baseline = run_child("baseline")
    rows = []
    for n in sizes:
        out = tmp / f"kb-{n}.sqlite"
        dump, gen_s, json_bytes = _dump_for(tmp, dump_dir, n, workers, preset)
        dump_bytes = dump.stat().st_size
        say(f"building {n:,} items in a fresh process{f' with --preset {preset}' if preset else ''} ...")
        child = run_child("build", str(dump), str(out), *([preset] if preset else []))
        rows.append({"n": n, "items": child["items"], "kept": child["kept"],
                     "build_seconds": round(child["seconds"], 3), "child_wall_seconds": round(child["wall_seconds"], 3),
                     "items_per_s": round(child["items"] / child["seconds"], 1),
                     "peak_rss_mb": round(child["maxrss_kb"] / 1024, 1), "rss_source": child["rss_source"],
                     "kb_bytes": child["bytes"],
                     "dump_bz2_bytes": dump_bytes, "dump_json_bytes": json_bytes,
                     "json_mb_per_s": round(json_bytes / 1e6 / child["seconds"], 1),
                     "generate_seconds": None if gen_s is None else round(gen_s, 3)})
        if dump_dir is None:
            dump.unlink()
        out.unlink()
    small, large = min(rows, key=lambda r: r["n"]), max(rows, key=lambda r: r["n"])
    base_mb = round(baseline["maxrss_kb"] / 1024, 1)
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    net_small, net_large = small["peak_rss_mb"] - base_mb, large["peak_rss_mb"] - base_mb
    return {"sizes": rows, "import_baseline_rss_mb": base_mb,
            "rss_ratio_large_small": round(ratio, 3),
            "net_rss_ratio_large_small": round(net_large / net_small, 3) if net_small > 0 else None,
            "rss_growth_mb": round(large["peak_rss_mb"] - small["peak_rss_mb"], 1),
            "size_ratio": large["n"] / small["n"], "flat_threshold": FLAT_RATIO, "memory_flat": ratio <= FLAT_RATIO,
            "rate_ratio_large_small": round(large["items_per_s"] / small["items_per_s"], 3),
            **({"preset_rss_limit": PRESET_RSS_LIMIT, "preset_rss_ok": ratio <= PRESET_RSS_LIMIT,
                "expected_real_dump": expected_real(large)} if preset else {})}


def _dump_for(tmp: Path, dump_dir: Path | None, n: int, workers: int,
              preset: str | None) -> tuple[Path, float | None, int]:
    """A fresh dump in ``tmp``, or with ``dump_dir`` the one generated there before (generation is
    deterministic; a 10M-line dump takes longer to write than to build). Returns the path, the
    generation seconds (None when reused) and the uncompressed bytes."""
    name = f"{preset or 'plain'}-{n}.json.bz2"
    folder = dump_dir or tmp
    dump, size_file = folder / name, folder / f"{name}.json-bytes"
    if dump_dir is not None and dump.is_file() and size_file.is_file():
        say(f"reusing {dump}")
        return dump, None, int(size_file.read_text())
    say(f"generating {n:,} items ...")
    gen_s, json_bytes = generate_dump(dump, n, workers, news=preset == "news")
    size_file.write_text(str(json_bytes))
    return dump, gen_s, json_bytes


def expected_real(large: dict[str, Any]) -> dict[str, Any]:
    """The real dump's time from the largest size's rates: by items (a lower bound: real lines are
    far longer than generated ones) and by uncompressed bytes (REAL_DUMP_JSON_BYTES, an assumption)."""
    by_items = REAL_DUMP_ITEMS / large["items_per_s"]
    by_bytes = REAL_DUMP_JSON_BYTES / (large["json_mb_per_s"] * 1e6)
    return {"items": REAL_DUMP_ITEMS, "json_bytes_assumed": REAL_DUMP_JSON_BYTES,
            "hours_by_items_per_s": round(by_items / 3600, 1), "hours_by_json_mb_per_s": round(by_bytes / 3600, 1),
            "generated_bytes_per_line": round(large["dump_json_bytes"] / large["n"])}


# ---- output ------------------------------------------------------------------------------------


def table(result: dict[str, Any]) -> str:
    s = result["shared"]
    lines = [f"(i) shared sources ({len(s['sources'])} files): {s['items_read']:,} items read, "
             f"{s['items_kept']:,} in the base, {s['seconds']:.2f} s ({s['items_per_s']:,.0f} items/s)", "",
             "(ii) generated JSON dump (bz2), one fresh process per size",
             f"{'N':>10}  {'kept':>9}  {'build s':>8}  {'items/s':>9}  {'MB/s':>6}  {'peak RSS MB':>11}  {'KB MB':>7}  {'gen s':>6}"]
    d = result["dump"]
    for r in d["sizes"]:
        lines.append(f"{r['n']:>10,}  {r['kept']:>9,}  {r['build_seconds']:>8.1f}  {r['items_per_s']:>9,.0f}  "
                     f"{r.get('json_mb_per_s', 0):>6.1f}  "
                     f"{r['peak_rss_mb']:>11.1f}  {r['kb_bytes'] / 1e6:>7.1f}  {r['generate_seconds'] or 0:>6.1f}")
    net = d["net_rss_ratio_large_small"]
    if "preset_rss_ok" in d:
        lines.append(f"peak RSS ratio within the preset's limit {d['preset_rss_limit']}: {d['preset_rss_ok']}")
    if "expected_real_dump" in d:
        e = d["expected_real_dump"]
        lines.append(f"expected real dump ({e['items']:,} items): {e['hours_by_items_per_s']} h by items/s, "
                     f"{e['hours_by_json_mb_per_s']} h by MB/s (assuming {e['json_bytes_assumed'] / 1e12:.1f} TB of JSON)")
    lines += [f"import-only baseline RSS: {d['import_baseline_rss_mb']:.1f} MB",
              f"peak RSS ratio large/small: {d['rss_ratio_large_small']:.2f} for {d['size_ratio']:.0f}x the items "
              f"(net of baseline: {net if net is None else f'{net:.2f}'}; growth {d['rss_growth_mb']:+.1f} MB) -> "
              f"{'flat' if d['memory_flat'] else 'NOT flat'} (threshold {d['flat_threshold']})",
              f"items/s ratio large/small: {d['rate_ratio_large_small']:.2f}"]
    return "\n".join(lines)


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(x.replace("_", "")) for x in text.split(",") if x.strip()})
    if len(sizes) < 2 or sizes[0] <= 0:
        raise argparse.ArgumentTypeError("give at least two positive sizes, e.g. 100000,1000000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_child"]:
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES[0]:,} and {QUICK_SIZES[1]:,}")
    ap.add_argument("--sizes", type=parse_sizes, help="comma-separated dump sizes (default 100000,1000000)")
    ap.add_argument("--json-out", type=Path, help="where to write the JSON (default bench/results/kb_build.json)")
    ap.add_argument("--preset", choices=("news",), help="build with kg kb build --preset (default sizes "
                    f"{PRESET_SIZES[0]:,} and {PRESET_SIZES[1]:,}; writes kb_build-news.json)")
    ap.add_argument("--dump-dir", type=Path, help="keep the generated dumps here and reuse them on the next run")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes generating dumps")
    args = ap.parse_args(argv)
    if not WIKIDATA.is_dir():
        print(f"shared Wikidata material not found at {WIKIDATA}", file=sys.stderr)
        return 2
    sizes = args.sizes or list(QUICK_SIZES if args.quick else PRESET_SIZES if args.preset else DEFAULT_SIZES)
    name = "kb_build" + (f"-{args.preset}" if args.preset else "") + ("-quick" if args.quick else "")
    out = args.json_out or RESULTS_DIR / f"{name}.json"
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        say("building from the shared sources ...")
        shared = bench_shared(Path(tmp))
        if args.dump_dir:
            args.dump_dir.mkdir(parents=True, exist_ok=True)
        dump = bench_dumps(Path(tmp), sizes, args.workers, args.preset, args.dump_dir)
    shape = make_news_item.__doc__ if args.preset else "id, en label, 2 en aliases, en description, P31 (Q5|Q515), P27, 5 sitelinks"
    result = {"bench": "kb_build", "quick": args.quick, "preset": args.preset, "shared": shared, "dump": dump,
              "item_shape": " ".join(shape.split()),
              "python": platform.python_version(), "cpus": os.cpu_count(),
              "total_seconds": round(time.perf_counter() - started, 1)}
    print(table(result), flush=True)
    from kg.files import write_json

    write_json(out, result)
    say(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
