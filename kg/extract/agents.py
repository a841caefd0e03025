"""Common-noun actors: 'police detained 107 people', 'lawmakers voted against', 'Turkish police'.

News often says who acted with a common noun, not a name. A noun phrase whose words are one of
Phoenix's agent phrases (``kg/data/agents.json``: 'police', 'riot police', 'lawmakers', 'rights
groups') names an actor of that agent role: a body (an organisation) or its members (a group).
A country its modifier names ('Turkish police', 'Malaysia's navy', 'the police of Kenya') is
kept beside it, to act with it. Such an entity is made only when an event or a quotation asks
for the phrase (``agent_entity``), and dropped again when nothing kept uses it, so the article's
entities stay what it talks about. ``with_countries`` adds, to an event's actors or recipients,
the country each acts for: a common-noun actor's, or a named member of a government's on the
article's date.
"""
from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from kg.extract.entities import EntityLayer
from kg.labels import normalise_label
from kg.lexicon import TITLES, agent_phrase, country_by_surface, government_of
from kg.model import Entity, Span

__all__ = ["agent_entity", "with_countries", "AGENT_KEY"]

AGENT_KEY = "Agent:"  # keys of common-noun actors: never the key of a named entity
MODIFIER_DEPS = ("compound", "amod", "nmod")
COUNTRY_DEPS = ("compound", "amod", "poss", "nmod")
HOME_MENTIONS = 2  # mentions that make a country the one an article is about


def _phrase_start(token: Token) -> tuple[int, str] | None:
    """The longest run of modifiers right before the head that, with it, is an agent phrase."""
    doc = token.doc
    start = token.i
    while start > 0 and doc[start - 1].dep_ in MODIFIER_DEPS and doc[start - 1].head.i >= token.i \
            and not doc[start - 1].ent_type_:
        start -= 1
    for i in range(start, token.i + 1):
        words = " ".join(t.lower_ for t in doc[i:token.i + 1] if not t.is_punct)
        if agent_phrase(words) is not None:
            return i, words
    return None


def _country(token: Token, start: int, layer: EntityLayer) -> tuple[str | None, int]:
    """The country a modifier or an 'of' phrase names, and where the phrase then begins."""
    for child in token.children:
        key = layer.at(child) if child.dep_ in COUNTRY_DEPS and child.i < start else None
        if key and layer.entities[key].type == "Location":
            first = min(child.left_edge.i, start)
            return key, first
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                key = layer.at(pobj) if pobj.dep_ == "pobj" else None
                if key and layer.entities[key].type == "Location":
                    return key, start
    return None, start


def _definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)


def home_country(layer: EntityLayer) -> str | None:
    """The country an article is about: named at least twice and more often than any other."""
    counts = sorted(((len(e.mentions), key) for key, e in layer.entities.items()
                     if e.type == "Location" and _a_country(e.label)), reverse=True)
    if not counts or counts[0][0] < HOME_MENTIONS or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


def _a_country(label: str) -> bool:
    country = country_by_surface(label)
    return country is not None and label == country.name


def _a_persons_title(token: Token) -> bool:
    """'the President', 'the minister': one person's post, whom the article names elsewhere; only
    a country's ('Taiwan's vice foreign minister') says who acted."""
    return token.lower_ in TITLES and token.tag_ not in ("NNS", "NNPS")


def agent_entity(token: Token, layer: EntityLayer) -> str | None:
    """The common-noun actor the phrase headed by ``token`` names, made on first use."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
        return None
    found = _phrase_start(token)
    if found is None:
        return None
    start, words = found
    agent = agent_phrase(words)
    country, first = _country(token, start, layer)
    if country is None and _a_persons_title(token):
        return None
    if agent.code == "GOV" and agent.institution:
        if country is not None:
            return None  # 'the Venezuelan government', 'Russian authorities': the state itself acts
        if start == token.i and _definite(token) and (home := home_country(layer)) is not None:
            return home  # 'the government' of a story told about one country is that country's
    doc = token.doc
    label = doc[first:token.i + 1].text
    key = AGENT_KEY + normalise_label(label)
    if key not in layer.entities:
        layer.entities[key] = Entity(key=key, type="Organization" if agent.institution else "Group", label=label,
                                     agent=agent.code)
        if country:
            layer.agent_country[key] = country
    span = Span(doc[first].idx, token.idx + len(token.text))
    layer.add_mention(key, first, span)
    for i in range(first, token.i + 1):
        layer.token_entity.setdefault(i, key)
    return key


def with_countries(keys: list[str], layer: EntityLayer, published: date | None) -> list[str]:
    """'Turkish police detained ...': the country acts with its police; 'Maduro said ...': with its
    government's members on the article's date, when the article names the country."""
    countries = [c for k in keys if (c := layer.agent_country.get(k) or _governed(k, layer, published))]
    return keys + [c for c in dict.fromkeys(countries) if c not in keys]


def _governed(key: str, layer: EntityLayer, published: date | None) -> str | None:
    entity = layer.entities[key]
    if entity.type != "Person" or (country := government_of(normalise_label(entity.label), published)) is None:
        return None
    country_key = f"Location:{normalise_label(country)}"
    return country_key if country_key in layer.entities else None
