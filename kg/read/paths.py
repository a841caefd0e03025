"""Where articles come from: files, folders (recursively, in a stable order) and ``-`` (stdin),
each file read by the reader of its format (by extension; stdin is sniffed)."""
from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError
from kg.model import Document
from kg.read.decode import Result, decode, sniff
from kg.read.html import read_html
from kg.read.json_records import plain_utf8_head, read_json, read_jsonl, stream_jsonl
from kg.read.text import read_markdown, read_text
from kg.read.warc import looks_like_warc, stream_warc

__all__ = ["read_paths", "read_file", "read_stream", "read_bytes", "format_of", "SUFFIXES", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".txt": "text", ".md": "markdown", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".html": "html", ".htm": "html", ".warc": "warc", ".arc": "warc"}


def read_paths(paths: Iterable[str], published: date | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Iterator[Result]:
    """Documents from files, folders (recursively) and ``-`` (stdin), in a stable order."""
    for raw in paths:
        if raw == "-":
            yield from _with_default_date(read_stream(sys.stdin.buffer, "<stdin>", None, max_bytes, encoding), published)
            continue
        path = Path(raw)
        if path.is_dir():
            unreadable: list[InputError] = []
            files = _files_under(path, unreadable)
            yield from unreadable  # one error per folder that cannot be listed; the rest is read
            for f in files:
                yield from _with_default_date(read_file(f, max_bytes, encoding), published)
        elif path.exists():
            yield from _with_default_date(read_file(path, max_bytes, encoding), published)
        else:
            yield InputError("no such file or folder", raw)


def _files_under(folder: Path, unreadable: list[InputError]) -> list[Path]:
    """The article files under ``folder`` (hidden ones left out), sorted; each folder that cannot
    be listed goes to ``unreadable`` (issue 19, point 8: one such folder dropped all the others)."""
    found = []

    def refused(exc: OSError) -> None:
        unreadable.append(InputError(f"cannot list folder: {exc.strerror or exc}", str(exc.filename or folder)))

    for root, dirs, files in os.walk(folder, onerror=refused):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            p = Path(root) / name
            if not name.startswith(".") and p.is_file() and format_of(p) is not None:
                found.append(p)
    return sorted(found)


def format_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Iterator[Result]:
    fmt = format_of(path)
    if fmt is None:
        yield InputError(f"unsupported file type {path.suffix or '(none)'!r}; expected one of "
                         + ", ".join(sorted(SUFFIXES)), str(path))
        return
    try:
        # a (W)ARC's gzip members are read by the WARC reader itself, one record at a time
        opener = gzip.open if path.suffix.lower() == ".gz" and fmt != "warc" else open
        with opener(path, "rb") as fh:
            yield from read_stream(fh, str(path), fmt, max_bytes, encoding)
    except (OSError, EOFError) as exc:
        yield InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", str(path))
    except zlib.error as exc:  # a damaged deflate stream in a .gz: gzip lets zlib's own error through, not OSError
        yield InputError(f"cannot read: damaged gzip data ({exc})", str(path))


def read_stream(fh: BinaryIO, name: str, fmt: str | None, max_bytes: int = DEFAULT_MAX_BYTES,
                encoding: str | None = None) -> Iterator[Result]:
    if fmt is None and looks_like_warc(fh):  # stdin: a WARC (plain or gzipped) is streamed, not read whole
        fmt = "warc"
    if fmt == "warc":
        yield from stream_warc(fh, name, max_bytes, encoding)
        return
    if fmt == "jsonl" and encoding is None and plain_utf8_head(fh):
        yield from stream_jsonl(fh, name, max_bytes)
        return
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(f"larger than --max-bytes ({max_bytes} bytes)", name)
        return
    yield from read_bytes(data, name, fmt, encoding)


def read_bytes(data: bytes, name: str, fmt: str | None = None, encoding: str | None = None) -> Iterator[Result]:
    """Parse one file's bytes; ``fmt`` None sniffs the format (for stdin). A (W)ARC is not one
    text: its records are read one by one, as from a file (each up to the default --max-bytes)."""
    if fmt == "warc":
        yield from stream_warc(io.BytesIO(data), name, DEFAULT_MAX_BYTES, encoding)
        return
    try:
        text = decode(data, encoding)
    except InputError as exc:
        exc.where = name
        yield exc
        return
    if not text.strip():
        yield InputError("empty file (no text)", name)
        return
    fmt = fmt or sniff(text)
    reader = {"text": read_text, "markdown": read_markdown, "json": read_json,
              "jsonl": read_jsonl, "html": read_html}[fmt]
    yield from reader(text, name)


def _with_default_date(results: Iterable[Result], published: date | None) -> Iterator[Result]:
    for r in results:
        if published is not None and isinstance(r, Document) and r.published is None:
            r = Document(**{**r.__dict__, "published": published})
        yield r
