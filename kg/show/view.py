"""An article's named graph read into what its page shows (``ArticlePage`` and its parts).

Only the contract terms (``../shared/design/CONTRACT.md``) are read, so any export will do: the
text (``schema:articleBody``), the entities' mentions (``gaf:denotedBy`` ->
``nif:beginIndex``/``nif:endIndex``) and Wikidata items (``owl:sameAs``), the events and the
quotations with their speakers. The graph's ways (several articles in one Turtle file, offsets
only in a mention's IRI) are dealt with here, once, so the HTML never looks at the graph.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.term import Node

from kg.rdf.vocab import GAF, NIF, NK, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA

__all__ = ["ArticlePage", "Entity", "Event", "Quotation", "Span", "articles_in_graphs", "date_key", "local_name",
           "page_stem", "ENTITY_TYPES"]

ENTITY_TYPES = ("Person", "Organization", "Location", "Group")
_WIKIDATA_ITEM = re.compile(r"^https?://www\.wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]*)$")
_CHAR_FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")
_STEM_UNSAFE = re.compile(r"[^\w.-]+", flags=re.ASCII)


@dataclass
class Entity:
    iri: Node
    label: str
    type: str
    qid: str | None = None
    confidence: str | None = None

    @property
    def tooltip(self) -> str:
        tip = f"{self.label} ({self.type})"
        if self.qid:
            tip += f" \u2014 Wikidata {self.qid}" + (f", confidence {self.confidence}" if self.confidence else "")
        return tip

    @property
    def wikidata_url(self) -> str | None:
        return f"https://www.wikidata.org/wiki/{self.qid}" if self.qid else None


@dataclass
class Span:
    begin: int
    end: int
    anchor: str | None = None


@dataclass
class Event:
    iri: Node
    type: str
    mode: str | None
    actors: list[Entity]
    recipients: list[Entity]
    negated: bool
    markers: list[str]
    contexts: list[str]
    locations: list[Entity]
    according_to: list[Entity]
    date: Literal | None
    triggers: list[Span]

    @property
    def position(self) -> int:
        return min((t.begin for t in self.triggers), default=sys.maxsize)


@dataclass
class Quotation:
    iri: Node
    text: str
    speaker: Entity | None
    cue: str | None
    direct: bool | None
    position: int


@dataclass
class ArticlePage:
    """What a page shows about one article, read from its graph."""

    iri: Node
    stem: str
    headline: str | None
    published: str | None
    publisher: str | None
    url: str | None
    identifier: str | None
    body: str
    entities: dict[Node, Entity] = field(default_factory=dict)
    mentions: list[tuple[Span, Entity]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotations: list[Quotation] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.headline or self.identifier or str(self.iri)


def local_name(iri: Node) -> str:
    text = str(iri)
    if text.startswith(str(PLOVER)):
        text = text[len(str(PLOVER)):]
    return re.split(r"[/#]", text)[-1] or text


def _plover_name(iri: Node, prefix: str) -> str:
    name = local_name(iri)
    return name[len(prefix):] if name.startswith(prefix) else name


def _first(g: Graph, s: Node, p: Node) -> Node | None:
    return min(g.objects(s, p), key=str, default=None)


def _text(g: Graph, s: Node, *props: Node) -> str | None:
    for p in props:
        value = _first(g, s, p)
        if value is not None:
            return str(value)
    return None


def _int(node: Node | None) -> int | None:
    try:
        return int(node.toPython()) if node is not None else None  # type: ignore[union-attr]
    except (TypeError, ValueError):
        return None


def _bool(node: Node | None) -> bool | None:
    if node is None:
        return None
    value = node.toPython() if isinstance(node, Literal) else node
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1")


class _Reader:
    """One article of one graph. A graph holding several articles (a merged Turtle file) is
    read through ``prov:wasDerivedFrom`` and the mention IRIs' ``ARTICLE#char=`` prefix."""

    def __init__(self, g: Graph, article: Node, shared: bool) -> None:
        self.g, self.article, self.shared = g, article, shared
        self.prefix = f"{article}#"
        self._entities: dict[Node, Entity] = {}

    def ours(self, node: Node) -> bool:
        if not self.shared:
            return True
        return (node, PROV.wasDerivedFrom, self.article) in self.g or (self.article, SCHEMA.mentions, node) in self.g

    def entity(self, node: Node) -> Entity:
        if node in self._entities:
            return self._entities[node]
        g = self.g
        types = set(g.objects(node, RDF.type))
        kind = next((t for t in ENTITY_TYPES if NK[t] in types), "Entity")
        label = _text(g, node, RDFS.label, SCHEMA.name) or local_name(node)
        qid = None
        for target in sorted(g.objects(node, OWL.sameAs), key=str):
            if (m := _WIKIDATA_ITEM.match(str(target))) is not None:
                qid = m.group(1)
                break
        confidence = next((c for app in self.appearances(node) if (c := _text(g, app, NK.confidence))), None)
        entity = self._entities[node] = Entity(node, label, kind, qid, confidence)
        return entity

    def appearances(self, node: Node) -> list[Node]:
        """The entity as this article presents it (nk:Appearance): per-article facts such as
        the link's confidence live there, not on the shared entity."""
        return sorted((app for app in self.g.subjects(NK.entity, node)
                       if (app, PROV.wasDerivedFrom, self.article) in self.g), key=str)

    def spans(self, node: Node) -> list[Span]:
        out = []
        for m in self.g.objects(node, GAF.denotedBy):
            if self.shared and not str(m).startswith(self.prefix):
                continue
            begin, end = _int(_first(self.g, m, NIF.beginIndex)), _int(_first(self.g, m, NIF.endIndex))
            if (begin is None or end is None) and (frag := _CHAR_FRAGMENT.search(str(m))) is not None:
                begin, end = int(frag.group(1)), int(frag.group(2))
            if begin is None or end is None or not 0 <= begin < end:
                continue
            out.append(Span(begin, end, _text(self.g, m, NIF.anchorOf)))
        return sorted(out, key=lambda s: (s.begin, s.end))

    def read(self, stem: str) -> ArticlePage:
        g, a = self.g, self.article
        publisher = _first(g, a, SCHEMA.publisher)
        if publisher is not None and not isinstance(publisher, Literal):
            publisher = _text(g, publisher, SCHEMA.name, RDFS.label) or str(publisher)
        page = ArticlePage(
            iri=a, stem=stem, headline=_text(g, a, SCHEMA.headline, SCHEMA.name),
            published=_text(g, a, SCHEMA.datePublished), publisher=str(publisher) if publisher else None,
            url=_text(g, a, SCHEMA.url), identifier=_text(g, a, SCHEMA.identifier),
            body=_text(g, a, SCHEMA.articleBody) or "")

        entity_nodes = {s for t in (*ENTITY_TYPES, "Entity") for s in g.subjects(RDF.type, NK[t])}
        entity_nodes |= set(g.objects(a, SCHEMA.mentions))
        for node in sorted(entity_nodes, key=str):
            if not self.ours(node):
                continue
            entity = self.entity(node)
            page.entities[node] = entity
            for span in self.spans(node):
                if span.end <= len(page.body):
                    page.mentions.append((span, entity))

        for node in sorted(set(g.subjects(RDF.type, NK.Event)), key=str):
            if self.ours(node):
                page.events.append(self.event(node))
        page.events.sort(key=_event_order)

        for node in sorted(set(g.subjects(RDF.type, NK.Quotation)), key=str):
            if not self.ours(node):
                continue
            spans = self.spans(node)
            text = _text(g, node, SCHEMA.text) or (spans[0].anchor if spans else None) or ""
            speaker = _first(g, node, NK.speaker)
            page.quotations.append(Quotation(
                node, text, self.entity(speaker) if speaker is not None else None, _text(g, node, NK.cue),
                _bool(_first(g, node, NK.direct)), spans[0].begin if spans else sys.maxsize))
        page.quotations.sort(key=lambda q: (q.position, str(q.iri)))
        return page

    def event(self, node: Node) -> Event:
        g = self.g
        ents = lambda p: [self.entity(o) for o in sorted(g.objects(node, p), key=str)]  # noqa: E731
        type_iri = _first(g, node, NK.eventType)
        mode = _first(g, node, NK.mode)
        date = _first(g, node, NK.date)
        return Event(
            iri=node, type=local_name(type_iri).upper() if type_iri is not None else "EVENT",
            mode=_plover_name(mode, "mode-") if mode is not None else None,
            actors=ents(NK.actor), recipients=ents(NK.recipient),
            negated=bool(_bool(_first(g, node, NK.negated))),
            markers=sorted(_plover_name(m, "marker-") for m in g.objects(node, NK.marker)),
            contexts=sorted(_plover_name(c, "context-") for c in g.objects(node, NK.context)),
            locations=ents(NK.location), according_to=ents(NK.accordingTo),
            date=date if isinstance(date, Literal) else None, triggers=self.spans(node))


_DATE = re.compile(r"^(?:(-?\d{4,})|-)(?:-(\d{2}))?(?:-(\d{2}))?")


def date_key(value: Literal) -> tuple[int, int, int]:
    """Year, month, day of an ``nk:date`` (xsd:date, gYearMonth, gYear, gMonthDay "--11-21",
    dateTime); what the literal does not say is 0, so a year-less date sorts first."""
    m = _DATE.match(str(value).strip())
    if m is None:
        return (0, 0, 0)
    return tuple(int(x) if x else 0 for x in m.groups())  # type: ignore[return-value]


def _event_order(ev: Event) -> tuple:
    dated = ev.date is not None
    return (0 if dated else 1, date_key(ev.date) if dated else (0, 0, 0), ev.position, ev.type, str(ev.iri))


def page_stem(g: Graph, article: Node) -> str:
    """The page's file name: the article's ID as the export names its Turtle file, else the
    last segment of its IRI."""
    ident = _text(g, article, SCHEMA.identifier)
    if ident and (stem := _STEM_UNSAFE.sub("_", ident).strip("._")[:80]):
        return stem
    return _STEM_UNSAFE.sub("_", str(article).rstrip("/#").rsplit("/", 1)[-1]).strip("._")[:80] or "article"


def articles_in_graphs(graphs: Iterable[Graph], on_note=None) -> list[ArticlePage]:
    """Every ``nk:Article`` of the graphs (the ontology and PLOVER graphs hold none), once each;
    ``on_note`` hears of an article met again (same IRI: same URL or text), which is skipped."""
    pages: list[ArticlePage] = []
    seen: set[Node] = set()
    stems: set[str] = set()
    for g in graphs:
        articles = sorted(set(g.subjects(RDF.type, NK.Article)), key=str)
        for article in articles:
            if article in seen:
                if on_note:
                    on_note(f"{article}: the same article again (same URL or text); the first one is shown")
                continue
            seen.add(article)
            stem = page_stem(g, article)
            if stem in stems:
                stem = f"{stem}-{str(article).rsplit('/', 1)[-1][:10]}"
            stems.add(stem)
            pages.append(_Reader(g, article, shared=len(articles) > 1).read(stem))
    return pages
