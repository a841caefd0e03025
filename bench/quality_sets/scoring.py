"""Counting shared by the families: rates, P/R/F1 and character-overlap matching.

Every family reports rates rounded the same way (4 places, None where nothing was counted),
and the span-based sets (PolNeAR, MEANTIME) match system to gold by character overlap, each
side used once, so their figures are comparable with each other.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Frag = tuple[int, int]  # character offsets [begin, end)
Metrics = dict[str, float | None]


def rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def prf(tp: int, n_sys: int, n_gold: int) -> Metrics:
    p, r = rate(tp, n_sys), rate(tp, n_gold)
    f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if p is not None and r is not None else None)
    return {"p": p, "r": r, "f1": f1}


def overlap_len(a: Iterable[Frag], b: Iterable[Frag]) -> int:
    b = list(b)
    return sum(max(0, min(e1, e2) - max(b1, b2)) for b1, e1 in a for b2, e2 in b)


def one_to_one(system: Sequence[Sequence[Frag]], gold: Sequence[Sequence[Frag]]) -> list[tuple[int, int]]:
    """Pairs (system index, gold index), each side used once, largest character overlap first."""
    candidates = sorted((-ov, i, j) for i, s in enumerate(system) for j, g in enumerate(gold)
                        if (ov := overlap_len(s, g)) > 0)
    used_s: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def entity_frags(extraction: Any, keys: Iterable[str]) -> list[Frag]:
    return [(m.begin, m.end) for k in keys if k in extraction.entities for m in extraction.entities[k].mentions]
