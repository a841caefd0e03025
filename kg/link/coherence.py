"""Country coherence: which countries an article is about, and whether an item belongs elsewhere.

A name shared by many items ('Birmingham', 'Peter Such', 'Essex') is mostly told apart in news by
where the story is: a town in Alabama and a cricketer from Peru are unlikely in a report of an
English county match. The countries an article names are read from our own country lexicon
(names, other names and demonyms: 'England', 'U.S.', 'Australian'), not from the links of a
first pass, so one wrong link cannot spread its country to the rest of the article. An item whose
country facts (P17 country, P27 citizenship) the base gives and which names none of those
countries is *foreign* to the article; an item the base gives no country for is not judged.
Agreeing on a country, on the other hand, tells candidates apart only where the base gives each
its country (``countries_of``): an article that names the US agrees with a good share of any
name's namesakes, and beside an item the base gives no country, such agreement would only ever
speak for the namesake; so the linker counts it only then.
Wikidata gives the United Kingdom as the country of what is in England or Scotland, so a
constituent country and the UK stand for each other here.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from kg.lexicon import countries, country_by_surface
from kg.model import Entity

__all__ = ["COUNTRY_PROPS", "PART_OF", "article_country_qids", "is_foreign", "country_qids", "countries_of",
           "split_values", "agreement"]

COUNTRY_PROPS = ("P17", "P27")  # country, country of citizenship
UK = "Q145"
PART_OF = {"Q21": UK, "Q22": UK, "Q25": UK, "Q26": UK}  # England, Scotland, Wales, Northern Ireland


@functools.lru_cache(maxsize=1)
def country_qids() -> frozenset[str]:
    """Every country of our lexicon: an item's country when it is one, its own."""
    return frozenset(c.qid for c in countries() if c.qid)


def article_country_qids(entities: Iterable[Entity]) -> frozenset[str]:
    """The QIDs of every country the article names, by our lexicon ('English' counts for England),
    with the UK beside its constituent countries and they beside it. Persons are left out: a
    person named 'Jordan' or 'Georgia' says nothing of where the story is."""
    qids: set[str] = set()
    for e in entities:
        if e.type != "Person" and (country := country_by_surface(e.label)) is not None and country.qid:
            qids.add(country.qid)
    if qids & PART_OF.keys():
        qids.add(UK)
    if UK in qids:
        qids.update(PART_OF)
    return frozenset(qids)


def is_foreign(qid: str, facts: Callable[[str], dict[str, set[str]]], countries: frozenset[str]) -> bool:
    """True when the article names countries, the item is none of them, and the base gives the item
    a country or citizenship that is none of them either: the item is of somewhere else."""
    if not countries or qid in countries:
        return False
    theirs = {v for prop in COUNTRY_PROPS for v in facts(qid).get(prop, ())}
    return bool(theirs) and not theirs & countries


def countries_of(qid: str, facts: Callable[[str], dict[str, set[str]]]) -> set[str]:
    """The item's countries: itself for a country, else its country and citizenship facts (empty:
    the base does not say)."""
    if qid in country_qids():
        return {qid}
    return {v for prop in COUNTRY_PROPS for v in facts(qid).get(prop, ())}


def split_values(facts: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """An item's fact values: those that are not countries, and those that are."""
    values = {v for vs in facts.values() for v in vs}
    return values - country_qids(), values & country_qids()


def agreement(qid: str, others: set[str], values: Callable[[str], tuple[set[str], set[str]]],
              by_country: bool) -> float:
    """Share of agreement of an item with the article's other links (``others``), both ways (P27 of
    a person, P35 of a country, P36 of a capital); ``values`` splits an item's fact values as
    ``split_values`` does. Agreeing on a country counts only where the base gives every candidate
    its country (``by_country``): beside an item whose country it does not say, a namesake of the
    article's country is no likelier the one meant (an article that names the US agrees with a
    good share of any name's namesakes), while one of another country is less likely wherever it
    stands (``is_foreign``)."""
    if not others:
        return 0.0
    specific, country = values(qid)
    agree = len(specific & others) + sum(qid in values(o)[0] for o in others)
    agree_country = len(country & others) + sum(qid in values(o)[1] for o in others)
    return min(1.0, (agree + (agree_country if by_country else 0)) / 2)
