"""HTML pages: the main text and the metadata by trafilatura."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.read.dates import parse_date
from kg.read.decode import Result, normalise_newlines

__all__ = ["read_html", "html_document"]


def read_html(text: str, name: str) -> Iterator[Result]:
    yield html_document(text, name, Path(name).name.split(".")[0])


def html_document(html: str, name: str, doc_id: str | None, default_url: str | None = None,
                  default_published: date | datetime | None = None) -> Result:
    """One page's main text and metadata by trafilatura; ``default_url``/``default_published``
    (a WARC record's target URI and date) fill in what the page itself does not say."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(html, url=default_url, with_metadata=True, include_comments=False)
    if extracted is None:
        return InputError("no main text found in the HTML", name)
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = meta.get("text") or ""
    if not body.strip():
        return InputError("no main text found in the HTML", name)
    published = None
    if meta.get("date"):
        try:
            published = parse_date(meta["date"])
        except InputError:
            published = None
    return Document(text=normalise_newlines(body), id=doc_id, url=meta.get("url") or default_url,
                    title=meta.get("title"), published=published or default_published,
                    publisher=meta.get("sitename") or meta.get("hostname"),
                    language=meta.get("language") or "en", source=name)
