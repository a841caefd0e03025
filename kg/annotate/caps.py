"""Names in capitals: all-caps headlines, datelines and table rows, read again in ordinary case.

Wire copy sets headlines ('ROMANIA BEAT LITHUANIA IN UNDER-21 MATCH'), datelines ('BUCHAREST
1996-08-30') and results tables ('DETROIT 4 Kansas City 1') in capitals, and a model trained on
ordinary text finds few names there. The ``caps_names`` component re-cases each such sentence
(same length, so every character offset holds), runs the pipeline's earlier components on it, and
takes that run's entities for the sentence. Articles without capitals cost nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.annotate.dateline import BYLINE_WORDS, is_dateline
from kg.lexicon import country_by_surface, people_of

__all__ = ["add_caps_names", "article_case", "CapsNames", "common_words", "date_follows", "dateline_places", "lexicon_places",
           "recased", "shouting", "tabular"]

MIN_CAPS_WORDS = 3  # a sentence with this many all-caps words, the most of its words, is a headline or table
SHORT_WORDS = frozenset("as of in at to on by an or".split())  # never acronyms, unlike US, UN, IT
_DATE = re.compile(r"\s*\d{4}-\d\d-\d\d")


def _caps_word(text: str) -> bool:
    return len(text) >= 3 and text.isalpha() and text.isupper()


def date_follows(doc: Doc, i: int) -> bool:
    """A dateline's date starts at token ``i`` ('1996-08-30', which the tokenizer splits in five)."""
    return i < len(doc) and _DATE.match(doc[i:i + 7].text) is not None


def dateline_places(sent: Span) -> list[Span]:
    """The places of a dateline near the sentence's start (``kg.annotate.dateline``), as GPEs: where a
    story was filed is a place, whether or not the model knows the name ('COLOMBO 1996-08-30',
    'Larisa Sayenko MINSK 1996-08-30'), and so is its country or state ('NICE , France 1996-08-30')."""
    doc = sent.doc
    for start in range(sent.start, min(sent.end, sent.start + BYLINE_WORDS + 1)):
        i = start
        while i < sent.end and (_caps_word(doc[i].text) or (i > start and doc[i].text in ("ST.", "DE", "LA", "EL"))):
            i += 1
        if i == start:
            continue
        if not is_dateline(doc.text, doc[start].idx, doc[i - 1].idx + len(doc[i - 1].text), dated=True):
            return []
        places = [Span(doc, start, i, label="GPE")]
        region = i + 1
        while region < sent.end and region - i <= 2 and doc[i].text == "," and doc[region].is_title:
            region += 1
        if region > i + 1:
            places.append(Span(doc, i + 1, region, label="GPE"))
        return places
    return []


def _in_a_name(token: Token, case: dict[str, str]) -> bool:
    """A word that goes on a name: capitalised in ordinary text ('London Irish'), or a capitals
    word the article writes capitalised elsewhere ('GERMAN CUP': 'Cup')."""
    if not token.is_alpha:
        return False
    if token.is_upper:
        return case.get(token.lower_, "")[:1].isupper()
    return token.is_title


def lexicon_places(sent: Span, case: dict[str, str] | None = None) -> list[Span]:
    """Countries and their peoples that our lexicon knows by the words a headline or table gives
    them ('WALES BEAT SAN MARINO', 'IRISH ERASE PAINFUL MEMORIES', 'Belgium ) Collstrop'): as GPE
    or NORP, longest first; not where they are part of a longer name ('London Irish', 'GERMAN CUP')."""
    doc, found, i, case = sent.doc, [], sent.start, case or {}
    while i < sent.end:
        for size in (3, 2, 1):
            words = doc[i:i + size]
            if i + size > sent.end or not all(t.is_upper or t.is_title for t in words if t.is_alpha):
                continue
            if (i > sent.start and _in_a_name(doc[i - 1], case)) or (i + size < sent.end and _in_a_name(doc[i + size], case)):
                continue
            if country_by_surface(words.text) is not None:
                label = "NORP" if people_of(words.text) is not None else "GPE"
                found.append(Span(doc, i, i + size, label=label))
                i += size - 1
                break
        i += 1
    return found


def tabular(sent: Span) -> bool:
    """A results table or scorecard row rather than prose: numbers are a third of its words."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    return len(words) >= 4 and sum(any(c.isdigit() for c in t.text) for t in words) >= len(words) / 3


def shouting(sent: Span) -> bool:
    """A sentence in capitals: all-caps words are most of its words (prose with a few acronyms,
    'KPA posts near the DMZ, KCNA said', is not), a table row with any ('DETROIT 4 Kansas City 1'),
    or a dateline ('BUCHAREST 1996-08-30')."""
    words = [t for t in sent if _caps_word(t.text)]
    if not words:
        return False
    if len(words) >= MIN_CAPS_WORDS and len(words) * 2 > sum(t.is_alpha and len(t) > 2 for t in sent):
        return True
    if tabular(sent):
        return True
    return any(date_follows(sent.doc, t.i + 1) for t in words)


def article_case(doc: Doc) -> dict[str, str]:
    """How the article writes its words in ordinary case, away from a sentence's start:
    'shearer' -> 'Shearer', 'named' -> 'named'. The headline's words mostly recur in the story."""
    seen: dict[str, dict[str, int]] = {}
    for t in doc:
        if not t.is_sent_start and t.is_alpha and not t.is_upper:
            forms = seen.setdefault(t.lower_, {})
            forms[t.text] = forms.get(t.text, 0) + 1
    return {low: max(forms, key=lambda f: (forms[f], f)) for low, forms in seen.items()}


def common_words(nlp: Language) -> frozenset[str]:
    """The common words the model's lemmatizer knows (its noun, verb, adjective and adverb
    lists), empty without one: in a headline, a word the story never writes is read as one of
    these in lower case ('WIGAN BEAT BRADFORD', 'VOLGOGRAD VIOLENCE', 'WELSH RESULTS'). The
    lists hold some names too ('bradford'): a headline's name the story writes too keeps the
    story's case, and one the story never names is the price (dev: AIDA +0.002, CoNLL +0.002)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups.tables:
        return frozenset()
    return frozenset(w for words in lookups.get_table("lemma_index").values() for w in words)


def _common(low: str, common: frozenset[str]) -> bool:
    """The word or its stem ('seals', 'defeated', 'standings') is a common word."""
    stems = (low, low[:-1] if low.endswith("s") else "", low[:-2] if low.endswith(("es", "ed")) else "",
             low[:-1] if low.endswith("ed") else "", low[:-3] if low.endswith("ing") else "")
    return any(s and s in common for s in stems)


def _recase(word: str, case: dict[str, str], common: frozenset[str] = frozenset()) -> str:
    """'LITHUANIA' -> 'Lithuania', 'IN' -> 'in': as the article writes it elsewhere, else a stop
    word or a common word in lower case and any other word capitalised; short words (UN, US, AP)
    keep their capitals, as acronyms usually do; the length never changes."""
    low = word.lower()
    if low in SHORT_WORDS:
        return low
    if not _caps_word(word):
        return word
    new = case.get(low) or (low if low in STOP_WORDS or _common(low, common) else word.capitalize())
    return new if len(new) == len(word) else word


def recased(sent: Span, case: dict[str, str] | None = None, common: frozenset[str] = frozenset()) -> str:
    """The sentence's text with its all-caps words in ordinary case, same length."""
    return "".join(_recase(t.text, case or {}, common) + t.whitespace_ for t in sent)


class CapsNames:
    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name
        self._common: frozenset[str] | None = None  # read from the lemmatizer on first use

    @property
    def common(self) -> frozenset[str]:
        if self._common is None:
            self._common = common_words(self.nlp)
        return self._common

    def _before(self) -> list[tuple[str, Callable[[Doc], Doc]]]:
        """The components before this one, which made the entities it replaces."""
        names = self.nlp.pipe_names
        return self.nlp.pipeline[:names.index(self.name)] if self.name in names else self.nlp.pipeline

    def __call__(self, doc: Doc) -> Doc:
        sents = [s for s in doc.sents if shouting(s)] if doc.has_annotation("SENT_START") else []
        if not sents:
            return doc
        before = self._before()
        case = article_case(doc)
        found: list[Span] = []
        for sent in sents:
            sub = self.nlp.make_doc(recased(sent, case, self.common))
            for _, proc in before:
                sub = proc(sub)
            for ent in sub.ents:
                span = doc.char_span(sent.start_char + ent.start_char, sent.start_char + ent.end_char,
                                     label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_, alignment_mode="contract")
                if span is not None and len(span):
                    found.append(span)
        ranges = [(s.start, s.end) for s in sents]
        kept = [e for e in doc.ents if not any(a <= e.start < b for a, b in ranges)]
        for sent in sents:  # datelines over what the model made of them, then the countries our lexicon knows
            for place in dateline_places(sent):
                found = [*_without(found, place), place]
            found += [p for p in lexicon_places(sent, case) if not any(_overlap(f, p) for f in found)]
        doc.ents = filter_spans(kept + found)
        return doc


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _without(found: list[Span], place: Span) -> list[Span]:
    """The entities, cut where a dateline's place begins: a byline the model ran into the place
    ('Yuri Kushko TAVILDARA') keeps its name; what lies within the place goes."""
    kept = []
    for f in found:
        if not _overlap(f, place):
            kept.append(f)
        elif f.start < place.start:
            kept.append(Span(f.doc, f.start, place.start, label=f.label_))
    return kept


@Language.factory("caps_names")
def _make_caps_names(nlp: Language, name: str) -> CapsNames:
    return CapsNames(nlp, name)


def add_caps_names(nlp: Language) -> None:
    """Add ``caps_names`` last, so its re-run sees every entity component before it."""
    if "ner" in nlp.pipe_names and "caps_names" not in nlp.pipe_names:
        nlp.add_pipe("caps_names", last=True)
