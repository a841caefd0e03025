"""MEANTIME (English Wikinews): event triggers, their participants, negation and future, and
the normalisation of dates against the document creation time.

MEANTIME marks every event, not only political ones, so recall is also given over the gold
mentions our PLOVER lexicon could code; dates are also scored on the values our output can
represent at all.
"""
from __future__ import annotations

import re
import time
from datetime import date
from typing import Any

from .context import Context, Row, log, skipped
from .scoring import Frag, Metrics, entity_frags, one_to_one, overlap_len, prf, rate, read_jsonl

REPRESENTABLE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def lexicon_heads() -> set[str]:
    """The lemmas our PLOVER lexicon (kg/data/triggers.toml) can fire on, read at run time."""
    from kg.lexicon import triggers

    heads = set()
    for row in triggers()["trigger"]:
        heads |= {v.split()[0] for v in row.get("verbs", ())} | {n.split()[-1] for n in row.get("nouns", ())}
    return heads


def bench_meantime(ctx: Context) -> list[Row]:
    """Event triggers, participants, negation/future and time normalisation on Wikinews.
    MEANTIME marks every event (including 'said', 'rose', 'expected'); we only code PLOVER
    political events, so recall is also given over the gold mentions our lexicon could code."""
    path = ctx.eval_dir / "meantime" / "meantime_en_wikinews.jsonl"
    if not path.is_file():
        return [skipped("meantime", "MEANTIME", path)]
    from kg.extract.document import extract
    from kg.model import Document

    started = time.perf_counter()
    docs = ctx.take(read_jsonl(path), 10)
    log(f"meantime: {len(docs)} docs")
    spacy_docs = list(ctx.nlp.pipe([d["text"] for d in docs], batch_size=16))
    extractions = [extract(Document(text=d["text"], id=d["doc_id"], title=d.get("title"), url=d.get("url"),
                                    published=_dct(d)), s) for d, s in zip(docs, spacy_docs)]
    event_metrics, event_counts = meantime_event_scores(docs, spacy_docs, extractions, lexicon_heads())
    seconds = round(time.perf_counter() - started, 2)
    time_row = _meantime_time_row(docs)
    events = Row("meantime", "MEANTIME events", "all", size={"docs": len(docs), "events": event_counts["gold_events"]},
                 seconds=seconds, metrics=event_metrics, detail=event_counts, note=_MEANTIME_NOTE)
    return [events, time_row]


_MEANTIME_NOTE = ("p: our event triggers overlapping any gold event mention; r_coded/f1_coded: recall over gold "
                  "mentions whose trigger lemma is a head in our PLOVER lexicon ('triggers we code'); r_all: over "
                  "all gold mentions; actor_a0/recip_a12: matched events whose actor (recipient) mentions overlap a "
                  "gold Arg0 (Arg1/Arg2) participant; neg_acc/future_acc: our negated/'future' marker vs gold "
                  "polarity NEG / time FUTURE on matched events")


def _dct(doc: dict) -> date | None:
    try:
        return date.fromisoformat(doc["dct"]) if doc.get("dct") else None
    except ValueError:
        return None


def meantime_event_scores(docs: list[dict], spacy_docs: list[Any], extractions: list[Any], heads: set[str]
                          ) -> tuple[Metrics, dict[str, int]]:
    n = dict.fromkeys(("sys", "sys_hit", "gold", "gold_hit", "coded", "coded_hit", "a0_n", "a0_ok",
                       "a12_n", "a12_ok", "neg_n", "neg_ok", "gold_neg", "fut_n", "fut_ok", "gold_fut"), 0)
    for doc, sdoc, x in zip(docs, spacy_docs, extractions):
        _meantime_doc(n, doc, sdoc, x, heads)
    p = rate(n["sys_hit"], n["sys"])
    coded = prf(n["coded_hit"], n["sys"], n["coded"])
    metrics = {"p": p, "r_coded": coded["r"], "f1_coded": _f1(p, coded["r"]), "r_all": rate(n["gold_hit"], n["gold"]),
               "actor_a0": rate(n["a0_ok"], n["a0_n"]), "recip_a12": rate(n["a12_ok"], n["a12_n"]),
               "neg_acc": rate(n["neg_ok"], n["neg_n"]), "future_acc": rate(n["fut_ok"], n["fut_n"])}
    return metrics, {"gold_events": n["gold"], "coded_gold_events": n["coded"], "system_events": n["sys"],
                     "matched": n["gold_hit"], "matched_gold_neg": n["gold_neg"], "matched_gold_future": n["gold_fut"]}


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def _meantime_doc(n: dict, doc: dict, sdoc: Any, x: Any, heads: set[str]) -> None:
    gold = doc["event_mentions"]
    system = [[(m.begin, m.end) for m in e.mentions] for e in x.events]
    hit_gold = {j for j, g in enumerate(gold) if any(overlap_len(s, [tuple(g["span"])]) for s in system)}
    n["sys"] += len(system)
    n["sys_hit"] += sum(any(overlap_len(s, [tuple(g["span"])]) for g in gold) for s in system)
    n["gold"] += len(gold)
    n["gold_hit"] += len(hit_gold)
    for j, g in enumerate(gold):
        if _coded(sdoc, g["span"], heads):
            n["coded"] += 1
            n["coded_hit"] += j in hit_gold
    mentions = {m["m_id"]: tuple(m["span"]) for m in doc["entity_mentions"]}
    for i, j in one_to_one(system, [[tuple(g["span"])] for g in gold]):
        _meantime_pair(n, x.events[i], gold[j], doc, mentions, x)


def _coded(sdoc: Any, span: list[int], heads: set[str]) -> bool:
    trigger = sdoc.char_span(span[0], span[1], alignment_mode="expand")
    return trigger is not None and any(t.lemma_.lower() in heads or t.lower_ in heads for t in trigger)


def _meantime_pair(n: dict, event: Any, gold: dict, doc: dict, mentions: dict[str, Frag], x: Any) -> None:
    """Participants, negation and future for one matched (our event, gold mention) pair."""
    links = [p for p in doc["has_participant"] if p["event"] == gold["m_id"] and p["participant"] in mentions]
    a0 = [mentions[p["participant"]] for p in links if p["role"] == "Arg0"]
    a12 = [mentions[p["participant"]] for p in links if p["role"] in ("Arg1", "Arg2")]
    if a0:
        n["a0_n"] += 1
        n["a0_ok"] += bool(overlap_len(entity_frags(x, event.actors), a0))
    if a12:
        n["a12_n"] += 1
        n["a12_ok"] += bool(overlap_len(entity_frags(x, event.recipients), a12))
    if gold.get("polarity") in ("POS", "NEG"):
        n["neg_n"] += 1
        n["gold_neg"] += gold["polarity"] == "NEG"
        n["neg_ok"] += event.negated == (gold["polarity"] == "NEG")
    if gold.get("time") in ("FUTURE", "NON_FUTURE"):
        n["fut_n"] += 1
        n["gold_fut"] += gold["time"] == "FUTURE"
        n["fut_ok"] += ("future" in event.markers) == (gold["time"] == "FUTURE")


def detokenise(text: str) -> str:
    """MEANTIME text is tokenised ('March 01 , 2008'); a reader sees 'March 01, 2008'."""
    return re.sub(r"\s+([,.;:!?%')])", r"\1", re.sub(r"([($])\s+", r"\1", text))


def _meantime_time_row(docs: list[dict]) -> Row:
    """normalise_time on each gold DATE TIMEX3's text against the document creation time."""
    from kg.extract.timex import normalise_time

    started = time.perf_counter()
    n = dict.fromkeys(("dates", "exact", "ym", "repr", "repr_exact", "repr_ym", "none"), 0)
    for doc in docs:
        for tx in (t for t in doc["timex"] if t.get("type") == "DATE"):
            value = normalise_time(detokenise(tx["text"]), _dct(doc))
            ours, gold = (value[0] if value else ""), str(tx.get("value", ""))
            exact, ym = ours == gold, bool(ours) and ours[:7] == gold[:7]
            representable = bool(REPRESENTABLE.match(gold))
            for key, ok in (("dates", True), ("exact", exact), ("ym", ym), ("repr", representable),
                            ("repr_exact", representable and exact), ("repr_ym", representable and ym),
                            ("none", value is None)):
                n[key] += ok
    metrics = {"exact": rate(n["exact"], n["dates"]), "year_month": rate(n["ym"], n["dates"]),
               "exact_repr": rate(n["repr_exact"], n["repr"]), "year_month_repr": rate(n["repr_ym"], n["repr"]),
               "no_value": rate(n["none"], n["dates"])}
    return Row("meantime", "MEANTIME time normalisation", "all",
               size={"docs": len(docs), "dates": n["dates"]}, detail=n,
               seconds=round(time.perf_counter() - started, 2), metrics=metrics,
               note="gold TIMEX3 type DATE (creation times included), text detokenised, anchored on the DCT; "
                    "exact: same value; year_month: same first 7 characters; *_repr: only gold values of the form "
                    "YYYY, YYYY-MM, YYYY-MM-DD (not 2004-W47, 2006-Q4, PAST_REF, XXXX-XX-XX)")
