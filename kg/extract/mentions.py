"""Mentions: where each name of an article begins and ends, and what it names.

The model's names (``names.name_spans``) are cut to the name's own tokens (no 'the', possessive,
score or title), typed (a legal form makes an organisation, an honorific a person, a demonym
before a noun its people), extended where news extends them ('Buenos Aires province',
'U.S. military forces'), split where one span names two ('North and South Korea'), and found
again where the model missed a name it found elsewhere in the article (``repeats``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from kg.extract.names import HEAD_LABELS, before_score, defined_short_forms, name_spans, results_line
from kg.labels import normalise_label
from kg.lexicon import (
    TITLES,
    corporate_suffix,
    country_by_capital,
    country_by_surface,
    full_name,
    name_head_type,
    news_name_label,
    us_state,
)
from kg.model import Span

__all__ = ["Candidate", "candidates", "repeats", "NER_TYPES"]

NER_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Location", "LOC": "Location",
             "FAC": "Location", "NORP": "Group"}
MILITARY_WORDS = ("military forces", "armed forces", "military", "army", "navy", "troops", "forces")
ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lady", "lord", "miss"}
# Lower-case words after a place name that make it the name of an administrative area:
# 'Buenos Aires province' is not the city, 'Borno state' not a country.
AREA_WORDS = {"province", "state", "region", "county", "district", "prefecture", "governorate", "oblast",
              "department", "municipality", "territory", "canton"}
# 'the town of Yeoncheon', 'the province of Helmand': news names a place after the kind of place it is.
PLACE_KINDS = AREA_WORDS | {"town", "city", "village", "island", "port", "capital", "suburb", "enclave", "hamlet"}


@dataclass
class Candidate:
    span: Span
    tokens: tuple[int, int]  # token range [start, end)
    text: str
    type: str
    roles: list[str] = field(default_factory=list)
    country: str | None = None  # canonical country name when the mention names a country
    inner: Candidate | None = None  # the country inside a military's name ('Iraqi' of 'Iraqi troops')
    nested: bool = False  # inside another mention's tokens: names its entity, never acts for it


_SCORE_OR_DATE = re.compile(r"\d+(?:-\d+)+")  # never the number of a name ('Euro 96', 'Channel 4')


CREDIT_LABELS = ("image", "photo", "picture", "video", "source")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, a trailing possessive and punctuation, a score or date after it, a
    flight's number, and a credit line's label ('... Ahmed Mohamed Image: Twitter')."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - start > 1 and end < len(doc) and doc[end].text == ":" and doc[end - 1].lower_ in CREDIT_LABELS:
        end -= 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].text in ("'s", "’s")):
        end -= 1
    tail = end
    while tail > start + 1 and re.fullmatch(r"[\d-]+", doc[tail - 1].text):
        tail -= 1
    if tail < end and _SCORE_OR_DATE.fullmatch(doc[tail:end].text.replace(" ", "")):
        end = tail  # a score or a date the model took in: 'LIECHTENSTEIN 5-0', 'Faroe Islands 1996-08-31'
    if tail < end and tail - start > 1 and doc[tail - 1].text == "Flight":
        end = tail - 1  # 'Adam Air Flight 574': the airline, not its flight
    return start, end


def _strip_titles(doc: Doc, start: int, end: int) -> tuple[int, list[str]]:
    """Titles inside the span's start ('President Donald Trump') move to roles."""
    roles = []
    while end - start > 1 and doc[start].lower_ in TITLES:
        if doc[start].lower_.rstrip(".") not in HONORIFICS:  # 'Mr' is no role
            roles.append(doc[start].text)
        start += 1
    return start, ([" ".join(roles)] if roles else [])


def _titles_before(doc: Doc, start: int) -> list[str]:
    words = []
    i = start - 1
    while i >= 0 and doc[i].lower_ in TITLES and not doc[i].is_punct:
        if doc[i].lower_.rstrip(".") not in HONORIFICS:
            words.insert(0, doc[i].text)
        i -= 1
    return [" ".join(words)] if words else []


def _military_extension(doc: Doc, end: int) -> int:
    """'U.S. military forces', 'South Korean puppet military': the country span followed by a
    military noun (one modifier may stand between) is that country's military."""
    for skip in (0, 1):
        if skip and (end >= len(doc) or doc[end].pos_ not in ("ADJ", "NOUN") or doc[end].lower_ in MILITARY_WORDS):
            continue
        for phrase in MILITARY_WORDS:
            words = phrase.split()
            at = end + skip
            if at + len(words) <= len(doc) and [t.lower_ for t in doc[at:at + len(words)]] == words:
                return at + len(words)
    return end


def _area_extension(doc: Doc, start: int, end: int) -> int:
    """Take in a following area word ('Buenos Aires province') unless it modifies a noun of its
    own ('Texas state officials') or the name is a country's ('Israel state media')."""
    if end >= len(doc) or doc[end].text not in AREA_WORDS or doc[end].dep_ == "compound":
        return end
    if country_by_surface(doc[start:end].text) is not None:
        return end
    return end + 1


def _split_coordination(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """'North and South Korea' is two countries: (token start, token end, country name) for each."""
    words = [t.text for t in doc[start:end]]
    if len(words) != 4 or words[1].lower() not in ("and", "&"):
        return None
    first, second = country_by_surface(f"{words[0]} {words[3]}"), country_by_surface(f"{words[2]} {words[3]}")
    if first is None or second is None:
        return None
    return [(start, start + 1, first.name), (start + 2, end, second.name)]


def _short_form_elsewhere(text: str, defined: dict[str, str]) -> bool:
    """The article defines this short form as something other than the agency it usually is."""
    return text in defined and normalise_label(defined[text]) != normalise_label(full_name(text) or text)


def _not_a_name(text: str, from_ruler: bool, defined: dict[str, str]) -> bool:
    if from_ruler and _short_form_elsewhere(text, defined):
        return True  # our news-names ruler took 'AP' for the agency; the article says otherwise
    return text in defined and defined[text].islower()  # 'artificial pancreas (AP)': a thing's short form


# Nouns a language's name modifies as the language ('English lessons'), not as its people or land.
TONGUE_NOUNS = frozenset("""language languages speaker speakers translation translations version versions edition
subtitles text texts word words class classes teacher teachers lesson lessons course courses literature grammar
name names dictionary accent skills proficiency""".split())


def _people_not_tongue(doc: Doc, start: int, end: int) -> bool:
    """'English law', 'English referee': a language's name the model tagged LANGUAGE that modifies
    another noun is its people's adjective ('speaks English', 'English lessons' stay the tongue)."""
    last = doc[end - 1]
    return end - start == 1 and last.dep_ in ("amod", "compound") and last.head.i >= end \
        and last.head.pos_ in ("NOUN", "PROPN") and last.head.lower_ not in TONGUE_NOUNS


def _bounds(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """The name's own tokens: no leading 'the' or trailing possessive, and for an organisation
    no common noun after it ('Interfax news agency', 'Labour party')."""
    start, end = _trim(doc, start, end)
    while label == "ORG" and end - start > 1 and doc[end - 1].is_lower and doc[end - 1].is_alpha:
        end -= 1
    return start, end


def _label_by_head(doc: Doc, start: int, end: int) -> str | None:
    """'according to the Sydney Morning Herald' tagged as an event, a newspaper's name as a work
    of art: where the model gave a label none of our types come from, a name whose words are all
    capitalised takes the kind its last word tells (``kg.lexicon.name_head_type``)."""
    label = doc[start].ent_type_ if doc[start].ent_iob_ == "B" else ""
    if not label or label in NER_TYPES:
        return None
    start, end = _trim(doc, start, end)
    words = [t.text for t in doc[start:end]]
    if not words or not all(w[:1].isupper() and not w.isupper() for w in words):
        return None
    return HEAD_LABELS.get(name_head_type(words) or "")


def candidates(doc: Doc, text: str) -> list[Candidate]:
    """``text`` is ``doc.text``."""
    found = []
    defined = defined_short_forms(text)
    lower_words = {t.text for t in doc if t.is_lower and t.is_alpha}
    for name in name_spans(doc, text):
        words = doc[name.start:name.end].text
        model_label = "NORP" if name.label == "LANGUAGE" and _people_not_tongue(doc, name.start, name.end) \
            else name.label
        model_label = _label_by_head(doc, name.start, name.end) or model_label
        label = news_name_label(words, model_label, NER_TYPES.keys())  # 'Twitter' as a product or person
        if label is None or _not_a_name(words, name.from_ruler, defined):
            continue
        start, end = _bounds(doc, name.start, name.end, label)
        if start >= end or _common_noun_capitalised(doc, start, end, lower_words) \
                or (label == "ORG" and _portfolio_of_a_post(doc, start, end)):
            continue
        found.extend(_typed(doc, start, end, label, defined, name.from_ruler))
    return found


# The posts a government's portfolio names ('Defense Secretary', 'Minister of Education').
POST_NOUNS = frozenset("secretary minister undersecretary under-secretary secretaries ministers".split())


def _portfolio_of_a_post(doc: Doc, start: int, end: int) -> bool:
    """'Deputy Defense Secretary Wolfowitz', 'Shadow Home Secretary', 'Minister of Education
    Stefania Giannini': a portfolio the model tagged as an organisation is part of a post's
    title, not a body of its own ('the Home Office' and 'the Defense Ministry' stay names)."""
    if end - start > 3 or name_head_type([t.text for t in doc[start:end]]):
        return False
    after = doc[end].lower_ if end < len(doc) else ""
    before = doc[start - 2:start] if start >= 2 else None
    return after in POST_NOUNS or (before is not None and before[0].lower_ in POST_NOUNS
                                   and before[1].lower_ in ("of", "for"))


def _team_by_its_place(doc: Doc, start: int, end: int) -> bool:
    """A place before its score in a results table or scorecard names the team from there
    ('SEATTLE 9 Baltimore 6', 'Somerset 259'); a country stays the country, whose national
    side the article may be about or not."""
    return before_score(doc, end - 1) and results_line(doc[start].sent) \
        and country_by_surface(doc[start:end].text) is None


def _common_noun_capitalised(doc: Doc, start: int, end: int, lower_words: set[str]) -> bool:
    """'the Court has ruled', 'the State will have to pay': one capitalised common noun after
    'the' that the article also writes in lower case refers back to a body named in full elsewhere
    (or to none); it is no name of its own."""
    if end - start != 1 or start == 0 or doc[start - 1].lower_ != "the" or doc[start].is_upper:
        return False
    return doc[start].lower_ in lower_words


def _typed(doc: Doc, start: int, end: int, label: str, defined: dict[str, str],
           from_ruler: bool = False) -> list[Candidate]:
    """The candidates one name gives: its type, titles, area word, and the countries of 'North and South Korea'."""
    roles: list[str] = []
    type_ = NER_TYPES[label]
    words = [t.text for t in doc[start:end]]
    if label != "PERSON" and doc[start].lower_.rstrip(".") in HONORIFICS and end - start > 1:
        type_ = "Person"  # 'Mrs de Kirchner' tagged as an organisation
    elif corporate_suffix(words):
        type_ = "Organization"  # 'Pirelli SpA' tagged as a person
    elif type_ != "Group" and not from_ruler and (head := name_head_type(words)):
        type_ = head  # 'Edmonton Sun' tagged as a person, 'Castlefrank Road' as an organisation
    elif type_ == "Person" and end - start == 1 and country_by_capital(words[0]) is not None:
        type_ = "Location"  # 'Kyiv', 'Dakar' tagged as persons: our lexicon knows them as capitals
    elif type_ in ("Person", "Organization") and _place_by_its_context(doc, start, end):
        type_ = "Location"  # 'the town of Yeoncheon' tagged as an organisation, 'Livorno, Tuscany' as a person
    elif type_ == "Location" and _team_by_its_place(doc, start, end):
        type_ = "Organization"  # 'CHICAGO 5 Houston 3': a results table's city is its team
    elif label == "PERSON" and _demonym_before_a_noun(doc, start, end):
        type_ = "Group"  # 'Tajik rebels', 'Briton Tim Henman': the people, not a man named so
    if type_ == "Person":
        start, roles = _strip_titles(doc, start, end)
        roles = roles or _titles_before(doc, start)
    if type_ == "Location":
        end = _area_extension(doc, start, end)
        if parts := _split_coordination(doc, start, end):
            return [Candidate(Span(doc[s_].idx, doc[e_ - 1].idx + len(doc[e_ - 1].text)), (s_, e_),
                               doc[s_:e_].text, "Location", [], name) for s_, e_, name in parts]
    cand = _candidate(doc, start, end, type_, roles, defined)
    if cand is None or (cand.type == "Group" and doc[end - 1].dep_ in ("amod", "compound")
                        and doc[end - 1].pos_ == "ADJ"):
        return []  # nothing, or 'Centrist candidate': a descriptor, not a mention of a group
    return [cand, cand.inner] if cand.inner else [cand]


def _place_by_its_context(doc: Doc, start: int, end: int) -> bool:
    """Two conventions of news for places the model took for something else: the kind of place
    before the name ('the town of Yeoncheon'), and the wider place after a place and a comma
    ('Livorno, Tuscany,'), the name closed by punctuation so 'in London, Smith said' keeps Smith."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].is_lower \
            and doc[start - 2].lemma_ in PLACE_KINDS:
        return True
    if start < 2 or doc[start - 1].text != "," or (end < len(doc) and not doc[end].is_punct):
        return False
    before = next((e for e in doc.ents if e.end == start - 1), None)
    return before is not None and before.label_ in ("GPE", "LOC") and end - start <= 2


def _demonym_before_a_noun(doc: Doc, start: int, end: int) -> bool:
    """A people's word that modifies what follows: a noun or a name ('Finn sang' stays a person)."""
    country = country_by_surface(doc[start:end].text)
    return (country is not None and doc[start:end].text in country.demonyms and end < len(doc)
            and doc[end].pos_ in ("NOUN", "PROPN") and doc[end].is_alpha)


def _candidate(doc: Doc, start: int, end: int, type_: str, roles: list[str],
               defined: dict[str, str]) -> Candidate | None:
    span = doc[start:end]
    text = span.text
    if not re.search(r"\w", text):
        return None
    if type_ != "Person" and (state := us_state(text)):  # 'Calif.', 'TX'
        return Candidate(Span(span.start_char, span.end_char), (start, end), state, "Location", roles, None)
    country = None
    if type_ in ("Location", "Group", "Organization"):
        c = country_by_surface(text)
        if c is not None and c.kind == "union":  # 'the EU': a union of states is an organisation
            return Candidate(Span(span.start_char, span.end_char), (start, end), c.name, "Organization", roles, None)
        if c is not None:
            country, type_ = c.name, "Location"
            ext = _military_extension(doc, end)
            if ext > end:  # labelled '<country> military': 'U.S. military forces' is the U.S. military
                words = doc[end:ext].text
                label = f"{text} {words[:-len(' forces')] if words.endswith('military forces') else words}"
                inner = Candidate(Span(span.start_char, span.end_char), (start, end), text, "Location", [], country,
                                   nested=True)
                return Candidate(Span(span.start_char, doc[ext - 1].idx + len(doc[ext - 1].text)), (start, ext),
                                  label, "Organization", roles, None, inner=inner)
        elif type_ == "Location" and (_acts(span) or _anti_or_pro(doc, start)) and (c := country_by_capital(text)):
            country = c.name  # 'Caracas responded', 'anti-Pyongyang': the capital as its government
    if type_ == "Organization" and not _short_form_elsewhere(text, defined):
        text = full_name(text) or text  # 'AP' is one entity with 'Associated Press', and named so
    return Candidate(Span(span.start_char, span.end_char), (start, end), text, type_, roles, country)


def _anti_or_pro(doc: Doc, start: int) -> bool:
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("anti", "pro")


def _acts(span: SpacySpan) -> bool:
    """The capital acts ('Caracas responded'); a dateline ('LONDON 1996-08-22') does not."""
    if span.text.isupper() or any(t.ent_type_ == "DATE" for t in span.root.children):
        return False
    return span.root.dep_ in ACTOR_DEPS


def _fold_caps(word: str) -> str:
    """'LEICESTERSHIRE' matches 'Leicestershire' (a headline), 'Bush' never matches 'bush'."""
    return word.capitalize() if word.isupper() and len(word) > 3 else word


def repeats(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """The names the model found, where it missed them elsewhere in the article: a person's full
    name or surname ('Lebed' after 'Alexander Lebed'), an organisation's or a place's name, also
    in capitals ('LEBED'). Only capitalised words match, and at a sentence's start only a proper
    noun or a word the article never writes in lower case."""
    by_first: dict[str, dict[tuple[str, ...], Candidate]] = {}  # first word -> name words -> its candidate
    for c in cands:
        words = tuple(_fold_caps(t.text) for t in doc[c.tokens[0]:c.tokens[1]])
        by_first.setdefault(words[0], {}).setdefault(words, c)
        if c.type == "Person" and len(words) > 1 and len(words[-1]) > 2:
            by_first.setdefault(words[-1], {}).setdefault(words[-1:], c)
    taken = {i for c in cands for i in range(*c.tokens)}
    lower_words: set[str] = set()  # words the article also writes as common words
    for t in doc:  # one walk: spaCy makes a new token object at every step
        if t.is_lower:
            lower_words.add(t.text)
        if t.ent_type_ == "LANGUAGE":
            taken.add(t.i)  # 'speaks English' after 'English law'
    found = []
    for i, token in enumerate(doc):
        names = by_first.get(_fold_caps(token.text))
        if not names or i in taken or not token.text[:1].isupper():
            continue
        if token.is_sent_start and token.pos_ != "PROPN" and token.lower_ in lower_words:
            continue  # 'Langer, meanwhile, ...' after 'Bernhard Langer'; never 'Rice' where the article has 'rice'
        for words, c in names.items():
            end = i + len(words)
            if end <= len(doc) and tuple(_fold_caps(t.text) for t in doc[i:end]) == words \
                    and not taken & set(range(i, end)) \
                    and not (end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper()):
                span = doc[i:end]
                found.append(Candidate(Span(span.start_char, span.end_char), (i, end), c.text if len(words) > 1
                                        or c.type != "Person" else span.text, c.type, [], c.country))
                taken.update(range(i, end))
                break
    return found
