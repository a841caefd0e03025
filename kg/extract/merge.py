"""Merging: which of an article's mentions are one entity, of which type, under which label.

A surname joins the full name seen in the article, a short form or acronym the organisation's
full name, a demonym or an abbreviation its country, a capital acting as a government its
country; one name tagged with different types is one entity, of its mentions' most common type.
"""
from __future__ import annotations

from kg.extract.mentions import Candidate
from kg.labels import initials, normalise_label
from kg.lexicon import corporate_suffix, country_by_surface

__all__ = ["Merger", "label_for", "merge_types"]


class Merger:
    """Assigns each candidate a key; candidates with one key are one entity."""

    def __init__(self, candidates: list[Candidate], text: str = "") -> None:
        self.cands = candidates
        self.text = text
        self.persons = [c for c in candidates if c.type == "Person" and len(c.text.split()) > 1]
        self.words = {id(c): normalise_label(c.text).split() for c in candidates}
        self.orgs = [c for c in candidates if c.type == "Organization" and len(c.text.split()) > 1]
        self.acronyms = self._acronyms_defined()

    def key(self, c: Candidate) -> tuple[str, str]:
        """(key, type) of the entity a candidate belongs to."""
        country = country_by_surface(c.text) if c.type == "Person" and not c.roles else None
        if country and c.text in (country.name, *country.aliases) and self._person_named(c) is None:
            c.country = country.name  # 'Liechtenstein' taken for a person, and no person of that name here
            # (a demonym stays a person: 'Finn' is as often a name as a Finn)
        if c.country:
            return f"Location:{normalise_label(c.country)}", "Location"
        if (full := self._person_named(c)) is not None:
            if c.type == "Person" or len(c.text.split()) == 1:
                return self.key(full) if full is not c and len(full.text) > len(c.text) else (
                    f"Person:{normalise_label(full.text)}", "Person")
        if c.type == "Organization" and (full_org := self._org_short_form(c)) is not None:
            return f"Organization:{normalise_label(full_org.text)}", "Organization"
        if c.type == "Person" and len(c.text.split()) == 1 and (company := self._company_named(c)) is not None:
            return f"Organization:{normalise_label(company.text)}", "Organization"
        if c.type == "Location" and len(c.text.split()) == 1 and (whole := self._location_head_word(c)):
            return f"Location:{normalise_label(whole)}", "Location"
        if c.type == "Person":
            return f"Person:{normalise_label(c.text)}", "Person"
        label = normalise_label(c.text)
        if c.type == "Group" and label.endswith("s") and len(label) > 3:
            label = label[:-1]
        return f"{c.type}:{label}", c.type

    def _person_named(self, c: Candidate) -> Candidate | None:
        """A surname or first name of a full name in the article ('Macri', 'de Kirchner'), or a variant
        sharing its last two words ('Christina Fernandez de Kirchner'); the nearest earlier wins."""
        words = self.words.get(id(c)) or normalise_label(c.text).split()
        if not words:
            return None

        def fits(p: Candidate) -> bool:
            full = self.words[id(p)]
            if p is c or len(full) < len(words):
                return False
            if len(words) == 1:  # a one-word organisation is a person's surname, never a first name
                return words[0] == full[-1] or (c.type == "Person" and words[0] == full[0])
            return full[-len(words):] == words or (len(full) == len(words) and full[-2:] == words[-2:])

        matches = [p for p in self.persons if fits(p)]
        if not matches:
            return None
        named = {}  # full name -> how often the article gives it
        for p in matches:
            named[tuple(self.words[id(p)])] = named.get(tuple(self.words[id(p)]), 0) + 1
        most = max(named.values())
        matches = [p for p in matches if named[tuple(self.words[id(p)])] == most]  # the story's own, not a relative's
        earlier = [p for p in matches if p.span.begin <= c.span.begin]
        return (earlier or matches)[-1 if earlier else 0]

    def _company_named(self, c: Candidate) -> Candidate | None:
        """'Cofinec said' tagged as a person in an article about 'Cofinec S.A.', with no person of
        that name: the short form of the company, the first word of a name with a legal form
        ('Dolphins' is no short form of 'Dolphins Enterprises', the team's owner)."""
        word = normalise_label(c.text)
        return next((org for org in self.orgs if corporate_suffix(org.text.split())
                     and normalise_label(org.text).split()[0] == word), None)

    def _location_head_word(self, c: Candidate) -> str | None:
        """'the South' where the article names exactly one place 'South Korea'."""
        word = normalise_label(c.text)
        names = {l.country or l.text for l in self.cands if l.type == "Location" and l is not c
                 and len((l.country or l.text).split()) > 1 and normalise_label(l.country or l.text).split()[0] == word}
        return names.pop() if len(names) == 1 else None

    def _org_short_form(self, c: Candidate) -> Candidate | None:
        text = c.text.replace(".", "")
        if (named := self.acronyms.get(c.text)) is not None:
            return named
        for org in self.orgs:
            if org is c:
                continue
            if text.isupper() and initials(org.text) == text.lower():
                return org
            if len(c.text.split()) == 1 and normalise_label(org.text).split()[0] == normalise_label(c.text):
                return org
            if _country_and(org.text, c.text):
                return org
        return None


    def _acronyms_defined(self) -> dict[str, Candidate]:
        """'The Union of Rationalist Atheists and Agnostics (UAAR)': an acronym in brackets right
        after an organisation's name is that name's wherever the article uses it, whatever its
        letters (it may be the acronym of the name in another language); a country's code is not
        ('Hitwise (UK)')."""
        defined: dict[str, Candidate] = {}
        for c in self.cands:
            if not (c.text.isupper() and c.text.isalpha() and 2 <= len(c.text) <= 8) or country_by_surface(c.text):
                continue
            for org in self.orgs:
                if org.span.end < c.span.begin and self.text[org.span.end:c.span.begin].strip() == "(":
                    defined.setdefault(c.text, org)
        return defined


def _country_and(full: str, short: str) -> bool:
    """'United States Air Force' ... 'the Air Force', 'Italian Supreme Court of Cassation' ... 'the
    Supreme Court of Cassation': a national body is named once with its country, then without."""
    words, rest = full.split(), normalise_label(short)
    for cut in range(1, min(3, len(words) - 1) + 1):
        if normalise_label(" ".join(words[cut:])) == rest and country_by_surface(" ".join(words[:cut])) is not None:
            return True
    return False


def label_for(cands: list[Candidate], type_: str) -> str:
    if type_ == "Location" and cands[0].country:
        return cands[0].country
    if type_ == "Organization":
        best = max(cands, key=lambda c: (len(c.text.split()), not c.text.isupper(), -c.span.begin))
        return best.text
    return max(cands, key=lambda c: (len(c.text.split()), -c.span.begin)).text


def merge_types(groups: dict[str, list[Candidate]], types: dict[str, str]) -> None:
    """One name tagged with different types ('Buenos Aires' as place and as organisation) is one
    entity, of the type most of its mentions have."""
    by_label: dict[str, list[str]] = {}
    for key in groups:
        by_label.setdefault(key.split(":", 1)[1], []).append(key)
    for keys in by_label.values():
        if len(keys) < 2:
            continue
        keys.sort(key=lambda k: (-len(groups[k]), min(c.span.begin for c in groups[k])))
        winner = keys[0]
        for loser in keys[1:]:
            groups[winner].extend(groups.pop(loser))
            types.pop(loser)
        groups[winner].sort(key=lambda c: c.span.begin)
