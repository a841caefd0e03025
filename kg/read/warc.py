"""Web archives (WARC/ARC, e.g. Common Crawl's CC-NEWS): each HTML or text page record is an
article, read one record at a time."""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from kg.errors import InputError
from kg.model import Document
from kg.read.dates import parse_date
from kg.read.decode import Result, normalise_newlines
from kg.read.html import html_document
from kg.read.text import split_title

__all__ = ["looks_like_warc", "stream_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def looks_like_warc(fh: BinaryIO) -> bool:
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


def stream_warc(fh: BinaryIO, name: str, max_bytes: int, encoding: str | None) -> Iterator[Result]:
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
    title, body = split_title(normalise_newlines(text))
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
