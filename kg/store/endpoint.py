"""Where and how to reach a store: its query, update and Graph Store URLs (Oxigraph's and
Virtuoso's layouts derived from one URL), credentials and connection settings.

Credentials come from the environment or ~/.netrc, never from visible arguments, and are never
printed (``Auth.__repr__``).
"""
from __future__ import annotations

import netrc
import os
import urllib.parse
from dataclasses import dataclass, field

__all__ = ["Auth", "Endpoint", "credentials"]


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
    connections: int = 1  # requests in flight at once, each on its own kept-alive connection
    update_triples: int = 500  # most triples in one SPARQL Update request (Virtuoso: SP031, SP030)
    # a graph's DROP and INSERT DATA in one update request, several graphs to a request: one
    # transaction per request on Oxigraph (pyoxigraph's Store.update says so); Virtuoso took three
    # times as long (25.7 s against 8.0 s on the corpus) as with the DROP in a request of its own
    drop_with_insert: bool = False

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
            # two connections keep both of its writer threads busy (half the time of one on the
            # corpus), and INSERT DATA fails only near 10^4 triples: an article graph is one request
            root = base.rsplit("/", 1)[0]
            return cls(query_url=base, update_url=update_url or root + "/update", gsp_url=gsp_url or root + "/store",
                       auth=auth, verify_tls=verify_tls, connections=2, update_triples=5000,
                       drop_with_insert=True)
        return cls(query_url=base, update_url=update_url or base, gsp_url=gsp_url, auth=auth, verify_tls=verify_tls)
