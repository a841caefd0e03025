#!/usr/bin/env python3
"""Push throughput: the corpus export pushed to a fresh `oxigraph serve` by SPARQL Update and by
the Graph Store Protocol, as ratios to the bulk bound (`oxigraph load` of the same TriG), in one run.
Each row is the fastest of ``--repeat`` tries (each on a fresh store; all times are kept): on a
shared machine one try of a one-second task varies by a factor of two.

With ``--virtuoso`` the same pushes go to a fresh Virtuoso 7 too, against its bulk loader.

    python bench/push.py [--quick] [--repeat N] [--virtuoso] [--json-out PATH]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews.jsonl"


def export_corpus(out: Path, quick: bool) -> Path:
    from kg.pipeline import Exporter

    source = CORPUS
    if quick:
        source = out / "quick.jsonl"
        source.write_text("".join(CORPUS.read_text(encoding="utf-8").splitlines(True)[:30]), encoding="utf-8")
    Exporter(validate=False).export([str(source)], out / "export")
    return out / "export"


def fastest(measure, repeat: int) -> dict:
    """The try with the fewest seconds, with every try's seconds beside it."""
    tries = [measure(i) for i in range(repeat)]
    best = min(tries, key=lambda r: r["seconds"])
    return {**best, "tries_seconds": [r["seconds"] for r in tries]}


def push_rate(method: str, export: Path, work: Path) -> dict:
    from servers import OxigraphServer

    from kg.rdf.named_graphs import iter_named_graphs
    from kg.store.push import Endpoint, Pusher

    graphs = list(iter_named_graphs([str(export)]))
    work.mkdir(parents=True)
    server = OxigraphServer(work / "store").start()
    try:
        pusher = Pusher(Endpoint.for_server(server.query_url), method)
        started = time.perf_counter()
        report = pusher.push(graphs)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    return {"method": method, "graphs": len(graphs), "triples": report.triples, "requests": report.requests,
            "connections": pusher.connections, "seconds": round(seconds, 3),
            "triples_per_s": round(report.triples / seconds, 1)}


def bulk_rate(export: Path, work: Path, triples: int) -> dict:
    from kg.store.serve import oxigraph_executable

    exe = oxigraph_executable()
    work.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run([exe, "load", "--location", str(work / "bulk"), "--file", str(export / "newskg.trig")],
                   check=True, capture_output=True)
    for f in sorted((export / "ontology").glob("*.ttl")):
        subprocess.run([exe, "load", "--location", str(work / "bulk"), "--file", str(f), "--graph",
                        "https://w3id.org/newskg/" + ("ontology" if f.stem == "newskg" else "plover/")],
                       check=True, capture_output=True)
    seconds = time.perf_counter() - started
    return {"method": "bulk (oxigraph load)", "triples": triples, "seconds": round(seconds, 3),
            "triples_per_s": round(triples / seconds, 1)}


def virtuoso_rows(export: Path, work: Path, repeat: int, triples: int) -> list[dict]:
    from push_virtuoso import virtuoso_bulk_rate, virtuoso_push_rate

    from kg.rdf.named_graphs import iter_named_graphs

    graphs = list(iter_named_graphs([str(export)]))
    rows = [fastest(lambda i, m=m: virtuoso_push_rate(m, graphs, work / f"v-{m}-{i}"), repeat) for m in ("update", "gsp")]
    rows.append(fastest(lambda i: virtuoso_bulk_rate(export, work / f"v-bulk-{i}", triples), repeat))
    return rows


def show(rows: list[dict]) -> None:
    """Each row's ratio to the last (the bulk bound), printed as a table."""
    if not rows:
        return
    bound = rows[-1]["triples_per_s"]
    for r in rows:
        r["ratio_to_bulk"] = round(r["triples_per_s"] / bound, 3)
    print(f"{'method':<40} {'triples':>8} {'seconds':>8} {'triples/s':>10} {'ratio':>6}")
    for r in rows:
        print(f"{r['method']:<40} {r['triples']:>8} {r['seconds']:>8} {r['triples_per_s']:>10} {r['ratio_to_bulk']:>6}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="30 articles instead of the whole corpus")
    ap.add_argument("--repeat", type=int, default=3, help="tries per row, the fastest reported")
    ap.add_argument("--virtuoso", action="store_true", help="also push to Virtuoso 7 and run its bulk loader")
    ap.add_argument("--json-out", type=Path, default=REPO / "bench" / "results" / "push.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        export = export_corpus(work, args.quick)
        rows = [fastest(lambda i, m=m: push_rate(m, export, work / f"{m}-{i}"), args.repeat) for m in ("update", "gsp")]
        rows.append(fastest(lambda i: bulk_rate(export, work / f"bulk-{i}", rows[-1]["triples"]), args.repeat))
        virtuoso = virtuoso_rows(export, work, args.repeat, rows[-1]["triples"]) if args.virtuoso else []
    show(rows)
    show(virtuoso)
    from kg.files import write_json

    # the machine may be shared: the load average says how busy it was while the rows were measured
    write_json(args.json_out, {"quick": args.quick, "repeat": args.repeat,
                               "load_average": [round(x, 2) for x in os.getloadavg()], "rows": rows,
                               **({"virtuoso_rows": virtuoso} if virtuoso else {})})
    return 0


if __name__ == "__main__":
    sys.exit(main())
