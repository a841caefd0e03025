"""Threats: 'Iran threatened to close the strait', 'will withdraw its troops unless ...'.

A threat is told by 'threaten' with the act it threatens (an infinitive, which the parser may
make an adverbial clause when a phrase comes between: 'threatened on Monday to close'), or by
an act to come that is made to hang on a condition ('unless'). The threatened act is the
threat's content: it gives the threat's recipient and PLOVER mode, and is no event of its own.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import EntityLayer
from kg.extract.recipients import done_to
from kg.extract.triggers import Trigger
from kg.model import Event

__all__ = ["THREAT_MODES", "as_threat", "infinitive_clause", "infinitives", "on_condition", "threatened_act",
           "threatens_to_act"]

THREAT_MODES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations"}


def threatened_act(tok: Token, t: Trigger, matched: list[tuple[Token, Trigger]]) -> tuple[Token, Trigger] | None:
    """'Iran threatened to shell Iraqi towns': the act a threat is made of, when it is an event of its own."""
    if t.type != "THREATEN":
        return None
    return next(((c, ct) for c in infinitives(tok) for m, ct in matched if m.i == c.i), None)


def on_condition(tok: Token) -> bool:
    """An act to come on a condition against the other side: 'will boycott the vote unless ...'."""
    clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
               for c in clause.children)


def threatens_to_act(tok: Token) -> bool:
    """'Iran threatened to close the strait': a threat of an act needs no one named it is made to."""
    return tok.lemma_.lower() == "threaten" and tok.pos_ == "VERB" and bool(infinitives(tok))


def infinitive_clause(tok: Token) -> bool:
    """'threatened on Monday to close': the parser makes such an infinitive an adverbial clause."""
    return tok.dep_ == "xcomp" or (tok.dep_ == "advcl"
                                   and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def infinitives(tok: Token) -> list[Token]:
    return [c for c in tok.children if infinitive_clause(c)]


def as_threat(event: Event, threatened: tuple[Token, Trigger], layer: EntityLayer) -> None:
    """A threat is made to whom its act would be done to, and of that act's kind ('violence')."""
    act, act_trigger = threatened
    actor = event.actors[0]
    if not event.recipients:
        event.recipients = [r for r in done_to(act, act_trigger.type, layer, actor) if r not in event.actors]
    event.mode = event.mode or THREAT_MODES.get(act_trigger.type)
