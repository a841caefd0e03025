"""Pushing graphs to a SPARQL store: one named graph per article, replaced on every push.

Two methods. The Graph Store Protocol (``PUT`` of N-Triples per graph) is one request per graph,
atomic on the servers we test. SPARQL 1.1 Update (``DROP SILENT GRAPH`` + ``INSERT DATA``) works
everywhere: graphs that fit the request limits go whole, several to a request, each graph's
drop and insert in the same request; a larger graph is dropped and inserted over several requests.
Requests go over kept-alive connections (kg.store.client), ``Endpoint.connections`` of them at
once (two for Oxigraph), while the next graphs are serialised (kg.store.ntriples).
A state file remembers each graph's content hash per endpoint, written after the server
acknowledged the graph, so a re-run after a crash pushes only what is missing or changed.
Credentials come from the environment or ~/.netrc (kg.store.endpoint), and are never printed.
"""
from __future__ import annotations

import json
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from kg.errors import KgError
from kg.files import atomic_writer
from kg.store.client import USER_AGENT, StoreClient
from kg.store.endpoint import Auth, Endpoint, credentials
from kg.store.ntriples import GENID, Prepared, graph_hash, ntriples_lines, prepare, without_blank_nodes

__all__ = ["Auth", "Endpoint", "GENID", "Pusher", "PushError", "PushReport", "USER_AGENT", "credentials", "graph_hash",
           "ntriples_lines", "without_blank_nodes"]


SAVE_EVERY = 1.0  # seconds between state file writes during a push
PACK_TRIPLES = 500  # whole graphs packed into one update request up to this (measured: see _batches)


class PushError(KgError):
    code = "E050"


@dataclass
class PushReport:
    pushed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    triples: int = 0
    requests: int = 0
    seconds: float = 0.0
    verified: dict[str, int] = field(default_factory=dict)


class Pusher:
    def __init__(self, endpoint: Endpoint, method: str = "auto", max_request_bytes: int = 1_000_000,
                 state_file: Path | None = None, max_request_triples: int | None = None, retries: int = 4,
                 sleep: Callable[[float], None] = time.sleep, say: Callable[[str], None] = lambda _m: None,
                 connections: int | None = None) -> None:
        self.ep = endpoint
        self.method = self._choose(method)
        self.max_bytes = max_request_bytes
        self.max_triples = max_request_triples or endpoint.update_triples  # Virtuoso: SP031 near 10,000 SQL lines
        self.connections = max(1, connections or endpoint.connections)
        self.pack_triples = min(self.max_triples, PACK_TRIPLES) if endpoint.drop_with_insert else 0
        self.state_file = state_file
        self.state = self._load_state()
        self._unsaved, self._saved_at = 0, time.monotonic()
        self.say = say
        self.client = StoreClient(endpoint.auth, endpoint.verify_tls, endpoint.timeout, endpoint.follow_redirects,
                                  retries, sleep, PushError)

    @property
    def requests(self) -> int:
        return self.client.requests

    # ---- state ------------------------------------------------------------------------------

    def _load_state(self) -> dict[str, str]:
        if self.state_file is None or not self.state_file.exists():
            return {}
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except ValueError:
            return {}
        return data.get(self.ep.query_url, {})

    def _save_state(self) -> None:
        """The state file rewritten (read, merged, fsynced: 5.6 ms each here, as long as the push
        of a graph) if graphs were acknowledged since the last write; ``push`` calls this every
        ``SAVE_EVERY`` seconds and when it ends, however it ends. A push killed in between
        leaves acknowledged graphs unrecorded: the next run replaces them again, no duplicates."""
        self._saved_at = time.monotonic()
        if self.state_file is None or not self._unsaved:
            return
        self._unsaved = 0
        data = {}
        if self.state_file.exists():
            try:
                data = json.loads(self.state_file.read_text(encoding="utf-8"))
            except ValueError:
                data = {}
        data[self.ep.query_url] = self.state
        with atomic_writer(self.state_file) as fh:
            json.dump(data, fh, indent=1, sort_keys=True)

    # ---- pushing ----------------------------------------------------------------------------

    def _choose(self, method: str) -> str:
        if method == "auto":
            return "gsp" if self.ep.gsp_url else "update"
        if method == "gsp" and not self.ep.gsp_url:
            raise PushError("--method gsp needs a Graph Store URL (--gsp-url)")
        return method

    def push(self, graphs: Iterable[Graph], verify: bool = False, force: bool = False) -> PushReport:
        """Each changed graph replaced on the store; up to ``connections`` requests in flight while
        the next graph is serialised. Results are taken in order, so the state file and ``say``
        see the graphs in input order, and only after the server acknowledged them."""
        report = PushReport()
        started = time.perf_counter()
        held = self.counts_held() if self.state and not force else {}
        pool = ThreadPoolExecutor(self.connections, thread_name_prefix="kg-push")
        inflight: deque[tuple[list[Prepared], Future[None]]] = deque()
        try:
            for batch in self._batches(self._changed(graphs, held, force, verify, report)):
                inflight.append((batch, pool.submit(self._send, batch)))
                while len(inflight) > 4 * self.connections:  # queued too, so no worker waits on the main thread
                    self._finish(*inflight.popleft(), verify, report)
            while inflight:
                self._finish(*inflight.popleft(), verify, report)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            self._save_state()  # what was acknowledged, also when a request failed
        report.requests = self.requests
        report.seconds = time.perf_counter() - started
        return report

    def _changed(self, graphs: Iterable[Graph], held: dict[str, int], force: bool, verify: bool,
                 report: PushReport) -> Iterator[Prepared]:
        """The graphs to send; those the state file and the store both say are there are skipped."""
        for g in graphs:
            p = prepare(g)
            if not force and self.state.get(p.name) == p.digest and held.get(p.name) == p.triples:
                report.unchanged.append(p.name)
                if verify:
                    report.verified[p.name] = held[p.name]
                continue
            yield p

    def _batches(self, prepared: Iterable[Prepared]) -> Iterator[list[Prepared]]:
        """One graph per Graph Store request; for SPARQL Update, whole graphs packed up to
        ``PACK_TRIPLES`` where the store replaces them in one request (on Oxigraph with two
        connections, 500 took 0.97 s for the corpus, one graph per request 1.63 s, 1000 1.12 s,
        2000 1.73 s: smaller requests keep both connections busy), else one graph per batch."""
        batch: list[Prepared] = []
        triples = size = 0
        for p in prepared:
            if batch and (self.method == "gsp" or triples + p.triples > self.pack_triples
                          or size + p.size > self.max_bytes):
                yield batch
                batch, triples, size = [], 0, 0
            batch.append(p)
            triples, size = triples + p.triples, size + p.size
        if batch:
            yield batch

    def _finish(self, batch: list[Prepared], future: Future[None], verify: bool, report: PushReport) -> None:
        future.result()  # a refusal raises here, before anything of the batch is recorded
        for p in batch:
            self.state[p.name] = p.digest
        self._unsaved += len(batch)
        if time.monotonic() - self._saved_at >= SAVE_EVERY:
            self._save_state()
        for p in batch:
            report.pushed.append(p.name)
            report.triples += p.triples
            if verify:
                n = self.count(p.name)
                report.verified[p.name] = n
                if n != p.triples:
                    raise PushError(f"graph <{p.name}>: the server holds {n} triples after the push, "
                                    f"expected {p.triples}")
            self.say(f"pushed <{p.name}> ({p.triples} triples)")

    def _send(self, batch: list[Prepared]) -> None:
        """Run in a worker thread: the batch's requests, in order, on that thread's connection."""
        label = f"graph <{batch[0].name}>" + (f" (and {len(batch) - 1} more in the request)" if len(batch) > 1 else "")
        if self.method == "gsp":
            self._put(batch[0], label)
            return
        for update in self._updates(batch):
            self._sparql_update(update, label)

    def _put(self, p: Prepared, label: str) -> None:
        query = urllib.parse.urlencode({self.ep.gsp_graph_param: p.name})
        sep = "&" if "?" in (self.ep.gsp_url or "") else "?"
        self.client.request("PUT", f"{self.ep.gsp_url}{sep}{query}", p.body,
                            {"Content-Type": "application/n-triples"}, label)

    def _updates(self, batch: list[Prepared]) -> Iterator[str]:
        """The update requests of a batch. Where the store takes a graph's DROP and INSERT DATA in
        one request (``Endpoint.drop_with_insert``, Oxigraph: one transaction), a batch that fits
        the limits is one request, each graph replaced whole; a larger graph has its DROP with
        the first part. Elsewhere (Virtuoso) the DROP goes alone, then the parts."""
        first = batch[0]
        if not self.ep.drop_with_insert:
            yield f"DROP SILENT GRAPH {URIRef(first.name).n3()}"
            yield from (_insert(first.name, part) for part in self._parts(first.lines))
        elif len(batch) > 1 or (first.triples <= self.max_triples and first.size <= self.max_bytes):
            yield " ;\n".join(_replace(p.name, p.lines) for p in batch)
        else:
            for i, part in enumerate(self._parts(first.lines)):
                yield _replace(first.name, part) if i == 0 else _insert(first.name, part)

    def _parts(self, lines: list[str]) -> Iterator[list[str]]:
        part: list[str] = []
        size = 0
        for line in lines:
            n = len(line.encode("utf-8")) + 1
            if part and (size + n + 200 > self.max_bytes or len(part) >= self.max_triples):
                yield part
                part, size = [], 0
            part.append(line)
            size += n
        if part:
            yield part

    def _sparql_update(self, update: str, label: str) -> None:
        self.client.request("POST", self.ep.update_url or self.ep.query_url, update.encode("utf-8"),
                            {"Content-Type": "application/sparql-update"}, label)

    def counts_held(self) -> dict[str, int]:
        """The triples of every named graph the store holds, in one query: the state file says
        what we pushed, this says what is still there (a store restarted empty, a graph
        dropped by hand), so a push re-sends what was lost (issue 19, point 4)."""
        data = json.loads(self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"))
        return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"] if "g" in b and "n" in b}

    def count(self, graph: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {URIRef(graph).n3()} {{ ?s ?p ?o }} }}"
        data = json.loads(self.select(query, graph))
        rows = data["results"]["bindings"]
        return int(rows[0]["n"]["value"]) if rows else 0

    def select(self, query: str, graph: str = "-") -> bytes:
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        return self.client.request("POST", self.ep.query_url, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                                     "Accept": "application/sparql-results+json"},
                                   f"graph <{graph}>", authenticate=False)


def _insert(name: str, lines: list[str]) -> str:
    """INSERT DATA of N-Triples lines written by rdflib (kg.store.ntriples), never of pasted text."""
    return f"INSERT DATA {{ GRAPH {URIRef(name).n3()} {{\n" + "\n".join(lines) + "\n} }"


def _replace(name: str, lines: list[str]) -> str:
    drop = f"DROP SILENT GRAPH {URIRef(name).n3()}"
    return drop + (" ;\n" + _insert(name, lines) if lines else "")
