"""Entity linking when the answer is not the only candidate: AIDA-CoNLL and news-fair-v2 linked
against a base where every benchmark answer has generated namesakes (quality_sets/distractors.py),
beside the popularity-only baseline run by the same code on the same base (issue 20).

The plain benchmark base holds only the answers, so a name nearly always has one candidate and
that candidate is right: its figures cannot tell a linker from a name matcher. Here each answer
has ``K`` namesakes, some more popular than it, with plausible context facts; the figures say
what the name, context and word evidence of our linker adds over popularity. The rows also give
the figures on the very same extractions of the plain base (``plain_*``: no sitelinks at all) and
of a control base with the answers' drawn sitelinks but no namesakes (``sitelinks_only_*``), and
the share of links that went to a generated item (``*_to_distractor``), so the drop is read off
one row and split into what the sitelinks change and what the namesakes do.

The base is written once per run into a temp dir from the benchmark list read at run time
(nothing of ../shared is copied into the project). Dev and test stay separate rows; nothing here
is tuned on either.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from .context import KB_SOURCE, Context, Row, log, shown, skipped
from .distractors import K, build_distractor_kb, is_fake
from .linking import EL_SETS, POPULARITY_ONLY, el_extractions, link_metrics, linked, mention_recall
from .scoring import Metrics, rate

BENCHMARKS = ("news-fair-v2", "aida-conll")
NOTE = ("knowledge base: the ~5,000 items of ../shared/wikidata/lists/benchmark_entities.tsv, each with {k} "
        "generated namesakes (fake QIDs Q9000000000+; persons: same surname, {same} of the same full name; "
        "places: same name; organisations and the rest: {same} of the same name, the others sharing a word), "
        "sitelinks log-normal for all (answers' median higher; {outranked:.0%} of answers have a more popular "
        "namesake) but countries, which draw theirs from the range countries have in Wikidata and outrank the "
        "smaller places named like them; distractors with drawn country/place facts (half the time of the ten "
        "countries Wikidata holds most items of), answers with none (so agreement can only mislead, and a "
        "penalty for a country the article does not name only ever hits a namesake); "
        "p/r/f1 strict, elevant_f1 under ELEVANT's rules, baseline_*: popularity-only linking by the same code on "
        "the same base; plain_*: the same extractions linked on the plain benchmark base; sitelinks_only_*: on "
        "the answers with their drawn sitelinks, no namesakes; *_to_distractor: share of the links made that went "
        "to a generated item")


def distractor_kb(ctx: Context, k: int = K) -> tuple[Any, dict[str, Any]] | None:
    """The base with ``k`` namesakes per answer and what went in, built once per run (None without
    the benchmark list)."""
    key = ("distractor_kb", k)
    if key not in ctx.cache:
        source = ctx.eval_dir.parent / KB_SOURCE
        if not source.is_file():
            return None
        from kg.link.kb.store import KnowledgeBase

        started = time.perf_counter()
        path = Path(tempfile.mkdtemp(prefix="newskg-distractors-")) / f"distractors-{k}.sqlite"
        stats = build_distractor_kb(source, path, k)
        stats["build_seconds"] = round(time.perf_counter() - started, 2)
        log(f"distractor base: {stats['answers']} answers, {stats['distractors']} namesakes, "
            f"{stats['build_seconds']:.1f}s")
        ctx.cache[key] = (KnowledgeBase(path), stats)
    return ctx.cache[key]


def bench_el_distractors(ctx: Context) -> list[Row]:
    """One row per benchmark and split: ours and the baseline on the distractor base, and on the plain one."""
    rows: list[Row] = []
    for benchmark, split, rel in EL_SETS:
        if benchmark not in BENCHMARKS or not ctx.wants(split):
            continue
        name = f"EL {benchmark} on distractors: linking"
        path = ctx.eval_dir / "el" / rel
        if not path.is_file():
            rows.append(skipped("el-distractors", name, path, split))
            continue
        built = distractor_kb(ctx)
        if built is None:
            rows.append(skipped("el-distractors", name, ctx.eval_dir.parent / KB_SOURCE, split))
            continue
        rows.append(_row(ctx, benchmark, split, path, name, *built))
    return rows


def _row(ctx: Context, benchmark: str, split: str, path: Path, name: str, kb: Any, stats: dict[str, Any]) -> Row:
    docs, extractions, seconds = el_extractions(ctx, benchmark, split, path)
    started = time.perf_counter()
    ours, baseline = linked(extractions, docs, kb, None), linked(extractions, docs, kb, POPULARITY_ONLY)
    metrics: Metrics = {**link_metrics(docs, ours), **_prefixed("baseline_", link_metrics(docs, baseline)),
                        "ours_to_distractor": _to_distractor(ours), "baseline_to_distractor": _to_distractor(baseline)}
    control = distractor_kb(ctx, 0)
    for prefix, other in (("plain_", ctx.benchmark_kb()), ("sitelinks_only_", control and control[0])):
        if other is not None:
            metrics |= _both(prefix, docs, extractions, other)
    _, counts = mention_recall(docs, extractions)
    return Row("el-distractors", name, split, size={"docs": len(docs), "mentions": counts["gold_mentions"]},
               seconds=round(seconds + time.perf_counter() - started, 2), metrics=metrics,
               detail={"distractor_base": stats, "eval_file": shown(path)},
               note=NOTE.format(k=stats["k"], same=stats["same_name"], outranked=stats["outranked_share"]))


def _both(prefix: str, docs: list[dict], extractions: list[Any], kb: Any) -> Metrics:
    """Ours and the baseline's strict and ELEVANT F1 on another base, for comparison in the same row."""
    out: Metrics = {}
    for who, weights in (("", None), ("baseline_", POPULARITY_ONLY)):
        scores = link_metrics(docs, linked(extractions, docs, kb, weights))
        out |= {f"{prefix}{who}{k}": scores[k] for k in ("f1", "elevant_f1")}
    return out


def _prefixed(prefix: str, metrics: Metrics) -> Metrics:
    return {f"{prefix}{k}": v for k, v in metrics.items()}


def _to_distractor(extractions: list[Any]) -> float | None:
    """Share of the mention links made that point at a generated namesake: each one is wrong."""
    links = [e.qid for x in extractions for e in x.entities.values() if e.qid for _ in e.mentions]
    return rate(sum(is_fake(q) for q in links), len(links))
