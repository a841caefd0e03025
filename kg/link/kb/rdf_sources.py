"""Wikidata RDF (query-service or dump shape; Turtle, N-Triples, N-Quads, RDF/XML) and SPARQL
endpoints (a CONSTRUCT in the query service's shape) as ``KbItem``s."""
from __future__ import annotations

import email.utils
import io
import re
import time
import urllib.error
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.link.kb.sources import LANGS, QID, open_binary, unique
from kg.link.kb.store import CONTEXT_PROPS, KbError, KbItem

__all__ = ["iter_rdf", "iter_sparql", "construct_query", "rdf_format", "SEED_QIDS", "USER_AGENT", "retry_after_seconds"]

USER_AGENT = "newskg/0.1 (https://w3id.org/newskg; knowledge-base builder)"
CLASS_PROPS = ("P31", "P279")
WD = "http://www.wikidata.org/entity/"
WDT = "http://www.wikidata.org/prop/direct/"
DATA = "https://www.wikidata.org/wiki/Special:EntityData/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABEL_PREDICATES = {RDFS_LABEL, "http://www.w3.org/2004/02/skos/core#prefLabel", "http://schema.org/name"}
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DESCRIPTION = "http://schema.org/description"
SITELINKS = "http://wikiba.se/ontology#sitelinks"
ABOUT = "http://schema.org/about"
# The 12 seed-article items of shared/wikidata/fixture/construct.rq: the default SPARQL pull.
SEED_QIDS = ("Q22686", "Q58132", "Q717", "Q30", "Q1533", "Q61", "Q1706651", "Q109001687",
             "Q11211", "Q48525", "Q8652", "Q812")


def rdf_format(name: str) -> ox.RdfFormat:
    """The parser format for a file name (compression suffix ignored), an extension ("nt")
    or a media type ("text/turtle")."""
    stem = re.sub(r"\.(gz|bz2)$", "", name.lower())
    suffix = Path(stem).suffix.lstrip(".") or stem
    fmt = ox.RdfFormat.from_extension(suffix) or ox.RdfFormat.from_media_type(stem)
    if fmt is None:
        raise KbError("not an RDF format this reader knows (Turtle, N-Triples, N-Quads, RDF/XML)", name)
    return fmt


def iter_rdf(source: str | Path | bytes, fmt: ox.RdfFormat | str | None = None,
             where: str | None = None) -> Iterator[KbItem]:
    """Items described in Wikidata RDF, query-service ("munged") or dump shape.

    Parsed leniently, as Oxigraph advises for Wikidata dumps: they carry language tags that
    are not BCP 47 (``@zh-classical``). Items are yielded once the whole input is read.
    """
    where = where or ("<bytes>" if isinstance(source, bytes) else str(source))
    if fmt is None or isinstance(fmt, str):
        fmt = rdf_format(fmt or where)
    acc = _RdfAccumulator()
    try:
        with _rdf_input(source) as stream:
            for quad in ox.parse(stream, fmt, lenient=True):
                acc.add(quad.subject, quad.predicate.value, quad.object)
    except SyntaxError as exc:
        raise KbError(f"malformed RDF: {exc}", where) from None
    except (OSError, EOFError, ValueError) as exc:
        raise KbError(f"cannot read RDF: {exc}", where) from None
    yield from acc.items()


def _rdf_input(source: str | Path | bytes) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else open_binary(source)


class _RdfAccumulator:
    """Per-QID partial items; sitelink counts found on dump data nodes are joined at the end."""

    def __init__(self) -> None:
        self.by_qid: dict[str, KbItem] = {}
        self.data_about: dict[str, str] = {}  # data:Qx node -> Qx
        self.data_links: dict[str, int] = {}  # data:Qx node -> sitelinks
        self.label_rank: dict[str, int] = {}

    def add(self, subject: Any, pred: str, obj: Any) -> None:
        s = subject.value if isinstance(subject, ox.NamedNode) else ""
        if s.startswith(DATA):
            self._data_node(s, pred, obj)
        elif s.startswith(WD) and QID.fullmatch(qid := s[len(WD):]):
            self._item(qid, pred, obj)

    def _data_node(self, node: str, pred: str, obj: Any) -> None:
        if pred == ABOUT and isinstance(obj, ox.NamedNode) and obj.value.startswith(WD):
            self.data_about[node] = obj.value[len(WD):]
        elif pred == SITELINKS and isinstance(obj, ox.Literal):
            self.data_links[node] = _int(obj.value)

    def _item(self, qid: str, pred: str, obj: Any) -> None:
        if isinstance(obj, ox.Literal):
            self._literal(qid, pred, obj)
        elif pred.startswith(WDT) and isinstance(obj, ox.NamedNode) and obj.value.startswith(WD):
            self._statement(qid, pred[len(WDT):], obj.value[len(WD):])

    def _literal(self, qid: str, pred: str, lit: ox.Literal) -> None:
        rank = _lang_rank(lit.language)
        if pred == SITELINKS:
            self._get(qid).sitelinks = _int(lit.value)
        elif rank is None:
            return
        elif pred in LABEL_PREDICATES:
            self._label(qid, lit.value, rank)
        elif pred == ALT_LABEL:
            item = self._get(qid)
            if lit.value not in item.aliases:
                item.aliases.append(lit.value)
        elif pred == DESCRIPTION and rank == 0:
            self._get(qid).description = lit.value

    def _label(self, qid: str, value: str, rank: int) -> None:
        """Keep the best-language label; a displaced one ("mul") stays findable as an alias."""
        item = self._get(qid)
        if item.label is None or rank < self.label_rank[qid]:
            if item.label is not None and item.label != value:
                item.aliases.append(item.label)
            item.label, self.label_rank[qid] = value, rank
        elif value != item.label and value not in item.aliases:
            item.aliases.append(value)

    def _statement(self, qid: str, prop: str, value: str) -> None:
        if not QID.fullmatch(value):
            return
        item = self._get(qid)
        if prop == "P31":
            _append(item.instance_of, value)
        elif prop == "P279":
            _append(item.subclass_of, value)
        elif prop in CONTEXT_PROPS:
            _append(item.facts.setdefault(prop, []), value)

    def _get(self, qid: str) -> KbItem:
        item = self.by_qid.get(qid)
        if item is None:
            item = self.by_qid[qid] = KbItem(qid)
        return item

    def items(self) -> Iterator[KbItem]:
        for node, count in self.data_links.items():
            qid = self.data_about.get(node) or node[len(DATA):]
            if QID.fullmatch(qid):
                item = self._get(qid)
                item.sitelinks = count if item.sitelinks is None else item.sitelinks
        for item in self.by_qid.values():
            item.aliases = unique(item.aliases, item.label)
        yield from self.by_qid.values()


def _lang_rank(language: str | None) -> int | None:
    """0 for English, 1 for "mul", 2 for an untagged literal; None for other languages."""
    if language in LANGS:
        return LANGS.index(language)
    return len(LANGS) if not language else None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _append(values: list[str], value: str) -> None:
    if value not in values:
        values.append(value)


# ---------------------------------------------------------------- SPARQL

def construct_query(qids: Iterable[str] = SEED_QIDS,
                    props: Iterable[str] = CLASS_PROPS + CONTEXT_PROPS) -> str:
    """fixture/construct.rq's shape for any items, plus one P279 step above their classes so
    coarse types can be derived without the whole class tree."""
    values = " ".join(f"wd:{q}" for q in qids)
    wdts = " ".join(f"wdt:{p}" for p in props)
    return f"""PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
CONSTRUCT {{
  ?item rdfs:label ?l ; skos:altLabel ?a ; schema:description ?d ; wikibase:sitelinks ?n ; ?wdt ?o .
  ?cls wdt:P279 ?sup .
}} WHERE {{
  VALUES ?item {{ {values} }}
  {{ ?item rdfs:label ?l FILTER(LANG(?l) IN ("en", "mul")) }}
  UNION {{ ?item skos:altLabel ?a FILTER(LANG(?a) IN ("en", "mul")) }}
  UNION {{ ?item schema:description ?d FILTER(LANG(?d) = "en") }}
  UNION {{ ?item wikibase:sitelinks ?n }}
  UNION {{ VALUES ?wdt {{ {wdts} }} ?item ?wdt ?o }}
  UNION {{ ?item wdt:P31 ?cls . ?cls wdt:P279 ?sup }}
}}"""


def iter_sparql(endpoint_url: str, query: str | None = None, timeout: float = 60,
                retries: int = 3) -> Iterator[KbItem]:
    """Items from a CONSTRUCT query against a SPARQL endpoint (WDQS or a local mirror).

    WDQS answers 429 with ``Retry-After`` and bans clients that ignore it, so that wait is
    honoured (up to two minutes) before giving up with a ``KbError``.
    """
    body, media_type = _fetch_construct(endpoint_url, query or construct_query(), timeout, retries)
    yield from iter_rdf(body, _response_format(media_type), where=endpoint_url)


def _fetch_construct(endpoint_url: str, query: str, timeout: float, retries: int) -> tuple[bytes, str]:
    from SPARQLWrapper import GET, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint_url, agent=USER_AGENT)
    client.setQuery(query)
    client.setReturnFormat(TURTLE)
    client.setMethod(GET if len(query) < 1800 else POST)  # GET is cacheable; long queries POST
    client.setTimeout(int(timeout))
    for attempt in range(retries + 1):
        try:
            response = client.query().response
            return response.read(), response.headers.get("Content-Type", "text/turtle")
        except urllib.error.HTTPError as exc:
            if exc.code != 429 or attempt == retries:
                raise KbError(f"SPARQL endpoint answered HTTP {exc.code}: {exc.reason}", endpoint_url) from None
            _wait_retry_after(exc, endpoint_url)
        except (SPARQLWrapperException, OSError) as exc:
            raise KbError(f"SPARQL query failed: {str(exc).splitlines()[0]}", endpoint_url) from None
    raise AssertionError("unreachable")


def _wait_retry_after(exc: urllib.error.HTTPError, endpoint_url: str) -> None:
    """Retry-After is seconds or an HTTP date (RFC 9110); one that cannot be read means a long
    wait rather than a risked ban."""
    wait = retry_after_seconds(exc.headers.get("Retry-After"))
    if wait > 120:
        raise KbError(f"SPARQL endpoint rate-limited us; retry after {wait:.0f} s", endpoint_url)
    time.sleep(wait)


def retry_after_seconds(value: str | None, default: float = 5.0) -> float:
    if not value or not value.strip():
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 60.0
    return max(0.0, when.timestamp() - time.time())


def _response_format(media_type: str) -> ox.RdfFormat:
    """Trust the server's Content-Type; fall back to Turtle, which we asked for."""
    return ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) or ox.RdfFormat.TURTLE
