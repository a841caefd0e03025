"""Readers: files, folders and stdin in; ``Document`` objects (or the reason they are not) out.

Every reader yields ``Document | InputError`` so one bad file or record never stops a batch:
the caller reports the error and goes on with the next article.
"""
from __future__ import annotations

import codecs
import email.utils
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import InputError
from kg.model import Document

__all__ = ["read_paths", "read_bytes", "parse_date", "html_document", "SUFFIXES", "DEFAULT_MAX_BYTES"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = {".txt": "text", ".md": "markdown", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
            ".html": "html", ".htm": "html", ".warc": "warc", ".arc": "warc"}
FIELDS = {
    "id": ("id", "doc_id"),
    "url": ("url", "link"),
    "title": ("title", "headline"),
    "published": ("published", "datePublished", "date"),
    "publisher": ("publisher", "source"),
    "text": ("text", "body", "content"),
    "language": ("language", "lang", "inLanguage"),
}
Result = Document | InputError


def read_paths(paths: Iterable[str], published: date | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Iterator[Result]:
    """Documents from files, folders (recursively) and ``-`` (stdin), in a stable order."""
    for raw in paths:
        if raw == "-":
            yield from _with_default_date(read_stream(sys.stdin.buffer, "<stdin>", None, max_bytes, encoding), published)
            continue
        path = Path(raw)
        if path.is_dir():
            try:
                files = _files_under(path)
            except OSError as exc:
                yield InputError(f"cannot list folder: {exc.strerror or exc}", str(path))
                continue
            for f in files:
                yield from _with_default_date(read_file(f, max_bytes, encoding), published)
        elif path.exists():
            yield from _with_default_date(read_file(path, max_bytes, encoding), published)
        else:
            yield InputError("no such file or folder", raw)


def _files_under(folder: Path) -> list[Path]:
    found = []
    for p in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(folder).parts):
            continue
        if p.is_file() and _format_of(p) is not None:
            found.append(p)
    for p in sorted(folder.rglob("*")):  # surface unreadable sub-folders instead of skipping them silently
        if p.is_dir() and not _listable(p):
            raise PermissionError(13, "permission denied", str(p))
    return found


def _listable(p: Path) -> bool:
    try:
        next(iter(p.iterdir()), None)
        return True
    except OSError:
        return False


def _format_of(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return SUFFIXES.get(suffixes[-1]) if suffixes else None


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None) -> Iterator[Result]:
    fmt = _format_of(path)
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


def read_stream(fh: BinaryIO, name: str, fmt: str | None, max_bytes: int = DEFAULT_MAX_BYTES,
                encoding: str | None = None) -> Iterator[Result]:
    if fmt is None and _looks_like_warc(fh):  # stdin: a WARC (plain or gzipped) is streamed, not read whole
        fmt = "warc"
    if fmt == "warc":
        yield from _stream_warc(fh, name, max_bytes, encoding)
        return
    if fmt == "jsonl" and encoding is None and _plain_utf8_head(fh):
        yield from _stream_jsonl(fh, name, max_bytes)
        return
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield InputError(f"larger than --max-bytes ({max_bytes} bytes)", name)
        return
    yield from read_bytes(data, name, fmt, encoding)


def read_bytes(data: bytes, name: str, fmt: str | None = None, encoding: str | None = None) -> Iterator[Result]:
    """Parse one file's bytes; ``fmt`` None sniffs the format (for stdin)."""
    try:
        text = decode(data, encoding)
    except InputError as exc:
        exc.where = name
        yield exc
        return
    if not text.strip():
        yield InputError("empty file (no text)", name)
        return
    fmt = fmt or _sniff(text)
    reader = {"text": _read_text, "markdown": _read_markdown, "json": _read_json,
              "jsonl": _read_jsonl, "html": _read_html}[fmt]
    yield from reader(text, name)


def decode(data: bytes, encoding: str | None = None) -> str:
    """Strict decoding: BOMs are honoured, anything else must be UTF-8 unless told otherwise."""
    if encoding:
        try:
            return _normalise_newlines(data.decode(encoding))
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}") from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _normalise_newlines(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {codec} at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes); not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 at byte {exc.start} ({exc.reason}); "
                         "pass --encoding (e.g. latin-1) if the file uses another encoding") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise InputError("binary file (control characters); not an article")
    return _normalise_newlines(text)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sniff(text: str) -> str:
    head = text.lstrip()[:1]
    if head == "[":
        return "json"
    if head == "{":
        return "json" if _is_one_json_value(text) else "jsonl"
    if head == "<":
        return "html"
    return "text"


def _is_one_json_value(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


# ---- plain text and markdown -------------------------------------------------------------

_TITLE_MAX_CHARS = 200


def _read_text(text: str, name: str, markdown: bool = False) -> Iterator[Result]:
    title, body = split_title(text, markdown)
    if not body.strip():
        yield InputError("no article text after the title line", name)
        return
    yield Document(text=body, id=Path(name).name.split(".")[0] if name != "<stdin>" else None,
                   title=title, source=name)


def _read_markdown(text: str, name: str) -> Iterator[Result]:
    return _read_text(text, name, markdown=True)


def split_title(text: str, markdown: bool = False) -> tuple[str | None, str]:
    """The first line is the title when it reads like one: short, not a sentence, text after it."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    candidate = first.strip()
    if markdown:
        candidate = candidate.lstrip("#").strip()
    looks_like_title = (
        0 < len(candidate) <= _TITLE_MAX_CHARS
        and rest.strip() != ""
        and not candidate.endswith((".", ",", ";", ":"))
        and len(candidate.split()) <= 30
    )
    if not looks_like_title:
        return None, text
    return candidate, rest.lstrip("\n")


# ---- JSON and JSON Lines -------------------------------------------------------------------


def _read_json(text: str, name: str) -> Iterator[Result]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", name)
        return
    records = value if isinstance(value, list) else [value]
    for i, record in enumerate(records):
        where = f"{name}[{i}]" if isinstance(value, list) else name
        yield _document_from_record(record, where, Path(name).name.split(".")[0] if len(records) == 1 else None)


def _read_jsonl(text: str, name: str) -> Iterator[Result]:
    for lineno, line in enumerate(text.split("\n"), start=1):
        yield from _jsonl_record(line, f"{name}:{lineno}")


def _jsonl_record(line: str, where: str) -> Iterator[Result]:
    if not line.strip():
        return
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputError(f"malformed JSON line (column {exc.colno}: {exc.msg})", where)
        return
    yield _document_from_record(record, where, None)


def _plain_utf8_head(fh: BinaryIO) -> bool:
    """Stream line by line only what is plainly UTF-8 text; UTF-16/32 and binary files take the
    whole-file path, which decodes them or reports them once."""
    head = fh.peek(8192)[:8192] if hasattr(fh, "peek") else b""
    if not hasattr(fh, "peek"):
        return False
    utf16_32 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    return not head.startswith(utf16_32) and b"\x00" not in head


def _stream_jsonl(fh: BinaryIO, name: str, max_bytes: int) -> Iterator[Result]:
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
        yield from _jsonl_record(_normalise_newlines(line).rstrip("\n"), where)
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
        text=_normalise_newlines(values["text"]), id=values["id"] or default_id, url=values["url"],
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


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # '\\ud800' in JSON decodes to one; UTF-8 cannot hold it


_UNAMBIGUOUS_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y%m%d")


def parse_date(value: str) -> date | datetime:
    """ISO 8601, RFC 2822 or a spelled-out month; '03-02-2009' (day or month first?) is an error, not a guess."""
    value = value.strip()
    try:
        if _DATE_RE.match(value):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _UNAMBIGUOUS_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        raise InputError(f"date {value!r} is not ISO 8601 (YYYY-MM-DD) or another unambiguous form") from None


# ---- HTML ----------------------------------------------------------------------------------


def _read_html(text: str, name: str) -> Iterator[Result]:
    yield html_document(text, name, Path(name).name.split(".")[0])


def html_document(html: str, name: str, doc_id: str | None, default_url: str | None = None,
                  default_published: date | datetime | None = None) -> Result:
    """One page's main text and metadata by trafilatura; ``default_url``/``default_published``
    (a WARC record's target URI and date) fill in what the page itself does not say."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(html, url=default_url, with_metadata=True, include_comments=False)
    if extracted is None:
        return InputError("no main text found in the HTML", name)
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = meta.get("text") or ""
    if not body.strip():
        return InputError("no main text found in the HTML", name)
    published = None
    if meta.get("date"):
        try:
            published = parse_date(meta["date"])
        except InputError:
            published = None
    return Document(text=_normalise_newlines(body), id=doc_id, url=meta.get("url") or default_url,
                    title=meta.get("title"), published=published or default_published,
                    publisher=meta.get("sitename") or meta.get("hostname"),
                    language=meta.get("language") or "en", source=name)


# ---- WARC (web archives, e.g. Common Crawl's CC-NEWS) ---------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def _looks_like_warc(fh: BinaryIO) -> bool:
    """A WARC/ARC on a stream whose format is unknown (stdin): by its first bytes, gzipped or not."""
    if not hasattr(fh, "peek"):
        return False
    head = fh.peek(4096)[:4096]
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            return False
    return head.startswith(b"WARC/") or head.startswith(b"filedesc://")


def _stream_warc(fh: BinaryIO, name: str, max_bytes: int, encoding: str | None) -> Iterator[Result]:
    """One ``Document`` per HTML page of a (W)ARC, one record at a time (gzip members are
    decompressed as they are reached; a record is read only when it is a page).

    ``response`` records with an HTML Content-Type and a 2xx status, and ``resource`` or
    ``conversion`` records of HTML or plain text, are articles; every other record (warcinfo,
    request, metadata, revisit, dns, images, redirects) is skipped without a word. --max-bytes
    limits each record."""
    from warcio.archiveiterator import ArchiveIterator

    archive = ArchiveIterator(fh, arc2warc=True)
    last_member = _watch_last_gzip_member(archive)
    records = iter(archive)
    number, previous, cut_reported = 0, None, False
    while True:
        try:
            record = next(records)
        except StopIteration:
            record = None
        except (OSError, EOFError):
            raise  # read_file reports these as 'cannot read'
        except Exception as exc:  # noqa: BLE001 -- warcio raises many types on a damaged archive
            at = f"{name}:record {number + 1}" if number else name
            why = ("damaged record headers" if isinstance(exc, (AttributeError, TypeError, KeyError, IndexError))
                   else str(exc).strip() or type(exc).__name__)
            yield InputError(f"not a readable WARC/ARC: {why}", at)
            return
        if previous is not None and getattr(previous[0].raw_stream, "limit", 0) > 0:
            # warcio has read past the previous record (skipped or not) and the file ended inside it
            cut_reported = True
            yield InputError("record cut short (the file ends inside it)", previous[1])
        if record is None:
            break
        number += 1
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        where = f"{name}:record {number}" + (f" ({uri})" if uri else "")
        previous = (record, where)
        kind = _warc_kind(record)
        if kind is None:
            continue
        if record.length is not None and record.length > max_bytes:
            yield InputError(f"record larger than --max-bytes ({max_bytes} bytes)", where)
            continue
        try:
            data = record.content_stream().read(max_bytes + 1)
        except (zlib.error, ValueError, EOFError) as exc:  # a damaged Content-/Transfer-Encoding
            yield InputError(f"cannot decode the record's body: {exc}", where)
            continue
        if len(data) > max_bytes:  # content-encoded bodies can grow when decoded
            yield InputError(f"record larger than --max-bytes ({max_bytes} bytes) once decoded", where)
            continue
        while record.raw_stream.read(1 << 16):  # what the decoders leave (a chunked body's trailer)
            pass
        if getattr(record.raw_stream, "limit", 0) > 0:
            previous, cut_reported = None, True  # reported at the next record otherwise (the check above)
            yield InputError("record cut short (the file ends inside it)", where)
            continue
        yield _warc_document(record, kind, data, where, uri or None, encoding)
    if number == 0 and _tell(fh) == 0:
        yield InputError("empty file (no WARC records)", name)
    elif last_member.get("complete") is False and not cut_reported:  # cut inside a record's headers
        yield InputError("the file ends inside a gzip member (cut short)", f"{name}:record {number + 1}")
    elif number == 0:
        yield InputError("empty file (no WARC records)", name)


def _tell(fh: BinaryIO) -> int | None:
    try:
        return fh.tell()
    except (OSError, ValueError, AttributeError):
        return None


def _watch_last_gzip_member(archive: Any) -> dict[str, bool]:
    """Whether a .warc.gz's last gzip member was whole: warcio ends quietly when the file stops
    inside a record's headers. Noted from the decompressor as warcio closes it (its internals:
    without them, no note and no check)."""
    seen: dict[str, bool] = {}
    reader = getattr(archive, "reader", None)
    close = getattr(reader, "close_decompressor", None)
    if close is None:
        return seen

    def close_and_note() -> None:
        decompressor = getattr(reader, "decompressor", None)
        if decompressor is not None and isinstance(getattr(decompressor, "eof", None), bool):
            seen["complete"] = decompressor.eof
        close()

    reader.close_decompressor = close_and_note
    return seen


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _warc_kind(record: Any) -> str | None:
    """What a record holds: 'html', 'text' or None (not an article: skipped)."""
    if record.rec_type == "response":
        if record.http_headers is None:  # e.g. a dns: response
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):  # redirects and error pages are not articles
            return None
        return "html" if _mime(record.http_headers.get_header("Content-Type")) in _HTML_TYPES else None
    if record.rec_type in ("resource", "conversion"):
        mime = _mime(record.rec_headers.get_header("Content-Type"))
        return "html" if mime in _HTML_TYPES else "text" if mime in _TEXT_TYPES else None
    return None


def _warc_document(record: Any, kind: str, data: bytes, where: str, uri: str | None,
                   encoding: str | None) -> Result:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    text = _decode_page(data, headers.get_header("Content-Type"), encoding)
    warc_date = record.rec_headers.get_header("WARC-Date")
    crawled = None
    if warc_date:
        try:
            crawled = parse_date(warc_date)
        except InputError:
            crawled = None
    doc_id = _warc_record_id(record, uri)
    if kind == "html":
        return html_document(text, where, doc_id, default_url=uri, default_published=crawled)
    if not text.strip():
        return InputError("no text in the record", where)
    title, body = split_title(_normalise_newlines(text))
    return Document(text=body, id=doc_id, url=uri, title=title, published=crawled, source=where)


def _decode_page(data: bytes, content_type: str | None, encoding: str | None) -> str:
    """The charset the header declares, else --encoding, else UTF-8 or trafilatura's guess."""
    match = _CHARSET_RE.search(content_type or "")
    for codec in (match.group(1) if match else None, encoding):
        if codec:
            try:
                return data.decode(codec)
            except (LookupError, UnicodeDecodeError):
                continue
    from trafilatura.utils import decode_file

    return decode_file(data)


def _warc_record_id(record: Any, uri: str | None) -> str:
    """WARC-Record-ID without its ``<urn:uuid:...>`` wrapping; a hash of the target URI and date
    for records that lack one (ARC)."""
    rid = (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>")
    rid = re.sub(r"^urn:(uuid:)?", "", rid, flags=re.IGNORECASE)
    if rid:
        return rid
    import hashlib

    key = f"{uri}|{record.rec_headers.get_header('WARC-Date') or ''}"
    return "warc-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _with_default_date(results: Iterable[Result], published: date | None) -> Iterator[Result]:
    for r in results:
        if published is not None and isinstance(r, Document) and r.published is None:
            r = Document(**{**r.__dict__, "published": published})
        yield r
