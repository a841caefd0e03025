"""What every set is handed (Context: where the data is, which splits, how much of it, the
model and the linking base) and what it hands back (Row: one line of the table).

Kept apart from the command so that each family can build rows and skip missing data the
same way, and so that spaCy and the benchmark knowledge base are loaded once per run, by
the first set that needs them.
"""
from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .scoring import Metrics

REPO = Path(__file__).resolve().parents[2]
SPLITS = ("dev", "test")
KB_SOURCE = Path("wikidata") / "lists" / "benchmark_entities.tsv"  # beside eval/, in ../shared


@dataclass
class Row:
    """One line of the table. ``metrics`` holds rates in [0, 1] only; counts go to size/detail."""

    set: str
    name: str
    split: str
    status: str = "ok"  # ok | skipped | not available | error
    size: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    metrics: Metrics = field(default_factory=dict)
    detail: dict[str, Any] = field(default_factory=dict)
    note: str = ""


@dataclass
class Context:
    """What every set needs: where the data is, which splits, how much of it, the spaCy model."""

    eval_dir: Path
    splits: tuple[str, ...]
    quick: bool
    _nlp: Any = None

    @property
    def nlp(self) -> Any:
        """Loaded on first use so a run where every set is skipped never loads spaCy."""
        if self._nlp is None:
            from kg.annotate import load_model

            self._nlp = load_model(None)
        return self._nlp

    def take(self, items: Sequence, n: int) -> list:
        """All items, or with --quick ``n`` spread evenly (the PLOVER file is sorted by type)."""
        items = list(items)
        if not self.quick or len(items) <= n:
            return items
        step = len(items) // n
        return items[::step][:n]

    def wants(self, split: str) -> bool:
        return split == "all" or split in self.splits

    _kb: Any = None
    # what one set computed that another reuses (the EL extractions: the plain and the distractor rows)
    cache: dict[Any, Any] = field(default_factory=dict)

    def benchmark_kb(self) -> Any:
        """The linking base, built once per run from the benchmark entity list (None if it is missing)."""
        if self._kb is None:
            source = self.eval_dir.parent / KB_SOURCE
            if not source.is_file():
                return None
            from kg.link.kb.build import build_kb
            from kg.link.kb.store import KnowledgeBase

            path = Path(tempfile.mkdtemp(prefix="newskg-kb-")) / "benchmark.sqlite"
            build_kb([str(source)], path)
            self._kb = KnowledgeBase(path)
        return self._kb


def log(message: str) -> None:
    print(f"[quality {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def skipped(set_name: str, name: str, path: Path, split: str = "all") -> Row:
    return Row(set_name, name, split, status="skipped", note=f"skipped: {shown(path)} missing")


def shown(path: Path) -> str:
    """Paths as the README writes them (../shared/eval/...) when they are the default ones."""
    try:
        return "../" + str(path.resolve().relative_to(REPO.parent))
    except ValueError:
        return str(path)
