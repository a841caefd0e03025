"""The verdict on the union of many article graphs, as a store that merges them would give it.

Validating each named graph on its own misses what only the union shows: a linked entity told
by two articles with two labels, or typed a person in one and a place in the other, breaks
``sh:maxCount`` in the merged graph while each article conforms. Validating the merged graph
with pySHACL takes minutes on a few hundred articles. Most nodes, though, live in one article
graph (its mentions, events, quotations: IRIs under the article's own), so their verdict is the
same in the union; only nodes that several graphs describe (linked entities, the export's run)
can fare differently. So each graph is checked on its own for its own nodes, and the shared
nodes once, on everything the graphs say about them plus the types of what they point to.

``UnionCheck`` is fed the graphs one at a time (an export is streamed, never held whole) and
keeps only what it needs for the shared nodes: the descriptions of nodes outside each graph's
own IRI space. Findings on shared nodes from the per-graph checks are replaced by the union's.
"""
from __future__ import annotations

import dataclasses

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF

from kg.validate.shacl import Report, validate_graph

__all__ = ["UnionCheck", "UNION_GRAPH"]

UNION_GRAPH = "union"  # the graph a finding on a shared node names


class UnionCheck:
    def __init__(self, shapes: Graph, fast: bool = True) -> None:
        self.shapes, self.fast = shapes, fast
        self.described: dict[URIRef, set[str]] = {}  # a node outside its graph's own IRIs -> graphs describing it
        self.triples = Graph(identifier=URIRef(UNION_GRAPH))  # about those nodes, and the types of their objects

    def add(self, graph: Graph) -> None:
        """Note what ``graph`` says about nodes that are not its own."""
        own = str(graph.identifier).rstrip("/#")
        for subject in set(graph.subjects()):
            if isinstance(subject, URIRef) and not _under(str(subject), own):
                self.described.setdefault(subject, set()).add(str(graph.identifier))
                for p, o in graph.predicate_objects(subject):
                    self.triples.add((subject, p, o))
                    if isinstance(o, (URIRef, BNode)):
                        for t in graph.objects(o, RDF.type):
                            self.triples.add((o, RDF.type, t))

    def shared(self) -> set[str]:
        return {str(node) for node, graphs in self.described.items() if len(graphs) > 1}

    def verdict(self, per_graph: Report) -> Report:
        """``per_graph`` (the graphs' own findings) with every finding on a shared node replaced by
        the findings on that node in the union."""
        shared = self.shared()
        out = Report(graphs=per_graph.graphs)
        out.findings = [f for f in per_graph.findings if f.focus not in shared]
        if shared:
            union = validate_graph(self.triples, self.shapes, fast=self.fast)
            out.findings += [dataclasses.replace(f, graph=UNION_GRAPH) for f in union.findings if f.focus in shared]
        return out


def _under(iri: str, own: str) -> bool:
    return iri == own or iri.startswith((own + "/", own + "#"))
