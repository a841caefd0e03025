"""Common-noun actors ('police', 'lawmakers', 'Turkish police'): sentences written for the
tests, parsed by the real model, through extraction and the graph."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.extract.document import extract
from kg.model import Document
from kg.rdf.vocab import AGENT_ROLE, NK, ONTOLOGY_FILE
from kg.validate import validate_graph

ROOT = Path(__file__).resolve().parent.parent


def _extract(nlp, text: str):
    return extract(Document(text=text), nlp(text))


def _label(x, key: str) -> str:
    return x.entities[key].label


def test_a_countrys_police_act_with_the_country(nlp) -> None:
    x = _extract(nlp, "Turkish police detained 107 protesters in Istanbul on Sunday.")
    [event] = [e for e in x.events if e.type == "COERCE"]
    assert [_label(x, k) for k in event.actors] == ["Turkish police", "Turkey"]
    assert [_label(x, k) for k in event.recipients] == ["protesters"]
    police, protesters = x.entities[event.actors[0]], x.entities[event.recipients[0]]
    assert (police.type, police.agent) == ("Organization", "COP")
    assert (protesters.type, protesters.agent) == ("Group", "OPP")


def test_members_of_a_body_are_a_group(nlp) -> None:
    x = _extract(nlp, "Lawmakers condemned the ruling on Tuesday.")
    [event] = x.events
    assert event.type == "ACCUSE" and [(_label(x, k), x.entities[k].type) for k in event.actors] == [
        ("Lawmakers", "Group")]


def test_a_common_noun_no_event_or_quotation_uses_is_no_entity(nlp) -> None:
    x = _extract(nlp, "The old police station stood empty for years.")
    assert not [e for e in x.entities.values() if e.agent]


def test_a_single_title_without_its_country_names_no_actor(nlp) -> None:
    x = _extract(nlp, "The minister condemned the attack.")
    assert not [e for e in x.entities.values() if e.agent]


def test_the_graph_scopes_a_common_noun_actor_to_its_article(exporter) -> None:
    doc = Document(text="Kenyan police arrested six men in Nairobi on Monday.", url="https://news.example/kenya")
    [(_x, graph)] = list(exporter.graphs([doc]))
    article = next(graph.subjects(RDF.type, NK.Article))
    roles = dict(graph.subject_objects(NK.agentRole))
    assert roles and all(str(s).startswith(f"{article}/entity/") for s in roles)
    police = [s for s, o in roles.items() if o == AGENT_ROLE.COP]
    assert [str(p).startswith(f"{article}/entity/organization/") for p in police] == [True]
    report = validate_graph(graph)
    assert report.conforms(), report.findings


def test_every_agent_code_is_a_concept_of_the_ontologys_scheme() -> None:
    ontology = Graph().parse(ONTOLOGY_FILE)
    codes = json.loads((ROOT / "kg" / "data" / "agents.json").read_text())["codes"]
    scheme = URIRef(str(AGENT_ROLE))
    missing = [c for c in codes if (AGENT_ROLE[c], SKOS.inScheme, scheme) not in ontology]
    assert not missing and codes


def test_a_named_member_of_a_government_acts_with_the_country_on_the_articles_date(nlp) -> None:
    text = "Venezuela faces new pressure. Nicolas Maduro condemned the sanctions on Friday."
    doc = nlp(text)
    acting = extract(Document(text=text, published=date(2019, 5, 3)), doc)
    [event] = [e for e in acting.events if e.type == "ACCUSE"]
    assert [_label(acting, k) for k in event.actors] == ["Nicolas Maduro", "Venezuela"]
    before = extract(Document(text=text, published=date(2001, 5, 3)), nlp(text))  # before any post of his
    assert [_label(before, k) for e in before.events if e.type == "ACCUSE" for k in e.actors] == ["Nicolas Maduro"]


def test_the_government_of_a_story_about_one_country_is_that_country(nlp) -> None:
    x = _extract(nlp, "Kenya raised fuel taxes in May. Kenya's parliament met on Friday. "
                      "The government condemned the strike by teachers.")
    [event] = [e for e in x.events if e.type == "ACCUSE"]
    assert [_label(x, k) for k in event.actors] == ["Kenya"]
    assert not any(e.label.lower() == "government" for e in x.entities.values())


def test_the_government_stays_unnamed_when_two_countries_are_as_present(nlp) -> None:
    x = _extract(nlp, "Kenya and Uganda signed a treaty. The government condemned the strike.")
    [event] = [e for e in x.events if e.type == "ACCUSE"]
    assert [_label(x, k) for k in event.actors] == ["government"]
