"""Sports metonymy and datelines: where a place stands for its team, and where it is only the
place a story was filed from or a match was played in.
"""
from __future__ import annotations

import re

from kg.annotate.dateline import is_dateline
from kg.labels import normalise_label
from kg.lexicon import people_of
from kg.link.kb.store import Candidate
from kg.link.names import item_words
from kg.model import Entity, Span

__all__ = ["SPORTS_WORDS", "SPORTS_REPORT", "SPORTS_THROUGHOUT", "TEAM_WORDS", "PLACE_AS_COMPETITOR", "WORD_FORMS",
           "DATELINE_CITIES", "filed_from", "venue", "competes", "is_nickname", "is_team", "place_mentions"]

# Sports copy names a team by its place ('England beat Pakistan', 'Leicestershire 296', 'Nice
# lost to Guingamp'). In an article with enough of these words, a place in a competitor's slot
# may be the team: its team candidates then count as full-name matches.
SPORTS_WORDS = frozenset("""match matches league cup season championship tournament innings wickets wicket
goal goals scored halftime half-time striker pitcher inning standings semifinal quarterfinal playoff play-off
cricket soccer football baseball basketball hockey rugby tennis golf athletics olympic fixture fixtures
squad captain batsman bowler midfielder defender goalkeeper""".split())
SPORTS_REPORT = 3  # distinct sports words that make an article a sports report
SPORTS_THROUGHOUT = 5  # ... and one through and through: a place with a team is its team unless it is the venue
TEAM_WORDS = frozenset("team club fc cf sc ac afc rfc cc kk bc fk nk sk hnk ofk".split())
PLACE_AS_COMPETITOR = 0.8  # type factor of a competitor's non-team candidates
# Wikidata names soccer 'association football': an article's words also count in that form.
WORD_FORMS = {"soccer": ("association", "football")}
_RESULT_VERBS = (r"beat|beats|beaten|defeated|defeats|drew|draw|draws|lost|lose|loses|edged|thrashed|routed|"
                 r"hammered|trounced|eliminated|blanked|outclassed|v|vs|versus|against|host|hosts|hosted|visit|visits|"
                 r"won|win|wins|leads|led|trailed|trail|play|plays|played|faces|face|meet|meets|met")
# A dateline names a few cities alone that share their name with a state (AP style: 'NEW YORK',
# 'WASHINGTON'); there the name is the city, the place the story was filed from.
DATELINE_CITIES = {"new york": "Q60", "washington": "Q61"}
_SCORE_AFTER = re.compile(r"\s+\(?\d{1,3}(?:[-.]\d{1,3})?(?!\d|-\d\d-)")  # 'Kent 108-3', not '1996-08-30'
_VERB_AFTER = re.compile(rf"\s+(?:{_RESULT_VERBS})\b", re.I)
_VERB_BEFORE = re.compile(rf"\b(?:{_RESULT_VERBS})\s+(?:the\s+)?$", re.I)


def filed_from(entity: Entity, text: str) -> bool:
    """A mention is the story's dateline ('WASHINGTON (Reuters) -', 'NEW YORK 1996-08-30')."""
    return any(is_dateline(text, m.begin, m.end) for m in entity.mentions)


_VENUE_BEFORE = re.compile(r"\b(?:in|at|near|from|outside)\s+(?:the\s+)?$", re.I)


def venue(entity: Entity, text: str) -> bool:
    """Every mention is where something happens ('played in Kent') or the dateline: a place."""
    return all(_VENUE_BEFORE.search(text[max(0, m.begin - 16):m.begin]) for m in entity.mentions) \
        or filed_from(entity, text)


def competes(entity: Entity, text: str) -> bool:
    """A mention in a competitor's slot: before a score, or beside a result verb ('beat', 'v')."""
    for m in entity.mentions:
        after, before = text[m.end:m.end + 16], text[max(0, m.begin - 16):m.begin]
        if _SCORE_AFTER.match(after) or _VERB_AFTER.match(after) or _VERB_BEFORE.search(before):
            return True
    return False


def is_nickname(label: str, c: Candidate) -> bool:
    """One plural word that ends an organisation's name, as sports copy calls a team ('the
    Dolphins' for the Miami Dolphins, 'the Expos'); the model often takes it for persons."""
    word = normalise_label(label)
    return (c.type == "Organization" and c.within and " " not in word and word.endswith("s") and len(word) > 3
            and normalise_label(c.label).split()[-1] == word)


def is_team(c: Candidate) -> bool:
    return bool(TEAM_WORDS & item_words(c.label, c.description))


def place_mentions(entity: Entity, text: str) -> list[Span]:
    """The mentions of a place linked to its team that still name the place: a people's adjective
    ('Australian captain Mark Taylor', 'the French club') and where a match was played ('in
    Kent'). The team keeps the rest and at least one."""
    def place_like(m: Span) -> bool:
        adjective = people_of(text[m.begin:m.end]) is not None
        return adjective or _VENUE_BEFORE.search(text[max(0, m.begin - 16):m.begin]) is not None
    found = [m for m in entity.mentions if place_like(m)]
    return found if len(found) < len(entity.mentions) else []
