"""The graph as a store gives it back: the Wikinews export pushed to a real `oxigraph serve`,
then dumped whole (Graph Store Protocol, N-Quads), is the export again, graph for graph, and
every dumped graph and their union conform."""
from __future__ import annotations

import json
import urllib.request

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.compare import isomorphic
from click.testing import CliRunner
from servers import OxigraphServer

from interop.conftest import merged
from kg.cli import cli
from kg.rdf.named_graphs import ONTOLOGY_GRAPH, PLOVER_GRAPH, iter_named_graphs
from kg.store.push import Endpoint, Pusher
from kg.validate import validate_graph

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dumped(export, tmp_path_factory):
    out = export
    exported = {g.identifier: g for g in iter_named_graphs([str(out)])}
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    try:
        Pusher(Endpoint.for_server(server.query_url), "gsp").push(list(exported.values()))
        request = urllib.request.Request(f"{server.url}/store", headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
        checked = CliRunner().invoke(cli, ["validate", "--endpoint", server.query_url, "--fast", "-f", "json"])
    finally:
        server.stop()
    dataset = Dataset()
    dataset.parse(data=body, format="nquads")
    return exported, dataset, checked


def test_kg_validate_endpoint_checks_every_article_graph_the_store_holds(dumped):
    *_, checked = dumped
    assert checked.exit_code == 0, checked.stderr
    report = json.loads(checked.stdout)
    assert report["graphs"] == 144 and [r for r in report["results"] if r["severity"] == "Violation"] == []


INTEGER_TYPES = {XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}


def as_stored(g: Graph) -> Graph:
    """What a store keeps of a graph: Oxigraph stores an integer's value, not its derived type,
    so ``"7"^^xsd:nonNegativeInteger`` comes back as ``"7"^^xsd:integer`` (the shapes accept both)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype in INTEGER_TYPES:
            o = Literal(int(o), datatype=XSD.integer)
        out.add((s, p, o))
    return out


def unskolemized(g: Graph) -> Graph:
    """The pusher sends blank nodes (the ontology's owl:unionOf lists) as skolem IRIs
    (<BASE/.well-known/genid/...>, RDF 1.1 section 3.5) so that pushing again replaces them; back
    to blank nodes for the comparison."""
    def term(t):
        return BNode(str(t).rsplit("/", 1)[1]) if isinstance(t, URIRef) and "/.well-known/genid/" in str(t) else t
    out = Graph()
    for s, p, o in g:
        out.add((term(s), p, term(o)))
    return out


def test_the_dump_is_the_export_graph_for_graph(dumped):
    exported, dataset, _ = dumped
    back = {c.identifier: c for c in dataset.graphs() if isinstance(c.identifier, URIRef) and len(c)}
    assert set(back) == set(exported)
    different = [str(iri) for iri, g in exported.items() if not isomorphic(as_stored(g), unskolemized(back[iri]))]
    assert different == []
    changed = [str(iri) for iri, g in exported.items() if not isomorphic(g, back[iri])]
    assert changed, "Oxigraph no longer turns xsd:nonNegativeInteger into xsd:integer: update as_stored"


def test_every_dumped_graph_and_their_union_conform(dumped):
    _, dataset, _ = dumped
    vocabularies = {ONTOLOGY_GRAPH, PLOVER_GRAPH}
    articles = [c for c in dataset.graphs() if len(c) and c.identifier not in vocabularies
                and isinstance(c.identifier, URIRef)]
    assert len(articles) == 144
    per_graph = [f for g in articles for f in validate_graph(g, fast=True).findings]  # fast: pySHACL's verdicts
    assert [f for f in per_graph if f.severity == "Violation"] == []
    union = validate_graph(merged(dataset, [g.identifier for g in articles]), fast=True)
    assert [f for f in union.findings if f.severity == "Violation"] == []
