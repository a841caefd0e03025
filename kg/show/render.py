"""The HTML of an article's page: header, the text with its mentions highlighted and linked to
Wikidata, the quotations, the actor graph, the timeline of events and the entity table.

The page loads nothing: no scripts, fonts or stylesheets from anywhere, one inline ``<style>``,
and a Content-Security-Policy that forbids scripts. Every string from the graph is user data
and goes through ``esc``; only ``http(s)`` article URLs and Wikidata items become links.
"""
from __future__ import annotations

import functools
import re
from importlib.resources import files
from string import Template
from urllib.parse import urlsplit

from rdflib import Literal
from rdflib.term import Node

from kg.show.escape import esc
from kg.show.svg import graph_svg
from kg.show.view import ENTITY_TYPES, ArticlePage, Entity, Event, local_name

__all__ = ["render_page"]


@functools.cache
def _package_file(name: str) -> str:
    """A data file of this package, read once since it is the same for every page, and through
    ``importlib.resources`` so it is found however the package is installed."""
    return files("kg.show").joinpath(name).read_text(encoding="utf-8")


@functools.cache
def _skeleton() -> Template:
    """page.html ready to fill in. A line break followed by indentation is there for whoever edits
    the file and goes, so the page breaks lines only where the file starts an unindented one
    (after the doctype, before the stylesheet), as pages always have."""
    return Template(re.sub(r"\n[ \t]+", "", _package_file("page.html")))


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


def _legend_html() -> str:
    return '<div class="legend">' + "".join(
        f'<span class="ent t-{t}">{t}</span>' for t in ENTITY_TYPES) + (
        "<span>solid underline: linked to Wikidata (click); dashed: not linked</span></div>")


def render_page(page: ArticlePage) -> str:
    """The whole HTML page of one article: one file, nothing loaded from anywhere."""
    n_linked = sum(1 for e in page.entities.values() if e.qid)
    return _skeleton().substitute(
        title=esc(page.title), stylesheet=_package_file("page.css"), header=_header_html(page),
        entities=len(page.entities), linked=n_linked, mentions=len(page.mentions), legend=_legend_html(),
        body=_body_html(page), quotations=len(page.quotations), quotes=_quotes_html(page),
        graph=graph_svg(page), events=len(page.events), timeline=_timeline_html(page),
        entity_table=_entities_table(page))
