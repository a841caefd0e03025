"""Bytes to text, strictly: BOMs honoured, UTF-16 without one recognised by where its NUL bytes
sit, anything else UTF-8 unless told otherwise; binary files refused; and, for stdin, which
format the text is in."""
from __future__ import annotations

import codecs
import json

from kg.errors import InputError
from kg.model import Document

__all__ = ["Result", "decode", "normalise_newlines", "sniff"]

# What every reader yields: a bad file or record is a value, never an exception, so one never
# stops a batch; the caller reports it and goes on with the next article.
Result = Document | InputError


def decode(data: bytes, encoding: str | None = None) -> str:
    """Strict decoding: BOMs are honoured, anything else must be UTF-8 unless told otherwise."""
    if encoding:
        try:
            return normalise_newlines(data.decode(encoding))
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(f"cannot decode as {encoding}: {exc}") from None
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                       (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return normalise_newlines(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {codec} at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        if (codec := _utf16_without_bom(data)) is not None:
            try:
                return normalise_newlines(data.decode(codec))
            except UnicodeDecodeError:
                pass  # NULs where UTF-16 puts them, but no UTF-16 after all: binary
        raise InputError("binary file (NUL bytes); not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 at byte {exc.start} ({exc.reason}); "
                         "pass --encoding (e.g. latin-1) if the file uses another encoding") from None
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise InputError("binary file (control characters); not an article")
    return normalise_newlines(text)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or '-be' where the NUL bytes sit where UTF-16 puts them for Latin text: in
    nearly every odd (LE) or even (BE) byte of the head, and almost never in the other."""
    head = data[:8192]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd >= 0.6 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff(text: str) -> str:
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
    except RecursionError:  # one (too deep) value: read_json says so
        return True
    except ValueError:
        return False
