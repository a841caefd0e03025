"""Readers that turn real Wikidata formats into ``KbItem``s for ``KbWriter``: the JSON dump here,
RDF and SPARQL in ``rdf_sources``, TSV lists in ``tsv_source``; what they share is here too.

Each reader streams: memory grows with one JSON line (dumps are 100+ GB), or with the number
of items described (RDF, whose triples about one item may be anywhere in the file). Only
English text is kept ("mul", Wikidata's language-independent label, fills in when an item has
no English label: newer dumps give many people only a "mul" label). Failures surface as
``KbError`` naming the source, so a CLI user learns which input is broken and where.
"""
from __future__ import annotations

import bz2
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from kg.link.kb.store import CONTEXT_PROPS, KbError, KbItem

__all__ = ["iter_json_dump", "item_from_json", "claim_values", "open_text", "open_binary", "unique", "LANGS", "QID"]

LANGS = ("en", "mul")  # preferred first
QID = re.compile(r"Q[1-9][0-9]*")


# ---------------------------------------------------------------- compressed files

def open_text(path: str | Path) -> IO[str]:
    """Open plain, .gz or .bz2 as UTF-8 text: dumps are published compressed."""
    name = str(path).lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    if name.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def open_binary(path: str | Path) -> IO[bytes]:
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
            yield item_from_json(qid, entity)


def item_from_json(qid: str, entity: dict[str, Any]) -> KbItem:
    """The parts of one dump entity the base keeps (shared with the preset build, which reads raw entities)."""
    labels, aliases = entity.get("labels") or {}, entity.get("aliases") or {}
    label = next((labels[lang]["value"] for lang in LANGS if lang in labels), None)
    names = [a["value"] for lang in LANGS for a in aliases.get(lang, [])]
    names += [labels["mul"]["value"]] if "mul" in labels and label != labels["mul"]["value"] else []
    desc = (entity.get("descriptions") or {}).get("en", {}).get("value")
    claims = entity.get("claims") or {}
    facts = {p: vals for p in CONTEXT_PROPS if (vals := claim_values(claims.get(p, [])))}
    return KbItem(qid, label, unique(names, label), desc, len(entity.get("sitelinks") or {}),
                  claim_values(claims.get("P31", [])), claim_values(claims.get("P279", [])), facts)


def claim_values(statements: list[dict[str, Any]]) -> list[str]:
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


def unique(names: Iterable[str], label: str | None) -> list[str]:
    seen = {label}
    return [n for n in names if not (n in seen or seen.add(n))]
