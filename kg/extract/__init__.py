"""Extraction: spaCy ``Doc`` in, an ``Extraction`` (entities, events, quotations) out.

Each module has one job: ``entities`` finds and merges entity mentions, ``timex`` normalises
time expressions, ``events`` codes PLOVER events, ``quotes`` ties quotations to speakers.
"""
from kg.extract.document import extract

__all__ = ["extract"]
