"""What ``kg show`` reads: an export's graphs as they are, or raw articles through the pipeline
in-process, unvalidated, since a page is for looking at an article, not for vouching for it."""
from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError
from kg.rdf.write import format_for, sniff_format
from kg.show.view import ArticlePage, articles_in_graphs

__all__ = ["is_export", "load_articles"]


def is_export(path: str) -> bool:
    """An export (folder with newskg.trig or Turtle files, or an RDF file) rather than articles."""
    p = Path(path)
    if path == "-":
        return False
    if p.is_dir():
        return ((p / "newskg.trig").exists() or any((p / "articles").glob("*.ttl"))
                or any(p.glob("*.ttl")) or any(p.glob("*.trig")))
    return format_for(p) is not None


def load_articles(path: str, kb: str | None = None, model: str | None = None,
                  on_error=None, on_note=None) -> list[ArticlePage]:
    """The articles of an export, or of raw inputs run through the pipeline (no validation).
    On stdin (``-``), RDF text is read as an export and anything else as articles."""
    from kg.rdf.named_graphs import STDIN, STDIN_NAME, graphs_in_bytes, iter_named_graphs

    items = None
    if path == STDIN:
        data = sys.stdin.buffer.read()
        if sniff_format(data) is not None:
            try:  # text that only looked like RDF ("UPDATE:Trump ...") is an article after all
                return articles_in_graphs(list(graphs_in_bytes(data, None, STDIN_NAME)), on_note)
            except KgError:
                pass
        from kg.read import read_stream

        items = read_stream(io.BytesIO(data), STDIN_NAME, None)
    elif is_export(path):
        return articles_in_graphs(iter_named_graphs([path]), on_note)

    from kg.pipeline import Exporter
    from kg.read import read_paths

    def documents() -> Iterator:
        for item in items if items is not None else read_paths([path]):
            if isinstance(item, KgError):
                if on_error:
                    on_error(item)
                continue
            yield item

    exporter = Exporter(validate=False, kb=kb, model=model)
    return articles_in_graphs((graph for _x, graph in exporter.graphs(documents())), on_note)
