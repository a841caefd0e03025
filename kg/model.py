"""The objects that flow through the pipeline: a read ``Document`` and what was extracted from it.

They are plain data, independent of spaCy and rdflib, so the mapping layer can be tested
with hand-built extractions and the extraction layer without RDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

__all__ = ["Document", "Span", "Entity", "Event", "Quotation", "Extraction", "ENTITY_TYPES"]

ENTITY_TYPES = ("Person", "Organization", "Location", "Group")


@dataclass(frozen=True)
class Document:
    """One article as read. ``text`` is what offsets point into; the title is not part of it."""

    text: str
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: date | datetime | None = None
    publisher: str | None = None
    language: str = "en"
    source: str = "-"  # file (and line) it came from, for messages
    notes: tuple[str, ...] = ()  # what the reader had to leave out, reported as warnings

    @property
    def published_date(self) -> date | None:
        if isinstance(self.published, datetime):
            return self.published.date()
        return self.published


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets [begin, end) into ``Document.text``."""

    begin: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.begin < self.end:
            raise ValueError(f"bad span {self.begin},{self.end}")


@dataclass
class Entity:
    """One thing the article talks about; all its mentions in this article."""

    key: str
    type: str
    label: str
    mentions: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    qid: str | None = None
    confidence: float | None = None
    agent: str | None = None  # a common-noun actor's agent code ('police': COP); its IRI is the article's own
    surface: str | None = None  # the article's own name for it, where linking set ``label`` to the item's

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {self.type!r}")


@dataclass
class Event:
    """One PLOVER-coded event. Entity references are ``Entity.key`` values."""

    type: str
    actors: list[str]
    mentions: list[Span]
    recipients: list[str] = field(default_factory=list)
    mode: str | None = None
    context: str | None = None
    markers: list[str] = field(default_factory=list)
    location: str | None = None
    date: tuple[str, str] | None = None  # (lexical value, xsd datatype local name)
    negated: bool = False
    according_to: str | None = None


@dataclass
class Quotation:
    text: str
    span: Span
    speaker: str | None = None
    cue: str | None = None
    direct: bool = True
    speaker_pronoun: Span | None = None  # 'he said': the pronoun the speaker was read from


@dataclass
class Extraction:
    """Everything extracted from one document, ready to be mapped to RDF."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)  # in text order, so a mention's sentence is a bisection
