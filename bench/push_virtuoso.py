"""The Virtuoso rows of bench/push.py: the corpus export pushed to a fresh Virtuoso 7 (digest auth,
both methods) and loaded by its own bulk loader (``ld_dir`` + ``rdf_loader_run``, the tool its
documentation gives for backfills), each try on a new database in its own folder."""
from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from virtuoso import VirtuosoServer

__all__ = ["virtuoso_push_rate", "virtuoso_bulk_rate"]

OURS = 'FILTER (STRSTARTS(STR(?g), "https://w3id.org/newskg/"))'


def virtuoso_push_rate(method: str, graphs: list, work: Path) -> dict:
    from kg.store.push import Endpoint, Pusher

    server = VirtuosoServer(work / "db").start()
    saved = {k: os.environ.get(k) for k in ("KG_USER", "KG_PASSWORD", "KG_TOKEN")}
    try:
        os.environ.pop("KG_TOKEN", None)
        os.environ["KG_USER"], os.environ["KG_PASSWORD"] = server.user, server.password
        pusher = Pusher(Endpoint.for_server(server.sparql_url, auth_kind="digest"), method)
        started = time.perf_counter()
        report = pusher.push(graphs)
        seconds = time.perf_counter() - started
    finally:
        server.stop()
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    return {"method": f"virtuoso {method}", "triples": report.triples, "requests": report.requests,
            "connections": pusher.connections, "seconds": round(seconds, 3),
            "triples_per_s": round(report.triples / seconds, 1)}


def virtuoso_bulk_rate(export: Path, work: Path, triples: int) -> dict:
    """ld_dir of the TriG and the two vocabulary files (copied into the database folder, the one
    DirsAllowed names), then rdf_loader_run; the triples held are counted to be sure it loaded."""
    server = VirtuosoServer(work / "db").start()
    try:
        d = server.folder
        files = [(export / "newskg.trig", "urn:newskg:default"), (export / "ontology" / "newskg.ttl",
                 "https://w3id.org/newskg/ontology"), (export / "ontology" / "plover.ttl", "https://w3id.org/newskg/plover/")]
        for f, _ in files:
            shutil.copy(f, d / f.name)
        started = time.perf_counter()
        server.sql(*[f"ld_dir('{d}', '{f.name}', '{g}');" for f, g in files], "rdf_loader_run();")
        seconds = time.perf_counter() - started
        out = server.sql(f"SPARQL SELECT COUNT(*) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }};")
    finally:
        server.stop()
    found = re.search(r"_{10,}\s+(\d+)", out)
    held = int(found.group(1)) if found else -1
    if held != triples:
        raise RuntimeError(f"Virtuoso's bulk loader holds {held} triples, expected {triples}")
    return {"method": "virtuoso bulk (ld_dir + rdf_loader_run)", "triples": triples, "seconds": round(seconds, 3),
            "triples_per_s": round(triples / seconds, 1)}
