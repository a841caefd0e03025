"""Entities: NER spans to typed entity nodes, one node per entity per article.

Within an article all mentions of one entity are merged: a surname to the full name seen
in the article, a short form or acronym to the organisation's full name, a demonym or an
abbreviation to its country, and a capital used as a political actor to its country.
Where the mentions are is ``mentions``; which are one entity is ``merge``; this module builds
the article's ``EntityLayer`` from them, which events and quotations read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from kg.annotate.dateline import is_dateline
from kg.extract.mentions import NER_TYPES, Candidate, candidates, repeats
from kg.extract.merge import Merger, label_for, merge_types
from kg.model import Entity, Span

__all__ = ["EntityLayer", "extract_entities", "leader_of", "NER_TYPES"]

LEADER_NOUNS = {"president", "leader", "prime minister", "premier", "chancellor", "head"}


@dataclass
class EntityLayer:
    """The entities of one document and which tokens mention them."""

    entities: dict[str, Entity] = field(default_factory=dict)
    token_entity: dict[int, str] = field(default_factory=dict)
    country_of_person: dict[str, str] = field(default_factory=dict)
    agent_country: dict[str, str] = field(default_factory=dict)  # common-noun actor -> the country it acts for
    genders: dict[str, str] | None = None  # person -> 'm'/'f' where the article says (gender.py), once asked

    def at(self, token: Token) -> str | None:
        return self.token_entity.get(token.i)

    def in_phrase(self, token: Token) -> str | None:
        """The entity a noun phrase headed by ``token`` names: the head, then its compounds/appositions."""
        key = self.at(token)
        if key:
            return key
        for child in token.children:
            if child.dep_ in ("compound", "appos", "flat") and (key := self.at(child)):
                return key
        for child in token.children:  # 'the Asia-Pacific Economic Cooperation (APEC) forum'
            if child.dep_ == "nmod" and child.i < token.i and child.pos_ == "PROPN" and (key := self.at(child)):
                return key
        return None

    def add_mention(self, key: str, token_start: int, span: Span, acts: bool = True) -> None:
        """``acts``: the mention's tokens may stand for the entity in events (a dateline's may not)."""
        ent = self.entities[key]
        if span not in ent.mentions:
            ent.mentions.append(span)
            ent.mentions.sort()
        if acts:
            self.token_entity.setdefault(token_start, key)


def _dateline(doc: Doc, text: str, start: int, end: int) -> bool:
    """Where the story was filed ('Buenos Aires: Conservative ...', 'LONDON 1996-08-30'): no actor in
    it. A person is never a dateline: 'Maria Lopez: "..."' is a speaker's label. ``text`` is
    ``doc.text``, read once per document: spaCy joins every token each time it is read."""
    return is_dateline(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text))


def extract_entities(doc: Doc, text: str | None = None) -> EntityLayer:
    """``text`` is ``doc.text`` where the caller has it: spaCy joins every token each time it is read."""
    text = doc.text if text is None else text
    cands = candidates(doc, text)
    cands = sorted(cands + repeats(doc, cands), key=lambda c: c.span.begin)
    merger = Merger(cands, text)
    groups: dict[str, list[Candidate]] = {}
    types: dict[str, str] = {}
    for c in cands:
        key, type_ = merger.key(c)
        groups.setdefault(key, []).append(c)
        types[key] = type_
    merge_types(groups, types)
    layer = EntityLayer()
    for key, members in groups.items():
        roles = sorted({r for c in members for r in c.roles})
        layer.entities[key] = Entity(key=key, type=types[key], label=label_for(members, types[key]), roles=roles)
        for c in members:
            acts = not c.nested and not (c.type != "Person" and _dateline(doc, text, *c.tokens))
            if acts:
                for i in range(*c.tokens):
                    layer.token_entity[i] = key
            layer.add_mention(key, c.tokens[0], c.span, acts)
    _note_person_countries(doc, layer)
    return layer


def _note_person_countries(doc: Doc, layer: EntityLayer) -> None:
    """'Venezuelan leader Nicolás Maduro': remember the country so 'the Venezuelan president' finds him."""
    for key, ent in layer.entities.items():
        if ent.type != "Person":
            continue
        for m in ent.mentions:
            span = doc.char_span(m.begin, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span.root.subtree:  # modifiers inside the name's own noun phrase only
                if tok.i >= span.start:
                    break
                other = layer.token_entity.get(tok.i)
                if other and layer.entities[other].type == "Location":
                    layer.country_of_person.setdefault(key, other)


def leader_of(layer: EntityLayer, token: Token) -> str | None:
    """'the Venezuelan president' -> the person introduced as Venezuela's leader, if exactly one."""
    if token.lemma_.lower() not in LEADER_NOUNS:
        return None
    for child in token.children:
        country = layer.at(child)
        if child.dep_ in ("amod", "compound", "poss") and country:
            people = [p for p, c in layer.country_of_person.items() if c == country]
            if len(people) == 1:
                return people[0]
    return None
