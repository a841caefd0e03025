"""The other names news gives a Wikidata item: how the linker asks the base for an entity.

News writes names its own way: a surname alone, an initial, a familiar given name, a German
name without its umlauts, a company without its legal form, a ministry subject first, a
country's military by the country. Each function here turns an entity's names into the forms
an item's label may have, or says whether two forms name the same thing.
"""
from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from kg.extract.roles import PERSONAL_PRONOUNS
from kg.labels import normalise_label
from kg.lexicon import corporate_suffix, country_by_surface
from kg.link.kb.store import without_middle_initials
from kg.model import Entity

__all__ = ["names_of", "without_middle", "department_of", "is_surname", "umlaut_spellings", "spelled_alike",
           "SPELLED_ALIKE", "item_words", "article_countries",
           "institution_of", "party_of"]

SPELLED_ALIKE = 0.85


def without_middle(entity: Entity, names: list[str]) -> list[str]:
    """A person's names without middle initials: 'Gerald R. Ford' is labelled 'Gerald Ford'."""
    if entity.type != "Person":
        return []
    return [short for n in names if (short := without_middle_initials(norm := normalise_label(n))) != norm]


LEGAL_FORMS = {"Corp": "Corporation", "Inc": "Incorporated", "Co": "Company", "Ltd": "Limited"}


def names_of(entity: Entity, text: str) -> list[str]:
    anchors = {a for m in entity.mentions if (a := text[m.begin:m.end]).lower() not in PERSONAL_PRONOUNS}
    names = {entity.label, *anchors}
    if entity.type == "Organization":  # 'U.S. Food and Drug Administration' is also 'Food and Drug Administration'
        for name in list(names):
            first, _, rest = name.partition(" ")
            country = country_by_surface(first) if rest else None
            if len(rest.split()) >= 2 and country is not None:
                names.add(rest)
            if country is not None and first not in country.demonyms:  # 'U.S. Congress': 'United States Congress'
                names.update(_with_country(rest, country.name))
            if corporate_suffix(words := name.split()):  # 'Johnson Controls Inc' is 'Johnson Controls'
                names.add(bare := " ".join(words[:-1]).rstrip(","))
                if (spelled := LEGAL_FORMS.get(words[-1].rstrip("."))) is not None:  # 'Lennar Corp.': 'Lennar Corporation'
                    names.add(f"{bare} {spelled}")
            names.update(_armed_forces_of(name))
    return sorted(names)


_MILITARY = re.compile(r"^(.+?)\s+(?:military(?:\s+forces)?|armed\s+forces|forces|troops)$", re.I)


def _armed_forces_of(name: str) -> list[str]:
    """'U.S. military' and 'Iraqi troops' are named in Wikidata as '<country> Armed Forces'."""
    m = _MILITARY.match(name)
    country = country_by_surface(m.group(1)) if m else None
    return [f"{country.name} Armed Forces", f"Armed Forces of {country.name}"] if country else []


_OFFICE_FIRST = re.compile(r"^(?:the\s+)?(?:U\.S\.\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(Department|Ministry)$")


def department_of(label: str) -> list[str]:
    """'Commerce Department' is also 'Department of Commerce', the order official names use."""
    m = _OFFICE_FIRST.match(label)
    return [f"{m.group(2)} of {m.group(1)}"] if m else []


def is_surname(norm: str, label: str) -> bool:
    """The name is the last word(s) of the item's label, and not the whole of it."""
    full = normalise_label(label)
    return full != norm and full.endswith(" " + norm) and not full.endswith(" of " + norm)  # 'Leopold III of Belgium'


_UMLAUT = re.compile(r"([aou])e")


def umlaut_spellings(names: list[str], most: int = 8) -> list[str]:
    """German names as English copy spells them ('Kuehbauer', 'Moellenbeck') in the folded form a
    base keeps for 'Kühbauer': each word with and without its 'ae/oe/ue' as one letter ('Michael'
    stays possible as it is)."""
    out: list[str] = []
    for name in names:
        spellings = [""]
        for word in normalise_label(name).split():
            forms = _umlaut_forms(word)
            spellings = [f"{s} {w}".strip() for s in spellings for w in sorted(forms)][:most]
        out += [s for s in spellings if s != normalise_label(name)]
    return out


def _umlaut_forms(word: str) -> set[str]:
    """The word with any of its 'ae/oe/ue' as one letter: 'kuehbauer' gives 'kuhbauer' too."""
    forms = {word}
    for m in reversed(list(_UMLAUT.finditer(word))[:3]):
        forms |= {f[:m.start() + 1] + f[m.end():] for f in forms}
    return forms


def spelled_alike(words: list[str], label: str) -> bool:
    """Same number of words, one of them the same, and the whole alike letter for letter (a
    ratio of 0.85: 'massoud barzani' and 'masoud barzani', not 'john robinson' and 'jon robson')."""
    theirs = normalise_label(label).split()
    if len(theirs) != len(words) or not set(theirs) & set(words):
        return False
    return difflib.SequenceMatcher(None, " ".join(words), " ".join(theirs)).ratio() >= SPELLED_ALIKE


@functools.lru_cache(maxsize=4096)
def item_words(label: str, description: str | None) -> frozenset[str]:
    """The words of an item's label and description, normalised (asked for every candidate twice)."""
    return frozenset(normalise_label(f"{label} {description or ''}").split())


def article_countries(entities: Iterable[Entity], most: int = 2) -> list[str]:
    """The countries an article names most, by their mentions ('U.S.', 'American' count for the US)."""
    counts: dict[str, int] = {}
    for e in entities:
        if e.type == "Location" and (country := country_by_surface(e.label)) is not None:
            counts[country.name] = counts.get(country.name, 0) + len(e.mentions)
    return sorted(counts, key=lambda c: -counts[c])[:most]


def institution_of(entity: Entity, countries: list[str]) -> list[str]:
    """'Congress', 'the Senate', 'Parliament' in an article about a country are that country's:
    'United States Congress', 'Parliament of India'. Only for a name of one or two words."""
    words = entity.label.split()
    if entity.type != "Organization" or not 1 <= len(words) <= 2 or not entity.label[:1].isupper():
        return []
    return [form for c in countries for form in (*_with_country(entity.label, c), f"{entity.label} of the {c}")]


def _with_country(name: str, country: str) -> tuple[str, str]:
    """The two orders official names put a country's institution in: 'United States Congress',
    'Parliament of India'."""
    return f"{country} {name}", f"{name} of {country}"


# A party's members by the adjective its name takes ('Democrats', the 'Democratic Party').
MEMBER_ADJECTIVES = {"democrat": "Democratic", "republican": "Republican", "conservative": "Conservative",
                     "liberal": "Liberal", "socialist": "Socialist", "communist": "Communist", "tory": "Conservative"}


def party_of(entity: Entity) -> list[str]:
    """'Republicans', 'the Conservatives', 'Democrats': a group named for its party's members is
    that party ('Republican Party', 'Conservative Party', 'Democratic Party')."""
    if entity.type != "Group":
        return []
    word = entity.label.removeprefix("the ").strip()
    if " " in word:
        return []
    singular = word[:-3] + "y" if word.lower().endswith("ies") else word.removesuffix("s")
    adjective = MEMBER_ADJECTIVES.get(singular.lower())
    return [f"{adjective} Party"] if adjective else []
