"""Datelines: the place a story was filed from, which heads its text or a paragraph.

Wire copy opens with it ('WASHINGTON (Reuters) -', 'COLOMBO 1996-08-30', 'Buenos Aires:'),
sometimes after a byline ('Larisa Sayenko MINSK 1996-08-30') or before its country or state
('NICE , France 1996-08-30'). A dateline's place is a place (never a team), names no actor, and
a bare 'NEW YORK' or 'WASHINGTON' there is the city. The annotation layer finds the names
(``kg.annotate.caps``), the entity layer keeps them out of events, the linker reads them as places: all
through ``is_dateline``, on character offsets, so they agree.
"""
from __future__ import annotations

import re

__all__ = ["AGENCIES", "BYLINE_WORDS", "is_dateline"]

AGENCIES = ("AP", "Reuters", "AFP", "UPI", "Bloomberg", "dpa", "CNN")
BYLINE_WORDS = 4  # a byline's names before a dateline ('Larisa Sayenko MINSK 1996-08-30')
_REGION = r"(?:\s*,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"  # ', France', ', Sri Lanka'
_DATED = rf"\s*\d{{4}}-\d\d-\d\d|\s*\((?:{'|'.join(AGENCIES)})\)"
# a date, an agency, a colon or a dash; a hyphen only apart ('LONDON - ', never 'Kent-based')
_AFTER = re.compile(rf"{_REGION}(?:{_DATED}|\s*[\u2013\u2014:]|\s+-)")
_AFTER_DATED = re.compile(rf"{_REGION}(?:{_DATED})")
_SENTENCE_END = re.compile(r"[.!?]\s+")


def is_dateline(text: str, begin: int, end: int, dated: bool = False) -> bool:
    """``text[begin:end]`` heads the text, a line or a sentence (after a byline's few capitalised
    names at most) and a date, an agency, a dash or a colon follows it, after its region if any.
    ``dated``: a date or an agency only, for a name nobody has called a place yet: a headline's
    section ('SOCCER - SHEARER NAMED ...') stands before a dash too."""
    line = text[text.rfind("\n", 0, begin) + 1:begin]
    *_, sentence = _SENTENCE_END.split(line)
    byline = sentence.split()
    if len(byline) > BYLINE_WORDS or not all(w[:1].isupper() for w in byline):
        return False
    return (_AFTER_DATED if dated else _AFTER).match(text, end) is not None
