"""A graph made ready to push: blank nodes skolemised, N-Triples lines, a content hash, in one walk.

Serialising was the largest client-side cost of a push (rdflib's N-Triples writer, run twice per
graph: once for the hash, once for the body, after a third walk looking for blank nodes). Here
the graph is walked once and each distinct term is written once, by rdflib's own N-Triples code
(``Node.n3`` for IRIs, the N-Triples writer's literal quoting), never by hand: the lines are
exactly those of ``graph.serialize(format="nt")``, so the hash is unchanged and every special
character is escaped, valid inside ``INSERT DATA`` too.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.nt import _quoteLiteral  # the writer's own literal quoting
from rdflib.term import Node

__all__ = ["GENID", "Prepared", "prepare", "ntriples_lines", "without_blank_nodes", "graph_hash"]

GENID = "https://w3id.org/newskg/.well-known/genid/"


@dataclass
class Prepared:
    """One graph as it is sent: its name, sorted N-Triples lines (no newline) and their hash."""

    name: str
    lines: list[str]
    digest: str

    @property
    def triples(self) -> int:
        return len(self.lines)

    @cached_property
    def body(self) -> bytes:
        """The N-Triples document of a Graph Store PUT (its length sizes update requests too)."""
        return ("\n".join(self.lines) + "\n").encode("utf-8") if self.lines else b""

    @property
    def size(self) -> int:
        return len(self.body)


class _HasBlankNode(Exception):
    """Raised mid-walk: the graph needs skolemising first (rare; the exporter writes none)."""


def _term(term: Node, cache: dict[Node, str]) -> str:
    text = cache.get(term)
    if text is None:
        if isinstance(term, BNode):
            raise _HasBlankNode
        text = _quoteLiteral(term) if isinstance(term, Literal) else term.n3()
        cache[term] = text
    return text


def _lines(graph: Graph) -> list[str]:
    cache: dict[Node, str] = {}
    return sorted(f"{_term(s, cache)} {_term(p, cache)} {_term(o, cache)} ." for s, p, o in graph)


def ntriples_lines(graph: Graph) -> list[str]:
    """The graph (blank nodes allowed) as sorted N-Triples lines, as rdflib's writer makes them."""
    try:
        return _lines(graph)
    except _HasBlankNode:
        return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


def without_blank_nodes(graph: Graph) -> Graph:
    """Blank nodes replaced by stable IRIs (canonical labelling, then skolemisation): Virtuoso
    refuses blank nodes in INSERT DATA, a list cut across two batches would fall apart, and the
    same graph must hash the same on every run."""
    if not any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph
    canonical = to_canonical_graph(graph)
    out = Graph(identifier=graph.identifier)
    mapping: dict[Node, URIRef] = {}
    for triple in canonical:
        out.add(tuple(mapping.setdefault(t, URIRef(GENID + str(t))) if isinstance(t, BNode) else t
                      for t in triple))
    return out


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def graph_hash(graph: Graph) -> str:
    """The content hash the push state file keeps (of the skolemised graph's sorted lines)."""
    return prepare(graph).digest


def prepare(graph: Graph) -> Prepared:
    """The graph ready to send, in one walk when it has no blank node (two when it has)."""
    try:
        lines = _lines(graph)
    except _HasBlankNode:
        lines = _lines(without_blank_nodes(graph))
    return Prepared(str(graph.identifier), lines, _digest(lines))
