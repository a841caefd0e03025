"""Run every extraction step over one annotated document."""
from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.entities import extract_entities
from kg.extract.events import extract_events
from kg.extract.quotes import extract_quotations
from kg.model import Document, Extraction

__all__ = ["extract"]


def extract(document: Document, doc: Doc) -> Extraction:
    layer = extract_entities(doc)
    quotations = extract_quotations(doc, layer)
    events = extract_events(doc, layer, document.published_date)
    return Extraction(document=document, entities=dict(layer.entities), events=events, quotations=quotations)
