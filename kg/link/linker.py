"""Linking: each entity node to a Wikidata item of the local knowledge base, or to nothing.

All of an entity's names vote together ('Maduro' and 'Nicolás Maduro'); candidates must fit
the entity's type; the score mixes how well the names match, the item's popularity, its
agreement with the article's other linked entities through context facts (P17, P27, P39,
P131, P35, P6, P36; a country only where every candidate's is known), the share of its label
and description words the article uses, and its country: an item of none of the countries the
article names loses (``kg.link.coherence``), and a place name our country lexicon resolves goes
to that country before a smaller place named like it. In a
sports report, a place in a competitor's slot may stand for its team; then its mentions that
still name the place ('Australian captain', 'played in Kent') become a node of their own.
Below the threshold the entity stays unlinked (NIL): a wrong link is worse than none.
The forms news gives names are in ``kg.link.names``; sports metonymy and datelines in
``kg.link.sports``.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.labels import normalise_label
from kg.lexicon import country_qid, other_given_names
from kg.link.coherence import agreement, article_country_qids, countries_of, is_foreign, split_values
from kg.link.kb.default import default_kb
from kg.link.kb.stack import StackedBase
from kg.link.kb.store import Candidate, KbWriter, KnowledgeBase, without_middle_initials
from kg.link.names import (
    article_countries,
    department_of,
    institution_of,
    is_surname,
    item_words,
    names_of,
    party_of,
    spelled_alike,
    umlaut_spellings,
    without_middle,
)
from kg.link.same_item import merge_same_items
from kg.link.sports import (
    DATELINE_CITIES,
    PLACE_AS_COMPETITOR,
    SPORTS_REPORT,
    SPORTS_THROUGHOUT,
    SPORTS_WORDS,
    WORD_FORMS,
    competes,
    filed_from,
    is_nickname,
    is_team,
    place_mentions,
    venue,
)
from kg.model import Entity, Extraction

__all__ = ["Linker", "Scored", "Decision", "DEFAULT_THRESHOLD", "make_linker"]

# An exact label match with no popularity or context evidence scores 0.55 and links; a match on a
# short form alone (0.33) needs popularity or context to reach the threshold.
DEFAULT_THRESHOLD = 0.4
WITHIN = 0.5
PERSONS = ("Person", "Other")  # the types a person's item may have in a base (noisy types: 'Other')
VARIANT = 0.8  # the full name spelled another way ('Tareq Aziz', 'Tariq Aziz')
SURNAME = 0.75  # a person's surname alone ('Clinton' for Bill Clinton): the news convention after a first mention
NAMESAKE_ORG = 0.8  # an organisation holding a competitor's place name, in a report about sport only
NICKNAME = 0.9  # a team by the last word of its name in a sports report ('the Dolphins')
INITIALS = 0.5  # an acronym of the item's label: alone it links only when no other item has those initials
# foreign: an item whose country is none of the article's (kg.link.coherence) loses this much;
# known: the country our lexicon resolves a place's name to ('Sweden', 'Dutch') gains this much over
# the places named like it, as a gazetteer's entry outweighs a namesake village that shares a country
# with the article; less than such agreement and popularity together, so a US state of a country's
# name ('Georgia') in an article about the US still goes to the state; not in a competitor's slot of
# a sports report, where the place stands for its team (kg.link.sports)
WEIGHTS = {"name": 0.55, "popularity": 0.15, "context": 0.3, "words": 0.15, "foreign": -0.2, "known": 0.12}
STOPWORDS = frozenset("the of and in a an for on at to by de la le".split())
# our entity type -> knowledge-base coarse types it may link to, with a factor. The small NER
# model often confuses persons, places and organisations ('Derbyshire' as a person), so the
# other named types stay possible at a discount; 'Other' (products, events...) only for organisations.
# Places, organisations and groups stand for each other often (a country's team, a capital's
# government); a person for a place rarely, so that needs an exact label and popularity.
# Item types are noisy too (a TSV base calls some cricketers 'Product'): a person's full name
# may match an 'Other' item, at a small discount (0.8: dev AIDA +0.001, MSNBC +0.001; 0.9 links
# 'Hasty Pudding' to an award), but never a one-word name ('Jackie', a film).
COMPATIBLE = {
    "Person": {"Person": 1.0, "Location": 0.6, "Organization": 0.6, "Group": 0.6, "Other": 0.8},
    "Organization": {"Organization": 1.0, "Other": 0.85, "Location": 0.8, "Group": 0.8, "Person": 0.6},
    "Location": {"Location": 1.0, "Organization": 0.8, "Group": 0.8, "Person": 0.6},
    "Group": {"Group": 1.0, "Location": 0.8, "Organization": 0.8, "Person": 0.6},
}


@dataclass
class Scored:
    candidate: Candidate
    name: float
    popularity: float
    context: float
    type_factor: float
    words: float = 0.0
    foreign: float = 0.0  # 1 when the item is of a country the article does not name
    known: float = 0.0  # 1 for the country our lexicon names, outside a competitor's slot

    weights: dict[str, float] = field(default_factory=lambda: WEIGHTS)

    @property
    def score(self) -> float:
        w = self.weights
        raw = (w.get("name", 0) * self.name + w.get("popularity", 0) * self.popularity
               + w.get("context", 0) * self.context + w.get("words", 0) * self.words
               + w.get("foreign", 0) * self.foreign + w.get("known", 0) * self.known)
        return round(raw * self.type_factor, 4)


@dataclass
class Decision:
    entity: Entity
    names: list[str]
    scored: list[Scored] = field(default_factory=list)
    chosen: Scored | None = None


class Linker:
    """``weights``, ``threshold`` and ``search_within`` are settable so a popularity-only baseline on
    whole names (as the published spaCy+popularity one) runs through the same code."""

    def __init__(self, kb: KnowledgeBase | StackedBase, threshold: float = DEFAULT_THRESHOLD,
                 weights: dict[str, float] | None = None, online=None, search_within: bool = True) -> None:
        self.kb = kb
        self.search_within = search_within
        self.threshold = threshold
        self.weights = weights or WEIGHTS
        self.online = online  # an OnlineFiller: asks Wikidata for names the base has never seen

    def link(self, x: Extraction, text: str) -> list[Decision]:
        """Sets ``qid``/``confidence``/``label`` on the entities it links; returns every decision."""
        named = [e for e in x.entities.values() if not e.agent]  # 'the police' names no Wikidata item
        if self.online is not None:
            self.online.fill(n for e in named for n in names_of(e, text))
        words = set(normalise_label(text).split())
        words.update(w for word in words & WORD_FORMS.keys() for w in WORD_FORMS[word])
        sports_words = len(words & SPORTS_WORDS)
        self._sports = sports_words >= SPORTS_REPORT
        # through and through: a place's namesake organisation is its team even without a team word,
        # and a place that is not the venue is a competitor wherever it stands
        self._all_sports = sports_words >= SPORTS_THROUGHOUT
        self._facts: dict[str, tuple[set[str], set[str]]] = {}  # per article, after any online filling
        self._all_facts: dict[str, dict[str, set[str]]] = {}
        self._countries = article_countries(named)
        self._country_qids = article_country_qids(named)
        found: dict[str, list[Candidate]] = {}  # per entity: the second pass only rescores
        decisions = [self._decide(e, text, {}, words, found) for e in named]
        linked = {d.entity.key: d.chosen.candidate.qid for d in decisions if d.chosen}
        decisions = [self._decide(d.entity, text, {k: q for k, q in linked.items() if k != d.entity.key}, words,
                                  found) for d in decisions]
        for d in decisions:
            if d.chosen is not None:
                d.entity.qid = d.chosen.candidate.qid
                d.entity.confidence = min(1.0, d.chosen.score)
                d.entity.surface = d.entity.surface or d.entity.label
                d.entity.label = d.chosen.candidate.label
        for d in decisions:
            if (place := _place_of_team(d, text)) is not None:
                _add_entity(x, place)
        merge_same_items(x, {d.chosen.candidate.qid: d.chosen.candidate.type for d in decisions if d.chosen})
        return decisions

    def _decide(self, entity: Entity, text: str, others: dict[str, str], words: set[str],
                found: dict[str, list[Candidate]]) -> Decision:
        names = names_of(entity, text)
        decision = Decision(entity, names)
        if entity.key not in found:
            found[entity.key] = [c for c in self._candidates(entity, names, text) if c.type in COMPATIBLE[entity.type]]
        candidates = found[entity.key]
        if not candidates:
            return decision
        context_qids = set(others.values())
        own = {w for n in names for w in normalise_label(n).split()}
        # in a report that is sport through and through, a place with a team is its team, unless the venue
        contest = self._sports and (competes(entity, text) or self._all_sports and not venue(entity, text))
        # agreeing on a country tells one candidate from another only where the base gives each its country
        by_country = all(countries_of(c.qid, self._facts_of) for c in candidates)
        for c in candidates:
            name, type_factor = self._name_and_type(c, entity, contest)
            foreign = float(is_foreign(c.qid, self._facts_of, self._country_qids))
            context = agreement(c.qid, context_qids, self._fact_values, by_country)
            decision.scored.append(Scored(c, name, _popularity(c, candidates), context,
                                          type_factor, words=_words(c, own, words), foreign=foreign,
                                          known=float(c.known and not contest), weights=self.weights))
        decision.scored.sort(key=lambda s: (-s.score, not s.candidate.known, -s.candidate.sitelinks,
                                            _qid_number(s.candidate.qid)))
        best = decision.scored[0]
        if best.score >= self.threshold:
            decision.chosen = best
        return decision

    def _name_and_type(self, c: Candidate, entity: Entity, contest: bool) -> tuple[float, float]:
        """Name score and type factor; a competitor's team counts as its full name whatever the NER
        type (it calls 'Derbyshire' a person), a place less than otherwise."""
        name, type_factor = _name_score(c, entity), _type_factor(c, entity)
        if self._sports and entity.type != "Location" and is_nickname(entity.label, c):
            return NICKNAME, 1.0
        if not contest:
            return name, type_factor
        namesake_org = self._all_sports and c.within and c.type == "Organization"  # 'Milwaukee Brewers'
        full_name = entity.type == "Person" and " " in entity.label.strip()  # 'Billie Jean King' of a cup's team
        if is_team(c) and not (full_name and c.within):
            return 1.0, 1.0
        if namesake_org and not full_name:
            return NAMESAKE_ORG, 1.0  # less than a team's name: the 'Football Association of Ireland' is not Ireland's team
        # a person is never a team: 'b Muralitharan 22' in a scorecard is the bowler
        return name, type_factor if c.type == "Person" else type_factor * PLACE_AS_COMPETITOR

    def _candidates(self, entity: Entity, names: list[str], text: str) -> list[Candidate]:
        """Name matches (German spellings too), the place our lexicons resolved the entity to ('U.S.',
        'Venezuelan', a dateline's 'NEW YORK'), then items whose names hold the entity's full name as
        whole words, items whose label an acronym among its names abbreviates ('FDA'), and for a
        person no item has the name of, other spellings and initials ('Saleem Malik', 'S. Waugh')."""
        found = self.kb.candidates([*names, *umlaut_spellings(names), *without_middle(entity, names)])
        # 'Congress' as 'United States Congress'
        found += _not_yet(found, self.kb.candidates(institution_of(entity, self._countries)), variant=True)
        found += _not_yet(found, self.kb.candidates(party_of(entity)), variant=True)  # 'Republicans'
        if (known := self._known_place(entity, text)) is not None:
            found = [c for c in found if c.qid != known.qid] + [known]
        if not self.search_within:
            return found
        # the full name only: 'Erin Purcell' is not the composer, though her 'Purcell' is in his name
        whole = [entity.label, *department_of(entity.label)] if entity.type == "Organization" else [entity.label]
        for more in (self.kb.within(whole), self.kb.by_initials(names)):
            found += _not_yet(found, more)
        if entity.type == "Person" and not any(c.names and not (c.within or c.initials) for c in found):
            for search in (self._other_given_name, self._other_spellings, self._by_initial):
                found += _not_yet(found, search(entity.label), variant=True)
        return found

    def _other_given_name(self, label: str) -> list[Candidate]:
        """'Bob Nardelli' is labelled 'Robert Nardelli', 'Charles Schumer' 'Chuck Schumer'."""
        first, *rest = without_middle_initials(normalise_label(label)).split()
        names = [" ".join([other, *rest]) for other in sorted(other_given_names(first))] if rest else []
        return [c for c in self.kb.candidates(names) if c.type in PERSONS]

    def _known_place(self, entity: Entity, text: str) -> Candidate | None:
        if entity.type != "Location":
            return None
        qid = country_qid(entity.label)
        if filed_from(entity, text):
            qid = DATELINE_CITIES.get(normalise_label(entity.label), qid)
        item = self.kb.item(qid) if qid else None
        return None if item is None else dataclasses.replace(
            item, names=frozenset({normalise_label(entity.label)}), by_label=False, known=True)

    def _by_initial(self, label: str) -> list[Candidate]:
        """'S. Waugh' in a scorecard: persons with that surname whose first name has that initial."""
        m = re.fullmatch(r"([a-z]) ([a-z][\w-]+)", normalise_label(label))
        if not m:
            return []
        initial, surname = m.groups()
        return [c for c in self.kb.within([surname]) if c.type in PERSONS
                and (words := normalise_label(c.label).split())[-1] == surname and words[0][0] == initial]

    def _other_spellings(self, label: str) -> list[Candidate]:
        """Persons whose label spells this full name another way ('Salim Malik' and 'Saleem Malik',
        'Sergei' and 'Sergey'): news transliterates names as it likes; asked only when no item has
        the name itself."""
        words = normalise_label(label).split()
        if len(words) < 2:
            return []
        return [c for c in self.kb.sharing_words({words[0], words[-1]}, PERSONS) if spelled_alike(words, c.label)]

    def _fact_values(self, qid: str) -> tuple[set[str], set[str]]:
        """The item's fact values, not countries and countries (``agreement``), once per article."""
        if qid not in self._facts:
            self._facts[qid] = split_values(self._facts_of(qid))
        return self._facts[qid]

    def _facts_of(self, qid: str) -> dict[str, set[str]]:
        """The item's facts by property, asked of the base once per article."""
        if qid not in self._all_facts:
            self._all_facts[qid] = self.kb.facts(qid)
        return self._all_facts[qid]


def _place_of_team(d: Decision, text: str) -> Entity | None:
    """A place linked to its team keeps apart the mentions that name the place itself ('Australian
    captain', 'played in Kent'): a node of their own, linked to the place."""
    if d.chosen is None or not is_team(d.chosen.candidate):
        return None
    places = [s for s in d.scored if s.candidate.type == "Location" and not is_team(s.candidate)]
    if not places or not (moved := place_mentions(d.entity, text)):
        return None
    place = places[0]
    d.entity.mentions = [m for m in d.entity.mentions if m not in moved]
    return Entity(f"{d.entity.key}#place", "Location", place.candidate.label, moved,
                  qid=place.candidate.qid, confidence=min(1.0, place.score))


def _add_entity(x: Extraction, entity: Entity) -> None:
    """Adds ``entity``, or its mentions to the node the article links to the same item already."""
    if (same := next((e for e in x.entities.values() if e.qid == entity.qid), None)) is None:
        x.entities[entity.key] = entity
    else:
        same.mentions = sorted(set(same.mentions) | set(entity.mentions))


def _not_yet(found: list[Candidate], more: list[Candidate], **flags: bool) -> list[Candidate]:
    """The candidates of ``more`` that ``found`` does not hold yet, with ``flags`` set on them
    (``variant=True``: the search named the entity another way)."""
    seen = {c.qid for c in found}
    return [dataclasses.replace(c, **flags) if flags else c for c in more if c.qid not in seen]


def _type_factor(c: Candidate, entity: Entity) -> float:
    if c.type == "Other" and entity.type == "Person" and " " not in normalise_label(entity.label):
        return 0.0
    return COMPATIBLE[entity.type][c.type]


def _qid_number(qid: str) -> int:
    """Ties go to the older item: Wikidata numbered the best-known topics first (Q3711 is the city
    of Belgrade), a weak prior where a base has no sitelinks."""
    return int(qid[1:]) if qid[1:].isdigit() else 1 << 62


def _words(c: Candidate, own: set[str], article: set[str]) -> float:
    """Share of the item's other label and description words that the article uses: 'cricket'
    in a cricket report speaks for 'England cricket team' over England."""
    theirs = item_words(c.label, c.description) - own - STOPWORDS
    return len(theirs & article) / len(theirs) if theirs else 0.0


def _popularity(c: Candidate, candidates: list[Candidate]) -> float:
    """Sitelinks against the best-known candidate's, log-scaled; a base without sitelinks (a
    TSV of labels) gives every candidate the same share, so a name with one candidate counts."""
    top = max(x.sitelinks for x in candidates)
    if top == 0:
        return 1 / len(candidates)
    return math.log1p(c.sitelinks) / math.log1p(top)


def _name_score(c: Candidate, entity: Entity) -> float:
    """1 for the entity's full name as the item's label; less for an alias or a short form only;
    least for the full name inside one of the item's names ('Leicestershire' of 'Leicestershire
    County Cricket Club'), which then links only when the item is alone or clearly the best known."""
    if c.known:
        return 1.0  # our country lexicon's item: as good as the full name as its label
    if c.within:
        return SURNAME if c.type == "Person" and is_surname(normalise_label(entity.label), c.label) else WITHIN
    if c.initials:
        return INITIALS
    if c.variant:
        return VARIANT
    full = normalise_label(entity.label)
    if c.names & _full_name_forms(full):
        return 1.0 if c.by_label and normalise_label(c.label) == full else 0.9
    return 0.6 if c.by_label else 0.5


@functools.lru_cache(maxsize=4096)
def _full_name_forms(full: str) -> frozenset[str]:
    """The normalised full name as an item may hold it: itself, without middle initials, with
    umlauts folded. Asked for every candidate of an entity, so kept."""
    return frozenset({full, without_middle_initials(full), *umlaut_spellings([full])})


def make_linker(kb: str | Path | None, threshold: float | None, online: str | None = None,
                default: bool = True) -> Linker | None:
    """The linker over ``kb`` in front of the default base (``default``), or over either alone;
    with ``online`` (a SPARQL endpoint URL) names the bases lack are fetched from it and stored
    in ``kb`` (created when missing)."""
    if online and kb is None:
        raise KgError("--online needs --kb FILE to keep what it fetches")
    bases = []
    filler = None
    if kb is not None:
        if online:
            from kg.link.kb.online import OnlineFiller, WdqsClient

            if not Path(kb).exists():
                KbWriter(kb).close()
            filler = OnlineFiller(str(kb), WdqsClient(endpoint=online))
        bases.append(KnowledgeBase(kb))
    if default:
        bases.append(default_kb())
    if not bases:
        return None
    base = bases[0] if len(bases) == 1 else StackedBase(bases)
    return Linker(base, DEFAULT_THRESHOLD if threshold is None else threshold, online=filler)
