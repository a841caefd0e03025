"""Whom an event is done to: the trigger's object or passive subject, a with/against/on/to/for
phrase, a nominal trigger's 'of' object, a light verb's phrases for its noun, the noun a passive
participle is said of; for an attack with no one named, the place it was aimed at."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import EntityLayer
from kg.extract.roles import children, entity_of

__all__ = ["done_to", "recipients_of", "target_place", "RECIPIENT_PREPS"]

LIGHT_VERBS = frozenset("issue give offer express extend voice lend make pledge send".split())
RECIPIENT_PREPS = ("with", "against", "on", "to", "for", "at", "toward", "towards", "upon", "into")


def recipients_of(trigger: Token, layer: EntityLayer, actor: str | None) -> list[str]:
    found: list[str] = []

    def add(tok: Token) -> None:
        key = entity_of(tok, layer, exclude=actor, loose=True)
        if key is None:
            for poss in children(tok, "poss"):  # 'a demand for his resignation'
                key = entity_of(poss, layer, exclude=actor)
        if key and key != actor and key not in found:
            found.append(key)
        for conj in children(tok, "conj"):
            ck = entity_of(conj, layer, exclude=actor)
            if ck and ck != actor and ck not in found:
                found.append(ck)

    deps = ("dobj", "dative", "iobj", "nsubjpass", "attr", "oprd") if trigger.pos_ in ("VERB", "AUX") else ()
    heads = [trigger]
    for obj in children(trigger, *deps):
        for pobj in (children(obj, "pobj") if obj.pos_ == "ADP" else [obj]):  # 'sent aid to Peru': a dative 'to'
            add(pobj)
        heads.append(obj)  # 'offered safe passage for Maduro'
    nominal = trigger.pos_ in ("NOUN", "PROPN")
    for prep in children(trigger, "prep"):
        if prep.lower_ == "of":  # 'suspension of flights for Venezuelan migrants'
            heads.extend(children(prep, "pobj"))
            if nominal:  # 'Russia's invasion of Georgia', 'support of Ahmed Mohamed': what the act is done to
                for pobj in children(prep, "pobj"):
                    add(pobj)
    if nominal and trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in LIGHT_VERBS:
        heads.append(trigger.head)  # 'issued her support to Mohamed': the verb's phrases are the noun's
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN":
        add(trigger.head)  # 'Mr Scioli, backed by the president': the one the participle is said of
    for head in heads:
        for prep in children(head, "prep"):
            if prep.lower_ in RECIPIENT_PREPS:
                for pobj in children(prep, "pobj"):
                    add(pobj)
    if not found and trigger.dep_ in ("acomp", "oprd", "xcomp") and trigger.head.pos_ in ("VERB", "AUX"):
        for subj in children(trigger.head, "nsubjpass", "nsubj"):  # 'airspace should be considered closed'
            add(subj)
    return found


def done_to(trigger: Token, event_type: str, layer: EntityLayer, actor: str) -> list[str]:
    """The recipients; for an attack that names none, the place it was aimed at."""
    return recipients_of(trigger, layer, actor) or (target_place(trigger, layer, actor) if event_type == "ASSAULT" else [])


def target_place(trigger: Token, layer: EntityLayer, actor: str) -> list[str]:
    """'fired rounds aimed at a loudspeaker in South Korea': an attack's target place, deeper in its phrase."""
    for tok in trigger.subtree:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("at", "in", "into", "on") and tok.i > trigger.i:
            key = layer.in_phrase(tok)
            if key and key != actor and layer.entities[key].type == "Location":
                return [key]
    return []
