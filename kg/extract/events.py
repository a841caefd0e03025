"""PLOVER events (placeholder until the event coder lands)."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from kg.extract.entities import EntityLayer
from kg.model import Event


def extract_events(doc: Doc, layer: EntityLayer, published: date | None) -> list[Event]:
    return []
