"""Which entity a token's noun phrase names: shared by the event and quotation rules. A named
entity first, then a country through its government or leader, a pronoun's person, and last a
common-noun actor (``agents``)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Token

from kg.extract.agents import agent_entity
from kg.extract.entities import EntityLayer, leader_of
from kg.extract.gender import person_genders, pronoun_gender

__all__ = ["according_to_objects", "children", "entity_of", "GOVERNMENT_NOUNS", "PERSONAL_PRONOUNS"]

# 'the Venezuelan government', 'U.S. officials': the country acts through these nouns.
GOVERNMENT_NOUNS = frozenset("""
government authorities officials administration ministry regime state forces leadership cabinet
embassy delegation diplomats spokesman spokeswoman spokesperson envoy military army navy police
leader leaders negotiator negotiators peacekeepers
""".split())
PERSONAL_PRONOUNS = frozenset("he him his she her hers himself herself".split())
QUANTITY_NOUNS = frozenset("thousands hundreds dozens scores millions tens group groups crowd crowds band number".split())


def children(token: Token, *deps: str) -> list[Token]:
    """The token's children with one of these dependency labels, in order."""
    return [c for c in token.children if c.dep_ in deps]


def according_to_objects(tokens: Iterable[Token]) -> Iterator[Token]:
    """The objects of each 'according to' among ``tokens``, in order: the named source."""
    for t in tokens:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor(1).lower_ == "to":
            yield from (obj for obj in t.nbor(1).children if obj.dep_ == "pobj")


def entity_of(token: Token, layer: EntityLayer, allow_head: bool = True, exclude: str | None = None,
              loose: bool = False) -> str | None:
    """The entity named by the phrase headed by ``token``, or None. Never guesses across sentences
    except for personal pronouns, which take the nearest earlier person."""
    key = layer.in_phrase(token)
    if key and key != exclude:
        return key
    if (key := leader_of(layer, token)) and key != exclude:
        return key
    named_conj = any(c.dep_ == "conj" and layer.in_phrase(c) for c in token.children)
    if not named_conj and (key := agent_entity(token, layer)) and key != exclude:  # 'police', 'Turkish police'
        return key
    if token.lemma_.lower() in GOVERNMENT_NOUNS or token.lower_ in GOVERNMENT_NOUNS:
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod") and (key := layer.at(child)):
                if layer.entities[key].type in ("Location", "Organization") and key != exclude:
                    return key
        for child in token.children:  # 'the government of Venezuela'
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (key := layer.at(pobj)) and key != exclude:
                        return key
    if loose:  # 'Venezuelan migrants', 'Venezuelan airspace': the country they belong to
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss") and (key := layer.at(child)):
                if layer.entities[key].type == "Location" and key != exclude:
                    return key
    if token.lower_ in PERSONAL_PRONOUNS:
        return _nearest_person_before(token, layer, exclude)
    if token.lower_ in QUANTITY_NOUNS or token.like_num:  # 'Thousands of Iraqi Kurds', 'a group of refugees'
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and (key := entity_of(pobj, layer, allow_head, exclude, loose=True)):
                        return key
    if allow_head:
        for child in token.children:  # 'Maduro and his family' -> Maduro is the head already; 'the X of Y'
            if child.dep_ == "conj" and (key := layer.in_phrase(child)) and key != exclude:
                return key
    return None


def _nearest_person_before(token: Token, layer: EntityLayer, exclude: str | None) -> str | None:
    """The nearest earlier person the pronoun can name: not one the article calls the other gender."""
    wanted = pronoun_gender(token.text)
    genders = _genders(token, layer) if wanted else {}
    best, best_pos = None, -1
    for key, ent in layer.entities.items():
        if ent.type != "Person" or key == exclude or genders.get(key, wanted) != wanted:
            continue
        for m in ent.mentions:
            if best_pos < m.begin < token.idx and token.idx - m.begin < 600:
                best, best_pos = key, m.begin
    return best


def _genders(token: Token, layer: EntityLayer) -> dict[str, str]:
    if layer.genders is None:
        persons = {k: [(m.begin, m.end) for m in e.mentions] for k, e in layer.entities.items() if e.type == "Person"}
        layer.genders = person_genders(token.doc, persons)
    return layer.genders
