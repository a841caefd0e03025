"""Entity linking on ELEVANT's benchmarks (news-fair-v2, AIDA-CoNLL, MSNBC): mention detection
recall and end-to-end linking F1, strict and under ELEVANT's own counting rules, beside a
popularity-only baseline run by the same code on the same base.

Recall is measured even without a knowledge base because a mention we never detect can never
be linked; the ELEVANT-rule figure (bench/elevant_rules.py) is the one to set beside the
published systems.
"""
from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from .context import Context, Row, log, skipped
from .scoring import Metrics, overlap_len, prf, rate, read_jsonl

LINKING_NA = "not available: no knowledge base (../shared/wikidata/lists/benchmark_entities.tsv missing)"
PUBLISHED_EL_F1 = {  # end-to-end F1 as ELEVANT measures it (../shared/eval/README.md)
    "news-fair-v2": {"ReFinED": 0.663, "REL": 0.547, "GENRE": 0.531, "spaCy+popularity baseline": 0.471},
    "aida-conll": {"ReFinED": 0.852, "REL": 0.830, "GENRE": 0.829, "baseline": 0.519},
    "msnbc": {"REL": 0.766, "GENRE": 0.697, "baseline": 0.519},
}
NEWS_FAIR_TEST = "elevant/news-fair-v2-test.benchmark.jsonl"
EL_SETS = (  # benchmark, split, file; news-fair-v2 dev = its 40 documents outside the test part
    ("news-fair-v2", "dev", "elevant/news-fair-v2.benchmark.jsonl"),
    ("news-fair-v2", "test", NEWS_FAIR_TEST),
    ("aida-conll", "dev", "aida-conll-dev.full.jsonl"),
    ("aida-conll", "test", "aida-conll-test.full.jsonl"),
    ("msnbc", "all", "elevant/msnbc.benchmark.jsonl"),
)


def is_qid(value: str) -> bool:
    return bool(re.fullmatch(r"Q\d+", value or ""))


def gold_named_mentions(doc: dict) -> list[dict]:
    """The named entity mentions a mention detector should find: inside the evaluated span, not
    coreference or descriptive ('his party', 'the nation'), not optional, not a quantity or date,
    not nested inside a larger mention, and starting with a capital letter or digit."""
    lo, hi = doc.get("evaluation_span") or (0, len(doc["text"]))
    out = []
    for label in doc["labels"]:
        b, e = label["span"]
        eid = label.get("entity_id") or ""
        if not (lo <= b and e <= hi) or label.get("coref") or label.get("desc") or label.get("optional"):
            continue
        if "parent" in label or not (is_qid(eid) or eid in ("<NIL>", "<NO_MAPPING>")):
            continue
        if doc["text"][b:e][:1].isupper() or doc["text"][b:e][:1].isdigit():
            out.append(label)
    return out


def linking_scores(docs: list[dict], extractions: list[Any]) -> Metrics:
    """End-to-end linking P/R/F1 once entities carry QIDs (issue 5).

    Approximates ELEVANT's end-to-end measure: a prediction is (mention span, QID) for every
    mention of an entity with a ``qid`` inside the evaluated span; it is right when a gold label
    has the same span and QID. Gold: labels with a QID, not coreference/descriptive/optional.
    ELEVANT's own rules (alternative nested spans, unknown-type handling) differ in details,
    so compare with the published figures with care; replace this with ELEVANT's evaluator
    when exact comparability matters.
    """
    tp = n_sys = n_gold = 0
    for doc, x in zip(docs, extractions):
        lo, hi = doc.get("evaluation_span") or (0, len(doc["text"]))
        gold = {(tuple(lab["span"]), lab["entity_id"]) for lab in doc["labels"] if is_qid(lab.get("entity_id", ""))
                and not (lab.get("coref") or lab.get("desc") or lab.get("optional"))
                and lo <= lab["span"][0] and lab["span"][1] <= hi}
        system = {((m.begin, m.end), e.qid) for e in x.entities.values() if e.qid
                  for m in e.mentions if lo <= m.begin and m.end <= hi}
        tp, n_sys, n_gold = tp + len(gold & system), n_sys + len(system), n_gold + len(gold)
    return prf(tp, n_sys, n_gold)


def elevant_scores(docs: list[dict], extractions: list[Any]) -> Metrics:
    """F1 under ELEVANT's own counting rules (bench/elevant_rules.py): word-boundary span matching,
    optional and nested gold, coreference counted apart. ``elevant_f1`` (named and non-named
    mentions, no coreference) is the figure to set beside the published ones."""
    from elevant_rules import score_corpus

    def predictions(x: Any) -> dict[tuple[int, int], str | None]:
        return {(m.begin, m.end): e.qid for e in x.entities.values() for m in e.mentions}

    scores = score_corpus((d["text"], d["labels"], predictions(x), tuple(d.get("evaluation_span") or ()) or None)
                          for d, x in zip(docs, extractions))
    return {"elevant_f1": scores["entity"]["f1"], "elevant_named_f1": scores["named"]["f1"],
            "elevant_all_f1": scores["all"]["f1"]}


def link_metrics(docs: list[dict], extractions: list[Any]) -> Metrics:
    """Both ways of scoring the links: strict and under ELEVANT's rules."""
    return {**linking_scores(docs, extractions), **elevant_scores(docs, extractions)}


def mention_recall(docs: list[dict], extractions: list[Any]) -> tuple[Metrics, dict[str, int]]:
    """Share of gold named mentions that one of our entity mentions hits exactly (or hits one
    of its nested parts, e.g. 'Denver' in 'Denver, Colorado') or overlaps at all."""
    exact = overlap = total = 0
    for doc, x in zip(docs, extractions):
        ours = {(m.begin, m.end) for e in x.entities.values() for m in e.mentions}
        children = {lab["id"]: tuple(lab["span"]) for lab in doc["labels"]}
        for label in gold_named_mentions(doc):
            spans = {tuple(label["span"])} | {children[c] for c in label.get("children", []) if c in children}
            total += 1
            exact += bool(spans & ours)
            overlap += any(overlap_len([tuple(label["span"])], [s]) for s in ours)
    return {"recall_exact": rate(exact, total), "recall_overlap": rate(overlap, total)}, {"gold_mentions": total}


def _published(benchmark: str) -> str:
    figures = PUBLISHED_EL_F1.get(benchmark)
    if not figures:
        return "no published figures for this split"
    return "published F1: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items())


def _el_docs(ctx: Context, benchmark: str, split: str, path: Path) -> list[dict]:
    docs = read_jsonl(path)
    if benchmark == "news-fair-v2" and split == "dev":
        test_path = ctx.eval_dir / "el" / NEWS_FAIR_TEST
        test_ids = {d["id"] for d in read_jsonl(test_path)} if test_path.is_file() else set()
        docs = [d for d in docs if d["id"] not in test_ids]
    return ctx.take(docs, 10)


def bench_el(ctx: Context) -> list[Row]:
    """Entity linking against ELEVANT's news benchmarks. Linking does not exist yet, so the row
    says so and gives the published figures; mention detection recall is measured already,
    since a mention we never detect can never be linked."""
    rows: list[Row] = []
    for benchmark, split, rel in EL_SETS:
        if not ctx.wants(split):
            continue
        path = ctx.eval_dir / "el" / rel
        if not path.is_file():
            rows.append(skipped("el", f"EL {benchmark}", path, split))
            continue
        rows += _el_split(ctx, benchmark, split, path)
    return rows


def el_extractions(ctx: Context, benchmark: str, split: str, path: Path) -> tuple[list[dict], list[Any], float]:
    """The documents of one EL split, our extractions of them and the seconds that took; kept in
    ``ctx`` so the distractor rows (quality_sets/el_distractors.py) link the very same mentions."""
    key = ("el", benchmark, split)
    if key not in ctx.cache:
        from kg.extract.document import extract
        from kg.model import Document

        started = time.perf_counter()
        docs = _el_docs(ctx, benchmark, split, path)
        log(f"el {benchmark} {split}: {len(docs)} docs")
        extractions = [extract(Document(text=d["text"], id=str(d["id"])), s)
                       for d, s in zip(docs, ctx.nlp.pipe([d["text"] for d in docs], batch_size=16))]
        ctx.cache[key] = (docs, extractions, round(time.perf_counter() - started, 2))
    return ctx.cache[key]


def _el_split(ctx: Context, benchmark: str, split: str, path: Path) -> list[Row]:
    docs, extractions, seconds = el_extractions(ctx, benchmark, split, path)
    recall, counts = mention_recall(docs, extractions)
    size = {"docs": len(docs), "mentions": counts["gold_mentions"]}
    detect = Row("el", f"EL {benchmark}: mention detection", split, size=size, seconds=seconds, metrics=recall,
                 note="recall of gold named mentions (not coref/descriptive/optional/quantity/date) by our "
                      "entity mentions")
    link = Row("el", f"EL {benchmark}: linking", split, size=size, seconds=seconds,
               detail={"published_f1": PUBLISHED_EL_F1.get(benchmark, {})})
    kb = ctx.benchmark_kb()
    if kb is None:
        link.status = "not available"
        link.note = f"{LINKING_NA}; {_published(benchmark)}"
        return [link, detect]
    started = time.perf_counter()
    ours, baseline = linked(extractions, docs, kb, None), linked(extractions, docs, kb, POPULARITY_ONLY)
    link.seconds = round(seconds + time.perf_counter() - started, 2)
    link.metrics = {**link_metrics(docs, ours), **{f"baseline_{k}": v for k, v in link_metrics(docs, baseline).items()}}
    link.detail["knowledge_base"] = KB_NOTE
    link.note = ("p/r/f1: strict (exact span + QID, coreference, descriptive and optional gold left out); "
                 "elevant_*: ELEVANT's counting rules (bench/elevant_rules.py), elevant_f1 = named + non-named "
                 "mentions, the figure beside the published ones, elevant_all_f1 adds coreference; "
                 "baseline_*: popularity-only linking by the "
                 f"same code on the same base; {KB_NOTE}; " + _published(benchmark))
    return [link, detect]


POPULARITY_ONLY = {"name": 0.0, "popularity": 1.0, "context": 0.0}
KB_NOTE = ("knowledge base built from ../shared/wikidata/lists/benchmark_entities.tsv: ~5,000 items the "
           "benchmarks link to, labels and types only, far smaller (so far less ambiguous) than Wikidata")


def linked(extractions: list[Any], docs: list[dict], kb: Any, weights: dict[str, float] | None) -> list[Any]:
    """Copies of the extractions linked with our scorer (``weights`` None) or another weighting."""
    import copy

    from kg.link import Linker

    linker = Linker(kb, threshold=0.0, weights=weights, search_within=False) if weights else Linker(kb)
    out = []
    for x, doc in zip(extractions, docs):
        x = copy.deepcopy(x)
        linker.link(x, doc["text"])
        out.append(x)
    return out
