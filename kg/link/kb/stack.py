"""Several knowledge bases read as one: the user's base in front, the default base behind it.

The linker asks the stack what it would ask one base. A candidate an earlier base gives hides the
same QID among the later bases' answers, and an item's facts come from the first base holding it,
so a user's base can correct the default one but never loses an item to it.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.link.kb.store import Candidate, KnowledgeBase

__all__ = ["StackedBase"]


class StackedBase:
    """The read interface of ``KnowledgeBase`` over ``bases``, asked in order."""

    def __init__(self, bases: Sequence[KnowledgeBase]) -> None:
        self.bases = list(bases)
        self.path: Path = self.bases[0].path

    def candidates(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        names = list(names)
        return _first_of_each([b.candidates(names, limit) for b in self.bases])

    def within(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        names = list(names)
        return _first_of_each([b.within(names, limit) for b in self.bases])

    def by_initials(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        names = list(names)
        return _first_of_each([b.by_initials(names, limit) for b in self.bases])

    def sharing_words(self, words: Iterable[str], types: Iterable[str], limit: int = 200) -> list[Candidate]:
        words, types = list(words), list(types)
        return _first_of_each([b.sharing_words(words, types, limit) for b in self.bases])

    def facts(self, qid: str) -> dict[str, set[str]]:
        """The facts of the first base that holds the item: its description of the item is the one used."""
        for base in self.bases:
            if base.item(qid) is not None:
                return base.facts(qid)
        return {}

    def item(self, qid: str) -> Candidate | None:
        return next((found for b in self.bases if (found := b.item(qid)) is not None), None)

    def size(self) -> int:
        return sum(b.size() for b in self.bases)


def _first_of_each(found: list[list[Candidate]]) -> list[Candidate]:
    seen: set[str] = set()
    out: list[Candidate] = []
    for candidates in found:
        out += [c for c in candidates if c.qid not in seen]
        seen.update(c.qid for c in candidates)
    return out
