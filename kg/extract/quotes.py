"""Quotations: text inside quotation marks, tied to its speaker and cue.

Double quotes (straight or curly) always open a quotation; single quotes only for short ones.
Scare quotes (one or two words) and quoted names ('Cartel de los Soles') are not quotations.
The speaker is the subject of the reporting verb, the X of 'according to X', or, for a quote
whose sentence names none, the speaker of the previous sentence's quotation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from kg.extract.entities import EntityLayer
from kg.extract.roles import PERSONAL_PRONOUNS, according_to_objects, entity_of
from kg.model import Quotation, Span

__all__ = ["extract_quotations", "find_quoted", "SPEECH_VERBS"]

SPEECH_VERBS = frozenset("""
say tell state add announce declare claim insist warn write conclude note explain argue assert
reply respond answer ask suggest confirm deny acknowledge admit promise vow pledge predict remark
comment tweet post call describe characterize characterise stress emphasize urge accuse report continue
read reason observe recall complain concede contend maintain quip joke mention advise caution assure boast
lament proclaim counter retort recount recommend
""".split())
STATEMENT_NOUNS = frozenset("""statement communique communiqué declaration release report letter post tweet email
e-mail message memo""".split())
PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "'": "'"}
PTB_OPEN, PTB_CLOSE = "``", "''"
CLITIC = re.compile(r"(?:s|m|d|t|ll|re|ve)\b", re.IGNORECASE)
MAX_QUOTE_CHARS = 2000


@dataclass(frozen=True)
class Quoted:
    span: Span  # the words inside the marks
    single: bool
    continued: bool = False  # the quotation goes on in the next paragraph (opened there again)


def _closing_ok(text: str, i: int, mark: str) -> bool:
    """A single closing mark is an apostrophe when a letter follows it ('conversation’s')."""
    if mark in ("’", "'"):
        nxt = text[i + 1:i + 2]
        return not (nxt.isalpha())
    return True


def _opening_ok(text: str, i: int, mark: str) -> bool:
    """A single mark opens only after a space or punctuation, and never as a clitic that a
    tokenised text sets apart ("Airbus 's boom", "I 'm") or as half of a Treebank ''."""
    prev = text[i - 1:i]
    if mark in ("‘", "'"):
        if mark == "'" and (prev == "'" or text[i + 1:i + 2] == "'"):
            return False
        return (prev == "" or not prev.isalnum()) and CLITIC.match(text, i + 1) is None
    return True


def _opening_at(text: str, i: int) -> str | None:
    """The opening mark at ``i``: two-character marks before one-character ones: the Penn
    Treebank's ``...'' of text tokenised for NLP, and the ''...'' some papers' copy sets for a
    double quote."""
    if i >= len(text):
        return None
    if text.startswith(PTB_OPEN, i):
        return PTB_OPEN
    if text.startswith(PTB_CLOSE, i) and not text[i - 1:i].isalnum() and text[i + 2:i + 3].strip():
        return PTB_CLOSE
    mark = text[i]
    return mark if mark in PAIRS and _opening_ok(text, i, mark) else None


def _close_of(text: str, start: int, opening: str) -> tuple[int, int] | None:
    """Where the quotation opened just before ``start`` ends: (end of its words, index after the
    closing mark). A paragraph break ends an unclosed quote, unless the next paragraph opens
    with a quotation mark: news continues a quotation over paragraphs so, closing it only at
    the end of the last one."""
    close = PTB_CLOSE if opening in (PTB_OPEN, PTB_CLOSE) else PAIRS[opening]
    limit = min(len(text), start + MAX_QUOTE_CHARS)
    stops = _STOPS[close]
    j = start
    while (m := stops.search(text, j, limit + len(close) - 1)) is not None and (j := m.start()) < limit:
        if text[j] != "\n":
            if j > start and _closing_ok(text, j, close):
                return j, j + len(close)
        elif _opening_at(text, j + 1) == opening:
            return j - 1, j - 1
        else:
            return None
        j += 1
    return None


# where a quotation can stop: its closing mark, or the second newline of a paragraph break
_STOPS = {close: re.compile(re.escape(close) + "|(?<=\n)\n") for close in (*PAIRS.values(), PTB_CLOSE)}
# the first characters of every opening mark: elsewhere no quotation opens
_OPENERS = re.compile("[" + re.escape("".join({*PAIRS, PTB_OPEN[0], PTB_CLOSE[0]})) + "]")


def find_quoted(text: str) -> list[Quoted]:
    found: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        if (m := _OPENERS.search(text, i)) is None:
            break
        i = m.start()
        opening = _opening_at(text, i)
        closed = _close_of(text, i + len(opening), opening) if opening else None
        if closed is None:
            i += 1
            continue
        begin, end = i + len(opening), closed[0]
        inner = text[begin:end]
        if inner.strip():
            stripped_l = len(inner) - len(inner.lstrip())
            stripped_r = len(inner) - len(inner.rstrip())
            found.append(Quoted(Span(begin + stripped_l, end - stripped_r), opening in ("‘", "'"),
                                continued=closed[0] == closed[1]))
        i = max(closed[1], i + 1)
    return found


SHORT_QUOTE_WORDS = 2  # at most this many: a scare quote, unless a reporting verb gives its speaker


def _is_quotation(words: list[str], single: bool) -> bool:
    if not words:
        return False
    if all(w[:1].isupper() or w.lower() in ("de", "of", "the", "la", "los", "las", "del", "and", "al")
           for w in words):
        return False  # a quoted name
    return not (single and len(words) > 60)


def _scope(doc: Doc, quote: Span, text: str) -> list[Token]:
    """The sentences a quotation opens and closes in: '"...," said KCNA' names the speaker after it.
    ``text`` is ``doc.text``, read once: spaCy joins every token each time it is read."""
    first = _token_at(doc, quote.begin)
    last = _token_at(doc, quote.end - 1)
    after = _token_at(doc, min(quote.end + 1, len(text) - 1))
    if "\n" in text[quote.end:quote.end + 3]:
        after = None  # the quotation ends its paragraph: what follows is another's
    sents = []
    for tok in (first, last, after):
        if tok is not None and tok.sent not in sents:
            sents.append(tok.sent)
    return [t for s in sents for t in s]


def _reporting_verb(tokens: list[Token], quote: Span, bounds: tuple[int, int]) -> Token | None:
    """The speech verb outside the quote that governs it (or is nearest to it), between the
    neighbouring quotations (``bounds``): their own verbs are theirs."""
    inside = lambda t: quote.begin <= t.idx < quote.end  # noqa: E731
    verbs = [t for t in tokens if t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")
             and not inside(t) and bounds[0] <= t.idx < bounds[1]]
    if not verbs:
        return None
    quote_tokens = [t for t in tokens if inside(t)]
    for t in quote_tokens:
        for anc in t.ancestors:
            if anc in verbs:
                return anc
    return min(verbs, key=lambda v: min((abs(v.i - t.i) for t in quote_tokens), default=0))


def _quoted_as_saying(verb: Token, layer: EntityLayer) -> str | None:
    """'Detik.com quoted Djamal as saying': the one quoted speaks, not the one quoting."""
    head = verb.head
    while head.i != verb.i and head.dep_ in ("pcomp", "pobj", "prep") and head.lower_ != "as":
        head = head.head
    quoting = head.head if head.lower_ == "as" else None
    if quoting is None or quoting.lemma_.lower() != "quote":
        return None
    return next((key for c in quoting.children if c.dep_ == "dobj" and (key := entity_of(c, layer))), None)


def _subject(verb: Token, layer: EntityLayer) -> str | None:
    """The speaker: the verb's subject; for a participle ('..., stating that he ...'), the pronoun
    subject of what it reports, else its head's subject (the participle's attachment is the
    parser's weakest guess)."""
    if (quoted := _quoted_as_saying(verb, layer)) is not None:
        return quoted
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        for comp in verb.children:
            if comp.dep_ == "ccomp":
                for c in comp.children:
                    if c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS and (key := entity_of(c, layer)):
                        return key
    for _ in range(3):
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return entity_of(pobj, layer)
            if child.dep_ == "nsubj":  # the first that names someone: 'The organization the Project on ... has called'
                subjects = [c for c in verb.children if c.dep_ == "nsubj"]
                return next((k for c in subjects if (k := entity_of(c, layer) or _author(c, layer))), None)
            if child.dep_ == "nsubjpass":
                return None  # 'has been told to ...': the subject is the addressee
        for child in verb.children:  # '"...", added KCNA': the parser often takes the speaker for an object
            if child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i \
                    and (key := entity_of(child, layer)):
                return key
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "relcl") and verb.head is not verb:
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head  # 'Sunak defended it whilst promising ...'
        else:
            break
    return None


def _according_to(tokens: list[Token], layer: EntityLayer) -> str | None:
    """'quoting X' names the original speaker; 'according to X' the source."""
    for t in tokens:
        if t.lower_ == "quoting":
            for obj in t.children:
                if obj.dep_ in ("dobj", "appos") and (key := entity_of(obj, layer)):
                    return key
            for obj in t.subtree:
                if obj.i > t.i and (key := layer.at(obj)):
                    return key
    for t in tokens:  # 'in the words of the prosecutor, Mark Tedeschi'
        if t.lower_ == "words" and t.i >= 2 and t.doc[t.i - 2].lower_ == "in" and t.i + 1 < len(t.doc) \
                and t.nbor(1).lower_ == "of":
            for obj in t.nbor(1).children:
                if obj.dep_ == "pobj" and (key := _appositive_entity(obj, layer) or entity_of(obj, layer)):
                    return key
    source = next(according_to_objects(tokens), None)
    return entity_of(source, layer) if source is not None else None


def _appositive_entity(token: Token, layer: EntityLayer) -> str | None:
    """'the Crown prosecutor, Mark Tedeschi': the name set beside a description."""
    return next((key for c in token.children if c.dep_ == "appos" and (key := layer.in_phrase(c))), None)


def _author(noun: Token, layer: EntityLayer) -> str | None:
    """'an email by Roche', 'the Home Office letter', 'the ministry's statement': a document speaks
    for whoever the phrase says wrote it."""
    if noun.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    for child in noun.children:
        if child.dep_ in ("poss", "compound") and (key := layer.in_phrase(child)):
            return key
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            for pobj in _pobjs(child):
                if (key := entity_of(pobj, layer)):
                    return key
    return None


def _pobjs(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ == "pobj"]


def _statement_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in STATEMENT_NOUNS for c in verb.children)


def _previous_actor(doc: Doc, sent: SpacySpan, layer: EntityLayer) -> str | None:
    """The entity that was the subject of the previous sentence: who 'the statement' came from."""
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    key = entity_of(prev.root, layer, allow_head=False)
    for child in prev.root.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (key := entity_of(child, layer)):
            return key
    return key


def _pronoun_of(verb: Token | None, speaker: str | None, layer: EntityLayer) -> Span | None:
    """'he said', 'she added': the personal pronoun the speaker was read from, a mention of the
    speaker too (coreference the graph records, so each fact points to the words it came from)."""
    if verb is None or speaker is None:
        return None
    clauses = [verb, *(c for c in verb.children if c.dep_ == "ccomp")]
    for clause in clauses + ([verb.head] if verb.head is not verb else []):
        for c in clause.children:
            if c.dep_ == "nsubj" and c.lower_ in PERSONAL_PRONOUNS and entity_of(c, layer) == speaker:
                return Span(c.idx, c.idx + len(c.text))
    return None


def extract_quotations(doc: Doc, layer: EntityLayer, text: str | None = None) -> list[Quotation]:
    """``text`` is ``doc.text`` where the caller has it: a property that joins every token."""
    quotations: list[Quotation] = []
    last_speaker: tuple[int, str | None] | None = None  # (sentence start, speaker)
    text = doc.text if text is None else text
    found = [q for q in find_quoted(text) if _is_quotation(text[q.span.begin:q.span.end].split(), q.single)]
    for n, q in enumerate(found):
        bounds = (found[n - 1].span.end if n else 0, found[n + 1].span.begin if n + 1 < len(found) else len(text))
        tok = _token_at(doc, q.span.begin)
        if tok is None:
            continue
        sent = tok.sent
        scope = _scope(doc, q.span, text)
        verb = _reporting_verb(scope, q.span, bounds)
        speaker = _subject(verb, layer) if verb is not None else None
        if len(text[q.span.begin:q.span.end].split()) <= SHORT_QUOTE_WORDS and speaker is None:
            continue  # 'the so-called "experts"'; but 'Cooper said her party backed it "for months"' is hers
        if n and found[n - 1].continued and quotations:
            speaker = quotations[-1].speaker  # the next paragraph of the same quotation
        if speaker is None:
            speaker = _labelled(doc, q.span, layer) or _signed(doc, q.span, layer) or _introduced(doc, q.span, layer)
        if speaker is None:
            speaker = _according_to(scope, layer)
        if speaker is None and verb is not None and _statement_subject(verb):
            speaker = _previous_actor(doc, sent, layer)
        if speaker is None and last_speaker and (verb is None or _pronoun_subject(verb)):
            speaker = last_speaker[1]  # a continuing quote, or 'it added': the previous quotation's speaker
        quotations.append(Quotation(text=text[q.span.begin:q.span.end], span=q.span, speaker=speaker,
                                    cue=verb.text if verb is not None else None,
                                    speaker_pronoun=_pronoun_of(verb, speaker, layer)))
        last_speaker = (sent.start, speaker)
    return quotations


def _labelled(doc: Doc, quote: Span, layer: EntityLayer) -> str | None:
    """'Secretary James Roche: "No, Sir."': a name, then a colon, then the quotation is how
    transcripts, emails and interviews are set; the name is the speaker."""
    before = _token_before(doc, quote, over_space=False)
    if before is None or before.i < 1 or before.text != ":":
        return None
    return layer.at(doc[before.i - 1])


def _introduced(doc: Doc, quote: Span, layer: EntityLayer) -> str | None:
    """'Obama tweeted using his account:' then the quotation, often as its own paragraph: the
    clause a colon ends introduces what follows, and its speaker is that clause's subject."""
    colon = _colon_before(doc, quote)
    if colon is None:
        return None
    before = [t for t in colon.sent if t.i < colon.i and t.pos_ in ("VERB", "AUX")]
    speech = [t for t in before if t.lemma_.lower() in SPEECH_VERBS]
    verb = speech[-1] if speech else colon.sent.root if colon.sent.root.i < colon.i else None
    return _subject(verb, layer) if verb is not None else None


def _colon_before(doc: Doc, quote: Span) -> Token | None:
    before = _token_before(doc, quote, over_space=True)
    colon = before is not None and before.i >= 1 and before.text.endswith(":") \
        and not any(c.isalnum() for c in before.text)  # ':' or '):'
    return before if colon else None


def _token_before(doc: Doc, quote: Span, over_space: bool) -> Token | None:
    """The token before a quotation's opening marks (and, if asked, the paragraph break before them)."""
    first = _token_at(doc, quote.begin)
    i = first.i - 1 if first is not None else -1
    while i >= 0 and (doc[i].is_quote or doc[i].text in ("``", "''") or (over_space and doc[i].is_space)):
        i -= 1
    return doc[i] if i >= 0 else None


def _signed(doc: Doc, quote: Span, layer: EntityLayer) -> str | None:
    """'"So far, it's the Internet: 1." - Matthew Ingram': a dash after the closing mark signs the
    quotation, as pull quotes and epigraphs are set."""
    last = _token_at(doc, quote.end - 1)
    i = last.i + 1 if last is not None else len(doc)
    while i < len(doc) and (doc[i].is_quote or doc[i].text in ("''", "``") or doc[i].is_space):
        i += 1
    if i + 1 >= len(doc) or doc[i].text not in ("-", "–", "—"):
        return None
    return layer.at(doc[i + 1])


def _pronoun_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
