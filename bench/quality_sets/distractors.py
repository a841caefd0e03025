"""A distractor knowledge base: every benchmark answer beside generated namesakes, so a linking
figure says what the linker does when the answer is not the only candidate (issue 20).

The plain benchmark base (``../shared/wikidata/lists/benchmark_entities.tsv``) holds only the
~5,000 items the benchmarks link to: nearly every name has one candidate, and that candidate is
the answer. Here every answer keeps its row and gains ``K`` namesakes with fake QIDs:

- persons: ``SAME_NAME`` namesakes with the very same full name, the others with the same
  surname and another given name (given names taken from the other persons of the list);
- places: ``K`` other places of the very same name, each an instance of a kind of place
  (city, human settlement, region, island...);
- organisations, groups and the rest: ``SAME_NAME`` with the very same name, the others
  sharing one word of it ('Liverpool' -> 'Liverpool Council', 'Bank of Liverpool'), the other
  words and heads taken from the other organisations' names.

Popularity: the list gives no sitelinks, so answers and distractors alike draw theirs from a
log-normal distribution (skewed: most items have few sitelinks, a few have hundreds), the
answers' with a higher median (``ANSWER_MEDIAN``) than the distractors' (``DISTRACTOR_MEDIAN``),
because the entities news names are usually the better known; the spread is wide enough that
in many groups some distractor is MORE popular than the answer, and a popularity-only linker
is then wrong. ``outranked_share`` says how often. Countries are the exception, as in Wikidata:
the countries, constituent countries, continents and unions of the project's lexicon are among
the best-linked items there are (Belgium, Q31, has 319 sitelinks in ../shared/wikidata/entities;
a sovereign state has some 200 to 330), so a country answer draws its sitelinks from
``COUNTRY_SITELINKS``, and a place named like a country is a smaller place (a town called
'Germany' or 'Jordan', never another state: no namesake is an instance of a sovereign state),
with fewer sitelinks than the country. Drawn low like any other answer, 'France' had 14 sitelinks
and lost to a namesake village; that made the base harder than Wikidata, not more like it.

Context facts: distractors get plausible facts drawn from the other items of the list: a
citizenship (P27) or country (P17) among the list's countries (half the time among the ten
countries Wikidata holds the most items of, as real namesakes are: ``PROMINENT``), and for
places a containing place (P131) among its places; never the answer itself. The answers keep
what the plain base gives them (no facts, no description): so context can speak for a
distractor that shares a country with the article, never for the answer: this base is harder
than Wikidata in that respect, and the figures measured on it must say so. The other way round
it is easier: an answer is never of a country the article does not name, as a real one
sometimes is (a player of a foreign club), so a linker's penalty for items of no country the
article names only ever hits namesakes here; the namesakes of the ``PROMINENT`` countries keep
out of its reach in the articles that name those, as real ones do. Descriptions are left out on
both sides so that description words neither give the fake items away nor favour them.

Fake QIDs start at ``FAKE_BASE`` (Q9000000000), far above any real item (Wikidata is near
Q130,000,000), numbered in the order of the answers' QIDs; everything is drawn from
``random.Random`` seeded per answer with ``SEED`` and its QID, so the base is the same on every
run and on every machine, and adding an answer does not change the others' namesakes.
"""
from __future__ import annotations

import functools
import math
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.labels import normalise_label
from kg.lexicon import countries
from kg.link.kb.store import KbItem, KbWriter
from kg.link.kb.tsv_source import iter_tsv

__all__ = ["K", "SAME_NAME", "FAKE_BASE", "SEED", "Pools", "pools_of", "distractors_of", "distractor_base",
           "build_distractor_kb", "outranked_share", "is_fake"]

K = 5  # namesakes per answer
SAME_NAME = 1  # of them, with the answer's very name (persons, organisations; places: all of them)
FAKE_BASE = 9_000_000_000  # fake QIDs are Q9000000000 and up
SEED = 20  # issue 20
ANSWER_MEDIAN, DISTRACTOR_MEDIAN, SIGMA = 40.0, 12.0, 1.2  # log-normal sitelinks: median, median, log spread
MAX_SITELINKS = 330  # about the most any Wikidata item has
COUNTRY_SITELINKS = (180, MAX_SITELINKS)  # a country's, drawn uniformly: states, continents, unions of states
PLACE_CLASSES = ("Q515", "Q486972", "Q56061", "Q82794", "Q23442", "Q532")  # city, settlement, admin. unit... village
# the countries with the most Wikidata items (humans and places alike): US, UK, Germany, France,
# Italy, Spain, Japan, Russia, Canada, Australia; namesakes' countries are drawn from them this often
PROMINENT = ("Q30", "Q145", "Q183", "Q142", "Q38", "Q29", "Q17", "Q159", "Q16", "Q408")
PROMINENT_SHARE = 0.5
HEAD_MIN = 3  # a last word of that many organisation names is a head ('Party', 'Council'), not a place name
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
STOPWORDS = frozenset("the of and in a an for on at to by de la le del der von van fc".split())


@dataclass
class Pools:
    """What distractors borrow from the other items: given names, organisation words and heads,
    countries and places (QIDs of the list, so the facts point at items of the base)."""

    given: list[str] = field(default_factory=list)
    org_words: list[str] = field(default_factory=list)
    org_heads: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def pools_of(answers: list[KbItem]) -> Pools:
    """Sorted, de-duplicated pools, so the draws do not depend on the list's order."""
    country_qids = _country_qids()
    given: set[str] = set()
    words: set[str] = set()
    heads: Counter[str] = Counter()
    for a in answers:
        parts = (a.label or "").split()
        if a.type == "Person" and len(parts) >= 2 and parts[0].isalpha():
            given.add(parts[0])
        if a.type == "Organization" and len(parts) >= 2:
            if parts[-1].isalpha() and parts[-1][0].isupper():
                heads[parts[-1]] += 1
            words.update(w for w in parts[:-1] if w.isalpha() and w[0].isupper() and w.lower() not in STOPWORDS)
    return Pools(sorted(given), sorted(words), sorted(h for h, n in heads.items() if n >= HEAD_MIN),
                 sorted(a.qid for a in answers if a.qid in country_qids),
                 sorted(a.qid for a in answers if a.type == "Location" and a.qid not in country_qids))


def is_fake(qid: str) -> bool:
    """A generated namesake: every link to one is wrong, which the bench counts."""
    return int(qid[1:]) >= FAKE_BASE


def _sitelinks(rng: random.Random, median: float) -> int:
    return min(MAX_SITELINKS, round(rng.lognormvariate(math.log(median), SIGMA)))


def _rng(qid: str) -> random.Random:
    return random.Random(f"{SEED}:{qid}")


def _surname(label: str) -> str:
    """The last word that is not 'Jr.' or 'III': the name a namesake shares."""
    words = label.split()
    while len(words) > 1 and words[-1].strip(".,").lower() in NAME_SUFFIXES:
        words.pop()
    return words[-1].rstrip(",")


def _person_names(answer: KbItem, rng: random.Random, pools: Pools, k: int) -> list[str]:
    label = answer.label or ""
    surname, own, same = _surname(label), label.split()[0], min(SAME_NAME, k)
    given = rng.sample([g for g in pools.given if g != own], k - same)
    return [label] * same + [f"{g} {surname}" for g in given]


def _org_names(answer: KbItem, rng: random.Random, pools: Pools, k: int) -> list[str]:
    """Names sharing one word of the answer's: that word with another organisation's head or word."""
    label = answer.label or ""
    words = [w for w in label.split() if w.isalnum() and w.lower() not in STOPWORDS] or [label]
    names: list[str] = [label] * min(SAME_NAME, k)
    for _ in range(100 * k):  # a bound, not a limit ever met: the pools give thousands of names
        if len(names) == k:
            break
        word, head = rng.choice(words), rng.choice(pools.org_heads)
        form = rng.randrange(3)
        name = (f"{word} {head}" if form == 0 else f"{head} of {word}" if form == 1
                else f"{rng.choice(pools.org_words)} {word} {head}")
        if normalise_label(name) != normalise_label(label) and name not in names:
            names.append(name)
    return names


def _country(answer: KbItem, rng: random.Random, pools: Pools) -> str:
    """Half the time one of the countries Wikidata holds the most items of, else any: a namesake
    is far likelier American or British than Tuvaluan, and so often shares a country with the
    article; never the answer."""
    prominent = [c for c in PROMINENT if c in pools.countries and c != answer.qid]
    if prominent and rng.random() < PROMINENT_SHARE:
        return rng.choice(prominent)
    return rng.choice([c for c in pools.countries if c != answer.qid])


def _facts(answer: KbItem, rng: random.Random, pools: Pools) -> dict[str, list[str]]:
    """A country (citizenship for a person), and for a place a containing place; never the answer."""
    country = _country(answer, rng, pools)
    if answer.type == "Person":
        return {"P27": [country]}
    if answer.type == "Location":
        return {"P17": [country], "P131": [rng.choice([p for p in pools.places if p != answer.qid])]}
    return {"P17": [country]}


def distractors_of(answer: KbItem, first_fake: int, pools: Pools, k: int = K) -> list[KbItem]:
    """The ``k`` namesakes of one answer, QIDs ``first_fake`` and on; a country's are smaller
    places than it (``answer.sitelinks`` drawn already)."""
    rng = _rng(answer.qid)
    below = (answer.sitelinks or 1) - 1 if answer.qid in _country_qids() else MAX_SITELINKS
    if answer.type == "Person":
        names = _person_names(answer, rng, pools, k)
    elif answer.type == "Location":
        names = [answer.label or ""] * k
    else:
        names = _org_names(answer, rng, pools, k)
    out = []
    for i, name in enumerate(names):
        classes = [rng.choice(PLACE_CLASSES)] if answer.type == "Location" else []
        out.append(KbItem(f"Q{first_fake + i}", name, sitelinks=min(below, _sitelinks(rng, DISTRACTOR_MEDIAN)),
                          instance_of=classes, facts=_facts(answer, rng, pools), type=answer.type))
    return out


@functools.lru_cache(maxsize=1)
def _country_qids() -> frozenset[str]:
    return frozenset(c.qid for c in countries() if c.qid)


def _answer_sitelinks(answer: KbItem) -> int:
    """A country's from the range countries have in Wikidata, any other answer's log-normal."""
    rng = random.Random(f"{SEED}:answer:{answer.qid}")
    if answer.qid in _country_qids():
        return rng.randint(*COUNTRY_SITELINKS)
    return _sitelinks(rng, ANSWER_MEDIAN)


def _qid_number(item: KbItem) -> int:
    return int(item.qid[1:])


def distractor_base(answers: Iterable[KbItem], k: int = K) -> Iterator[tuple[KbItem, list[KbItem]]]:
    """Each answer (with drawn sitelinks) and its ``k`` namesakes, answers in QID order. An answer
    without a label can have no namesake: it is kept alone (the benchmark list has none). With
    ``k`` 0, the answers alone with their drawn sitelinks: the control that tells what the
    sitelinks change from what the namesakes do."""
    answers = sorted({a.qid: a for a in answers}.values(), key=_qid_number)
    pools = pools_of(answers)
    for n, answer in enumerate(answers):
        drawn = KbItem(answer.qid, answer.label, list(answer.aliases), answer.description,
                       _answer_sitelinks(answer),
                       list(answer.instance_of), list(answer.subclass_of), dict(answer.facts), answer.type)
        yield drawn, distractors_of(drawn, FAKE_BASE + 1 + n * k, pools, k) if answer.label else []


def outranked_share(groups: list[tuple[KbItem, list[KbItem]]]) -> float:
    """Share of answers with a more popular namesake: where a popularity-only linker goes wrong."""
    groups = [(a, ds) for a, ds in groups if ds]
    beaten = sum(any((d.sitelinks or 0) > (a.sitelinks or 0) for d in ds) for a, ds in groups)
    return round(beaten / len(groups), 4) if groups else 0.0


def build_distractor_kb(source: Path, out: Path, k: int = K) -> dict[str, float | int]:
    """Write the answers of ``source`` (a TSV the project's reader reads) and their ``k`` namesakes
    into a base at ``out`` with the project's own writer; returns what went in."""
    groups = list(distractor_base(iter_tsv(source), k))
    writer = KbWriter(out)
    for answer, namesakes in groups:
        writer.add(answer)
        writer.add_all(namesakes)
    writer.close()
    return {"answers": len(groups), "distractors": sum(len(ds) for _, ds in groups), "k": k,
            "same_name": min(SAME_NAME, k), "seed": SEED, "outranked_share": outranked_share(groups)}

