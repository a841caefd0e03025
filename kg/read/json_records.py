"""JSON (one object or a list) and JSON Lines articles; JSON Lines streamed a line at a time, so
a file of millions of articles never sits in memory. Fields by their usual names (``FIELDS``)."""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import InputError
from kg.model import Document
from kg.read.dates import parse_date
from kg.read.decode import Result, normalise_newlines

__all__ = ["FIELDS", "read_json", "read_jsonl", "jsonl_record", "plain_utf8_head", "stream_jsonl"]

FIELDS = {
    "id": ("id", "doc_id"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "datePublished", "date"),
    "publisher": ("publisher", "source"),
    "text": ("text", "body", "content"),
    "language": ("language", "lang", "inLanguage"),
}

# Python's JSON decoder recurses once per level of nesting and gives up near the interpreter's
# recursion limit (about 1,000 levels); no news record is nested that deep.
TOO_DEEP = "JSON nested too deeply (more than about 1,000 levels of arrays or objects): not an article record"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # '\\ud800' in JSON decodes to one; UTF-8 cannot hold it


def read_json(text: str, name: str) -> Iterator[Result]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", name)
        return
    except RecursionError:
        yield InputError(TOO_DEEP, name)
        return
    records = value if isinstance(value, list) else [value]
    for i, record in enumerate(records):
        where = f"{name}[{i}]" if isinstance(value, list) else name
        yield _document_from_record(record, where, Path(name).name.split(".")[0] if len(records) == 1 else None)


def read_jsonl(text: str, name: str) -> Iterator[Result]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        yield from jsonl_record(line, f"{name}:{lineno}")


def jsonl_record(line: str, where: str) -> Iterator[Result]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputError(f"malformed JSON line (column {exc.colno}: {exc.msg})", where)
        return
    except RecursionError:
        yield InputError(TOO_DEEP, where)
        return
    yield _document_from_record(record, where, None)


def plain_utf8_head(fh: BinaryIO) -> bool:
    """Stream line by line only what is plainly UTF-8 text; UTF-16/32 and binary files take the
    whole-file path, which decodes them or reports them once."""
    head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
    if not hasattr(fh, "peek"):
        return False
    utf16_32 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    return not head.startswith(utf16_32) and b"\x00" not in head


def stream_jsonl(fh: BinaryIO, name: str, max_bytes: int) -> Iterator[Result]:
    """One line at a time, so a file of millions of articles never sits in memory;
    --max-bytes limits each record, not the file."""
    seen_any = False
    for lineno, raw in enumerate(_lines(fh, max_bytes), start=1):
        where = f"{name}:{lineno}"
        if raw is None:
            yield InputError(f"line larger than --max-bytes ({max_bytes} bytes)", where)
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(f"not valid UTF-8 at byte {exc.start} of the line ({exc.reason})", where)
            continue
        seen_any = seen_any or bool(line.strip())
        yield from jsonl_record(normalise_newlines(line).rstrip("\n"), where)
    if not seen_any:
        yield InputError("empty file (no text)", name)


def _lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of a binary stream; None for a line over ``max_bytes`` (skipped without reading it whole)."""
    while True:
        line = fh.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # drain the rest of the runaway line
                line = fh.readline(1 << 20)
            yield None
            continue
        yield line


def _document_from_record(record: Any, where: str, default_id: str | None) -> Result:
    if not isinstance(record, dict):
        return InputError(f"expected a JSON object, got {type(record).__name__}", where)
    try:
        values = {key: _field(record, names, where) for key, names in FIELDS.items()}
    except InputError as exc:
        exc.where = where
        return exc
    published, notes = None, ()
    if values["published"]:
        try:
            published = parse_date(values["published"])
        except InputError as exc:
            notes = (f"publication date left out: {exc.message}",)
    if not values["text"] or not values["text"].strip():
        return InputError("no article text (expected a non-empty 'text', 'body' or 'content')", where)
    if any(v and _LONE_SURROGATE.search(v) for v in values.values()):
        values = {k: _LONE_SURROGATE.sub("\ufffd", v) if v else v for k, v in values.items()}
        notes += ("lone surrogate code points (invalid JSON escapes) replaced by U+FFFD",)
    return Document(
        text=normalise_newlines(values["text"]), id=values["id"] or default_id, url=values["url"],
        title=values["title"], published=published, publisher=values["publisher"],
        language=values["language"] or "en", source=where, notes=notes,
    )


def _field(record: dict, names: tuple[str, ...], where: str) -> str | None:
    for key in names:
        if key in record and record[key] is not None:
            value = record[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool) and key in ("id", "doc_id"):
                return str(value)
            if isinstance(value, dict) and "name" in value:  # schema.org style {"@type": ..., "name": ...}
                value = value["name"]
            if not isinstance(value, str):
                raise InputError(f"field {key!r} must be a string, got {type(value).__name__}", where)
            return value
    return None
