"""Linking: an ``Extraction`` in, the same ``Extraction`` out with each entity's Wikidata item
(``Entity.qid``, ``Entity.confidence``) where one fits, or none (NIL: a wrong link is worse than none).

``linker`` scores the candidates of each entity; ``names`` holds the forms news gives names
(surnames, initials, other spellings, a country's institutions); ``sports`` the conventions of
sports reports (a place for its team, datelines, venues). ``kb/`` is the local knowledge base
the candidates come from: built from Wikidata's own formats (``kb/build.py`` and its sources),
read by ``kb/store.py``, filled on demand from a query service (``kb/online.py``).
"""
from kg.link.linker import DEFAULT_THRESHOLD, Decision, Linker, Scored, make_linker

__all__ = ["Linker", "Scored", "Decision", "DEFAULT_THRESHOLD", "make_linker"]
