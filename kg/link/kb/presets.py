"""Named selections of Wikidata for ``kg kb build --preset`` and ``kg kb fetch --preset``.

The whole of Wikidata (100M+ items, most of them scholarly articles, genes and stars) is far
more than a news linker needs, and every extra homonym makes linking worse. A preset says, in
ONE place, which items a base keeps: the dump reader (``Preset.verdict`` on a raw JSON entity)
and the SPARQL pager (``Preset.rules``, each a WHERE pattern selecting ``?item``) both read it
here, so a base built from a dump and one fetched from a query service hold the same selection.

The ``news`` preset keeps an item when any of these holds:

- it is a human (P31 Q5) with a position held (P39), a sports team (P54) or an employer
  (P108). P488 (chairperson) and P169 (chief executive officer) point the other way, from the
  company to the person; a one-pass stream meets the person before or after the company, so
  honouring them would need a second pass over a 100 GB dump. They are left out: nearly every
  chief executive or chair with news coverage also has P108 or more than ``SITELINKS_MIN``
  sitelinks;
- it is an instance (directly, P31) of one of ``ORGANISATION_CLASSES``. Directly, because the
  class tree (P279*) is not known until the dump has been read; the list names the classes news
  organisations are filed under (companies, parties, newspapers, broadcasters, agencies, clubs);
- it has a population (P1082, best non-deprecated value) of at least ``POPULATION_MIN``;
- it has at least ``SITELINKS_MIN`` sitelinks, whatever it is.

An item that keeps none of these but is a class (has P279) keeps only its class edges, so the
coarse types of the kept items can still be derived through the class tree.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from kg.link.kb.store import KbError

__all__ = ["Preset", "Verdict", "NEWS", "PRESETS", "preset_named", "POPULATION_MIN", "SITELINKS_MIN",
           "HUMAN_ROLE_PROPS", "ORGANISATION_CLASSES"]

# A place of 10,000 people is a town news names (datelines, disasters); below that, villages
# outnumber everything else and mostly add homonyms.
POPULATION_MIN = 10_000
# 15 language editions cover an item: notable across languages, whatever it is (about 1-2% of items).
SITELINKS_MIN = 15
HUMAN = "Q5"
# position held, member of sports team, employer
HUMAN_ROLE_PROPS = ("P39", "P54", "P108")
ORGANISATION_CLASSES = (
    "Q43229",  # organization
    "Q4830453",  # business
    "Q783794",  # company
    "Q891723",  # public company
    "Q6881511",  # enterprise
    "Q161726",  # multinational corporation
    "Q7278",  # political party
    "Q11032",  # newspaper
    "Q1193236",  # news media
    "Q1616075",  # television station
    "Q14350",  # radio station
    "Q7188",  # government
    "Q327333",  # government agency
    "Q2659904",  # government organization
    "Q772547",  # armed forces
    "Q484652",  # international organization
    "Q163740",  # nonprofit organization
    "Q15911314",  # association
    "Q476028",  # association football club
    "Q847017",  # sports club
    "Q4438121",  # sports organization
    "Q17127659",  # terrorist organization
    "Q3918",  # university
    "Q31855",  # research institute
)


class Verdict(Enum):
    """What a preset does with one item: keep it, keep only its class edges, or drop it."""

    KEEP = "keep"
    CLASS = "class"
    DROP = "drop"


@dataclass(frozen=True)
class Preset:
    """A selection with its thresholds; ``key`` names it with them, so a resumed build can tell
    whether a partial base was made by the same selection."""

    name: str
    population_min: int
    sitelinks_min: int
    human_role_props: tuple[str, ...]
    organisation_classes: tuple[str, ...]

    @property
    def key(self) -> str:
        return (f"{self.name}:pop>={self.population_min}:sitelinks>={self.sitelinks_min}:"
                f"roles={','.join(self.human_role_props)}:orgs={','.join(self.organisation_classes)}")

    def verdict(self, entity: dict[str, Any]) -> Verdict:
        """The verdict on one raw JSON-dump entity (cheap tests first: most items are dropped)."""
        claims = entity.get("claims") or {}
        if len(entity.get("sitelinks") or {}) >= self.sitelinks_min or self._selected(claims):
            return Verdict.KEEP
        return Verdict.CLASS if claims.get("P279") else Verdict.DROP

    def _selected(self, claims: dict[str, Any]) -> bool:
        classes = set(_item_values(claims.get("P31", [])))
        if HUMAN in classes and any(_item_values(claims.get(p, []), any_value=True) for p in self.human_role_props):
            return True
        if classes.intersection(self.organisation_classes):
            return True
        return _population(claims.get("P1082", [])) >= self.population_min

    def rules(self) -> dict[str, str]:
        """One SPARQL group pattern per way in, each binding ``?item`` (the query service's RDF
        shape: ``wdt:`` truthy values, ``p:`` statements with ``wikibase:rank``). Every value is
        a QID or an int of this module, never user text."""
        roles = "|".join(f"p:{p}" for p in self.human_role_props)
        orgs = " ".join(f"wd:{q}" for q in self.organisation_classes)
        return {
            "humans": (f"?item wdt:P31 wd:{HUMAN} ; {roles} ?st . "
                       "FILTER NOT EXISTS { ?st wikibase:rank wikibase:DeprecatedRank }"),
            "organisations": f"VALUES ?class {{ {orgs} }} ?item wdt:P31 ?class .",
            "places": f"?item wdt:P1082 ?population . FILTER(?population >= {int(self.population_min)})",
            "sitelinks": f"?item wikibase:sitelinks ?links . FILTER(?links >= {int(self.sitelinks_min)})",
        }


def _item_values(statements: list[dict[str, Any]], any_value: bool = False) -> list[Any]:
    """Values of the non-deprecated statements that have one (``any_value``: of any datatype)."""
    out = []
    for st in statements:
        snak = st.get("mainsnak") or {}
        if st.get("rank") == "deprecated" or snak.get("snaktype", "value") != "value":
            continue
        value = (snak.get("datavalue") or {}).get("value")
        if any_value and value is not None:
            out.append(value)
        elif isinstance(value, dict) and (qid := value.get("id") or _numeric(value)):
            out.append(qid)
    return out


def _numeric(value: dict[str, Any]) -> str | None:
    return f"Q{value['numeric-id']}" if value.get("entity-type") == "item" and "numeric-id" in value else None


def _population(statements: list[dict[str, Any]]) -> float:
    """The largest non-deprecated population (quantities are strings like "+11150516")."""
    best = 0.0
    for value in _item_values(statements, any_value=True):
        try:
            best = max(best, float(value.get("amount", 0)) if isinstance(value, dict) else 0.0)
        except (TypeError, ValueError):
            continue
    return best


NEWS = Preset("news", POPULATION_MIN, SITELINKS_MIN, HUMAN_ROLE_PROPS, ORGANISATION_CLASSES)
PRESETS: dict[str, Preset] = {NEWS.name: NEWS}


def preset_named(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise KbError(f"unknown preset {name!r}; known: {', '.join(PRESETS)}") from None
