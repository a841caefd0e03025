"""Extraction: spaCy ``Doc`` in, an ``Extraction`` (entities, events, quotations) out.

Each module has one job: ``entities`` finds and merges entity mentions, ``timex`` normalises
time expressions, ``events`` codes PLOVER events, ``quotes`` ties quotations to speakers.
``extract`` is imported on first use, so the annotation layer (``kg.caps``) may read the
lexicon without importing the whole extraction layer, which reads it back.
"""
from __future__ import annotations

from typing import Any

__all__ = ["extract"]


def __getattr__(name: str) -> Any:
    if name == "extract":
        from kg.extract.document import extract
        return extract
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
