"""Word lists every stage reads, from the files in ``kg/data/``: country names, demonyms, capitals
and QIDs, titles, news names (agencies, platforms, US states), familiar given names, legal forms
of companies and the PLOVER trigger lexicon. No stage logic here: annotation, extraction and
linking all read them, so they sit below those stages."""
from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kg.labels import normalise_label

__all__ = ["Country", "countries", "country_by_surface", "people_of", "country_by_capital", "country_qid", "TITLES",
           "Agent", "agent_phrase", "agent_roles", "government_of", "cameo_dictionary",
           "triggers_file", "news_name_patterns", "news_name_label", "full_name", "us_state"]

DATA_DIR = Path(__file__).resolve().parent / "data"

# Words that, before a name, give a person's title or role rather than part of the name.
TITLES = frozenset("""
president vice prime minister foreign defense defence interior finance secretary state senator sen. rep.
representative congressman congresswoman governor gov. mayor king queen prince princess pope chancellor
general gen. admiral colonel col. lt. lieutenant captain capt. sergeant sgt. major dr. mr. mrs. ms. dr mr mrs ms miss sir
lord lady dame judge justice ambassador ceo chairman chairwoman chair director commissioner sheikh emir
ayatollah premier leader spokesman spokeswoman spokesperson chief executive officer minister-president
attorney speaker deputy former late pastor reverend rev. father bishop cardinal archbishop rabbi imam
coach manager striker goalkeeper defender midfielder analyst professor prof. author actor actress singer
opposition candidate activist president-elect dj rapper comedian presenter broadcaster
""".split())


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None
    qid: str | None
    kind: str | None = None  # "union" for a union of states (the EU): an organisation, not a place


@functools.lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    rows = json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))
    return tuple(Country(r["name"], tuple(r.get("aliases") or ()), tuple(r.get("demonyms") or ()),
                         r.get("capital"), r.get("qid"), r.get("kind")) for r in rows)


def _fold(text: str) -> str:
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return text.replace("’", "'").casefold()


@functools.lru_cache(maxsize=1)
def _surface_index() -> dict[str, Country]:
    index: dict[str, Country] = {}
    for c in countries():
        for surface in (c.name, *c.aliases, *c.demonyms):
            index.setdefault(_fold(surface), c)
    return index


@functools.lru_cache(maxsize=1)
def _capital_index() -> dict[str, Country]:
    return {_fold(c.capital): c for c in countries() if c.capital}


def country_by_surface(text: str) -> Country | None:
    """'U.S.', 'the United States', 'Venezuelan' -> the country; case matters for short forms."""
    c = _surface_index().get(_fold(text))
    if c is None:
        return None
    if len(text.strip()) <= 3 and not text.strip().isupper():  # 'us' the pronoun is not the US
        return None
    return c


def people_of(text: str) -> Country | None:
    """'Australian', 'IRISH' -> the country whose people the word names; None for a country's
    name ('Australia') or a word that is no demonym."""
    country = country_by_surface(text)
    folded = _fold(text)
    return country if country is not None and any(_fold(d) == folded for d in country.demonyms) else None


def country_qid(name: str) -> str | None:
    """The Wikidata item of a country our lexicon knows by this exact name."""
    for c in countries():
        if c.name == name:
            return c.qid
    return None


def country_by_capital(text: str) -> Country | None:
    return _capital_index().get(_fold(text))


@functools.lru_cache(maxsize=1)
def _news_names() -> dict:
    with open(DATA_DIR / "news_names.toml", "rb") as fh:
        return tomllib.load(fh)


def _named_groups() -> Iterator[tuple[str, dict, str]]:
    """(group key, group, name) for every name of the tables that list names (not the mappings)."""
    for key, group in _news_names().items():
        for name in group.get("names", ()):
            yield key, group, name


def news_name_patterns() -> list[dict]:
    """Entity-ruler patterns for the names of news_names.toml: agencies, platforms, seats of power, states."""
    return [{"label": group["label"], "pattern": name, "id": key} for key, group, name in _named_groups()]


@functools.lru_cache(maxsize=1)
def _news_name_labels() -> dict[str, tuple[str, bool]]:
    return {name: (group["label"], group.get("always", False)) for _, group, name in _named_groups()}


def news_name_label(text: str, model_label: str, ours: Collection[str]) -> str | None:
    """The label a news name takes: 'ORG' for 'Twitter', which the model may call a product or a
    person; the model's own label where it is one of ``ours`` and the name is not `always` ORG."""
    label, always = _news_name_labels().get(text, (None, False))
    if label is None or (model_label in ours and not always):
        return model_label if model_label in ours else None
    return label


def us_state(text: str) -> str | None:
    """'Calif.' -> 'California', 'TX' -> 'Texas'."""
    return _news_names()["us_state_names"].get(text)


@functools.lru_cache(maxsize=1)
def _given_names() -> dict[str, frozenset[str]]:
    with open(DATA_DIR / "given_names.toml", "rb") as fh:
        familiar = tomllib.load(fh)["familiar"]
    other: dict[str, set[str]] = {}
    for short, formal in familiar.items():
        for name in formal:
            other.setdefault(short.lower(), set()).add(name.lower())
            other.setdefault(name.lower(), set()).add(short.lower())
    return {k: frozenset(v) for k, v in other.items()}


def other_given_names(name: str) -> frozenset[str]:
    """'bob' -> {'robert'}, 'charles' -> {'chuck'}: the familiar and formal forms of a given name
    (lower case in, lower case out)."""
    return _given_names().get(name, frozenset())


def full_name(text: str) -> str | None:
    """'AP' -> 'Associated Press': the name a short form stands for in news copy."""
    return _news_names()["full_names"].get(text)


def triggers_file() -> Path:
    return DATA_DIR / "triggers.toml"


@functools.lru_cache(maxsize=1)
def triggers() -> dict:
    with open(triggers_file(), "rb") as fh:
        return tomllib.load(fh)


# The legal form a company's name ends with; it makes the name an organisation's whatever the
# model says ('Pirelli SpA' tagged as a person). Written as companies write them (case matters:
# 'Co' and 'SA' are also words and initials).
CORPORATE_SUFFIXES = frozenset("""Inc Inc. Corp Corp. Co Co. Ltd Ltd. plc PLC SpA S.p.A. AG GmbH SA S.A. NV N.V. LLC
Bhd AB ASA Oyj Pty""".split())


@functools.lru_cache(maxsize=1)
def _name_heads() -> dict[str, dict[str, frozenset[str]]]:
    with open(DATA_DIR / "name_heads.toml", "rb") as fh:
        table = tomllib.load(fh)
    return {kind: {k: frozenset(v) for k, v in words.items()} for kind, words in table.items()}


def name_head_type(words: list[str]) -> str | None:
    """'Organization' or 'Location' where the name's head word says so ('Edmonton Sun',
    'Castlefrank Road', 'Gazprombank'); None where it says nothing (data/name_heads.toml)."""
    if not words:
        return None
    for kind, heads in _name_heads().items():
        if len(words) > 1 and (words[-1] in heads.get("last", ()) or words[0] in heads.get("first", ())):
            return kind.capitalize()
        if any(words[-1].endswith(e) and words[-1] != e for e in heads.get("endings", ())):
            return kind.capitalize()
    return None


def corporate_suffix(words: list[str]) -> bool:
    """The name's last word is a company's legal form and something comes before it."""
    return len(words) > 1 and words[-1] in CORPORATE_SUFFIXES


@dataclass(frozen=True)
class Agent:
    code: str  # the CAMEO agent code: COP (police), LEG (legislature), REF (refugees), ...
    institution: bool  # the phrase names a body ('police', 'parliament'), not its members ('lawmakers')


@functools.lru_cache(maxsize=1)
def _agents() -> dict:
    return json.loads((DATA_DIR / "agents.json").read_text(encoding="utf-8"))


def agent_phrase(words: str) -> Agent | None:
    """'riot police' -> COP, a body; 'lawmakers' -> LEG, members: Phoenix's agent dictionary
    (lower-case words separated by single spaces)."""
    row = _agents()["phrases"].get(words)
    return Agent(row["code"], row["institution"]) if row else None


def agent_roles() -> dict[str, str]:
    """Each agent code with its English label ('COP': 'police')."""
    return {code: row["label"] for code, row in _agents()["codes"].items()}


@functools.lru_cache(maxsize=1)
def _governing() -> dict[str, list[tuple[str, str | None, str | None]]]:
    """Phoenix's named persons with a government post: folded name -> (country, from, to)."""
    persons = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))["persons"]
    index: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for name, ranges in persons.items():
        posts = [(r["country"], r["from"], r["to"]) for r in ranges if r["role"] == "GOV"]
        if posts:
            index.setdefault(normalise_label(name), []).extend(posts)
    return index


def government_of(folded_name: str, on: date | None) -> str | None:
    """The country whose government the person was part of on the article's date ('nicolas
    maduro' -> Venezuela); without a date, the country of any post. The dictionary dates
    from 2014: later posts are not in it."""
    day = on.isoformat() if on else None
    for country, start, end in _governing().get(folded_name, ()):
        if day is None or ((start is None or start <= day) and (end is None or day <= end)):
            return country
    return None


@functools.lru_cache(maxsize=1)
def cameo_dictionary() -> dict:
    """PETRARCH2's CAMEO verb dictionary with PLOVER codes (scripts/cameo_triggers.py makes it)."""
    return json.loads((DATA_DIR / "cameo_triggers.json").read_text(encoding="utf-8"))
