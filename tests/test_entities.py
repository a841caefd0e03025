"""Entity-layer rules on sentences written for the tests (the real model parses them)."""
from __future__ import annotations

from kg.extract.entities import extract_entities


def test_a_union_of_states_is_one_organisation_under_its_name(nlp) -> None:
    layer = extract_entities(nlp("The European Union banned the airline. The EU said the ban stays."))
    unions = [e for e in layer.entities.values() if e.label == "European Union"]
    assert [(e.type, len(e.mentions)) for e in unions] == [("Organization", 2)]
