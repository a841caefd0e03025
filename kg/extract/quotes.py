"""Quotations: text inside quotation marks, tied to its speaker and cue.

Double quotes (straight or curly) always open a quotation; single quotes only for short ones.
Scare quotes (one or two words) and quoted names ('Cartel de los Soles') are not quotations.
The speaker is the subject of the reporting verb, the X of 'according to X', or, for a quote
whose sentence names none, the speaker of the previous sentence's quotation.
"""
from __future__ import annotations

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
comment tweet post call describe characterize characterise stress emphasize urge accuse report
""".split())
STATEMENT_NOUNS = frozenset("statement communique communiqué declaration release report letter post tweet".split())
PAIRS = {'"': '"', "“": "”", "„": "“", "«": "»", "‘": "’", "'": "'"}
MAX_QUOTE_CHARS = 2000


@dataclass(frozen=True)
class Quoted:
    span: Span  # the words inside the marks
    single: bool


def _closing_ok(text: str, i: int, mark: str) -> bool:
    """A single closing mark is an apostrophe when a letter follows it ('conversation’s')."""
    if mark in ("’", "'"):
        nxt = text[i + 1:i + 2]
        return not (nxt.isalpha())
    return True


def _opening_ok(text: str, i: int, mark: str) -> bool:
    prev = text[i - 1:i]
    if mark in ("‘", "'"):
        return prev == "" or not prev.isalnum()
    return True


def find_quoted(text: str) -> list[Quoted]:
    found: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        mark = text[i]
        if mark in PAIRS and _opening_ok(text, i, mark):
            close = PAIRS[mark]
            j = i + 1
            limit = min(n, i + 1 + MAX_QUOTE_CHARS)
            while j < limit:
                if text[j] == close and j > i + 1 and _closing_ok(text, j, close):
                    break
                if text[j] == "\n" and text[j - 1:j] == "\n":  # a paragraph break ends an unclosed quote
                    j = limit
                    break
                j += 1
            if j < limit:
                begin, end = i + 1, j
                inner = text[begin:end]
                stripped_l = len(inner) - len(inner.lstrip())
                stripped_r = len(inner) - len(inner.rstrip())
                if inner.strip():
                    found.append(Quoted(Span(begin + stripped_l, end - stripped_r), mark in ("‘", "'")))
                i = j + 1
                continue
        i += 1
    return found


def _is_quotation(words: list[str], single: bool) -> bool:
    if len(words) <= 2:
        return False  # scare quotes
    if all(w[:1].isupper() or w.lower() in ("de", "of", "the", "la", "los", "las", "del", "and", "al")
           for w in words):
        return False  # a quoted name
    return not (single and len(words) > 60)


def _scope(doc: Doc, quote: Span, text_length: int) -> list[Token]:
    """The sentences a quotation opens and closes in: '"...," said KCNA' names the speaker after it."""
    first = _token_at(doc, quote.begin)
    last = _token_at(doc, quote.end - 1)
    after = _token_at(doc, min(quote.end + 1, text_length - 1))
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


def _subject(verb: Token, layer: EntityLayer) -> str | None:
    """The speaker: the verb's subject; for a participle ('..., stating that he ...'), the pronoun
    subject of what it reports, else its head's subject (the participle's attachment is the
    parser's weakest guess)."""
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
            if child.dep_ == "nsubj":
                return entity_of(child, layer)
            if child.dep_ == "nsubjpass":
                return None  # 'has been told to ...': the subject is the addressee
        for child in verb.children:  # '"...", added KCNA': the parser often takes the speaker for an object
            if child.dep_ in ("dobj", "attr", "npadvmod", "oprd") and child.i > verb.i:
                return entity_of(child, layer)
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "relcl") and verb.head is not verb:
            verb = verb.head
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
    source = next(according_to_objects(tokens), None)
    return entity_of(source, layer) if source is not None else None


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


def extract_quotations(doc: Doc, layer: EntityLayer) -> list[Quotation]:
    quotations: list[Quotation] = []
    last_speaker: tuple[int, str | None] | None = None  # (sentence start, speaker)
    text = doc.text  # a property that joins every token: read it once
    found = [q for q in find_quoted(text) if _is_quotation(text[q.span.begin:q.span.end].split(), q.single)]
    for n, q in enumerate(found):
        bounds = (found[n - 1].span.end if n else 0, found[n + 1].span.begin if n + 1 < len(found) else len(text))
        tok = _token_at(doc, q.span.begin)
        if tok is None:
            continue
        sent = tok.sent
        scope = _scope(doc, q.span, len(text))
        verb = _reporting_verb(scope, q.span, bounds)
        speaker = _subject(verb, layer) if verb is not None else None
        if speaker is None:
            speaker = _according_to(scope, layer)
        if speaker is None and verb is not None and _statement_subject(verb):
            speaker = _previous_actor(doc, sent, layer)
        if speaker is None and last_speaker and (verb is None or _pronoun_subject(verb)):
            speaker = last_speaker[1]  # a continuing quote, or 'it added': the previous quotation's speaker
        quotations.append(Quotation(text=text[q.span.begin:q.span.end], span=q.span, speaker=speaker,
                                    cue=verb.text if verb is not None else None))
        last_speaker = (sent.start, speaker)
    return quotations


def _pronoun_subject(verb: Token) -> bool:
    return any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in verb.children)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
