"""``kg show``: one self-contained HTML page per article, built from its RDF graph alone.

In: an export (a folder holding ``newskg.trig`` or Turtle files, or one .trig/.ttl file), or raw
articles (.txt, .json, .jsonl, .html) that are run through the pipeline first, in-process and
unvalidated. Out: for each article one HTML file that loads nothing and runs no script, showing
its text with the entities' mentions highlighted and linked to Wikidata, a timeline of its events,
an SVG graph of who acts on whom, its quotations with their speakers, and an entity table.

The steps are apart so each can change alone: ``inputs`` finds the graphs, ``view`` reads an
article's graph into an ``ArticlePage``, ``render`` (with ``svg``, ``page.html`` and ``page.css``)
turns that into HTML; the command is ``kg.cli.show``.
"""
from __future__ import annotations

from kg.show.inputs import load_articles
from kg.show.render import render_page
from kg.show.view import ENTITY_TYPES, ArticlePage, articles_in_graphs

__all__ = ["ArticlePage", "articles_in_graphs", "load_articles", "render_page", "ENTITY_TYPES"]
