#!/usr/bin/env python3
"""Validation cost: pySHACL per article vs per batch, and the fast path, in one process.

The exporter validates every article. This bench maps the Wikinews corpus once, then validates
the same article graphs four ways and reports ms per article and each way's ratio to the fast
path per article (what ``kg export`` does):

- ``pyshacl_article``: ``validate_graph(g)``, pySHACL with our SPARQL offset constraints;
- ``pyshacl_batch``: the graphs of each batch merged into one graph, one pySHACL call;
- ``fast_article``: ``validate_graph(g, fast=True)`` (offsets and counts in Python,
  pySHACL only for a graph that breaks another constraint);
- ``fast_batch``: the fast path over the merged batch.

A batch loses the per-article graph a finding belongs to, and the offset constraints compare
each article with every mention of the batch, so its count of findings can differ.

``union`` (bench/validation_union.py, issue 21): the union of all article graphs validated by
``kg validate``, rudof and pySHACL in one run, with their verdicts compared. ``--only union``
runs that section alone and keeps the rest of the JSON file as the last full run wrote it.

``--quick``: 24 articles, batches of 8 (for the test); the union section over 5 of them. Writes ``bench/results/validation.json``
(``validation-quick.json`` with --quick) via a temporary file and a rename.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="24 articles, batches of 8")
    ap.add_argument("--json-out", type=Path, default=None)
    ap.add_argument("--only", choices=["ways", "union"], default=None, help="run one section, keep the other's JSON")
    ap.add_argument("--pyshacl-timeout", type=float, default=None, metavar="S",
                    help="kill pySHACL on the whole union after S seconds (default 300, 60 with --quick)")
    args = ap.parse_args(argv)
    if not CORPUS.is_file():
        print(f"error: {CORPUS} not found (../shared beside the project)", file=sys.stderr)
        return 2
    articles, batch = (24, 8) if args.quick else (174, 32)
    graphs = article_graphs(articles)
    out = args.json_out or ROOT / "bench" / "results" / ("validation-quick.json" if args.quick else "validation.json")
    result = _previous(out) if args.only else {}
    if args.only != "union":
        result.update(ways_section(graphs, batch, args.quick))
    if args.only != "ways":
        from validation_union import union_section

        timeout = args.pyshacl_timeout or (60.0 if args.quick else 300.0)
        result["union"] = union_section(graphs[:5] if args.quick else graphs, timeout, 5 if args.quick else 12)
        _print_union(result["union"])
    from kg.files import write_json

    write_json(out, result)
    return 0


def ways_section(graphs: list, batch: int, quick: bool) -> dict:
    """The four per-article and per-batch ways, with their ratios to the fast path per article."""
    ways = {"pyshacl_article": (False, 1), "pyshacl_batch": (False, batch),
            "fast_article": (True, 1), "fast_batch": (True, batch)}
    rows = {name: timed(graphs, fast, size) for name, (fast, size) in ways.items()}
    bound = rows["fast_article"]["ms_per_article"]
    for row in rows.values():
        row["ratio_to_fast_article"] = round(row["ms_per_article"] / bound, 2)
    print(f"{'way':18s} {'ms/article':>10s} {'ratio':>7s} {'findings':>9s}")
    for name, row in rows.items():
        print(f"{name:18s} {row['ms_per_article']:10.2f} {row['ratio_to_fast_article']:7.2f} {row['findings']:9d}")
    return {"bench": "validation", "quick": quick, "articles": len(graphs), "batch_size": batch,
            "triples": sum(len(g) for g in graphs), "ways": rows}


def _previous(path: Path) -> dict:
    """The JSON a previous run wrote, so that ``--only`` replaces one section and keeps the other."""
    import json

    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _print_union(section: dict) -> None:
    for name in ("clean", "defects"):
        print(f"union ({name}, {section[name]['articles']} articles, {section[name]['triples']} triples)")
        for way, row in section[name]["ways"].items():
            times = " ".join(f"{k}={row[k]}" for k in ("load_s", "validate_s", "union_check_s", "wall_s") if k in row)
            verdict = row.get("note") or f"violations={row.get('violations')} warnings={row.get('warnings')}"
            print(f"  {way:18s} {times:45s} {verdict}")


def article_graphs(n: int) -> list:
    """The first ``n`` corpus articles mapped as ``kg export`` maps them, linked to the default
    base (so the union holds the ``owl:sameAs`` a user's export holds)."""
    from kg.annotate import load_model
    from kg.link import make_linker
    from kg.extract.document import extract
    from kg.model import Document
    from kg.rdf.iris import IriMinter
    from kg.rdf.mapping import RunInfo, map_extraction
    from kg.read import read_paths

    docs, seen = [], set()
    for d in read_paths([str(CORPUS)]):
        if isinstance(d, Document) and d.url not in seen:
            seen.add(d.url)
            docs.append(d)
    docs = docs[:n]
    nlp, minter = load_model(None), IriMinter()
    run = RunInfo(software_version="bench", model="bench", base="https://w3id.org/newskg/id/")
    linker = make_linker(None, None)
    graphs = []
    for d, s in zip(docs, nlp.pipe([d.text for d in docs])):
        x = extract(d, s)
        if linker is not None:
            linker.link(x, d.text)
        graphs.append(map_extraction(x, minter, run))
    return graphs


def timed(graphs: list, fast: bool, size: int) -> dict:
    from kg.validate import load_shapes, validate_graph

    shapes = load_shapes()
    batches = [graphs[i:i + size] for i in range(0, len(graphs), size)]
    merged = graphs if size == 1 else [_merge(b) for b in batches]
    validate_graph(merged[0], shapes, fast=fast)  # warm caches (compiled plan, parsed queries)
    started = time.perf_counter()
    findings = sum(len(validate_graph(g, shapes, fast=fast).findings) for g in merged)
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "ms_per_article": round(1000 * seconds / len(graphs), 2),
            "findings": findings, "calls": len(merged)}


def _merge(graphs: list):
    from rdflib import Graph

    merged = Graph(identifier="urn:newskg:bench-batch")
    for g in graphs:
        for triple in g:
            merged.add(triple)
    return merged


if __name__ == "__main__":
    sys.exit(main())
