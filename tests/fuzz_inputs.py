"""Generated inputs for the fuzz tests (tests/test_fuzz_readers.py, tests/test_fuzz_pipeline.py):
bytes that range from noise to plausible articles (JSON with fields of any type, JSON Lines
with broken lines, HTML with odd tags and entities, WARC archives, text with combining marks,
RTL, NUL, CRLF, BOMs, lone surrogates), the hypothesis profile they run under (fixed seed, no
deadline, so CI runs the same cases every time), and the check every read must pass."""
from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import Document
from kg.read import SUFFIXES
from kg.read.json_records import FIELDS

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

settings.register_profile("fuzz", deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                                 HealthCheck.data_too_large])
FUZZ = settings.get_profile("fuzz")  # applied per test: loading it would change other modules' defaults

FORMATS = sorted(set(SUFFIXES.values()))  # html, json, jsonl, markdown, text, warc
GOOD = "Leaders met in Paris on Monday. \"We agreed on a plan for peace,\" the French president said."

# ---- generated inputs -------------------------------------------------------------------------

NEWS = st.sampled_from([
    " Leaders met in Paris on Monday.", " Donald Trump spoke to Nicolas Maduro by phone.",
    ' "We will not give up," the protesters said.', " Police arrested 12 people in Cairo.",
    " The United Nations condemned the attack on Tuesday.", " Angela Merkel visited Beijing.",
    " Police arrested 12 people in Cairo yesterday.", " Rebels attacked the town last month.",
    " Police arrested 12 people in Cairo 999999 days ago.", " Rebels attacked Kabul 3000 years ago.",
    " Ο πρωθυπουργός μίλησε.", " Президент Путин заявил.", " قال الرئيس", " אמר ראש הממשלה",
    "\n\n", "\n", " ", ". ", ", ",
])
ODD = st.sampled_from([
    "e\u0301", "\u0301", "\u0301\u0302\u0303", "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u200b", "\u200d",
    "👩\u200d👩\u200d👧", "😀", "\U0001f1eb\U0001f1f7", "𝔘", "\U000e0041", "\ue000", "\ufdd0", "\uffff", "\ufffd",
    "\ufeff", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\x0c", "\t", "\r\n", "\r", "\u00a0",
    "İ", "ß", "ﬁ", "ﷺ", "क्षि", "ǅ", "\u0345", '"', "“", "”", "«", "»", "'", "’", "\\", "<", "&", "}", '"""', "#",
])
WORD = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
BODY = st.lists(st.one_of(NEWS, NEWS, ODD, WORD), min_size=1, max_size=14).map("".join)
TITLE = st.lists(st.one_of(ODD, WORD, st.sampled_from(["Breaking", " news", ":", "#", "."])), max_size=5).map("".join)
CODECS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
                          "latin-1", "cp1252"])


def encode(text: str, codec: str) -> bytes:
    """Lone surrogates go out as the (invalid) bytes they would be, so decoders meet them too."""
    return text.encode(codec, "surrogatepass" if codec.startswith("utf") else "replace")


@st.composite
def text_files(draw: st.DrawFn, markdown: bool = False) -> bytes:
    """A text or Markdown article: a title line or none, any newline style, any encoding."""
    title = draw(st.one_of(st.none(), TITLE))
    text = (f"{'# ' if markdown else ''}{title}\n\n" if title is not None else "") + draw(BODY)
    text = text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))
    return encode(draw(st.sampled_from(["", "\ufeff"])) + text, draw(CODECS))


JSON_TEXT = st.one_of(WORD, ODD, st.text(st.characters(blacklist_categories=()), max_size=6))  # surrogates too
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), JSON_TEXT)
JSON_VALUE = st.recursive(JSON_SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                              st.dictionaries(JSON_TEXT, kids, max_size=3)),
                          max_leaves=6)
DATES = st.one_of(st.sampled_from([
    "2024-05-02", "2024-02-30", "0000-00-00", "0001-01-01", "9999-12-31", "2024-05-02T08:15:00Z",
    "2024-05-02T24:00:00", "2024-05-02T08:15:00.123456+14:00", "2024-05-02T08:15:00-23:59", "2024-W18",
    "May 2, 2024", "2 May 2024", "20240502", "2024/05/02", "03-02-2009", "Thu, 02 May 2024 08:15:00 GMT",
    "Thu, 02 May 0 08:15:00 +9999", "Thu, 02 May 2024 99:99:99 GMT", "", " ", "yesterday", "+10000-01-01",
]), WORD)
URLS = st.one_of(st.sampled_from([
    "https://news.example/a", "https://news.example/a b", "https://x.example/list?ids[]=1", "https://x.example/a#b#c",
    "https://user:secret@news.example/p", "http://[::1/x", "http://[zz]/", "https://x.example/\ue000",
    "https://x.example/%zz%", "urn:x", "mailto:a@b", "javascript:alert(1)", "not a url", "//news.example/a", "",
]), st.builds(lambda a, b: a + b, st.sampled_from(["https://news.example/", "http://", "urn:"]), BODY))
FIELD_NAMES = sorted({name for names in FIELDS.values() for name in names} | {"extra", "@type", "name"})
NAMED = st.fixed_dictionaries({"name": st.one_of(BODY, JSON_VALUE)})  # schema.org style {"name": ...}
FIELD_VALUES = st.one_of(BODY, TITLE, DATES, URLS, JSON_VALUE, NAMED)
OPTIONAL_FIELDS = {
    "id": st.one_of(WORD, st.integers(), st.floats()), "title": st.one_of(TITLE, JSON_VALUE), "headline": TITLE,
    "url": URLS, "link": URLS, "published": DATES, "datePublished": DATES, "date": st.one_of(DATES, JSON_VALUE),
    "publisher": st.one_of(TITLE, NAMED), "source": TITLE, "lang": TITLE,
    "language": st.sampled_from(["en", "EN", "de", "", "x" * 40, "en-GB", "zz-\u0301"]),
}


def text_as(name: str) -> Any:
    """A record with its text under another of the names the reader takes (``body``, ``content``)."""
    return lambda record: {(name if key == "text" else key): value for key, value in record.items()}


ARTICLE_RECORDS = st.fixed_dictionaries({"text": BODY}, optional=OPTIONAL_FIELDS)
ARTICLES = st.one_of(ARTICLE_RECORDS, ARTICLE_RECORDS.map(text_as("body")), ARTICLE_RECORDS.map(text_as("content")))
ANY_RECORDS = st.dictionaries(st.sampled_from(FIELD_NAMES), FIELD_VALUES, max_size=7)
RECORDS = st.one_of(ARTICLES, ANY_RECORDS)


def dumps(value: Any, ascii_only: bool) -> str:
    """JSON as writers send it: lone surrogates escaped (``\\ud800``) or raw, NaN allowed."""
    return json.dumps(value, ensure_ascii=ascii_only)


@st.composite
def json_files(draw: st.DrawFn, articles_only: bool = False) -> bytes:
    """One record, a list of records, or any JSON value; sometimes cut short. ``articles_only``:
    records that should be read (a text field, other fields of any type), for the pipeline."""
    records = ARTICLES if articles_only else RECORDS
    others = [] if articles_only else [JSON_VALUE]
    value = draw(st.one_of(records, st.lists(records, min_size=1, max_size=3), *others))
    text = dumps(value, draw(st.booleans()))
    if not articles_only and draw(st.integers(0, 4)) == 0:
        text = text[:draw(st.integers(0, len(text)))]
    return encode(draw(st.sampled_from(["", "\ufeff"])) + text, draw(st.sampled_from(["utf-8", "utf-8", "utf-16"])))


@st.composite
def jsonl_lines(draw: st.DrawFn, records: st.SearchStrategy[Any] = RECORDS, intact: int = 3) -> str:
    """One JSON Lines line: a record (``intact`` times in ``intact + 3``), a cut-short record, a
    blank line or junk."""
    line = dumps(draw(records), draw(st.booleans()))
    kind = draw(st.sampled_from(["record"] * intact + ["cut", "blank", "junk"]))
    if kind == "cut":
        return line[:draw(st.integers(0, len(line)))]
    return {"record": line, "blank": draw(st.sampled_from(["", " ", "\t"])), "junk": draw(JSON_TEXT)}.get(kind, line)


@st.composite
def jsonl_files(draw: st.DrawFn, max_lines: int = 5, lines: st.SearchStrategy[str] = jsonl_lines()) -> bytes:
    lines = draw(st.lists(lines, min_size=1, max_size=max_lines))
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines) + draw(st.sampled_from(["", "\n"]))
    return encode(draw(st.sampled_from(["", "\ufeff"])) + text, draw(st.sampled_from(["utf-8", "utf-8", "utf-16-le"])))


TAGS = ["p", "div", "article", "main", "section", "h1", "h2", "span", "b", "a", "em", "q", "blockquote", "li", "ul",
        "table", "tr", "td", "pre", "code", "script", "style", "noscript", "template", "iframe", "svg", "math",
        "title", "head", "body", "html", "header", "footer", "nav", "aside", "time", "font", "xmp", "plaintext"]
ATTRS = st.sampled_from(["", ' class="content"', ' lang="ar" dir="rtl"', ' href="javascript:x()"', " id=x",
                         ' style="display:none"', " onload=alert(1)", ' hidden', ' itemprop="articleBody"',
                         ' class="comments"', ' datetime="2024-05-02"', " a='<'", ' x="'])
ENTITIES = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&eacute;", "&#0;", "&#x0;", "&#xD800;",
                            "&#xDFFF;", "&#x10FFFF;", "&#x110000;", "&#99999999999;", "&#8238;", "&#x202E;", "&#13;",
                            "&#xFEFF;", "&bogus;", "&", "&#", "&#x;", "&amp", "&#65"])
HTML_TEXT = st.one_of(NEWS, ODD, ENTITIES, WORD, st.just("<!-- c -->"), st.just("<![CDATA[x]]>"), st.just("</p>"))


def element(tag: str, attrs: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


HTML_NODES = st.recursive(HTML_TEXT, lambda kids: st.builds(element, st.sampled_from(TAGS), ATTRS,
                                                            st.lists(kids, max_size=4), st.booleans()),
                          max_leaves=12)
HEAD = st.lists(st.sampled_from([
    '<meta charset="utf-8">', '<meta charset="iso-8859-1">', '<meta charset="bogus">', "<title>Port strike</title>",
    '<meta property="og:title" content="Strike &amp; talks">',
    '<meta property="article:published_time" content="2024-04-29T06:00:00Z">',
    '<meta name="date" content="2024-02-30">', '<meta name="date" content="03-02-2009">',
    '<link rel="canonical" href="https://news.example/a b">', '<link rel="canonical" href="https://x.example/a#b#c">',
    '<meta property="og:url" content="javascript:alert(1)">',
    '<meta property="og:site_name" content="Harbour &#0; Times">',
    '<meta name="author" content="\u202eJane">', "<base href='http://[x'>",
]), max_size=5).map("".join)
PROLOGUE = st.sampled_from(["", "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-16"?>', "\ufeff", "<html>",
                            '<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">'])


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """A page: a prologue, a head of (odd) metadata, random nodes and, often, a story long
    enough for trafilatura to keep."""
    story = draw(st.lists(st.builds(lambda ps: "<p>" + "".join(ps) + "</p>", st.lists(st.one_of(NEWS, NEWS, HTML_TEXT),
                                                                                     min_size=4, max_size=12)),
                          max_size=4))
    body = draw(st.lists(HTML_NODES, max_size=4))
    article = element(draw(st.sampled_from(["article", "div", "main", "td"])), draw(ATTRS), story, True)
    return (draw(PROLOGUE) + f"<head>{draw(HEAD)}</head><body>" + "".join(body[:2]) + article + "".join(body[2:])
            + draw(st.sampled_from(["</body></html>", "", "</html"])))


@st.composite
def html_files(draw: st.DrawFn) -> bytes:
    return encode(draw(html_pages()), draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "latin-1"])))


STATUS = st.sampled_from(["200 OK", "200 OK", "204 No Content", "301 Moved", "404 Not Found", "999 What", "2"])
CONTENT_TYPES = st.sampled_from(["text/html", "text/html; charset=utf-8", "text/html; charset=latin-1",
                                 "text/html; charset=bogus", "TEXT/HTML;charset=\"utf-16\"", "application/xhtml+xml",
                                 "text/plain", "text/plain; charset=utf-8", "image/png", "application/json", ""])
TARGETS = st.sampled_from(["https://news.example/a", "https://news.example/b?x=1", "https://x.example/a#b#c",
                           "http://[::1/x", "dns:news.example", "", "https://user:pw@news.example/c"])


@st.composite
def warc_records(draw: st.DrawFn) -> tuple[str, str, str, str, bytes]:
    kind = draw(st.sampled_from(["response", "response", "resource", "conversion", "request", "warcinfo", "metadata"]))
    payload = draw(st.one_of(html_files(), text_files(), st.binary(max_size=64)))
    return kind, draw(TARGETS), draw(STATUS), draw(CONTENT_TYPES), payload


WARC_DATES = st.sampled_from(["2024-05-02T08:15:00Z", "2024-05-02T08:15:00.123456Z", "2024-02-30T00:00:00Z",
                              "yesterday", "0000-00-00T00:00:00Z"])


def warc_bytes(records: list[tuple[str, str, str, str, bytes]], gzipped: bool, date: str) -> bytes:
    """An archive written by warcio itself, so records are well formed before any damage; its
    record IDs and dates are given, as the writer's own (a UUID, the clock) would change the
    bytes from run to run."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for i, (kind, uri, status, ctype, payload) in enumerate(records):
        fixed = {"WARC-Record-ID": f"<urn:uuid:{uuid.UUID(int=i)}>", "WARC-Date": date}
        if kind in ("response", "request"):  # warcio parses a payload without headers as HTTP: give them
            http = (StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1") if kind == "response"
                    else StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True))
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http,
                                               warc_headers_dict=fixed)
        else:
            record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), warc_content_type=ctype,
                                               warc_headers_dict=fixed)
        writer.write_record(record)
    return out.getvalue()


PAGE_RECORDS = st.one_of(
    st.tuples(st.just("response"), TARGETS, st.just("200 OK"),
              st.sampled_from(["text/html", "text/html; charset=utf-8"]), html_files()),
    st.tuples(st.sampled_from(["resource", "conversion"]), TARGETS, st.just(""), st.just("text/plain"), text_files()))


@st.composite
def warc_files(draw: st.DrawFn, max_records: int = 4, records: st.SearchStrategy[Any] = warc_records()) -> bytes:
    return warc_bytes(draw(st.lists(records, min_size=1, max_size=max_records)), draw(st.booleans()),
                      draw(WARC_DATES))


MAGIC = st.sampled_from([b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"filedesc://", b"\xef\xbb\xbf", b"\xff\xfe",
                         b"\xfe\xff", b"\xff\xfe\x00\x00", b"{", b"[", b"<", b"{\"text\": \""])
NOISE = st.builds(lambda magic, rest: magic + rest, MAGIC, st.binary(max_size=400))


@st.composite
def damaged(draw: st.DrawFn, files: st.SearchStrategy[bytes]) -> bytes:
    """Bytes as they arrive: whole, cut short, one byte changed, or a splice of junk."""
    data = draw(files)
    at = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["whole", "whole", "cut", "flip", "splice"]))
    if how == "cut":
        return data[:at]
    if how == "flip" and at < len(data):
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
    if how == "splice":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return data


GZIP = st.sampled_from(["no", "no", "whole", "damaged"])


def checked(results: Iterable[object], name: str) -> list[Document]:
    """The documents of one read, after checking every item: a Document with text and UTF-8-clean
    strings (the graph's Turtle is UTF-8), or an InputError that names the input and renders."""
    docs = []
    for item in results:
        assert isinstance(item, (Document, InputError)), repr(item)
        if isinstance(item, InputError):
            assert item.where and item.where.startswith(name) and str(item), repr(item)
            continue
        assert isinstance(item.text, str) and item.text.strip(), repr(item)
        for value in (item.text, item.title, item.id, item.url, item.publisher, item.language):
            assert value is None or utf8_clean(value), repr(item)
        docs.append(item)
    return docs


def utf8_clean(value: object) -> bool:
    """A string UTF-8 can hold: a lone surrogate cannot be written to a Turtle file."""
    try:
        return isinstance(value, str) and value.encode("utf-8") is not None
    except UnicodeEncodeError:
        return False


def bucket(n: int) -> str:
    """A count as --hypothesis-show-statistics groups it: how deep the cases reached."""
    return "0" if n == 0 else "1-9" if n < 10 else "10+"
