"""Where the names are: the model's entity spans, cut and completed for news copy.

The statistical NER model glues names together in tables and lists ('Pohang 3 Ulsan 2',
'Romania - Cosmin Contra') and misses the names of table rows; an article also defines short
forms of its own ('artificial pancreas (AP)'). Typing and merging the names is
``kg.extract.entities``'s job; this module only says where they are.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from kg.annotate.caps import tabular
from kg.lexicon import TITLES, country_by_surface, name_head_type

__all__ = ["HEAD_LABELS", "NameSpan", "before_score", "defined_short_forms", "name_spans", "results_line"]


class NameSpan(NamedTuple):
    start: int  # token range [start, end)
    end: int
    label: str  # the model's label (or ours: a country cut from a person's span is a GPE)
    from_ruler: bool  # found by our news-names ruler, not the model


FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP"})
NAME_BREAKS = {"(", ")", "[", "]", ";", ":", "v", "v.", "vs", "vs.", "versus"}
DASHES = {"-", "–", "—"}
ROW_BREAKS = {"at", ","}  # a results line's venue: 'Yorkshire at Headingley', 'Grace Road , Leicestershire'
NAME_LABELS = frozenset("PERSON ORG GPE LOC FAC NORP".split())  # the labels our entity types come from
# The headings of results and earnings tables, capitalised before their figures like a name.
TABLE_WORDS = frozenset("""result results standings scoreboard division group note notes forecast total extras
fall bowling batting innings net current parent shr sales revenue revenues profit loss quarter half first
year ago""".split())
SCORE = re.compile(r"\d{1,3}(?:-\d{1,3})?")  # '4', '429-7', '2-1'; not a year
MIN_SCORE_PAIRS = 2  # names each before a score that make a sentence a results line
# A scorecard names players by the way they were out and the figures they bowled ('c Healy b
# Fleming 44', 'Vaas not out', 'Muralitharan 10-0-41-2'): there a row's name is a person.
DISMISSALS = frozenset("c b st lbw".split())
BOWLING = re.compile(r"\d{1,2}(?:\.\d)?-\d{1,2}-\d{1,3}-\d{1,2}")
CALENDAR = frozenset("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec""".split())


def _numeric(token: Token) -> bool:
    return token.like_num or token.pos_ == "NUM" or (token.pos_ == "SYM" and token.text == "-")


def _breaks_name(token: Token, person: bool, numbers: bool) -> bool:
    """A token no name runs across: 'Romania - Cosmin Contra', 'National League for Democracy (NLD',
    'Walsall v Wrexham', 'Laurent Cabannes and Laurent Benezech'; a number, 'at' or a comma in a
    table ('Yorkshire at Headingley'), a number in a person's name."""
    if token.lower_ in NAME_BREAKS or (numbers and (_numeric(token) or token.lower_ in ROW_BREAKS)):
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


def _name_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and token.lower_.rstrip('.') not in CALENDAR


def before_score(doc: Doc, i: int) -> bool:
    """Token ``i`` ends a name that a score follows ('Tranmere 4 2 1', 'Warwickshire 195 ,')."""
    return i + 1 < len(doc) and _name_word(doc[i]) and SCORE.fullmatch(doc[i + 1].text) is not None


def _row_word(doc: Doc, i: int, end: int) -> bool:
    """Part of a table row's name: a proper noun ('S.' of 'S. Waugh' too), or a capitalised word the
    tagger took for something else before a score or another such word ('Tranmere 4', 'Sussex 363'),
    or in a scorecard's player slot ('c Healy b', 'Chandana not out')."""
    token = doc[i]
    if not token.text[:1].isupper() or token.lower_.rstrip('.') in CALENDAR | TABLE_WORDS:
        return False
    if token.is_stop and token.pos_ != "PROPN":
        return False  # the 'At' of 'At Hove'
    if token.pos_ == "PROPN":
        return True
    return token.is_alpha and (before_score(doc, i) or _player(doc, i, i + 1) or i + 1 < end and _name_word(doc[i + 1]))


def _initial(token: Token) -> bool:
    return re.fullmatch(r"[A-Z]\.", token.text) is not None


def _player(doc: Doc, start: int, end: int) -> bool:
    """A scorecard's player: after how a batsman was out, before 'not out' or 'c', or before bowling figures."""
    before = doc[start - 1].lower_ if start else ""
    after = doc[end].lower_ if end < len(doc) else ""
    return before in DISMISSALS or after in ("not", "run", *DISMISSALS) or BOWLING.fullmatch(after) is not None


_DIGITS = re.compile(r"\d+")


def _has_figures(text: str, sent: Span) -> bool:
    """What a results line needs first: two figures (two tokens with digits for a table row, two
    scores after names), so two runs of digits in the sentence's characters, found without
    reading its tokens (the tokenizer never splits a run of digits)."""
    runs = _DIGITS.finditer(text, sent.start_char, sent.end_char)
    return next(runs, None) is not None and next(runs, None) is not None


def results_line(sent: Span) -> bool:
    """A results table or scorecard row: numbers are a third of its words, or two names or more
    each stand before a score ('Harlequins 75 Gloucester 19', 'Warwickshire 195 , Surrey 429-7')."""
    return tabular(sent) or sum(before_score(sent.doc, i) for i in range(sent.start, sent.end - 1)) >= MIN_SCORE_PAIRS


def _given_name(doc: Doc, i: int) -> bool:
    """A capitalised proper noun right before a one-word person that no entity took and that is
    no title, month or day: the person's given name."""
    if i < 0 or doc[i].ent_type_ or doc[i].pos_ != "PROPN" or not _name_word(doc[i]) or doc[i].is_sent_start \
            or doc[i].is_upper:  # 'SPECIALIST MILLER': a headline's capitals
        return False
    return doc[i].lower_.rstrip(".") not in TITLES


def _persons_cut_from_organisations(doc: Doc, spans: list[NameSpan]) -> list[NameSpan]:
    """'Assistant Secretary of the Air Force for Acquisition Marvin Sambur': the model took a post's
    holder into the organisation's span. Where the article names that person elsewhere (the same
    two words, or the surname after a given name), the span is cut in two."""
    persons = [doc[s.start:s.end] for s in spans if s.label == "PERSON"]
    full = {p.text for p in persons if len(p) > 1}
    surnames = {p[-1].text for p in persons}
    out = []
    for s in spans:
        tail = doc[s.end - 2:s.end] if s.end - s.start >= 3 else None
        if s.label == "ORG" and tail is not None and all(_name_word(t) and t.pos_ == "PROPN" for t in tail) \
                and (tail.text in full or tail[-1].text in surnames):
            out += [NameSpan(s.start, s.end - 2, "ORG", s.from_ruler), NameSpan(s.end - 2, s.end, "PERSON", False)]
        else:
            out.append(s)
    return out


def _tells_something(ent: Span) -> bool:
    """'Trump Had a Phone Call With Maduro', 'Strike Kills Five': a headline's capitals make a
    clause look like a name; a name holds no finite verb (in capitals the tagger cannot tell one:
    'CUNNINGHAM' is no verb)."""
    return any(t.tag_ in FINITE_VERB_TAGS and t.pos_ in ("VERB", "AUX") and not t.is_upper for t in ent)


def _country_before_person(doc: Doc, start: int, end: int) -> int | None:
    """Where a person's name starts after a country the model took into it: 'Sri Lanka S. Jayasuriya'
    (a scorecard's initial follows) or 'Australian Rodney Eyles' (a people's adjective); 'Jordan
    Henderson' keeps his first name."""
    for cut in range(min(3, end - start - 1), 0, -1):
        country = country_by_surface(doc[start:start + cut].text)
        if country is None:
            continue
        adjective = doc[start:start + cut].text in country.demonyms
        return start + cut if (_initial(doc[start + cut]) or adjective) and doc[start + cut].text[:1].isupper() else None
    return None


def name_spans(doc: Doc, text: str) -> list[NameSpan]:
    """(start, end, model label, from our news-names ruler) of each name: the model's entities cut
    where one name ends and another begins, and at the numbers a table glues to them ('Somerset 4',
    never part of a person's name), then the names of table rows the model left out or took for
    something else ('Glamorgan 259 and 207', 'Tranmere 4 2 1 1 6 4 7', a 'work of art' 'SEATTLE 9
    Baltimore 6'). ``text`` is ``doc.text``."""
    spans: list[NameSpan] = []
    taken: set[int] = set()
    sentences = list(doc.sents)
    table_rows = {sent.start for sent in sentences if _has_figures(text, sent) and results_line(sent)}
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS and ent.sent.start in table_rows:
            continue  # a 'work of art' across a row's names: they are read below
        if ent.label_ in NAME_LABELS and _tells_something(ent):
            continue
        person = ent.label_ == "PERSON"
        runs = _runs(doc, ent.start, ent.end, person, person or ent.sent.start in table_rows)
        for start, end in runs:
            label = ent.label_  # a country cut from a person's span ('Romania - Cosmin Contra') is the country
            if person and len(runs) > 1 and country_by_surface(doc[start:end].text) is not None:
                label = "GPE"
            elif person and (cut := _country_before_person(doc, start, end)):
                spans.append(NameSpan(start, cut, "GPE", False))
                start = cut
            if person and end - start == 1 and _given_name(doc, start - 1):
                start -= 1  # 'CEO of the Refugee Council Enver Solomon': the model left 'Enver' out
            spans.append(NameSpan(start, end, label, bool(ent.ent_id_)))
        taken.update(range(ent.start, ent.end))
    spans = _persons_cut_from_organisations(doc, spans) + _headed_names(doc, taken)
    for sent in sentences:
        if sent.start not in table_rows:
            continue
        i = sent.start
        while i < sent.end:
            j = i
            while j < sent.end and j not in taken and (
                    _row_word(doc, j, sent.end) or j > i and _initial(doc[j - 1]) and _name_word(doc[j])):
                j += 1  # 'R. Ponting' whatever the tagger made of 'Ponting'
            while j > i and doc[j - 1].pos_ != "PROPN" and not (before_score(doc, j - 1) or _player(doc, i, j)):
                j -= 1  # a run ends at a proper noun, before a score or in a player's slot
            if j > i:
                spans.append(NameSpan(i, j, "PERSON" if _initial(doc[i]) or _player(doc, i, j) else "ORG", False))
            i = max(j, i + 1)
    return sorted(spans)


HEAD_LABELS = {"Organization": "ORG", "Location": "LOC"}


def _headed_names(doc: Doc, taken: set[int]) -> list[NameSpan]:
    """'The Deseret News observed': proper nouns the model left out of every entity, where the
    last word tells what they name (``kg.lexicon.name_head_type``: 'News', 'Herald', 'Council')."""
    found, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and _name_word(doc[j]) \
                and not doc[j].is_upper:
            j += 1
        if j - i >= 2 and (label := HEAD_LABELS.get(name_head_type([t.text for t in doc[i:j]]) or "")):
            found.append(NameSpan(i, j, label, False))
        i = max(j, i + 1)
    return found


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
