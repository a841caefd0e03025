"""PolNeAR: quotations and their speakers against human attribution annotation of US election
news (brat standoff), direct quotations alone and all attributions.

Direct quotations are what our quote extractor aims at; the all-attributions row shows how
much reported speech lies beyond them.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import SPLITS, Context, Row, log, skipped
from .scoring import Frag, Metrics, entity_frags, one_to_one, overlap_len, prf, rate

QUOTE_MARKS = '"“”„«»'


@dataclass
class Attribution:
    content: list[Frag]
    source: list[Frag]
    direct: bool


def read_ann(path: Path, text: str) -> list[Attribution]:
    """brat standoff: T lines are spans (fragments split by ';', possibly out of order), E lines
    tie Content, Cue and (not always) Source together."""
    spans: dict[str, list[Frag]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _kind, offsets = parts[1].split(" ", 1)
            spans[parts[0]] = [tuple(map(int, f.split())) for f in offsets.split(";")]  # type: ignore[misc]
        elif line.startswith("E") and len(parts) >= 2:
            events.append({re.sub(r"\d+$", "", role): ref for role, ref in
                           (arg.split(":", 1) for arg in parts[1].split()[1:])})
    out = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content:
            out.append(Attribution(content, spans.get(roles.get("Source", ""), []), is_direct(text, content)))
    return out


def is_direct(text: str, content: list[Frag]) -> bool:
    """Direct quotation: the content opens and closes at quotation marks (the marks may sit just
    outside the annotated span, and a comma or full stop may follow the closing one)."""
    begin, end = min(b for b, _ in content), max(e for _, e in content)
    inner = text[begin:end]
    opens = inner.lstrip()[:1] in QUOTE_MARKS or text[max(0, begin - 3):begin].rstrip()[-1:] in QUOTE_MARKS
    closes = (inner.rstrip().rstrip(".,;:!?…")[-1:] in QUOTE_MARKS
              or text[end:end + 3].lstrip(" .,;:!?…")[:1] in QUOTE_MARKS)
    return opens and closes


def polnear_docs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs; articles annotated twice (agreement checks) keep the first file."""
    pairs = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = re.sub(r"_[0-9a-f]{4}$", "", ann.stem)
        text = folder / "text" / f"{stem}.txt"
        if text.is_file() and stem not in pairs:
            pairs[stem] = (text, ann)
    return [pairs[k] for k in sorted(pairs)]


def bench_polnear(ctx: Context) -> list[Row]:
    """Quotations and speakers against human attribution annotation of election news."""
    folder = ctx.eval_dir / "polnear"
    rows: list[Row] = []
    for split in (s for s in SPLITS if ctx.wants(s)):
        if not (folder / split / "text").is_dir():
            rows.append(skipped("polnear", "PolNeAR attributions", folder / split, split))
            continue
        rows += _polnear_split(ctx, split, folder / split)
    return rows


def _polnear_split(ctx: Context, split: str, folder: Path) -> list[Row]:
    from kg.extract.document import extract
    from kg.model import Document

    started = time.perf_counter()
    pairs = ctx.take(polnear_docs(folder), 8)
    log(f"polnear {split}: {len(pairs)} docs")
    texts = [t.read_text(encoding="utf-8") for t, _ in pairs]
    golds = [read_ann(a, text) for (_, a), text in zip(pairs, texts)]
    extractions = [extract(Document(text=text, id=t.stem), s)
                   for (t, _), text, s in zip(pairs, texts, ctx.nlp.pipe(texts, batch_size=8))]
    seconds = round(time.perf_counter() - started, 2)
    rows = []
    for name, direct_only in (("PolNeAR direct quotations", True), ("PolNeAR all attributions", False)):
        metrics, counts = attribution_scores(golds, extractions, direct_only)
        rows.append(Row("polnear", name, split, size={"docs": len(pairs), "attributions": counts["gold"]},
                        seconds=seconds, metrics=metrics, detail=counts, note=_POLNEAR_NOTE))
    return rows


_POLNEAR_NOTE = ("a quote matches a gold attribution when their character spans overlap (one-to-one); "
                 "direct row: system quotes overlapping only indirect attributions are left out of precision; "
                 "speaker_acc on matched pairs with a gold Source: our speaker's mentions overlap it (the pronoun "
                 "of 'he said' is a mention of the speaker it names; a he/she Source counts only for a person)")


def attribution_scores(golds: list[list[Attribution]], extractions: list[Any], direct_only: bool
                       ) -> tuple[Metrics, dict[str, int]]:
    tp = n_sys = n_gold = spk_ok = spk_n = 0
    for attributions, x in zip(golds, extractions):
        gold = [a for a in attributions if a.direct or not direct_only]
        quotes = list(x.quotations)
        if direct_only:
            other = [a.content for a in attributions if not a.direct]
            quotes = [q for q in quotes if any(overlap_len(_frags(q), a.content) for a in gold)
                      or not any(overlap_len(_frags(q), o) for o in other)]
        system = [_frags(q) for q in quotes]
        pairs = one_to_one(system, [a.content for a in gold])
        tp, n_sys, n_gold = tp + len(pairs), n_sys + len(system), n_gold + len(gold)
        for i, j in pairs:
            if gold[j].source:
                spk_n += 1
                spk_ok += _speaker_ok(x, quotes[i].speaker, gold[j].source, x.document.text)
    metrics = {**prf(tp, n_sys, n_gold), "speaker_acc": rate(spk_ok, spk_n)}
    return metrics, {"gold": n_gold, "system": n_sys, "matched": tp}


PERSON_PRONOUNS = frozenset("he she him her".split())


def _speaker_ok(x: Any, speaker: str | None, source: list[Frag], text: str) -> bool:
    """Our speaker's mentions overlap the gold Source. A pronoun Source ('he said') counts only for a
    person: the gold has no coreference, so which person the pronoun names is scored on the whole-
    article gold (speaker recall), not here."""
    if speaker is None or not overlap_len(entity_frags(x, [speaker]), source):
        return False
    words = " ".join(text[b:e] for b, e in source).lower().split()
    return not (len(words) == 1 and words[0] in PERSON_PRONOUNS) or x.entities[speaker].type == "Person"


def _frags(quotation: Any) -> list[Frag]:
    return [(quotation.span.begin, quotation.span.end)]
