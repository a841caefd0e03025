"""The CAMEO dictionary's patterns on real parses of sentences written for the tests."""
from __future__ import annotations

import pytest

from kg.extract.cameo import cameo_verb
from kg.extract.document import extract
from kg.model import Document


def _codes(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(t.text, c.type, c.line) for t in nlp(text) if (c := cameo_verb(t))]


@pytest.mark.parametrize("text, expected", [
    ("Turkey put its army on alert along the Syrian border.",                       # a preposition and its object
     [("put", "MOBILIZE", "- * (ON ALERT) [152] # PUT")]),
    ("Russia launched an investigation into the crash.",                            # a synset as the object
     [("launched", "ACCUSE", "- * &INVESTIGATION [090] # OPEN")]),
    ("Protesters staged a demonstration outside the French embassy.",               # a regular form the model
     [("staged", "PROTEST", "- * DEMONSTRATION [141] # STAGE")]),                   # lemmatises badly ('stag')
])
def test_a_pattern_around_the_verb_gives_its_code(nlp, text: str, expected: list) -> None:
    assert _codes(nlp, text) == expected


def test_a_verb_with_no_fitting_pattern_codes_nothing(nlp) -> None:
    text = "The company increased its profits last year."
    assert _codes(nlp, text) == []
    assert extract(Document(text=text), nlp(text)).events == []


def test_a_cameo_event_is_exported_with_its_plover_type_and_actor(nlp) -> None:
    text = "Turkey put its army on alert along the Syrian border."
    x = extract(Document(text=text), nlp(text))
    assert [(e.type, [x.entities[a].label for a in e.actors]) for e in x.events] == [("MOBILIZE", ["Turkey"])]



def test_a_phrasal_verb_codes_by_its_own_line_where_no_pattern_fits(nlp) -> None:
    """The particle fixes the sense ('blew up' the lines is an attack), so the verb line's own code
    is used for it, never for the bare verb ('the wind blew')."""
    assert _codes(nlp, "Rebels blew up two bridges near the capital.") == [
        ("blew", "ASSAULT", "+BLOW_UP {+BLOWS_UP +BLOWING_UP +BLEW_UP +BLOWN_UP } # ab 31 Dec 2005")]
    assert _codes(nlp, "A cold wind blew across the square.") == []
