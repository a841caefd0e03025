"""One article's statements, built once: rdflib terms in a plain insertion-ordered set.

The exporter maps, validates and serialises every article. rdflib's in-memory store pays for
its context bookkeeping and events on every ``add`` and every pattern walk (some 8 ms of an
article's 15 after NLP), yet the exporter only ever walks the article's statements and looks
them up by subject and predicate. ``ArticleTriples`` keeps the statements as they are made,
with the rdflib ``Graph`` of exactly those statements (same identifier, same prefixes, same
insertion order) built only when something asks for one: the library API, pySHACL, rdflib's
writer for a graph Oxigraph refuses.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.rdf.vocab import bind_prefixes

__all__ = ["ArticleTriples", "Terms", "Triple"]

Triple = tuple[Node, URIRef, Node]


def _bound() -> Graph:
    g = Graph()
    bind_prefixes(g)
    return g


class ArticleTriples:
    """An article's named graph as a set of statements (each once, in the order first added)."""

    _namespaces: list[tuple[str, URIRef]] | None = None  # what a Graph with our prefixes binds: the same for all

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self._triples: dict[Triple, None] = {}
        self._graph: Graph | None = None

    def add(self, triple: Triple) -> None:
        self._triples[triple] = None
        self._graph = None

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple: Triple) -> bool:
        return triple in self._triples

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        """The prefix bindings of the graph ``graph()`` gives, as ``Graph.namespaces``."""
        if ArticleTriples._namespaces is None:
            ArticleTriples._namespaces = list(_bound().namespaces())
        return iter(ArticleTriples._namespaces)

    def graph(self) -> Graph:
        """The rdflib graph of these statements, named by the article, with the contract's prefixes."""
        if self._graph is None:
            g = Graph(identifier=self.identifier)
            bind_prefixes(g)
            for t in self._triples:
                g.add(t)
            self._graph = g
        return self._graph


class Terms:
    """A namespace whose terms are made once per process. rdflib's ``Namespace`` (and the
    ``DefinedNamespace`` classes such as ``RDF``) make and check a new ``URIRef`` at every
    attribute access; the mapper asks for the same few dozen thousands of times an article."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)  # found by plain attribute lookup from now on
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term
