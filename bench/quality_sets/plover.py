"""PLOVER gold standard records: event typing and actor/recipient on single sentences, each
coded with one event and CAMEO country codes for its source and target.

Old PLOVER labels are mapped to the current ones (design/plover.md); actors are compared by
the country they name, since the gold codes countries, not entities.
"""
from __future__ import annotations

import json
import re
import time
from typing import Any

from .context import Context, Row, log, skipped
from .scoring import Metrics, rate

NON_STATE_CODES = frozenset("IGO NGO IMG ISM MNC UIS UAF".split())
OLD_PLOVER = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def _actors(value: Any) -> list[dict]:
    """source/target are lists of actor dicts; a few records hold a stray string there instead."""
    if isinstance(value, dict):
        return [value]
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []


def country_of_text(text: str) -> str | None:
    """The country a phrase names ('Senior Hungarian', 'Tokyo'), via kg/data/countries.json at
    run time: the whole phrase, then its word n-grams, longest first."""
    from kg.lexicon import country_by_capital, country_by_surface

    words = re.findall(r"[\w.-]+", re.sub(r"['’]s\b", "", text))
    for n in range(len(words), 0, -1):
        for i in range(len(words) - n + 1):
            phrase = " ".join(words[i:i + n])
            country = country_by_surface(phrase) or country_by_capital(phrase)
            if country:
                return country.name
    return None


def code_countries(records: list[dict]) -> dict[str, str]:
    """ISO-3166 alpha-3 code -> country name, learnt from the gold actors' own texts (the file
    has no names for its codes and countries.json no codes): a vote per code, where a text that
    is exactly a country name or demonym ('Sweden') outweighs one that only contains one
    ('ethnic Turks' coded SWE). CAMEO's non-state codes (IGO, NGO...) are no country."""
    votes: dict[str, dict[str, int]] = {}
    for rec in records:
        for actor in _actors(rec.get("source")) + _actors(rec.get("target")):
            code, text = actor.get("code", ""), actor.get("actorText", "")
            name = country_of_text(text)
            if name and code and code not in NON_STATE_CODES:
                weight = 3 if _exact_country(text) == name else 1
                votes.setdefault(code, {}).setdefault(name, 0)
                votes[code][name] += weight
    return {code: max(sorted(v), key=v.get) for code, v in votes.items()}


def _entity_country(extraction: Any, key: str) -> str | None:
    entity = extraction.entities.get(key)
    if entity is None or entity.type not in ("Location", "Organization", "Group"):
        return None
    return country_of_text(entity.label) if entity.type == "Location" else _exact_country(entity.label)


def _exact_country(label: str) -> str | None:
    from kg.lexicon import country_by_surface

    c = country_by_surface(label)
    return c.name if c else None


def bench_plover(ctx: Context) -> list[Row]:
    """Event typing and actor/recipient on the PLOVER gold standard sentences (one event each),
    old labels mapped to the current ones as design/plover.md says."""
    path = ctx.eval_dir / "plover" / "PLOVER_GSR_CAMEO.json"
    if not path.is_file():
        return [skipped("plover", "PLOVER GSR", path)]
    from kg.extract.document import extract
    from kg.model import Document

    started = time.perf_counter()
    raw = json.loads(path.read_text(encoding="utf-8"))
    all_records = [r for r in raw if r.get("text") and r["event"] != "DOCUMENT"]
    codes = code_countries(all_records)
    records = ctx.take(all_records, 40)
    log(f"plover: {len(records)} sentences")
    texts = [r["text"] for r in records]
    extractions = [extract(Document(text=t, id=r["id"]), s)
                   for t, r, s in zip(texts, records, ctx.nlp.pipe(texts, batch_size=64))]
    metrics, detail = plover_scores(records, extractions, codes)
    return [Row("plover", "PLOVER GSR events", "all", size={"sentences": len(records)},
                seconds=round(time.perf_counter() - started, 2), metrics=metrics, detail=detail,
                note="type_acc: any event of the gold type; coverage: any event; first_type_prec: first event's "
                     "type where one exists; actor/recipient: for sentences with an event of the gold type and a "
                     "gold country-coded source/target, our actor/recipient names that country")]


def plover_scores(records: list[dict], extractions: list[Any], codes: dict[str, str]) -> tuple[Metrics, dict]:
    n = {"any": 0, "type": 0, "first": 0, "actor_ok": 0, "actor_n": 0, "recip_ok": 0, "recip_n": 0,
         "loc_gold": 0, "loc_given": 0, "loc_right": 0}
    confusions: dict[str, int] = {}
    for rec, x in zip(records, extractions):
        gold_type = OLD_PLOVER.get(rec["event"], rec["event"])
        _locate(n, rec.get("eventLoc"), x)
        if not x.events:
            continue
        n["any"] += 1
        n["first"] += x.events[0].type == gold_type
        if x.events[0].type != gold_type:
            key = f"{gold_type}->{x.events[0].type}"
            confusions[key] = confusions.get(key, 0) + 1
        matched = next((e for e in x.events if e.type == gold_type), None)
        if matched is None:
            continue
        n["type"] += 1
        _agree(n, "actor", matched.actors, rec.get("source"), x, codes)
        _agree(n, "recip", matched.recipients, rec.get("target"), x, codes)
    total = len(records)
    metrics = {"type_acc": rate(n["type"], total), "coverage": rate(n["any"], total),
               "first_type_prec": rate(n["first"], n["any"]),
               "actor_agree": rate(n["actor_ok"], n["actor_n"]), "recip_agree": rate(n["recip_ok"], n["recip_n"]),
               "location_recall": rate(n["loc_right"], n["loc_gold"]),
               "location_prec": rate(n["loc_right"], n["loc_given"])}
    top = dict(sorted(confusions.items(), key=lambda kv: -kv[1])[:10])
    return metrics, {"counts": n, "codes_resolved": len(codes), "top_confusions": top}


def _locate(n: dict, gold_loc: Any, x: Any) -> None:
    """Sentences whose gold names an event location: does an event of ours name that place
    ('south Lebanon' names 'Lebanon')? Precision counts only these sentences, since the gold
    leaves the location out of the others even where the text gives one."""
    if not isinstance(gold_loc, dict) or not gold_loc.get("name"):
        return
    n["loc_gold"] += 1
    places = [x.entities[e.location].label for e in x.events if e.location in x.entities]
    if not places:
        return
    n["loc_given"] += 1
    n["loc_right"] += any(_same_place(gold_loc["name"], p) for p in places)


def _same_place(gold: str, ours: str) -> bool:
    g, o = (set(re.findall(r"\w+", s.lower())) for s in (gold, ours))
    return bool(g) and (g <= o or o <= g)


def _agree(n: dict, role: str, keys: list[str], gold_value: Any, x: Any, codes: dict[str, str]) -> None:
    gold = {codes[a["code"]] for a in _actors(gold_value) if a.get("code") in codes}
    if not gold:
        return
    n[f"{role}_n"] += 1
    n[f"{role}_ok"] += any(_entity_country(x, k) in gold for k in keys)
