"""The ontology documents every term the export uses; the PLOVER scheme has what the contract says."""
from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.rdf.vocab import NK, ONTOLOGY_FILE, PLOVER, PLOVER_FILE
from kg.validate import SHAPES_FILE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def plover() -> Graph:
    return Graph().parse(PLOVER_FILE)


@pytest.mark.parametrize("path", [ONTOLOGY_FILE, PLOVER_FILE, SHAPES_FILE], ids=lambda p: p.name)
def test_files_parse_with_rdflib_and_oxigraph(path):
    n = len(Graph().parse(path))
    quads = list(pyoxigraph.parse(io.BytesIO(path.read_bytes()), pyoxigraph.RdfFormat.TURTLE))
    assert n == len(quads) > 50


def test_ontology_metadata(ontology):
    onto = next(ontology.subjects(RDF.type, OWL.Ontology))
    for p in ("http://www.w3.org/2002/07/owl#versionInfo", "http://www.w3.org/2002/07/owl#versionIRI",
              "http://purl.org/dc/terms/license", "http://purl.org/dc/terms/creator",
              "http://purl.org/vocab/vann/preferredNamespacePrefix"):
        assert ontology.value(onto, URIRef(p)) is not None, p
    assert str(onto) == "https://w3id.org/newskg/ontology"


def test_every_nk_term_the_export_uses_is_declared_and_documented(ontology, exporter):
    from kg.model import Document

    text = (ROOT / "seeds" / "trump-maduro.txt").read_text(encoding="utf-8").split("\n", 2)[2]
    [(_, g)] = list(exporter.graphs([Document(text=text, title="t", publisher="p", url="https://e.x/a")]))
    used = {t for triple in g for t in triple if str(t).startswith(str(NK))}
    assert {NK.Article, NK.Event, NK.Quotation, NK.Person, NK.actor, NK.eventType} <= used
    for term in used:
        assert (term, RDFS.label, None) in ontology, term
        assert (term, RDFS.comment, None) in ontology, term
    plover_used = {o for o in g.objects() if str(o).startswith(str(PLOVER))}
    scheme = Graph().parse(PLOVER_FILE)
    for concept in plover_used:
        assert (concept, SKOS.inScheme, PLOVER[""]) in scheme, concept


def test_contract_classes_and_alignments(ontology):
    sub = lambda a, b: (a, RDFS.subClassOf, b) in ontology  # noqa: E731
    assert sub(NK.Article, URIRef("http://schema.org/NewsArticle"))
    assert sub(NK.Event, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event"))
    assert sub(NK.Quotation, URIRef("http://schema.org/Quotation"))
    for c in (NK.Person, NK.Organization, NK.Location, NK.Group):
        assert sub(c, NK.Entity)
    assert (NK.actor, RDFS.subPropertyOf, URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/hasActor")) in ontology


def test_plover_types_modes_and_notations(plover):
    types = set(plover.subjects(SKOS.broader, PLOVER.EventType))
    assert len(types) == 16
    assert {str(plover.value(t, SKOS.notation)) for t in types} == {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
    assert plover.value(PLOVER["mode-phone"], SKOS.notation) == Literal("phone")
    assert plover.value(PLOVER["mode-change"], SKOS.notation) == Literal("change")
    assert (PLOVER["context-terrorism"], SKOS.inScheme, PLOVER[""]) in plover


def test_trigger_lexicon_names_only_concepts_that_exist(plover):
    from kg.lexicon import triggers
    from kg.rdf.mapping import plover_context, plover_mode, plover_type

    for row in triggers()["trigger"]:
        assert (plover_type(row["type"]), SKOS.inScheme, PLOVER[""]) in plover
        if row.get("mode"):
            assert (plover_mode(row["mode"]), SKOS.related, plover_type(row["type"])) in plover, row
        if row.get("context"):
            assert (plover_context(row["context"]), SKOS.inScheme, PLOVER[""]) in plover


@pytest.mark.parametrize("published, shipped", [
    ("ontology/newskg.ttl", ONTOLOGY_FILE), ("ontology/plover.ttl", PLOVER_FILE), ("shapes/newskg.ttl", SHAPES_FILE),
], ids=lambda v: str(v).rsplit("/", 2)[-2] if isinstance(v, Path) else v)
def test_published_copies_equal_what_the_package_ships(published: str, shipped: Path) -> None:
    """The top-level ontology/ and shapes/ are what users link to; the package ships its own copy
    (a wheel cannot reach outside it). Edit one, copy it over the other."""
    assert (ROOT / published).read_bytes() == shipped.read_bytes(), f"{published} differs from {shipped}"
