"""Extraction: an annotated spaCy ``Doc`` (and its ``Document``) in, an ``Extraction`` out:
the article's entities, PLOVER events and quotations, each with the character spans it came from.

One module per job: ``names`` says where the names are, ``mentions`` where each mention begins
and ends and what it names, ``merge`` which mentions are one entity, ``entities`` builds the
article's entity layer from them; ``triggers`` matches our PLOVER trigger lexicon, then the CAMEO
dictionary's patterns (``cameo``); ``events`` reads each event's arguments off the parse (``roles``
says which entity a phrase names, ``agents`` makes common-noun actors such as 'police' on demand),
``recipients`` whom it was done to, ``places`` where it happened, ``timex`` dates it; ``threats``
and ``demands`` read threats and demands told without a verb of asking, ``records`` joins the
mentions of one event; ``quotes`` ties quotations to
their speakers (``gender`` says which persons a pronoun can name); ``document`` runs
them in order and keeps the common-noun actors something uses.
"""
from kg.extract.document import extract

__all__ = ["extract"]
