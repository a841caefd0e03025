"""Pushing graphs to a SPARQL store: one named graph per article, replaced on every push.

Two methods. The Graph Store Protocol (``PUT`` of N-Triples per graph) is one request per
graph and atomic on the servers we test. SPARQL 1.1 Update (``DROP SILENT GRAPH`` then
``INSERT DATA`` in batches under a byte limit, through SPARQLWrapper) works everywhere.
A state file remembers each graph's content hash per endpoint, so a re-run after a crash
pushes only what is missing or changed. Credentials come from the environment or ~/.netrc,
never from visible arguments, and are never printed.
"""
from __future__ import annotations

import hashlib
import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from kg.errors import KgError
from kg.files import atomic_writer
from kg.store.redirects import RedirectPolicy

__all__ = ["Endpoint", "Pusher", "PushError", "PushReport", "graph_hash", "ntriples_lines", "credentials"]

USER_AGENT = "newskg/0.1 (https://w3id.org/newskg) push"


class PushError(KgError):
    code = "E050"


@dataclass
class Auth:
    kind: str = "none"  # none | basic | digest | bearer
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __repr__(self) -> str:  # never show secrets
        return f"Auth(kind={self.kind!r}, user={self.user!r})"


def credentials(url: str, kind: str | None = None) -> Auth:
    """KG_TOKEN (bearer), else KG_USER/KG_PASSWORD, else ~/.netrc for the host; ``kind`` picks
    basic or digest for a user and password (digest for Virtuoso's /sparql-auth)."""
    token = os.environ.get("KG_TOKEN")
    if token:
        return Auth("bearer", token=token)
    user, password = os.environ.get("KG_USER"), os.environ.get("KG_PASSWORD")
    if not user:
        host = urllib.parse.urlsplit(url).hostname or ""
        try:
            found = netrc.netrc().authenticators(host)
        except (FileNotFoundError, netrc.NetrcParseError):
            found = None
        if found:
            user, _, password = found
    if not user:
        return Auth()
    return Auth(kind or "basic", user=user, password=password or "")


@dataclass
class Endpoint:
    """The URLs of one store; Oxigraph's and Virtuoso's layouts are filled in by ``for_server``."""

    query_url: str
    update_url: str | None = None
    gsp_url: str | None = None
    gsp_graph_param: str = "graph"
    auth: Auth = field(default_factory=Auth)
    verify_tls: bool = True
    timeout: float = 60.0
    follow_redirects: bool = False  # same-origin ones only (kg.store.redirects)

    @classmethod
    def for_server(cls, url: str, update_url: str | None = None, gsp_url: str | None = None,
                   auth_kind: str | None = None, insecure: bool = False, follow_redirects: bool = False) -> "Endpoint":
        ep = cls._layout(url, update_url, gsp_url, credentials(url, auth_kind), not insecure)
        ep.follow_redirects = follow_redirects
        return ep

    @classmethod
    def _layout(cls, url: str, update_url: str | None, gsp_url: str | None, auth: Auth,
                verify_tls: bool) -> "Endpoint":
        base = url.rstrip("/")
        if base.endswith("/sparql") or base.endswith("/sparql-auth"):  # Virtuoso
            root = base.rsplit("/", 1)[0]
            secure = auth.kind != "none"
            return cls(query_url=root + "/sparql", update_url=update_url or (root + ("/sparql-auth" if secure else "/sparql")),
                       gsp_url=gsp_url or (root + ("/sparql-graph-crud-auth" if secure else "/sparql-graph-crud")),
                       auth=auth, verify_tls=verify_tls)
        if base.endswith("/query"):  # Oxigraph
            root = base.rsplit("/", 1)[0]
            return cls(query_url=base, update_url=update_url or root + "/update", gsp_url=gsp_url or root + "/store",
                       auth=auth, verify_tls=verify_tls)
        return cls(query_url=base, update_url=update_url or base, gsp_url=gsp_url, auth=auth, verify_tls=verify_tls)


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph as sorted N-Triples lines, serialised by rdflib's N-Triples writer (never by
    hand): one line per triple, every special character escaped, valid inside INSERT DATA too."""
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


GENID = "https://w3id.org/newskg/.well-known/genid/"


def without_blank_nodes(graph: Graph) -> Graph:
    """Blank nodes replaced by stable IRIs (canonical labelling, then skolemisation): Virtuoso
    refuses blank nodes in INSERT DATA, a list cut across two batches would fall apart, and the
    same graph must hash the same on every run."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    canonical = to_canonical_graph(graph)
    out = Graph(identifier=graph.identifier)
    mapping = {}
    for triple in canonical:
        out.add(tuple(mapping.setdefault(t, URIRef(GENID + str(t))) if isinstance(t, BNode) else t
                      for t in triple))
    return out


def graph_hash(graph: Graph) -> str:
    return hashlib.sha256("\n".join(ntriples_lines(graph)).encode("utf-8")).hexdigest()


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
                 state_file: Path | None = None, max_request_triples: int = 500, retries: int = 4, sleep: Callable[[float], None] = time.sleep,
                 say: Callable[[str], None] = lambda _m: None) -> None:
        self.ep = endpoint
        self.method = self._choose(method)
        self.max_bytes = max_request_bytes
        self.max_triples = max_request_triples  # Virtuoso: SP031 past ~10,000 lines of generated SQL
        self.state_file = state_file
        self.state = self._load_state()
        self.retries = retries
        self.sleep = sleep
        self.say = say
        self.requests = 0

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
        if self.state_file is None:
            return
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
        report = PushReport()
        started = time.perf_counter()
        held = self.counts_held() if self.state and not force else {}
        for g in graphs:
            g = without_blank_nodes(g)
            name = str(g.identifier)
            digest = graph_hash(g)
            if not force and self.state.get(name) == digest and held.get(name) == len(g):
                report.unchanged.append(name)
                if verify:
                    report.verified[name] = held[name]
                continue
            (self._put if self.method == "gsp" else self._update)(g)
            self.state[name] = digest
            self._save_state()
            report.pushed.append(name)
            report.triples += len(g)
            if verify:
                n = self.count(name)
                report.verified[name] = n
                if n != len(g):
                    raise PushError(f"graph <{name}>: the server holds {n} triples after the push, expected {len(g)}")
            self.say(f"pushed <{name}> ({len(g)} triples)")
        report.requests = self.requests
        report.seconds = time.perf_counter() - started
        return report

    def _put(self, g: Graph) -> None:
        body = ("\n".join(ntriples_lines(g)) + "\n").encode("utf-8")
        query = urllib.parse.urlencode({self.ep.gsp_graph_param: str(g.identifier)})
        sep = "&" if "?" in (self.ep.gsp_url or "") else "?"
        self._http("PUT", f"{self.ep.gsp_url}{sep}{query}", body, {"Content-Type": "application/n-triples"},
                   str(g.identifier))

    def _update(self, g: Graph) -> None:
        name = URIRef(str(g.identifier)).n3()
        self._sparql_update(f"DROP SILENT GRAPH {name}", str(g.identifier))
        batch: list[str] = []
        size = 0
        head = f"INSERT DATA {{ GRAPH {name} {{\n"
        for line in ntriples_lines(g):
            n = len(line.encode("utf-8")) + 1
            if batch and (size + n + len(head) + 4 > self.max_bytes or len(batch) >= self.max_triples):
                self._sparql_update(head + "\n".join(batch) + "\n} }", str(g.identifier))
                batch, size = [], 0
            batch.append(line)
            size += n
        if batch:
            self._sparql_update(head + "\n".join(batch) + "\n} }", str(g.identifier))

    def _sparql_update(self, update: str, graph: str) -> None:
        body = urllib.parse.urlencode({"update": update}).encode("utf-8")
        self._http("POST", self.ep.update_url or self.ep.query_url, body,
                   {"Content-Type": "application/x-www-form-urlencoded"}, graph)

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
        return self._http("POST", self.ep.query_url, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                            "Accept": "application/sparql-results+json"}, graph,
                          authenticate=False)

    # ---- HTTP -------------------------------------------------------------------------------

    def _opener(self, url: str, authenticate: bool) -> urllib.request.OpenerDirector:
        import ssl

        handlers: list[urllib.request.BaseHandler] = [RedirectPolicy(self.ep.follow_redirects, PushError, "kg push")]
        if not self.ep.verify_tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=ctx))
        auth = self.ep.auth
        if authenticate and auth.kind in ("basic", "digest"):
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, url, auth.user, auth.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr) if auth.kind == "digest"
                            else urllib.request.HTTPBasicAuthHandler(mgr))
        return urllib.request.build_opener(*handlers)

    def _http(self, method: str, url: str, body: bytes, headers: dict[str, str], graph: str,
              authenticate: bool = True) -> bytes:
        headers = {"User-Agent": USER_AGENT, **headers}
        if authenticate and self.ep.auth.kind == "bearer":
            headers["Authorization"] = f"Bearer {self.ep.auth.token}"
        if authenticate and self.ep.auth.kind == "basic":  # send it up front: some servers never challenge
            import base64

            pair = f"{self.ep.auth.user}:{self.ep.auth.password}".encode("utf-8")
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        delay = 0.5
        for attempt in range(self.retries + 1):
            self.requests += 1
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self._opener(url, authenticate).open(req, timeout=self.ep.timeout) as resp:
                    return resp.read()
            except urllib.error.HTTPError as exc:
                message = exc.read(2000).decode("utf-8", "replace").strip()
                if exc.code >= 500 and attempt < self.retries:
                    self.sleep(delay)
                    delay *= 2
                    continue
                raise PushError(f"graph <{graph}>: {url.split('?')[0]} answered {exc.code} {exc.reason}: "
                                f"{message[:500]}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
                if attempt < self.retries:
                    self.sleep(delay)
                    delay *= 2
                    continue
                raise PushError(f"graph <{graph}>: cannot reach {url.split('?')[0]}: "
                                f"{getattr(exc, 'reason', exc)}") from None
        raise PushError(f"graph <{graph}>: no answer")  # pragma: no cover
