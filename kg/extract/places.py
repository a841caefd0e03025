"""Where an event happened, as the text says it: a place in a phrase under its trigger, its
object or its actor ('met in Paris', 'attacked a base near Kandahar', 'police in Jericho
confiscated'), never in another clause."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import EntityLayer
from kg.extract.roles import children

__all__ = ["event_location", "PLACE_PREPOSITIONS"]


PLACE_PREPOSITIONS = ("in", "at", "near", "inside", "outside", "outside of", "off", "around", "across", "throughout")


def event_location(trigger: Token, layer: EntityLayer, taken: set[str]) -> str | None:
    """Where the text says the event happened: a place after 'in', 'at', 'near'... on the trigger
    ('met in Paris'), on its object ('attacked a base near Kandahar'), on its actor ('police in
    Jericho confiscated') or, for a clause the trigger heads as a complement ('agreed to meet in
    Geneva'), on that clause's verb; also one or two phrases down ('killed three in a gunbattle in
    southern Serbia', 'near the town of Samarra'), never into another clause."""
    heads = [trigger, *children(trigger, "dobj", "nsubjpass", "xcomp", "nsubj")]
    for head in heads:
        for noun in _place_phrases(head, depth=3):
            key = _place_of(noun, layer)
            if key and key not in taken:
                return key
    return None


def _place_phrases(head: Token, depth: int) -> list[Token]:
    """Objects of the place prepositions under ``head``, nearest first: through a prepositional
    object's own phrases ('an attack on a village in X') and a participle ('the Red Cross
    operating in Iraq'), not through clauses."""
    found: list[Token] = []
    frontier = [head]
    for _ in range(depth):
        following: list[Token] = []
        for token in frontier:
            for child in token.children:
                if child.dep_ == "prep":
                    objects = children(child, "pobj")
                    if child.lower_ in PLACE_PREPOSITIONS:
                        found.extend(objects)
                    following.extend(objects)
                elif child.dep_ == "acl" and child.tag_ in ("VBG", "VBN"):
                    following.append(child)
        frontier = following
    return found


def _place_of(noun: Token, layer: EntityLayer) -> str | None:
    """The place a phrase names: itself ('Basra'), or what it is part of ('the town of Samarra',
    'the outskirts of Kabul')."""
    candidates = [noun, *(o for p in children(noun, "prep") if p.lower_ == "of" for o in children(p, "pobj"))]
    for candidate in candidates:
        key = layer.in_phrase(candidate)
        if key and layer.entities[key].type == "Location":
            return key
    return None
