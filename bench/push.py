#!/usr/bin/env python3
"""Push throughput: the corpus export pushed to a fresh `oxigraph serve` by SPARQL Update and by
the Graph Store Protocol, as ratios to the bulk bound (`oxigraph load` of the same TriG), in one run.

    python bench/push.py [--quick] [--json-out PATH]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
CORPUS = REPO.parent / "shared" / "corpus" / "wikinews.jsonl"


def export_corpus(out: Path, quick: bool) -> Path:
    from kg.pipeline import Exporter

    source = CORPUS
    if quick:
        source = out / "quick.jsonl"
        source.write_text("".join(CORPUS.read_text(encoding="utf-8").splitlines(True)[:30]), encoding="utf-8")
    Exporter(validate=False).export([str(source)], out / "export")
    return out / "export"


def push_rate(method: str, export: Path, work: Path) -> dict:
    from servers import OxigraphServer

    from kg.rdf.named_graphs import iter_named_graphs
    from kg.store.push import Endpoint, Pusher

    graphs = list(iter_named_graphs([str(export)]))
    server = OxigraphServer(work / f"store-{method}").start()
    try:
        pusher = Pusher(Endpoint.for_server(server.query_url), method)
        started = time.perf_counter()
        report = pusher.push(graphs)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
    return {"method": method, "graphs": len(graphs), "triples": report.triples, "requests": report.requests,
            "seconds": round(seconds, 3), "triples_per_s": round(report.triples / seconds, 1)}


def bulk_rate(export: Path, work: Path, triples: int) -> dict:
    from kg.store.serve import oxigraph_executable

    exe = oxigraph_executable()
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="30 articles instead of the whole corpus")
    ap.add_argument("--json-out", type=Path, default=REPO / "bench" / "results" / "push.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        export = export_corpus(work, args.quick)
        rows = [push_rate("update", export, work), push_rate("gsp", export, work)]
        rows.append(bulk_rate(export, work, rows[-1]["triples"]))
    bound = rows[-1]["triples_per_s"]
    for r in rows:
        r["ratio_to_bulk"] = round(r["triples_per_s"] / bound, 3)
    print(f"{'method':<22} {'triples':>8} {'seconds':>8} {'triples/s':>10} {'ratio':>6}")
    for r in rows:
        print(f"{r['method']:<22} {r['triples']:>8} {r['seconds']:>8} {r['triples_per_s']:>10} {r['ratio_to_bulk']:>6}")
    from kg.files import write_json

    write_json(args.json_out, {"quick": args.quick, "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
