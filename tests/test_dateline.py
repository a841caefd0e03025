"""Datelines: one rule, on character offsets, for the annotation, entity and linking layers."""
from __future__ import annotations

import pytest

from kg.annotate.dateline import is_dateline


@pytest.mark.parametrize(("text", "place", "dated", "expected"), [
    ("COLOMBO 1996-08-30 Sri Lanka beat Australia.", "COLOMBO", True, True),
    ("WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON", True, True),
    ("Larisa Sayenko MINSK 1996-08-30 A senior politician spoke.", "MINSK", True, True),  # after a byline
    ("NICE , France 1996-08-30 Former goalkeeper Baratelli", "NICE", True, True),  # before its country
    ("He flew home.\nBuenos Aires: Conservative leaders met.", "Buenos Aires", False, True),  # a line's start
    ("Talks ended. LONDON - Ministers met.", "LONDON", False, True),  # a sentence's start
    ("SOCCER - SHEARER NAMED AS ENGLAND CAPTAIN.", "SOCCER", True, False),  # a headline's section: no date
    ("Denmark today accepted the plan.", "Denmark", False, False),
    ("Kent-based firms grew.", "Kent", False, False),  # a hyphen inside a word
    ("He left for NICE 1996-08-30 in a hurry.", "NICE", True, False),  # prose before it, no byline
])
def test_a_dateline_heads_a_text_line_or_sentence_before_a_date_an_agency_or_a_dash(text, place, dated, expected):
    begin = text.index(place)
    assert is_dateline(text, begin, begin + len(place), dated=dated) is expected
