"""Deterministic IRIs: the same input and settings give the same IRIs on any machine, in any order."""
from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.labels import canonical_name, normalise_label
from kg.model import Document, Span
from kg.rdf.vocab import DATA

__all__ = ["IriMinter", "slug"]


def _digest(text: str, n: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def slug(label: str, max_len: int = 60) -> str:
    """An IRI-safe readable slug of a name; the hash suffix is of its canonical form
    (``kg.labels.canonical_name``), the same form the node's one label is, so one IRI never
    carries two labels in any union of articles."""
    name = canonical_name(label)
    folded = normalise_label(name)
    ascii_part = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")[:max_len]
    return f"{ascii_part or 'x'}-{_digest(name, 8)}"


class IriMinter:
    """Mints the IRIs of one export under ``base`` (the contract's data namespace by default)."""

    def __init__(self, base: str = str(DATA)) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def article(self, doc: Document) -> URIRef:
        key = doc.url.strip() if doc.url and doc.url.strip() else "text:" + doc.text
        return URIRef(f"{self.base}article/{_digest(key, 20)}")

    def mention(self, article: URIRef, span: Span) -> URIRef:
        return URIRef(f"{article}#char={span.begin},{span.end}")

    def entity(self, type_name: str, label: str, qid: str | None = None) -> URIRef:
        if qid:
            return URIRef(f"{self.base}entity/{qid}")
        return URIRef(f"{self.base}entity/{type_name.lower()}/{slug(label)}")

    def article_entity(self, article: URIRef, type_name: str, label: str) -> URIRef:
        """An entity only its article knows, such as the common-noun actor 'police'."""
        return URIRef(f"{article}/entity/{type_name.lower()}/{slug(label)}")

    def appearance(self, article: URIRef, entity: URIRef) -> URIRef:
        """What one article says of an entity (its name there, roles, link confidence): article-scoped,
        beside the entity's shared IRI that holds only what is true of the thing itself."""
        return URIRef(f"{article}/appearance/{str(entity).rsplit('/entity/', 1)[-1]}")

    def event(self, article: URIRef, event_type: str, first_mention: Span) -> URIRef:
        return URIRef(f"{article}/event/{event_type.lower()}-{first_mention.begin}-{first_mention.end}")

    def quotation(self, article: URIRef, span: Span) -> URIRef:
        return URIRef(f"{article}/quote/{span.begin}-{span.end}")

    def publisher(self, name: str) -> URIRef:
        return URIRef(f"{self.base}publisher/{slug(name)}")

    def activity(self, fingerprint: str) -> URIRef:
        return URIRef(f"{self.base}run/{_digest(fingerprint, 16)}")
