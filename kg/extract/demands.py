"""Demands told as obligations: 'Russia said Sudan must return the helicopter' is Russia's
REQUEST to Sudan, as PLOVER codes it, though no verb of asking is used.

A speech verb whose reported clause says what someone else must do; the clause's own act
('return') is what is asked for, content of the request, not an event of its own (the extractor
treats this trigger as embedding, like any request).
"""
from __future__ import annotations

from spacy.symbols import VERB
from spacy.tokens import Token

from kg.extract.entities import EntityLayer
from kg.extract.roles import children, entity_of
from kg.extract.triggers import Trigger

__all__ = ["demand_trigger", "obliged"]

SAY_LEMMAS = frozenset("say state declare announce insist reiterate stress conclude add".split())
OBLIGATION_AUX = frozenset({"must"})


def _obligation_clause(tok: Token) -> Token | None:
    for clause in children(tok, "ccomp"):
        if any(c.dep_ == "aux" and c.lower_ in OBLIGATION_AUX for c in clause.children):
            return clause
    return None


def demand_trigger(tok: Token) -> Trigger | None:
    """A REQUEST for a speech verb that reports an obligation; kept only with the one obliged."""
    if tok.pos == VERB and tok.lemma_.lower() in SAY_LEMMAS and _obligation_clause(tok) is not None:
        return Trigger("REQUEST", None, None, needs_recipient=True, needs_complement=False)
    return None


def obliged(tok: Token, layer: EntityLayer, actor: str) -> list[str]:
    """Who must act, by the reported clause's subject: 'that China must drop barriers' -> China."""
    clause = _obligation_clause(tok)
    if clause is None:
        return []
    found: list[str] = []
    for subj in children(clause, "nsubj"):
        for tok_ in (subj, *children(subj, "conj")):
            key = entity_of(tok_, layer, loose=True)
            if key and key != actor and key not in found:
                found.append(key)
    return found
