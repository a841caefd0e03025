"""Where the names are: the model's entity spans, cut and completed for news copy.

The statistical NER model glues names together in tables and lists ('Pohang 3 Ulsan 2',
'Romania - Cosmin Contra') and misses the names of table rows; an article also defines short
forms of its own ('artificial pancreas (AP)'). Typing and merging the names is
``kg.extract.entities``'s job; this module only says where they are.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Token

from kg.caps import tabular
from kg.extract.lexicon import country_by_surface

__all__ = ["DASHES", "NameSpan", "defined_short_forms", "name_spans"]


class NameSpan(NamedTuple):
    start: int  # token range [start, end)
    end: int
    label: str  # the model's label (or ours: a country cut from a person's span is a GPE)
    from_ruler: bool  # found by our news-names ruler, not the model


NAME_BREAKS = {"(", ")", "[", "]", ";", ":", "v", "v.", "vs", "vs.", "versus"}
DASHES = {"-", "–", "—"}


def _numeric(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM" or (token.pos_ == "SYM" and token.text == "-")


def _breaks_name(token: Token, person: bool, numbers: bool) -> bool:
    """A token no name runs across: 'Romania - Cosmin Contra', 'National League for Democracy (NLD',
    'Walsall v Wrexham', 'Laurent Cabannes and Laurent Benezech'; a number in a table or a person's name."""
    if token.lower_ in NAME_BREAKS or (numbers and _numeric(token)):
        return True
    if token.text in DASHES and token.whitespace_ and token.i > 0 and token.doc[token.i - 1].whitespace_:
        return True
    return person and token.lower_ in ("and", "&")


def _runs(doc: Doc, start: int, end: int, person: bool, numbers: bool) -> list[tuple[int, int]]:
    """The stretches of a span between its breaks: 'Pohang 3 Ulsan 2' -> 'Pohang', 'Ulsan'."""
    runs, begin = [], None
    for i in range(start, end + 1):
        if i < end and not _breaks_name(doc[i], person, numbers):
            begin = i if begin is None else begin
        elif begin is not None:
            runs.append((begin, i))
            begin = None
    return runs


def _country_before_person(doc: Doc, start: int, end: int) -> int | None:
    """Where a person's name starts after a country the model took into it: 'Sri Lanka S. Jayasuriya'
    (a scorecard's initial follows) or 'Australian Rodney Eyles' (a people's adjective); 'Jordan
    Henderson' keeps his first name."""
    for cut in range(min(3, end - start - 1), 0, -1):
        country = country_by_surface(doc[start:start + cut].text)
        if country is None:
            continue
        initial = re.fullmatch(r"[A-Z]\.", doc[start + cut].text) is not None
        adjective = doc[start:start + cut].text in country.demonyms
        return start + cut if (initial or adjective) and doc[start + cut].text[:1].isupper() else None
    return None


def name_spans(doc: Doc) -> list[NameSpan]:
    """(start, end, model label, from our news-names ruler) of each name: the model's entities cut
    where one name ends and another begins, and at the numbers a table glues to them ('Somerset 4',
    never part of a person's name), then the proper-noun runs of table rows the model left out
    ('Glamorgan 259 and 207')."""
    spans: list[NameSpan] = []
    taken: set[int] = set()
    table_rows = {sent.start for sent in doc.sents if tabular(sent)}
    for ent in doc.ents:
        person = ent.label_ == "PERSON"
        runs = _runs(doc, ent.start, ent.end, person, person or ent.sent.start in table_rows)
        for start, end in runs:
            label = ent.label_  # a country cut from a person's span ('Romania - Cosmin Contra') is the country
            if person and len(runs) > 1 and country_by_surface(doc[start:end].text) is not None:
                label = "GPE"
            elif person and (cut := _country_before_person(doc, start, end)):
                spans.append(NameSpan(start, cut, "GPE", False))
                start = cut
            spans.append(NameSpan(start, end, label, bool(ent.ent_id_)))
        taken.update(range(ent.start, ent.end))
    for sent in doc.sents:
        if sent.start not in table_rows:
            continue
        i = sent.start
        while i < sent.end:
            j = i
            while j < sent.end and j not in taken and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                j += 1
            if j > i:
                initial = re.fullmatch(r"[A-Z]\.", doc[i].text) is not None
                spans.append(NameSpan(i, j, "PERSON" if initial else "ORG", False))
            i = max(j, i + 1)
    return sorted(spans)


def defined_short_forms(text: str) -> dict[str, str]:
    """Short forms the article defines itself: 'artificial pancreas (AP)' -> {'AP': 'artificial pancreas'}."""
    found = {}
    for m in re.finditer(r"\(([A-Za-z]{2,6})\)", text):  # the bracket first: a search backwards is slow
        short = m.group(1)
        before = text[max(0, m.start() - 100):m.start()]
        if before[-1:].isspace() or before[-1:].isalnum():
            words = re.findall(r"[\w'-]+", before)
            long_form = words[-len(short):] if len(words) >= len(short) else []
            if long_form and "".join(w[0] for w in long_form).lower() == short.lower():
                found[short] = " ".join(long_form)
    return found
