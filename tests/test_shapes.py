"""The shapes catch each kind of defect injected into a good graph: one case per constraint."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, XSD
from test_mapping import RUN, extraction_from_case

from kg.rdf.iris import IriMinter
from kg.rdf.mapping import map_extraction
from kg.rdf.vocab import GAF, NIF, NK, PLOVER, SCHEMA
from kg.validate import validate_graph

CASE = Path(__file__).parent / "cases" / "phone-call" / "input.json"


@pytest.fixture()
def good() -> Graph:
    g = map_extraction(extraction_from_case(json.loads(CASE.read_text())), IriMinter(), RUN)
    assert validate_graph(g).findings == []
    return g


def one(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def article(g):
    return one(g, NK.Article)


def event(g):
    return one(g, NK.Event)


def quote(g):
    return one(g, NK.Quotation)


def person(g):
    return one(g, NK.Person)


def appearance(g):
    return one(g, NK.Appearance)


def mention(g):
    return sorted(g.subjects(RDF.type, NIF.OffsetBasedString))[0]


def set_(g, s, p, o):
    g.remove((s, p, None))
    g.add((s, p, o))


def drop(g, s, p):
    g.remove((s, p, None))


Mutation = Callable[[Graph], None]
VIOLATIONS: dict[str, tuple[Mutation, str]] = {
    "two headlines": (lambda g: g.add((article(g), SCHEMA.headline, Literal("Another"))), "headline"),
    "date published not a date": (lambda g: set_(g, article(g), SCHEMA.datePublished, Literal("yesterday")),
                                  "datePublished"),
    "url as a literal": (lambda g: set_(g, article(g), SCHEMA.url, Literal("https://x.example")), "url"),
    "no article text": (lambda g: drop(g, article(g), SCHEMA.articleBody), "articleBody"),
    "mentions a non-entity": (lambda g: g.add((article(g), SCHEMA.mentions, URIRef("https://x.example/thing"))),
                              "mentions"),
    "no run recorded": (lambda g: drop(g, article(g), PROV.wasGeneratedBy), "wasGeneratedBy"),
    "run without version": (lambda g: drop(g, one(g, PROV.Activity), NK.softwareVersion), "softwareVersion"),
    "entity not derived from the article": (lambda g: drop(g, person(g), PROV.wasDerivedFrom), "wasDerivedFrom"),
    "entity without mentions": (lambda g: drop(g, person(g), GAF.denotedBy), "denotedBy"),
    "entity of two types": (lambda g: g.add((person(g), RDF.type, NK.Location)), "exactly one of"),
    "entity with two labels": (lambda g: g.add((person(g), RDFS.label, Literal("Other"))), "label"),
    "entity with no label": (lambda g: drop(g, person(g), RDFS.label), "label"),
    "sameAs outside Wikidata": (lambda g: g.add((person(g), OWL.sameAs, URIRef("http://dbpedia.org/resource/X"))),
                                "sameAs"),
    "confidence above 1": (lambda g: g.add((appearance(g), NK.confidence, Literal("1.5", datatype=XSD.decimal))),
                           "confidence"),
    "appearance of nothing": (lambda g: drop(g, appearance(g), NK.entity), "nk:entity"),
    "two article labels": (lambda g: g.add((appearance(g), NK.articleLabel, Literal("Another"))), "articleLabel"),
    "event without trigger": (lambda g: drop(g, event(g), NK.trigger), "trigger"),
    "sentence not a sentence": (lambda g: g.add((mention(g), NIF.sentence, URIRef("https://x.example/s"))),
                                "nif:sentence"),
    "person not typed entity": (lambda g: g.remove((person(g), RDF.type, NK.Entity)), "also typed nk:Entity"),
    "two event types": (lambda g: g.add((event(g), NK.eventType, PLOVER.ASSAULT)), "eventType"),
    "event type outside PLOVER": (lambda g: set_(g, event(g), NK.eventType, URIRef("https://x.example/Party")),
                                  "eventType"),
    "event without actor": (lambda g: drop(g, event(g), NK.actor), "actor"),
    "actor not an entity": (lambda g: set_(g, event(g), NK.actor, URIRef("https://x.example/nobody")), "actor"),
    "mode outside PLOVER": (lambda g: set_(g, event(g), NK.mode, URIRef("https://x.example/mode")), "mode"),
    "date as plain string": (lambda g: set_(g, event(g), NK.date, Literal("Friday")), "date"),
    "two dates": (lambda g: g.add((event(g), NK.date, Literal("2025-11", datatype=XSD.gYearMonth))), "date"),
    "negated not boolean": (lambda g: set_(g, event(g), NK.negated, Literal("no")), "negated"),
    "location is a person": (lambda g: g.add((event(g), NK.location, person(g))), "location"),
    "quotation without text": (lambda g: drop(g, quote(g), SCHEMA.text), "text"),
    "quotation with two speakers": (lambda g: g.add((quote(g), NK.speaker, sorted(g.subjects(RDF.type, NK.Person))[1])),
                                    "speaker"),
    "mention begin not an integer": (lambda g: set_(g, mention(g), NIF.beginIndex, Literal("ten")), "beginIndex"),
    "end before begin": (lambda g: set_(g, mention(g), NIF.endIndex, Literal(1, datatype=XSD.nonNegativeInteger)),
                         "greater than"),
    "anchor of wrong length": (lambda g: set_(g, mention(g), NIF.anchorOf, Literal("Ann")), "length"),
    "anchor not the text at the offsets": (lambda g: set_(g, mention(g), NIF.anchorOf, Literal("Bob Lee")),
                                           "article text between"),
    "mention IRI disagrees with offsets": (lambda g: _move_mention_iri(g), "#char=BEGIN,END"),
}


def _move_mention_iri(g: Graph) -> None:
    m = mention(g)
    new = URIRef(str(m).split("#")[0] + "#char=0,7")
    for p, o in list(g.predicate_objects(m)):
        g.add((new, p, o))
    g.remove((m, None, None))
    for s, p in list(g.subject_predicates(m)):
        g.remove((s, p, m))
        g.add((s, p, new))


@pytest.mark.parametrize("name", sorted(VIOLATIONS))
def test_injected_defect_is_a_violation(good, name):
    mutate, needle = VIOLATIONS[name]
    mutate(good)
    report = validate_graph(good)
    assert not report.conforms()
    assert any(needle in (f.path or "") or needle in f.message for f in report.violations), report.violations


@pytest.mark.parametrize("mutate,needle", [
    (lambda g: drop(g, article(g), SCHEMA.headline), "no headline"),
    (lambda g: drop(g, quote(g), NK.speaker), "no known speaker"),
])
def test_thin_data_is_only_a_warning(good, mutate, needle):
    mutate(good)
    report = validate_graph(good)
    assert report.conforms() and not report.conforms("warning")
    assert [f.message for f in report.warnings] == [report.warnings[0].message] and needle in report.warnings[0].message


OFFSET_DEFECTS = {
    "anchor shifted": lambda g: set_(g, mention(g), NIF.anchorOf, Literal("Bob Lee")),
    "anchor too short": lambda g: set_(g, mention(g), NIF.anchorOf, Literal("Ann")),
    "end before begin": lambda g: set_(g, mention(g), NIF.endIndex, Literal(1, datatype=XSD.nonNegativeInteger)),
    "begin not a number": lambda g: set_(g, mention(g), NIF.beginIndex, Literal("ten")),
    "IRI disagrees": lambda g: _move_mention_iri(g),
    "two anchors": lambda g: g.add((mention(g), NIF.anchorOf, Literal("Bob Roe"))),
    "end past the text": lambda g: set_(g, mention(g), NIF.endIndex, Literal(5000, datatype=XSD.nonNegativeInteger)),
    "begin a decimal": lambda g: set_(g, mention(g), NIF.beginIndex, Literal("0.5", datatype=XSD.decimal)),
    "anchor a number": lambda g: g.add((mention(g), NIF.anchorOf, Literal(7, datatype=XSD.nonNegativeInteger))),
}


@pytest.mark.parametrize("name", sorted(VIOLATIONS) + sorted(f"offset: {k}" for k in OFFSET_DEFECTS))
def test_fast_validation_reports_exactly_what_pyshacl_reports(good, name):
    mutate = OFFSET_DEFECTS[name[8:]] if name.startswith("offset: ") else VIOLATIONS[name][0]
    mutate(good)
    key = lambda r: sorted((f.focus, f.path or "", f.severity, f.message, f.value or "") for f in r.findings)  # noqa: E731
    full, fast = validate_graph(good), validate_graph(good, fast=True)
    assert key(fast) == key(full)
    assert not full.conforms()


WARNINGS = {
    "no headline": lambda g: drop(g, article(g), SCHEMA.headline),
    "no speaker": lambda g: drop(g, quote(g), NK.speaker),
    "no negation flag": lambda g: drop(g, event(g), NK.negated),
}


def _key(report):
    return sorted((f.focus, f.path or "", f.severity, f.message, f.value or "", f.shape or "") for f in report.findings)


@pytest.mark.parametrize("name", sorted(WARNINGS) + ["clean"])
def test_count_results_come_from_python_and_match_pyshacl(good, name, monkeypatch):
    WARNINGS.get(name, lambda g: None)(good)
    full = validate_graph(good)

    def no_pyshacl(*args, **kwargs):
        raise AssertionError("the fast path asked pySHACL")

    monkeypatch.setattr("kg.validate.shacl.pyshacl.validate", no_pyshacl)
    assert _key(validate_graph(good, fast=True)) == _key(full)
    assert full.conforms() and (name == "clean") == (full.findings == [])


NODES = [Literal("x"), Literal(""), Literal(7, datatype=XSD.nonNegativeInteger), Literal("7", datatype=XSD.integer),
         Literal("true", datatype=XSD.boolean), Literal("2025-11-21", datatype=XSD.date), Literal("0.5", datatype=XSD.decimal),
         Literal("nope", datatype=XSD.date), URIRef("https://x.example/a"), URIRef("http://www.wikidata.org/entity/Q1"),
         PLOVER.CONSULT, NK.Person, NK.Entity, BNode()]


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_fast_validation_agrees_with_pyshacl_on_random_edits(data):
    g = map_extraction(extraction_from_case(json.loads(CASE.read_text())), IriMinter(), RUN)
    triples = sorted(g, key=str)
    for _ in range(data.draw(st.integers(1, 4))):
        s, p, o = data.draw(st.sampled_from(triples))
        action = data.draw(st.sampled_from(["drop", "add", "replace"]))
        if action != "add":
            g.remove((s, p, o))
        if action != "drop":
            g.add((s, p, data.draw(st.sampled_from(NODES + [s, o]))))
    assert _key(validate_graph(g, fast=True)) == _key(validate_graph(g))


def test_shapes_outside_the_subset_are_left_to_pyshacl():
    from kg.validate.fast import compile_shapes
    from kg.validate.shacl import _without_offset_sparql, load_shapes

    ours = _without_offset_sparql(load_shapes())
    assert compile_shapes(ours) is not None
    assert compile_shapes(load_shapes()) is None  # SPARQL constraints: pySHACL's business
    extra = Graph()
    for t in ours:
        extra.add(t)
    extra.add((URIRef("https://x.example/S"), SH.targetNode, URIRef("https://x.example/n")))
    assert compile_shapes(extra) is None
