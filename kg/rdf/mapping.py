"""Map an ``Extraction`` to an rdflib graph under the contract, with rdflib terms only.

One graph per article, named by the article's IRI. Entity references that do not resolve
are dropped here rather than minted, so the graph never points at nodes it does not describe.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.labels import canonical_name
from kg.model import Entity, Event, Extraction, Quotation, Span
from kg.rdf import vocab
from kg.rdf.iris import IriMinter
from kg.rdf.triples import ArticleTriples, Terms
from kg.rdf.vocab import WD

__all__ = ["RunInfo", "map_extraction", "map_triples", "plover_type", "plover_mode", "safe_iri"]

# the contract's namespaces with each term made once (rdflib makes a new URIRef at every access)
AGENT_ROLE, GAF, NIF, NK, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA, XSD = (
    Terms(ns) for ns in (vocab.AGENT_ROLE, vocab.GAF, vocab.NIF, vocab.NK, vocab.OWL, vocab.PLOVER, vocab.PROV,
                         vocab.RDF, vocab.RDFS, vocab.SCHEMA, vocab.XSD))


@dataclass(frozen=True)
class RunInfo:
    """What produced the graph: recorded as one ``prov:Activity`` per run."""

    software_version: str
    model: str
    base: str

    @property
    def fingerprint(self) -> str:
        return f"{self.software_version}|{self.model}|{self.base}"


def plover_type(name: str) -> URIRef:
    return PLOVER[name.upper()]


def plover_mode(name: str) -> URIRef:
    return PLOVER["mode-" + name.lower().replace("_", "-")]


def plover_context(name: str) -> URIRef:
    return PLOVER["context-" + name.lower().replace("_", "-")]


def plover_marker(name: str) -> URIRef:
    return PLOVER["marker-" + name.lower()]


_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]|\s')  # \s: also U+00A0 and the other Unicode spaces,
# which RFC 3987 allows but rdflib's N-Triples parser refuses
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def safe_iri(url: str) -> URIRef | None:
    """A URL as an IRI every engine loads, or None when it is not absolute or cannot be made
    one. Percent-encodes what IRIs forbid; where Oxigraph's RFC 3987 parser still refuses the
    result ('[' in a query, a second '#', private-use or non-characters), encodes path, query
    and fragment strictly (issue 19, point 3)."""
    url = url.strip()
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return None
    url = _BAD_PERCENT.sub("%25", url)  # a '%' that starts no escape is a literal percent sign
    if _IRI_UNSAFE.search(url):
        url = quote(url, safe="".join(chr(c) for c in range(0x21, 0x7F) if not _IRI_UNSAFE.match(chr(c))) + "%")
    if _oxigraph_accepts(url):
        return URIRef(url)
    strict = _strictly_encoded(url)
    return URIRef(strict) if strict is not None and _oxigraph_accepts(strict) else None


_PATH_SAFE = "/%!$&'()*+,;=:@-._~"


def _strictly_encoded(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:  # an authority urllib cannot split ('http://[x/')
        return None
    return urlunsplit((parts.scheme, parts.netloc, quote(parts.path, safe=_PATH_SAFE),
                       quote(parts.query, safe=_PATH_SAFE + "?"), quote(parts.fragment, safe=_PATH_SAFE + "?")))


def _oxigraph_accepts(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


class _Mapper:
    def __init__(self, extraction: Extraction, minter: IriMinter, run: RunInfo) -> None:
        self.x = extraction
        self.doc = extraction.document
        self.minter = minter
        self.run = run
        self.article = minter.article(self.doc)
        self.g = ArticleTriples(self.article)
        self.entity_iris: dict[str, URIRef] = {}
        self.sentence_ends = [s.end for s in extraction.sentences]
        self.sentence_iris: dict[Span, URIRef] = {}

    def add(self, s: Node, p: URIRef, o: Node) -> None:
        self.g.add((s, p, o))

    def build(self) -> ArticleTriples:
        self.map_article()
        for entity in self.x.entities.values():
            self.map_entity(entity)
        for event in self.x.events:
            self.map_event(event)
        for quotation in self.x.quotations:
            self.map_quotation(quotation)
        return self.g

    def map_article(self) -> None:
        a, doc = self.article, self.doc
        self.add(a, RDF.type, NK.Article)
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        if doc.title:
            self.add(a, SCHEMA.headline, Literal(doc.title))
        if doc.published is not None:
            dtype = XSD.dateTime if isinstance(doc.published, datetime) else XSD.date
            self.add(a, SCHEMA.datePublished, Literal(doc.published.isoformat(), datatype=dtype))
        if doc.url and (url := safe_iri(doc.url)) is not None:
            self.add(a, SCHEMA.url, url)
        if doc.id:
            self.add(a, SCHEMA.identifier, Literal(doc.id))
        if doc.publisher:
            pub = self.minter.publisher(doc.publisher)
            self.add(a, SCHEMA.publisher, pub)
            self.add(pub, RDF.type, SCHEMA.Organization)
            self.add(pub, SCHEMA.name, Literal(canonical_name(doc.publisher)))
        self.add(a, SCHEMA.inLanguage, Literal(doc.language))
        self.add(a, SCHEMA.articleBody, Literal(doc.text))
        self.map_activity()

    def map_activity(self) -> None:
        act = self.minter.activity(self.run.fingerprint)
        self.add(self.article, PROV.wasGeneratedBy, act)
        self.add(act, RDF.type, PROV.Activity)
        self.add(act, RDFS.label, Literal("newskg export"))
        self.add(act, NK.softwareVersion, Literal(self.run.software_version))
        self.add(act, NK.nlpModel, Literal(self.run.model))

    def mention(self, span: Span) -> URIRef:
        m = self.offsets(span)
        for sentence in self.sentences_of(span):
            self.add(m, NIF.sentence, sentence)
        return m

    def offsets(self, span: Span, kind: URIRef | None = None) -> URIRef:
        """A span of the text (RFC 5147 IRI, 0-based character offsets into the article body)."""
        m = self.minter.mention(self.article, span)
        self.add(m, RDF.type, NIF.OffsetBasedString)
        if kind is not None:
            self.add(m, RDF.type, kind)
        self.add(m, NIF.beginIndex, _offset(span.begin))
        self.add(m, NIF.endIndex, _offset(span.end))
        self.add(m, NIF.anchorOf, Literal(self.doc.text[span.begin:span.end]))
        return m

    def sentences_of(self, span: Span) -> list[URIRef]:
        """The sentences a span lies in (a quotation may run over several)."""
        sentences = self.x.sentences
        first = bisect_right(self.sentence_ends, span.begin)  # the first sentence ending after the span begins
        found = []
        for sentence in sentences[first:]:
            if sentence.begin >= span.end:
                break
            if (iri := self.sentence_iris.get(sentence)) is None:  # mapped once, however many mentions it holds
                iri = self.sentence_iris[sentence] = self.offsets(sentence, NIF.Sentence)
            found.append(iri)
        return found

    def extracted(self, node: URIRef, mentions: list[Span]) -> None:
        self.add(node, PROV.wasDerivedFrom, self.article)
        for span in mentions:
            self.add(node, GAF.denotedBy, self.mention(span))

    def map_entity(self, e: Entity) -> None:
        node = (self.minter.article_entity(self.article, e.type, e.label) if e.agent
                else self.minter.entity(e.type, e.label, e.qid))
        self.entity_iris[e.key] = node
        self.add(self.article, SCHEMA.mentions, node)
        self.add(node, RDF.type, NK[e.type])
        self.add(node, RDF.type, NK.Entity)
        # what is true of the thing: the item's label when linked, else the name's canonical form
        self.add(node, RDFS.label, Literal(e.label if e.qid else canonical_name(e.label)))
        if e.agent:
            self.add(node, NK.agentRole, AGENT_ROLE[e.agent])
        if e.qid:
            self.add(node, OWL.sameAs, WD[e.qid])
        self.extracted(node, e.mentions)
        self.map_appearance(e, node)

    def map_appearance(self, e: Entity, node: URIRef) -> None:
        """What this article says of the entity, apart from the shared IRI so unions stay consistent."""
        app = self.minter.appearance(self.article, node)
        self.add(app, RDF.type, NK.Appearance)
        self.add(app, NK.entity, node)
        self.add(app, PROV.wasDerivedFrom, self.article)
        self.add(app, NK.articleLabel, Literal(e.surface or e.label))
        for role in sorted(set(e.roles)):
            self.add(app, NK.role, Literal(role))
        if e.qid and e.confidence is not None:
            self.add(app, NK.confidence, Literal(Decimal(f"{e.confidence:.3f}").normalize(), datatype=XSD.decimal))

    def ref(self, key: str | None) -> URIRef | None:
        return self.entity_iris.get(key) if key else None

    def map_event(self, ev: Event) -> None:
        actors = [iri for k in ev.actors if (iri := self.ref(k)) is not None]
        if not actors or not ev.mentions:
            return  # the contract wants an actor; an event without one is not invented
        node = self.minter.event(self.article, ev.type, min(ev.mentions))
        self.add(node, RDF.type, NK.Event)
        self.add(node, NK.eventType, plover_type(ev.type))
        self.add(node, RDFS.label, Literal(self.event_label(ev)))
        self.add(node, NK.trigger, self.mention(ev.mentions[0]))
        if ev.mode:
            self.add(node, NK.mode, plover_mode(ev.mode))
        if ev.context:
            self.add(node, NK.context, plover_context(ev.context))
        for marker in ev.markers:
            self.add(node, NK.marker, plover_marker(marker))
        for iri in actors:
            self.add(node, NK.actor, iri)
        for k in ev.recipients:
            if (iri := self.ref(k)) is not None and iri not in actors:
                self.add(node, NK.recipient, iri)
        if (loc := self.ref(ev.location)) is not None and self.x.entities[ev.location].type == "Location":
            self.add(node, NK.location, loc)
        if ev.date:
            value, dtype = ev.date
            self.add(node, NK.date, Literal(value, datatype=XSD[dtype]))
        self.add(node, NK.negated, Literal(ev.negated))
        if (src := self.ref(ev.according_to)) is not None:
            self.add(node, NK.accordingTo, src)
        self.extracted(node, ev.mentions)

    def event_label(self, ev: Event) -> str:
        names = lambda keys: ", ".join(self.x.entities[k].label for k in keys if k in self.x.entities)  # noqa: E731
        label = f"{ev.type}: {names(ev.actors)}"
        if ev.recipients:
            label += f" -> {names(ev.recipients)}"
        return label

    def map_quotation(self, q: Quotation) -> None:
        node = self.minter.quotation(self.article, q.span)
        self.add(node, RDF.type, NK.Quotation)
        self.add(node, SCHEMA.text, Literal(q.text))
        self.add(node, NK.direct, Literal(q.direct))
        if (speaker := self.ref(q.speaker)) is not None:
            self.add(node, NK.speaker, speaker)
        if q.cue:
            self.add(node, NK.cue, Literal(q.cue))
        self.extracted(node, [q.span])


@lru_cache(maxsize=1 << 16)
def _offset(n: int) -> Literal:
    """A character offset's literal (the same few thousand in every article: made once)."""
    return Literal(n, datatype=XSD.nonNegativeInteger)


def map_triples(extraction: Extraction, minter: IriMinter, run: RunInfo) -> ArticleTriples:
    """The article's named graph as its statements, without rdflib's store (what the exporter
    validates and serialises); ``map_extraction`` gives it as an rdflib ``Graph``."""
    return _Mapper(extraction, minter, run).build()


def map_extraction(extraction: Extraction, minter: IriMinter, run: RunInfo) -> Graph:
    """The article's named graph: its metadata, entities, events and quotations."""
    return map_triples(extraction, minter, run).graph()
