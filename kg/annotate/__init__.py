"""Annotation: article texts in, spaCy ``Doc`` objects out.

The model (``en_core_web_sm``, loaded once per process by ``load_model``) tags, parses and finds
named entities (a long article in pieces, ``parse_long``, so memory stays bounded and its time
limit can stop it); two components of ours follow its NER and only fill its gaps:

- ``news_names`` (``news_names.py``): an entity ruler for the agencies and platforms of credit
  lines and sign-offs ('Photo: AP', 'Follow us on Twitter'), from ``kg/data/news_names.toml``;
- ``caps_names`` (``caps.py``): all-caps headlines, datelines and table rows read again in
  ordinary case, so their names are found too.

``dateline.py`` says once what a dateline is (``WASHINGTON (Reuters) -``); the entity and
linking stages read it from here. Every component keeps the text and its character offsets.
The names below are imported on first use, so reading ``dateline`` never loads spaCy.
"""
from __future__ import annotations

import importlib
from typing import Any

__all__ = ["DEFAULT_MODELS", "ModelError", "resolve_model", "load_model", "model_label", "annotate",
           "parse_long", "LONG_ARTICLE_CHARS", "add_news_names", "add_caps_names", "is_dateline"]

_HOME = {"add_news_names": "news_names", "add_caps_names": "caps", "is_dateline": "dateline"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME.get(name, 'nlp')}"), name)
