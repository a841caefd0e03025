"""``kg show``: one self-contained HTML page per article, built from its RDF graph alone.

Everything on the page comes from the article's named graph through the contract terms
(``../shared/design/CONTRACT.md``), so it works on any export: the text (``schema:articleBody``)
with the entities' mentions (``gaf:denotedBy`` -> ``nif:beginIndex``/``nif:endIndex``)
highlighted and linked to Wikidata (``owl:sameAs``), a timeline of the events, an inline SVG
graph of who acts on whom, and the quotations with their speakers. A raw article (.txt, .json,
.jsonl, .html) is run through the pipeline first, in-process.

The page loads nothing: no scripts, fonts or stylesheets from anywhere, one inline ``<style>``,
and a Content-Security-Policy that forbids scripts. Every string from the graph is user data
and goes through ``html.escape``; only ``http(s)`` article URLs and Wikidata items become links.
"""
from __future__ import annotations

import html
import math
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click
from rdflib import Graph, Literal
from rdflib.term import Node

from kg.errors import ExitCode, KgError
from kg.vocab import GAF, NIF, NK, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA
from kg.write import atomic_writer, format_for

__all__ = ["show_cmd", "ArticlePage", "articles_in_graphs", "load_articles", "render_page", "ENTITY_TYPES"]

ENTITY_TYPES = ("Person", "Organization", "Location", "Group")
# type -> (background, border): the highlight in the text, the node in the graph, the legend.
COLOURS = {
    "Person": ("#ffd8a8", "#e8590c"),
    "Organization": ("#a5d8ff", "#1971c2"),
    "Location": ("#b2f2bb", "#2f9e44"),
    "Group": ("#e5dbff", "#7048e8"),
    "Entity": ("#e9ecef", "#868e96"),
}
_WIKIDATA_ITEM = re.compile(r"^https?://www\.wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]*)$")
_CHAR_FRAGMENT = re.compile(r"#char=(\d+),(\d+)$")
_STEM_UNSAFE = re.compile(r"[^\w.-]+", flags=re.ASCII)


def esc(value: object) -> str:
    """Text from the graph, safe in element content and in quoted attribute values."""
    return html.escape(str(value), quote=True)


# ---------------------------------------------------------------------------------------------
# Reading the graph


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
        confidence = _text(g, node, NK.confidence)
        entity = self._entities[node] = Entity(node, label, kind, qid, confidence)
        return entity

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


# ---------------------------------------------------------------------------------------------
# Inputs


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
    """The articles of an export, or of raw inputs run through the pipeline (no validation)."""
    if is_export(path):
        from kg.rdf_files import iter_named_graphs

        return articles_in_graphs(iter_named_graphs([path]), on_note)

    from kg.pipeline import Exporter
    from kg.read import read_paths

    def documents() -> Iterator:
        for item in read_paths([path]):
            if isinstance(item, KgError):
                if on_error:
                    on_error(item)
                continue
            yield item

    exporter = Exporter(validate=False, kb=kb, model=model)
    return articles_in_graphs((graph for _x, graph in exporter.graphs(documents())), on_note)


# ---------------------------------------------------------------------------------------------
# Rendering

_CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --paper: #ffffff; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--paper);
  font: 15px/1.55 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; }
header.article-head { padding: 18px 28px 12px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 6px; font-size: 24px; line-height: 1.25; }
.meta { margin: 0; color: var(--muted); font-size: 14px; }
.meta span + span::before { content: " \\00b7  "; }
.meta a { color: #0969da; word-break: break-all; }
.graph-iri { margin: 4px 0 0; color: var(--muted); font-size: 12px; }
.graph-iri code { word-break: break-all; }
main.layout { display: grid; grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr); gap: 28px;
  padding: 16px 28px 28px; max-width: 1400px; }
@media (max-width: 900px) { main.layout { grid-template-columns: 1fr; } }
h2 { font-size: 17px; margin: 14px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 3px; }
h2 .count { color: var(--muted); font-weight: normal; font-size: 14px; }
.article-body { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15.5px; line-height: 1.7; }
.ent { border-radius: 3px; padding: 1px 2px; border-bottom: 2px solid; color: inherit; text-decoration: none; }
a.ent { border-bottom-style: solid; } span.ent { border-bottom-style: dashed; }
a.ent:hover, a.ent:focus { outline: 2px solid #0969da; }
.t-Person { background: #ffd8a8; border-color: #e8590c; }
.t-Organization { background: #a5d8ff; border-color: #1971c2; }
.t-Location { background: #b2f2bb; border-color: #2f9e44; }
.t-Group { background: #e5dbff; border-color: #7048e8; }
.t-Entity { background: #e9ecef; border-color: #868e96; }
.legend { display: flex; flex-wrap: wrap; gap: 8px; margin: 0 0 10px; font-size: 13px; color: var(--muted); }
.legend .ent { color: var(--ink); }
ol.timeline { list-style: none; margin: 0; padding: 0 0 0 14px; border-left: 3px solid var(--line); }
li.event { position: relative; margin: 0 0 10px; padding: 6px 10px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 6px; font-size: 14px; }
li.event::before { content: ""; position: absolute; left: -22px; top: 12px; width: 11px; height: 11px;
  border-radius: 50%; background: #0969da; border: 2px solid #fff; }
li.event.negated::before { background: #cf222e; }
li.event.negated { border-style: dashed; }
.when { float: right; color: var(--muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.etype { font-weight: bold; letter-spacing: .03em; color: #0550ae; }
.badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 10px; margin-left: 4px;
  background: #ddf4ff; color: #0a3069; border: 1px solid #b6e3ff; }
.badge.neg { background: #ffebe9; color: #a40e26; border-color: #ffcecb; font-weight: bold; }
.badge.marker { background: #fff8c5; color: #6a5000; border-color: #eac54f; }
.who, .src, .trigger { margin-top: 2px; }
.src, .trigger, .none { color: var(--muted); font-size: 13px; }
.arrow { color: var(--muted); padding: 0 4px; }
.trigger q { color: var(--ink); font-style: italic; }
.graph-box { border: 1px solid var(--line); border-radius: 6px; background: #fff; }
svg.actor-graph { display: block; width: 100%; height: auto; }
svg.actor-graph .edge path { fill: none; stroke: #6e7781; stroke-width: 1.6; }
svg.actor-graph .edge polygon { fill: #6e7781; }
svg.actor-graph .edge text { font-size: 11px; fill: #0550ae; font-weight: bold;
  paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg.actor-graph .node text { font-size: 12.5px; fill: #1f2328; paint-order: stroke; stroke: #fff;
  stroke-width: 4px; stroke-linejoin: round; }
svg.actor-graph .node text.solo { font-size: 10.5px; fill: #59636e; font-style: italic; }
ol.quotes { list-style: none; margin: 0; padding: 0; }
li.quote { margin: 0 0 10px; }
li.quote blockquote { margin: 0; padding: 6px 12px; border-left: 4px solid #8c959f; background: var(--panel);
  font-style: italic; overflow-wrap: anywhere; }
li.quote .said { margin: 3px 0 0 16px; font-size: 13px; color: var(--muted); }
table.entities { border-collapse: collapse; width: 100%; font-size: 13px; }
table.entities th, table.entities td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); }
footer { padding: 10px 28px 24px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
"""


def _entity_html(entity: Entity, text: str | None = None) -> str:
    """An entity as a highlighted chip: a link to its Wikidata item when linked."""
    inner = esc(entity.label if text is None else text)
    attrs = f'class="ent t-{esc(entity.type)}" data-type="{esc(entity.type)}" title="{esc(entity.tooltip)}"'
    if entity.wikidata_url:
        return f'<a {attrs} href="{esc(entity.wikidata_url)}" rel="noopener noreferrer">{inner}</a>'
    return f"<span {attrs}>{inner}</span>"


def _entities_html(entities: list[Entity]) -> str:
    return ", ".join(_entity_html(e) for e in entities) if entities else '<span class="none">(none)</span>'


def _body_html(page: ArticlePage) -> str:
    """The article text with the entity mentions marked; overlapping mentions keep the first
    (then the longest) one."""
    body = page.body
    out, at = [], 0
    for span, entity in sorted(page.mentions, key=lambda m: (m[0].begin, -m[0].end, m[1].label)):
        if span.begin < at or span.end > len(body):
            continue
        out.append(esc(body[at:span.begin]))
        out.append(_entity_html(entity, body[span.begin:span.end]))
        at = span.end
    out.append(esc(body[at:]))
    return "".join(out)


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def _header_html(page: ArticlePage) -> str:
    meta = []
    if page.published:
        meta.append(f'<span class="published">{esc(page.published)}</span>')
    if page.publisher:
        meta.append(f'<span class="publisher">{esc(page.publisher)}</span>')
    if page.url:
        link = _safe_url(page.url)
        meta.append(f'<span class="url"><a href="{esc(link)}" rel="noopener noreferrer">{esc(page.url)}</a></span>'
                    if link else f'<span class="url">{esc(page.url)}</span>')
    if page.identifier:
        meta.append(f'<span class="identifier">ID {esc(page.identifier)}</span>')
    return (f'<header class="article-head"><h1>{esc(page.title)}</h1>'
            f'<p class="meta">{"".join(meta) or "no date, publisher or URL"}</p>'
            f'<p class="graph-iri">named graph <code>{esc(page.iri)}</code></p></header>')


def _date_text(value: Literal) -> str:
    """gMonthDay "--11-21" reads as "11-21, no year"; other dates as written."""
    text = str(value)
    return f"{text[2:]}, no year" if text.startswith("--") else text


def _event_html(ev: Event, body: str) -> str:
    classes = "event negated" if ev.negated else "event"
    when = (f'<span class="when" title="{esc(ev.date)} ({esc(local_name(ev.date.datatype or ""))})">'
            f"{esc(_date_text(ev.date))}</span>" if ev.date is not None
            else '<span class="when undated">undated</span>')
    what = [f'<span class="etype">{esc(ev.type)}</span>']
    if ev.mode:
        what.append(f'<span class="badge mode">mode: {esc(ev.mode)}</span>')
    if ev.negated:
        what.append('<span class="badge neg">negated: did not happen</span>')
    what += [f'<span class="badge marker">{esc(m)}</span>' for m in ev.markers]
    what += [f'<span class="badge context">context: {esc(c)}</span>' for c in ev.contexts]
    parts = [when, f'<div class="what">{" ".join(what)}</div>',
             f'<div class="who">{_entities_html(ev.actors)}']
    if ev.recipients:
        parts[-1] += f'<span class="arrow">\u2192</span>{_entities_html(ev.recipients)}'
    parts[-1] += "</div>"
    extra = []
    if ev.locations:
        extra.append(f"in {_entities_html(ev.locations)}")
    if ev.according_to:
        extra.append(f"according to {_entities_html(ev.according_to)}")
    if extra:
        parts.append(f'<div class="src">{"; ".join(extra)}</div>')
    if ev.triggers:
        words = ", ".join(
            f'<q>{esc(body[t.begin:t.end] if t.end <= len(body) else (t.anchor or ""))}</q> '
            f'<span class="offsets">[{t.begin}\u2013{t.end}]</span>' for t in ev.triggers)
        parts.append(f'<div class="trigger">trigger: {words}</div>')
    return (f'<li class="{classes}" data-event-type="{esc(ev.type)}" data-negated="{str(ev.negated).lower()}">'
            + "".join(parts) + "</li>")


def _timeline_html(page: ArticlePage) -> str:
    if not page.events:
        return '<p class="none">No events.</p>'
    return '<ol class="timeline">' + "".join(_event_html(e, page.body) for e in page.events) + "</ol>"


def _quotes_html(page: ArticlePage) -> str:
    if not page.quotations:
        return '<p class="none">No quotations.</p>'
    items = []
    for q in page.quotations:
        said = [_entity_html(q.speaker) if q.speaker else '<span class="none">unknown speaker</span>']
        if q.cue:
            said.append(f"({esc(q.cue)})")
        if q.direct is not None:
            said.append("direct quote" if q.direct else "reported speech")
        items.append(f'<li class="quote"><blockquote>{esc(q.text)}</blockquote>'
                     f'<p class="said">\u2014 {" ".join(said)}</p></li>')
    return '<ol class="quotes">' + "".join(items) + "</ol>"


def _entities_table(page: ArticlePage) -> str:
    if not page.entities:
        return '<p class="none">No entities.</p>'
    counts: dict[Node, int] = {}
    for _span, e in page.mentions:
        counts[e.iri] = counts.get(e.iri, 0) + 1
    rows = []
    for e in sorted(page.entities.values(), key=lambda e: (ENTITY_TYPES.index(e.type) if e.type in ENTITY_TYPES
                                                           else len(ENTITY_TYPES), e.label.lower())):
        wd = (f'<a href="{esc(e.wikidata_url)}" rel="noopener noreferrer">{esc(e.qid)}</a>' if e.wikidata_url
              else '<span class="none">not linked</span>')
        rows.append(f"<tr><td>{_entity_html(e)}</td><td>{esc(e.type)}</td><td>{counts.get(e.iri, 0)}</td>"
                    f"<td>{wd}</td></tr>")
    return ('<table class="entities"><thead><tr><th>entity</th><th>type</th><th>mentions</th><th>Wikidata</th>'
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _circle_order(nodes: list[Entity], pairs: dict[tuple[Node, Node], list[str]]) -> list[Entity]:
    """Neighbours next to each other on the circle: each connected group depth-first from its
    least connected node (a chain of arrows goes round the circle without crossings), the
    biggest group first, nodes without arrows last."""
    links: dict[Node, set[Node]] = {e.iri: set() for e in nodes}
    for a, b in pairs:
        links[a].add(b)
        links[b].add(a)
    rank = {e.iri: i for i, e in enumerate(nodes)}
    groups: list[list[Node]] = []
    seen: set[Node] = set()
    for start in sorted(nodes, key=lambda e: (not links[e.iri], len(links[e.iri]), rank[e.iri])):
        if start.iri in seen:
            continue
        group, stack = [], [start.iri]
        while stack:
            here = stack.pop()
            if here in seen:
                continue
            seen.add(here)
            group.append(here)
            stack.extend(sorted(links[here] - seen, key=lambda n: (len(links[n]), rank[n]), reverse=True))
        groups.append(group)
    groups.sort(key=lambda g: (len(g) == 1, -len(g)))
    by_iri = {e.iri: e for e in nodes}
    return [by_iri[n] for g in groups for n in g]


def graph_svg(page: ArticlePage, width: int = 600, height: int = 440) -> str:
    """Actors and recipients on a circle, one curved arrow per actor -> recipient pair labelled
    with the types of the events between them (negated ones as "not TYPE"), one type a line.
    Pure SVG; labels are moved outward along their arrow's normal until they overlap nothing."""
    nodes: list[Entity] = []
    pairs: dict[tuple[Node, Node], list[str]] = {}
    solo: dict[Node, list[str]] = {}
    for ev in page.events:
        label = f"not {ev.type}" if ev.negated else ev.type
        for e in (*ev.actors, *ev.recipients):
            if all(n.iri != e.iri for n in nodes):
                nodes.append(e)
        for a in ev.actors:
            if not ev.recipients:
                solo.setdefault(a.iri, []).append(label)
            for r in ev.recipients:
                if a.iri != r.iri:
                    types = pairs.setdefault((a.iri, r.iri), [])
                    if label not in types:
                        types.append(label)
    head = (f'<svg class="actor-graph" viewBox="0 0 {width} {height}" role="img" '
            f'aria-label="Actors and recipients of the events">')
    if not nodes:
        return (head + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#59636e">'
                "no actors</text></svg>")
    nodes = _circle_order(nodes, pairs)
    cx, cy, radius, r = width / 2, height / 2, min(width, height) / 2 - 80, 15
    by_iri = {e.iri: e for e in nodes}
    pos: dict[Node, tuple[float, float, float, float]] = {}  # x, y, cos, sin of the node's angle
    for i, e in enumerate(nodes):
        angle = -math.pi / 2 + 2 * math.pi * i / len(nodes)
        if len(nodes) == 1:
            pos[e.iri] = (cx, cy, 0.0, 1.0)
        else:
            c, s = math.cos(angle), math.sin(angle)
            pos[e.iri] = (cx + radius * c, cy + radius * s, c, s)

    boxes: list[tuple[float, float, float, float]] = []  # what labels must not cover: x0, y0, x1, y1

    def box(x: float, top: float, w: float, h: float, anchor: str) -> tuple[float, float, float, float]:
        x0 = x if anchor == "start" else (x - w if anchor == "end" else x - w / 2)
        return (x0, top, x0 + w, top + h)

    def inside(x: float, w: float, anchor: str) -> float:
        """``x`` moved so a label of width ``w`` stays within the picture."""
        x0 = x if anchor == "start" else (x - w if anchor == "end" else x - w / 2)
        return x + max(0.0, 4 - x0) - max(0.0, x0 + w - (width - 4))

    def free(b: tuple[float, float, float, float]) -> bool:
        return all(b[2] + 2 < o[0] or o[2] + 2 < b[0] or b[3] + 1 < o[1] or o[3] + 1 < b[1] for o in boxes)

    node_parts = []
    for e in nodes:
        x, y, c, s = pos[e.iri]
        boxes.append((x - r - 2, y - r - 2, x + r + 2, y + r + 2))
        fill, stroke = COLOURS.get(e.type, COLOURS["Entity"])
        lx, ly = x + c * (r + 8), y + s * (r + 8) + (4 if abs(s) < 0.5 else (12 if s > 0 else -4))
        anchor = "start" if c > 0.35 else ("end" if c < -0.35 else "middle")
        room = {"start": width - 4 - lx, "end": lx - 4}.get(anchor, 2 * min(lx - 4, width - 4 - lx))
        name = _short(e.label, max(8, min(26, int(room / 7.2))))  # the full name is in the tooltip
        lx = inside(lx, len(name) * 7.2, anchor)
        boxes.append(box(lx, ly - 11, len(name) * 7.2, 14, anchor))
        own = solo.get(e.iri, [])
        tip = e.tooltip + (f"; without recipient: {', '.join(own)}" if own else "")
        part = (f'<g class="node" data-type="{esc(e.type)}"><title>{esc(tip)}</title>'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="{stroke}" stroke-width="2"/>'
                f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{esc(name)}</text>')
        if own:
            counted = _short(", ".join(f"{t} \u00d7{own.count(t)}" if own.count(t) > 1 else t
                                       for t in dict.fromkeys(own)), 34)
            sy, sx = ly + (14 if s >= -0.5 else -14), inside(lx, len(counted) * 6.2, anchor)
            boxes.append(box(sx, sy - 10, len(counted) * 6.2, 13, anchor))
            part += f'<text class="solo" x="{sx:.1f}" y="{sy:.1f}" text-anchor="{anchor}">{esc(counted)}</text>'
        node_parts.append(part + "</g>")

    def toward(px: float, py: float, tx: float, ty: float, d: float) -> tuple[float, float]:
        n = math.hypot(tx - px, ty - py) or 1.0
        return px + (tx - px) / n * d, py + (ty - py) / n * d

    edge_parts = []
    for (a, b), types in pairs.items():
        (x1, y1, _, _), (x2, y2, _, _) = pos[a], pos[b]
        dist = math.hypot(x2 - x1, y2 - y1) or 1.0
        nx, ny = -(y2 - y1) / dist, (x2 - x1) / dist  # the normal: A->B and B->A bend to opposite sides
        qx, qy = (x1 + x2) / 2 + nx * dist * 0.2, (y1 + y2) / 2 + ny * dist * 0.2
        sx, sy = toward(x1, y1, qx, qy, r + 2)
        ex, ey = toward(x2, y2, qx, qy, r + 3)
        ux, uy = toward(0, 0, ex - qx, ey - qy, 1)
        tip = (f"{ex:.1f},{ey:.1f} {ex - ux * 10 - uy * 5:.1f},{ey - uy * 10 + ux * 5:.1f} "
               f"{ex - ux * 10 + uy * 5:.1f},{ey - uy * 10 - ux * 5:.1f}")
        lines = types if len(types) <= 4 else [*types[:3], f"+{len(types) - 3} more"]
        lines = [_short(t, 24) for t in lines]
        w, h = max(len(t) for t in lines) * 7.4, 13 * len(lines)
        anchor = "start" if nx > 0.4 else ("end" if nx < -0.4 else "middle")
        mx, my = 0.25 * sx + 0.5 * qx + 0.25 * ex, 0.25 * sy + 0.5 * qy + 0.25 * ey
        for step in range(16):  # outward along the normal, then inward, until the label is free
            off = 6 + 5 * step if step < 10 else -5 * (step - 9)
            lx, top = inside(mx + nx * off, w, anchor), my + ny * off - h / 2
            if free(placed := box(lx, top, w, h, anchor)):
                break
        else:
            lx, top = inside(mx + nx * 6, w, anchor), my + ny * 6 - h / 2
            placed = box(lx, top, w, h, anchor)
        boxes.append(placed)
        spans = "".join(f'<tspan x="{lx:.1f}" y="{top + 10 + 13 * i:.1f}">{esc(t)}</tspan>'
                        for i, t in enumerate(lines))
        edge_parts.append(
            f'<g class="edge" data-event-types="{esc(" ".join(t.replace(" ", "-") for t in types))}">'
            f"<title>{esc(by_iri[a].label)} \u2192 {esc(by_iri[b].label)}: {esc(', '.join(types))}</title>"
            f'<path d="M{sx:.1f},{sy:.1f} Q{qx:.1f},{qy:.1f} {ex:.1f},{ey:.1f}"/>'
            f'<polygon points="{tip}"/><text text-anchor="{anchor}">{spans}</text></g>')
    return "".join([head, "<title>Actors and recipients</title>", *edge_parts, *node_parts, "</svg>"])


def _legend_html() -> str:
    return '<div class="legend">' + "".join(
        f'<span class="ent t-{t}">{t}</span>' for t in ENTITY_TYPES) + (
        "<span>solid underline: linked to Wikidata (click); dashed: not linked</span></div>")


def render_page(page: ArticlePage) -> str:
    """The whole HTML page of one article: one file, nothing loaded from anywhere."""
    n_linked = sum(1 for e in page.entities.values() if e.qid)
    return "".join([
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="newskg kg show">',
        f"<title>{esc(page.title)}</title><style>{_CSS}</style></head><body>",
        _header_html(page),
        '<main class="layout"><section class="text-col">',
        f'<h2>Article <span class="count">{len(page.entities)} entities, {n_linked} linked to Wikidata, '
        f"{len(page.mentions)} mentions</span></h2>",
        _legend_html(),
        f'<div class="article-body">{_body_html(page)}</div>',
        f'<h2>Quotations <span class="count">{len(page.quotations)}</span></h2>',
        _quotes_html(page),
        '</section><section class="side-col">',
        '<h2>Who acts on whom</h2><div class="graph-box">', graph_svg(page), "</div>",
        f'<h2>Timeline <span class="count">{len(page.events)} events, dated first</span></h2>',
        _timeline_html(page),
        f'<h2>Entities <span class="count">{len(page.entities)}</span></h2>',
        _entities_table(page),
        "</section></main>",
        "<footer>Built by <code>kg show</code> from the article&#39;s named graph (schema:, nk:, plover:, "
        "nif:, gaf: terms); event types are PLOVER concepts.</footer>",
        "</body></html>\n",
    ])


# ---------------------------------------------------------------------------------------------
# The command


def _choices(pages: list[ArticlePage]) -> str:
    return "\n".join(f"  {p.stem}\t{p.iri}\t{p.headline or ''}" for p in pages)


def _select(pages: list[ArticlePage], wanted: str) -> ArticlePage | None:
    for p in pages:
        if wanted in (str(p.iri), p.stem, p.identifier, str(p.iri).rsplit("/", 1)[-1]):
            return p
    return None


def _readable(path: Path) -> None:
    """Pages are for reading: the umask's permissions, not the temporary file's 0600."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(int(ExitCode.ERROR))


@click.command("show")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default=None,
              help="Page to write (.html), or a folder for one page per article; default: stdout.")
@click.option("--article", "wanted", default=None, metavar="IRI_OR_ID",
              help="The article to show when INPUT holds several (IRI, ID or page name).")
@click.option("--kb", type=click.Path(dir_okay=False), default=None,
              help="Raw articles only: link entities to Wikidata with this knowledge base.")
@click.option("--model", default=None, help="Raw articles only: the spaCy model.")
def show_cmd(input_path: str, output: str | None, wanted: str | None, kb: str | None, model: str | None) -> None:
    """Write a self-contained HTML page per article: highlighted text, event timeline, actor
    graph (inline SVG) and quotations, all read from the RDF graph.

    INPUT is an export (folder, .trig, .ttl) or raw articles (.txt, .json, .jsonl, .html),
    which are run through the pipeline first (not validated)."""
    errors: list[KgError] = []

    def on_error(exc: KgError) -> None:
        errors.append(exc)
        click.echo(f"error: {exc}", err=True)

    try:
        pages = load_articles(input_path, kb=kb, model=model, on_error=on_error,
                              on_note=lambda note: click.echo(f"note: {note}", err=True))
    except KgError as exc:
        _fail(str(exc))
    if not pages:
        _fail(f"no articles in {input_path}")

    if wanted is not None:
        page = _select(pages, wanted)
        if page is None:
            _fail(f"no article {wanted!r} in {input_path}; the articles are:\n{_choices(pages)}")
        pages = [page]

    to_folder = output not in (None, "-") and (
        Path(output).is_dir() or output.endswith(("/", "\\"))
        or Path(output).suffix.lower() not in (".html", ".htm", ".xhtml"))
    if not to_folder and len(pages) > 1:
        _fail(f"{input_path} holds {len(pages)} articles; pick one with --article or give -o a folder. "
              f"The articles are:\n{_choices(pages)}")

    if output in (None, "-"):
        click.echo(render_page(pages[0]), nl=False)
    else:
        for page in pages:
            path = Path(output) / f"{page.stem}.html" if to_folder else Path(output)
            with atomic_writer(path) as fh:
                fh.write(render_page(page))
            _readable(path)
            click.echo(f"{path}: {len(page.events)} events, {len(page.quotations)} quotations, "
                       f"{len(page.entities)} entities", err=True)
    if errors:
        sys.exit(int(ExitCode.ERROR))
