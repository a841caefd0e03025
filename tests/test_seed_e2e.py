"""The seed article through the real model: the facts the project promises about it."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg.read import read_paths

SEED = Path(__file__).resolve().parent.parent / "seeds" / "trump-maduro.txt"


def seed_facts(exporter, published=None):
    [doc] = list(read_paths([str(SEED)], published=published))
    [(x, graph)] = list(exporter.graphs([doc]))
    label = lambda k: x.entities[k].label  # noqa: E731
    events = [(e.type, e.mode, {label(a) for a in e.actors}, {label(r) for r in e.recipients}, e.date,
               e.according_to and label(e.according_to), e.negated) for e in x.events]
    quotes = [(q.text, q.speaker and label(q.speaker)) for q in x.quotations]
    return x, graph, events, quotes


@pytest.fixture(scope="module")
def undated(exporter):
    return seed_facts(exporter)


def find(events, type_, actor):
    return [e for e in events if e[0] == type_ and actor in e[2]]


def test_phone_call_without_publication_date_has_no_year(undated):
    _, _, events, _ = undated
    [call] = find(events, "CONSULT", "Donald Trump")
    assert call[1] == "phone" and call[3] == {"Nicolás Maduro", "Venezuela"}  # Maduro's country with him
    assert call[4] == ("--11-21", "gMonthDay")
    assert call[5] == "Miami Herald"


def test_phone_call_with_publication_date(exporter):
    _, _, events, _ = seed_facts(exporter, published=date(2025, 11, 30))
    [call] = find(events, "CONSULT", "Donald Trump")
    assert call[4] == ("2025-11-21", "date")


def test_request_reject_and_sanction(undated):
    _, _, events, _ = undated
    assert any(e[1] == "change" and e[3] == {"Nicolás Maduro", "Venezuela"} for e in find(events, "REQUEST", "Donald Trump"))
    assert find(events, "REJECT", "Nicolás Maduro")
    assert find(events, "SANCTION", "United States")
    assert not any(e[6] for e in events)


def test_four_quotations_with_speakers(undated):
    _, _, _, quotes = undated
    assert [(t.rstrip(".").replace("’", "'"), s) for t, s in quotes] == [
        ("global amnesty", "Nicolás Maduro"),  # 'countering with a request for comprehensive "global amnesty"'
        ("wouldn't say it went well or badly", "Donald Trump"),
        ("closed in its entirety", "Donald Trump"),
        ("will not accept orders, threats, or interference from any foreign power", "Venezuela"),
    ]


def test_entities_merge_mentions_and_keep_roles(undated):
    x, _, _, _ = undated
    by_label = {e.label: e for e in x.entities.values()}
    assert {"Donald Trump", "Nicolás Maduro", "United States", "Venezuela", "Miami Herald"} <= set(by_label)
    assert "President" in by_label["Donald Trump"].roles
    venezuela = {x.document.text[m.begin:m.end] for m in by_label["Venezuela"].mentions}
    assert {"Venezuela", "Venezuelan", "Caracas"} <= venezuela
    assert {"U.S.", "Washington"} <= {x.document.text[m.begin:m.end] for m in by_label["United States"].mentions}


def test_seed_graph_conforms(undated):
    from kg.validate import validate_graph

    _, graph, _, _ = undated
    report = validate_graph(graph)
    assert report.violations == []
