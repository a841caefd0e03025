"""Readers that turn real Wikidata formats into ``KbItem``s for ``KbWriter``.

Each reader streams: memory grows with one JSON line (dumps are 100+ GB), or with the number
of items described (RDF, whose triples about one item may be anywhere in the file). Only
English text is kept ("mul", Wikidata's language-independent label, fills in when an item has
no English label: newer dumps give many people only a "mul" label). Failures surface as
``KbError`` naming the source, so a CLI user learns which input is broken and where.
"""
from __future__ import annotations

import bz2
import gzip
import io
import json
import re
import time
import urllib.error
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.kb.store import CONTEXT_PROPS, KbError, KbItem

__all__ = ["iter_json_dump", "iter_rdf", "iter_sparql", "iter_tsv", "construct_query", "open_text",
           "rdf_format", "SEED_QIDS", "USER_AGENT"]

USER_AGENT = "newskg/0.1 (https://w3id.org/newskg; knowledge-base builder)"
LANGS = ("en", "mul")  # preferred first
CLASS_PROPS = ("P31", "P279")
QID = re.compile(r"Q[1-9][0-9]*")
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


# ---------------------------------------------------------------- compressed files

def open_text(path: str | Path) -> IO[str]:
    """Open plain, .gz or .bz2 as UTF-8 text: dumps are published compressed."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def _open_binary(path: str | Path) -> IO[bytes]:
    """Binary counterpart of ``open_text`` for the RDF parser, which reads bytes."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    return open(path, "rb")


# ---------------------------------------------------------------- JSON dump

def iter_json_dump(path: str | Path) -> Iterator[KbItem]:
    """Items of a Wikidata JSON dump (one entity per line, inside ``[`` ... ``]``), a JSON-lines
    file, a single entity file or a ``wbgetentities`` response; .gz/.bz2 read as streams."""
    where = str(path)
    try:
        with open_text(path) as fh:
            first = fh.readline()
            if _is_pretty_printed(first):
                yield from _items_of(_load_rest(first, fh, where))
                return
            yield from _iter_json_lines(_chain_first(first, fh), where)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise KbError(f"cannot read JSON dump: {exc}", where) from None


def _is_pretty_printed(first: str) -> bool:
    """A whole-file JSON object (an entity or API response) begins with a lone "{" line; a dump
    line holds a complete entity."""
    return first.strip() == "{"


def _load_rest(first: str, fh: IO[str], where: str) -> Any:
    """Parse one pretty-printed document: these are API-sized, never dump-sized."""
    try:
        return json.loads(first + fh.read())
    except ValueError as exc:
        raise KbError(f"malformed JSON: {exc}", where) from None


def _chain_first(first: str, fh: IO[str]) -> Iterator[str]:
    yield first
    yield from fh


def _iter_json_lines(lines: Iterable[str], where: str) -> Iterator[KbItem]:
    """One JSON value per line; the dump's "[", "]" and trailing commas are skipped."""
    for number, line in enumerate(lines, 1):
        text = line.strip().rstrip(",")
        if text in ("", "[", "]"):
            continue
        try:
            doc = json.loads(text)
            yield from _items_of(doc)
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            raise KbError(f"malformed JSON entity on line {number}: {exc}", where) from None


def _items_of(doc: Any) -> Iterator[KbItem]:
    """An entity, a list of them, or the entities of a ``wbgetentities`` response; properties,
    lexemes and "missing" entries are skipped."""
    if isinstance(doc, list):  # a minified array of entities on one line
        for part in doc:
            yield from _items_of(part)
        return
    if not isinstance(doc, dict):
        raise TypeError(f"expected a JSON object, got {type(doc).__name__}")
    entities = doc["entities"].values() if isinstance(doc.get("entities"), dict) else [doc]
    for entity in entities:
        qid = entity.get("id", "")
        if QID.fullmatch(qid) and "missing" not in entity:
            yield _item_from_json(qid, entity)


def _item_from_json(qid: str, entity: dict[str, Any]) -> KbItem:
    labels, aliases = entity.get("labels") or {}, entity.get("aliases") or {}
    label = next((labels[lang]["value"] for lang in LANGS if lang in labels), None)
    names = [a["value"] for lang in LANGS for a in aliases.get(lang, [])]
    names += [labels["mul"]["value"]] if "mul" in labels and label != labels["mul"]["value"] else []
    desc = (entity.get("descriptions") or {}).get("en", {}).get("value")
    claims = entity.get("claims") or {}
    facts = {p: vals for p in CONTEXT_PROPS if (vals := _claim_values(claims.get(p, [])))}
    return KbItem(qid, label, _unique(names, label), desc, len(entity.get("sitelinks") or {}),
                  _claim_values(claims.get("P31", [])), _claim_values(claims.get("P279", [])), facts)


def _claim_values(statements: list[dict[str, Any]]) -> list[str]:
    """Item ids of the statements with a value; deprecated ones are known to be wrong."""
    out: list[str] = []
    for st in statements:
        snak = st.get("mainsnak", {})
        if st.get("rank") == "deprecated" or snak.get("snaktype", "value") != "value":
            continue
        value = snak.get("datavalue", {}).get("value")
        qid = _value_qid(value) if isinstance(value, dict) else None
        if qid and qid not in out:
            out.append(qid)
    return out


def _value_qid(value: dict[str, Any]) -> str | None:
    """Older dumps give only ``numeric-id``; newer ones ``id`` too."""
    if "id" in value:
        return value["id"] if QID.fullmatch(str(value["id"])) else None
    if value.get("entity-type") == "item" and "numeric-id" in value:
        return f"Q{value['numeric-id']}"
    return None


def _unique(names: Iterable[str], label: str | None) -> list[str]:
    seen = {label}
    return [n for n in names if not (n in seen or seen.add(n))]


# ---------------------------------------------------------------- RDF

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
    return io.BytesIO(source) if isinstance(source, bytes) else _open_binary(source)


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
            item.aliases = _unique(item.aliases, item.label)
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
    try:
        wait = float(exc.headers.get("Retry-After", "5"))
    except ValueError:
        wait = 60.0  # an HTTP date: wait long rather than risk a ban
    if wait > 120:
        raise KbError(f"SPARQL endpoint rate-limited us; retry after {wait:.0f} s", endpoint_url)
    time.sleep(wait)


def _response_format(media_type: str) -> ox.RdfFormat:
    """Trust the server's Content-Type; fall back to Turtle, which we asked for."""
    return ox.RdfFormat.from_media_type(media_type.split(";")[0].strip()) or ox.RdfFormat.TURTLE


# ---------------------------------------------------------------- TSV

BENCHMARK_TYPES = {"Person": "Person", "Organization": "Organization", "Geographic Entity": "Location",
                   "Human Population": "Group"}
COARSE = ("Person", "Organization", "Location", "Group", "Other")
HEADER_ALIASES = {"qid": "qid", "id": "qid", "item": "qid", "label": "label", "wikidata_label": "label",
                  "name": "label", "aliases": "aliases", "alias": "aliases", "types": "types", "type": "types",
                  "type_names": "type_names"}


def iter_tsv(path: str | Path) -> Iterator[KbItem]:
    """Rows ``qid, label, aliases, types`` (coarse type names), or the benchmark list's
    ``qid, wikidata_label, type_qids, type_names``. Sitelinks are unknown (None)."""
    where = str(path)
    try:
        with open_text(path) as fh:
            columns: dict[str, int] | None = None
            for number, line in enumerate(fh, 1):
                cells = line.rstrip("\r\n").split("\t")
                if not any(c.strip() for c in cells) or line.startswith("#"):
                    continue
                if columns is None:
                    columns = _tsv_columns(cells, where)
                    if not QID.fullmatch(cells[0].strip()):
                        continue  # that was the header
                yield _tsv_item(cells, columns, where, number)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise KbError(f"cannot read TSV: {exc}", where) from None


def _tsv_columns(first: list[str], where: str) -> dict[str, int]:
    """Named columns from a header row; without one, the plain ``qid label aliases types``."""
    if QID.fullmatch(first[0].strip()):
        return {"qid": 0, "label": 1, "aliases": 2, "types": 3}
    columns = {HEADER_ALIASES[h.strip().lower()]: i for i, h in enumerate(first)
               if h.strip().lower() in HEADER_ALIASES}
    if "qid" not in columns:
        raise KbError(f"no qid column in the header {first!r}", where)
    return columns


def _tsv_item(cells: list[str], columns: dict[str, int], where: str, number: int) -> KbItem:
    def cell(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    qid = cell("qid")
    if not QID.fullmatch(qid):
        raise KbError(f"line {number}: {qid!r} is not a QID", where)
    label = cell("label") or None
    aliases = _unique((a.strip() for a in cell("aliases").split("|") if a.strip()), label)
    if "type_names" in columns:
        type_ = benchmark_type(cell("type_names").split("|"))
    else:
        type_ = _coarse_type(cell("types").split("|")) if "types" in columns else None
    return KbItem(qid, label, aliases, type=type_)


def benchmark_type(names: list[str]) -> str:
    """Coarse type of a benchmark row: the first of its names that maps, except that a row
    that is both a "Geographic Entity" and an "Organization" is a country: Location."""
    names = [n.strip() for n in names]
    if "Geographic Entity" in names and "Organization" in names:
        return "Location"
    return next((BENCHMARK_TYPES[n] for n in names if n in BENCHMARK_TYPES), "Other")


def _coarse_type(names: list[str]) -> str | None:
    """The first coarse type named (case-insensitively); unknown names give "Other"."""
    names = [n.strip() for n in names if n.strip()]
    for name in names:
        match = next((c for c in COARSE if c.lower() == name.lower()), None)
        if match:
            return match
    return "Other" if names else None
