"""Extraction: an annotated spaCy ``Doc`` (and its ``Document``) in, an ``Extraction`` out:
the article's entities, PLOVER events and quotations, each with the character spans it came from.

One module per job: ``names`` says where the names are, ``mentions`` where each mention begins
and ends and what it names, ``merge`` which mentions are one entity, ``entities`` builds the
article's entity layer from them; ``triggers`` matches the PLOVER trigger lexicon, ``events``
reads each event's arguments off the parse (``roles`` helps), ``timex`` normalises its time;
``quotes`` ties quotations to their speakers; ``document`` runs them in order.
"""
from kg.extract.document import extract

__all__ = ["extract"]
