"""One record per event told: the mentions of one event in an article join one ``Event``.

A noun that names the act its verb tells ('sent aid', 'launched an attack') is a mention of the
verb's event; a restatement (same type, actors, recipients and polarity, told by the same verb or
by a noun) merges into the first telling. Two different verbs stay two events: 'met' and 'talked'
may be one meeting or two, and the text alone does not say.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.model import Event, Span

__all__ = ["one_record_per_event"]


def one_record_per_event(events: list[Event], doc: Doc, types_at: dict[int, str]) -> list[Event]:
    """``types_at``: token index -> the event type its trigger matched (whether or not it made an event)."""
    return _merge(_object_nouns_joined(events, doc, types_at), doc)


def _object_nouns_joined(events: list[Event], doc: Doc, types_at: dict[int, str]) -> list[Event]:
    """'sent aid to Peru', 'launched an attack': a noun that names the act its verb tells is a
    mention of the verb's event, not an event of its own (kept where the verb made none)."""
    verb_events = {}
    for event in events:
        word = _first_word(event, doc)
        if word is not None and word.pos_ in ("VERB", "AUX"):
            verb_events[word.i] = event
            for noun in word.children:
                span = Span(noun.idx, noun.idx + len(noun.text))
                if _names_the_act(noun, event.type, types_at) and span not in event.mentions:
                    event.mentions.append(span)
    return [e for e in events if not _covered(e, doc, verb_events)]


def _names_the_act(noun: Token, type_: str, types_at: dict[int, str]) -> bool:
    return noun.pos_ == "NOUN" and noun.dep_ == "dobj" and types_at.get(noun.i) == type_


def _covered(event: Event, doc: Doc, verb_events: dict[int, Event]) -> bool:
    word = _first_word(event, doc)
    if word is None or word.dep_ != "dobj":
        return False
    verb_event = verb_events.get(word.head.i)
    return verb_event is not None and verb_event is not event and event.mentions[0] in verb_event.mentions


def _merge(events: list[Event], doc: Doc) -> list[Event]:
    """One node per event: a restatement (same type, actors, recipients and polarity, told by the
    same word or by a noun) merges into the first telling; two different verbs stay two events."""
    merged: dict[tuple, Event] = {}
    for e in events:
        word = _first_word(e, doc)
        restated_by = word.lemma_.lower() if word is not None and word.pos_ in ("VERB", "AUX") else "(noun)"
        key = (e.type, tuple(sorted(e.actors)), tuple(sorted(e.recipients)), e.negated)
        if restated_by != "(noun)":
            key = (*key, restated_by)
        if key in merged:
            first = merged[key]
            first.mentions.extend(m for m in e.mentions if m not in first.mentions)
            first.date = first.date or e.date
            first.according_to = first.according_to or e.according_to
            first.mode = first.mode or e.mode
        else:
            merged[key] = e
    return list(merged.values())


def _first_word(event: Event, doc: Doc) -> Token | None:
    """The trigger word of an event's first telling (every mention of an event is one word)."""
    span = doc.char_span(event.mentions[0].begin, event.mentions[0].end)
    return span[0] if span is not None and len(span) == 1 else None
