"""Run every extraction step over one annotated document."""
from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.agents import AGENT_KEY
from kg.extract.entities import EntityLayer, extract_entities
from kg.extract.events import extract_events
from kg.extract.quotes import extract_quotations
from kg.model import Document, Event, Extraction, Quotation, Span

__all__ = ["extract"]


def extract(document: Document, doc: Doc) -> Extraction:
    text = doc.text  # spaCy joins every token each time it is read
    layer = extract_entities(doc, text)
    quotations = extract_quotations(doc, layer, text)
    events = extract_events(doc, layer, document.published_date)
    _pronouns_as_mentions(quotations, layer)
    used = _used(events, quotations)
    entities = {k: e for k, e in layer.entities.items() if not k.startswith(AGENT_KEY) or k in used}
    return Extraction(document=document, entities=entities, events=events, quotations=quotations,
                      sentences=_sentences(doc, text))


def _pronouns_as_mentions(quotations: list[Quotation], layer: EntityLayer) -> None:
    """A speaker read from 'he said' is mentioned by that pronoun; added after the events, which
    resolve their own pronouns, so what they find does not depend on the quotations."""
    for q in quotations:
        if q.speaker is not None and q.speaker_pronoun is not None:
            mentions = layer.entities[q.speaker].mentions
            if q.speaker_pronoun not in mentions:
                mentions.append(q.speaker_pronoun)
                mentions.sort()


def _sentences(doc: Doc, text: str) -> list[Span]:
    """The sentences' character spans, without the whitespace the tokenizer keeps as tokens.
    ``text`` is ``doc.text``: a sentence's characters are cut from it, not joined from its tokens."""
    spans = []
    for sent in doc.sents:
        words = text[sent.start_char:sent.end_char]
        begin = sent.start_char + len(words) - len(words.lstrip())
        end = sent.end_char - (len(words) - len(words.rstrip()))
        if begin < end:
            spans.append(Span(begin, end))
    return spans


def _used(events: list[Event], quotations: list[Quotation]) -> set[str]:
    """The entities kept events and quotations refer to: a common-noun actor stays only then."""
    used = {q.speaker for q in quotations}
    for e in events:
        used.update(e.actors, e.recipients, (e.location, e.according_to))
    return used
