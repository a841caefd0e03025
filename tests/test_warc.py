"""WARC input (the CC-NEWS layout): one Document per HTML response record, streamed.

The test builds its own gzipped WARC with warcio's writer: three news pages (one gzip-encoded
and chunked), a request record, a PNG response, a redirect and an HTML page without a text body.
"""
from __future__ import annotations

import gzip
import io
import json
import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.errors import InputError
from kg.model import Document
from kg.read import read_paths

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

CRAWLED = "2024-05-02T08:15:00Z"

PAGE_1 = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Port workers strike over pay in Rotterdam | Harbour Times</title>
<meta property="og:title" content="Port workers strike over pay in Rotterdam">
<meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2024-04-29T06:00:00Z">
<link rel="canonical" href="https://news.example.com/business/port-workers-strike">
<script>window.dataLayer = window.dataLayer || []; function track() { return "tracking pixel"; }</script>
</head><body>
<nav><a href="/">Home</a> <a href="/business">Business</a></nav>
<article>
<h1>Port workers strike over pay in Rotterdam</h1>
<p>Thousands of dock workers in Rotterdam walked off the job on Monday after talks between the
FNV union and the port employers' association broke down over a proposed wage increase.</p>
<p>"We have waited two years for an offer that keeps up with prices," union negotiator Niek
Stam told reporters outside the harbour office. The employers said the demand would cost
them more than 200 million euros a year.</p>
<script>document.write("<p>ADVERTISEMENT: subscribe now for unlimited access</p>");</script>
<p>The strike halted loading at the largest container terminals in Europe, and shipping
companies warned that dozens of vessels could be diverted to Antwerp and Hamburg.</p>
</article>
<footer>Copyright Harbour Times</footer>
</body></html>
"""

PAGE_2 = """<html><head>
<meta charset="utf-8">
<title>Kenya's parliament approves new housing levy</title>
<meta property="og:title" content="Kenya's parliament approves new housing levy">
<meta name="date" content="2024-04-30">
</head><body>
<div class="story">
<h1>Kenya's parliament approves new housing levy</h1>
<p>Kenya's National Assembly on Tuesday approved a contested housing levy that will take 1.5
percent of every worker's gross salary, despite protests by opposition lawmakers in Nairobi.</p>
<p>President William Ruto has said the levy will fund the construction of affordable homes
across the country. Critics, including the Law Society of Kenya, argued that the tax would
further squeeze households already struggling with the rising cost of living.</p>
<p>The bill now goes to the Senate, where the ruling coalition holds a narrow majority.</p>
</div>
</body></html>
"""

PAGE_3 = """<html><head>
<meta charset="utf-8">
<title>Floods force thousands from their homes in southern Brazil</title>
</head><body>
<main>
<h1>Floods force thousands from their homes in southern Brazil</h1>
<p>Heavy rain in the state of Rio Grande do Sul has forced more than 10,000 people from their
homes, the state's civil defence agency said on Wednesday, as rivers rose to record levels.</p>
<p>Governor Eduardo Leite asked the federal government for help and said rescue teams were
using boats and helicopters to reach families trapped on rooftops in the worst-hit towns.</p>
<p>Meteorologists expect more rain over the weekend across the region.</p>
</main>
</body></html>
"""

EMPTY_PAGE = """<html><head><title>Loading</title>
<script>var app = {}; app.init(); // the story is rendered by JavaScript</script>
</head><body><div id="root"></div></body></html>
"""

URL_1 = "https://news.example.com/business/port-workers-strike?utm_source=feed"
URL_2 = "https://www.example.co.ke/news/housing-levy-approved"
URL_3 = "https://example.org/world/brazil-floods"
URL_EMPTY = "https://spa.example.net/story/12345"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK",
              extra: list[tuple[str, str]] | None = None):
    length = [] if any(k == "Transfer-Encoding" for k, _ in extra or []) else [("Content-Length", str(len(body)))]
    http = StatusAndHeaders(status, [("Content-Type", content_type), *length, *(extra or [])], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": CRAWLED})


def build_warc(path: Path) -> None:
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newskg-test", "format": "WARC/1.0"}))
        request = StatusAndHeaders("GET /business/port-workers-strike HTTP/1.1",
                                   [("Host", "news.example.com"), ("User-Agent", "test")], is_http_request=True)
        writer.write_record(writer.create_warc_record(URL_1, "request", payload=io.BytesIO(b""),
                                                      http_headers=request))
        writer.write_record(_response(writer, URL_1, PAGE_1.encode("utf-8"), "text/html; charset=UTF-8"))
        writer.write_record(_response(writer, "https://news.example.com/logo.png",
                                      b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png"))
        # a Latin-1 page whose charset only the HTTP header declares
        writer.write_record(_response(writer, URL_2, PAGE_2.replace('<meta charset="utf-8">', "")
                                      .encode("latin-1"), "text/html; charset=ISO-8859-1"))
        writer.write_record(_response(writer, "https://example.org/old", b"<html>Moved</html>", "text/html",
                                      status="301 Moved Permanently", extra=[("Location", URL_3)]))
        # gzip Content-Encoding sent chunked, stored as it came over the wire
        body = gzip.compress(PAGE_3.encode("utf-8"))
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 500]), body[i:i + 500])
                           for i in range(0, len(body), 500)) + b"0\r\n\r\n"
        writer.write_record(_response(writer, URL_3, chunked, "text/html",
                                      extra=[("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]))
        writer.write_record(_response(writer, URL_EMPTY, EMPTY_PAGE.encode("utf-8"), "text/html; charset=utf-8"))


@pytest.fixture(scope="module")
def warc(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("warc") / "CC-NEWS-test.warc.gz"
    build_warc(path)
    return path


def test_warc_yields_one_document_per_html_page(warc: Path) -> None:
    results = list(read_paths([str(warc)]))
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert len(docs) == 3 and len(errors) == 1 and len(results) == 4

    d1, d2, d3 = docs
    # the page's canonical URL wins; the date and title come from the page
    assert d1.url == "https://news.example.com/business/port-workers-strike"
    assert d1.title == "Port workers strike over pay in Rotterdam"
    assert d1.published_date == date(2024, 4, 29)
    assert d1.publisher == "Harbour Times"
    assert "Thousands of dock workers in Rotterdam walked off the job" in d1.text
    assert "diverted to Antwerp and Hamburg" in d1.text
    assert "dataLayer" not in d1.text and "tracking pixel" not in d1.text and "ADVERTISEMENT" not in d1.text
    assert "Copyright" not in d1.text

    # no URL in the page: WARC-Target-URI; Latin-1 decoded by the HTTP charset
    assert d2.url == URL_2
    assert d2.title == "Kenya's parliament approves new housing levy"
    assert d2.published_date == date(2024, 4, 30)
    assert "1.5\npercent" in d2.text or "1.5 percent" in d2.text
    assert "President William Ruto" in d2.text

    # no URL and no date in the page: WARC-Target-URI and WARC-Date
    assert d3.url == URL_3
    assert d3.title == "Floods force thousands from their homes in southern Brazil"
    assert d3.published == datetime(2024, 5, 2, 8, 15, tzinfo=timezone.utc)
    assert "Governor Eduardo Leite" in d3.text

    # a stable id from the record (WARC-Record-ID), distinct per record, the same on a re-read
    ids = [d.id for d in docs]
    assert all(ids) and len(set(ids)) == 3
    assert all(not i.startswith(("<", "urn:")) for i in ids)
    assert ids == [d.id for d in read_paths([str(warc)]) if isinstance(d, Document)]
    # each document names the file and record it came from
    assert d1.source == f"{warc}:record 3 ({URL_1})"
    assert d3.source == f"{warc}:record 7 ({URL_3})"

    (error,) = errors
    assert error.where == f"{warc}:record 8 ({URL_EMPTY})"
    assert "no main text" in error.message
    assert str(warc) in str(error) and "record 8" in str(error)


def test_warc_streams_and_keeps_max_bytes_per_record(warc: Path, monkeypatch) -> None:
    """Records are read one at a time (a record over --max-bytes is reported and skipped, the
    others still come), and the file is never read whole."""
    import kg.read.paths as read

    reads: list[int] = []  # sizes asked of the operating system; -1 for "everything"
    real_open = open

    class SpyRaw(io.FileIO):
        def readinto(self, b):
            reads.append(len(b))
            return super().readinto(b)

        def readall(self):
            reads.append(-1)
            return super().readall()

    def spy_open(path, mode="r", *args, **kwargs):
        if "b" in mode and str(path) == str(warc):
            return io.BufferedReader(SpyRaw(str(path), "rb"))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(read, "open", spy_open, raising=False)
    max_bytes = len(PAGE_1.encode("utf-8")) - 100  # page 1 is over it, pages 2 and 3 under it
    results = list(read_paths([str(warc)], max_bytes=max_bytes))
    assert reads and all(0 <= n <= 1 << 20 for n in reads), "the WARC was read whole"
    docs = [r for r in results if isinstance(r, Document)]
    errors = [r for r in results if isinstance(r, InputError)]
    assert [d.url for d in docs] == [URL_2, URL_3]
    assert [e.where for e in errors] == [f"{warc}:record 3 ({URL_1})", f"{warc}:record 8 ({URL_EMPTY})"]
    assert "--max-bytes" in errors[0].message


def test_uncompressed_warc_in_a_folder_and_on_stdin(warc: Path, tmp_path: Path, monkeypatch) -> None:
    plain = tmp_path / "in" / "crawl.warc"
    plain.parent.mkdir()
    plain.write_bytes(gzip.decompress(warc.read_bytes()))
    docs = [r for r in read_paths([str(plain.parent)]) if isinstance(r, Document)]
    assert [d.url for d in docs] == ["https://news.example.com/business/port-workers-strike", URL_2, URL_3]

    import sys

    class Stdin:
        buffer = io.BufferedReader(io.BytesIO(warc.read_bytes()))

    monkeypatch.setattr(sys, "stdin", Stdin)
    results = list(read_paths(["-"]))
    assert len([r for r in results if isinstance(r, Document)]) == 3
    assert [r.where for r in results if isinstance(r, InputError)] == [f"<stdin>:record 8 ({URL_EMPTY})"]


def test_damaged_warcs_are_errors_not_crashes(warc: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.warc.gz"
    bad.write_bytes(gzip.compress(b"this is not a web archive\n" * 10))
    results = list(read_paths([str(bad)]))
    assert len(results) == 1 and isinstance(results[0], InputError)
    assert str(bad) in str(results[0])

    # a download cut off part-way: the pages before the cut come, then an error naming the file
    # (a cut exactly between two gzip members cannot be told from a shorter file), never a crash
    from warcio.archiveiterator import ArchiveIterator

    with open(warc, "rb") as fh:
        archive = ArchiveIterator(fh)
        boundaries = {archive.get_record_offset() for _record in archive}
    data = warc.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    for size in range(len(data) // 2, len(data) - 1, 41):  # page 1 is whole in all of them
        if size in boundaries:
            continue
        cut.write_bytes(data[:size])
        results = list(read_paths([str(cut)]))
        errors = [r for r in results if isinstance(r, InputError)]
        assert isinstance(results[0], Document), size
        assert any("cut short" in e.message or "not a readable" in e.message for e in errors), size
        assert all(str(cut) in str(e) and "record" in str(e) for e in errors), size

    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    (err,) = list(read_paths([str(empty)]))
    assert isinstance(err, InputError) and "empty" in err.message


def test_kg_export_of_a_warc(warc: Path, tmp_path: Path) -> None:
    from kg.cli import cli

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export", str(warc), "-o", str(out)])
    assert result.exit_code == 2, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["articles"]) == 3
    assert len(list((out / "articles").glob("*.ttl"))) == 3
    assert len(manifest["errors"]) == 1 and "record 8" in manifest["errors"][0]
    assert "record 8" in result.output  # reported on stderr (mixed into the runner's output)
    trig = (out / "newskg.trig").read_text(encoding="utf-8")
    assert "Rotterdam" in trig and "Nairobi" in trig and "Rio Grande do Sul" in trig


def test_resource_and_conversion_records(tmp_path: Path) -> None:
    """An archived HTML file (``resource``) and extracted text (``conversion``) are articles too."""
    path = tmp_path / "other.warc.gz"
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        writer.write_record(writer.create_warc_record(
            URL_3, "resource", payload=io.BytesIO(PAGE_3.encode("utf-8")),
            warc_headers_dict={"Content-Type": "text/html; charset=utf-8", "WARC-Date": CRAWLED}))
        paragraphs = re.findall(r"<p>(.*?)</p>", PAGE_2, flags=re.DOTALL)
        text = "Kenya approves housing levy\n\n" + "\n\n".join(" ".join(p.split()) for p in paragraphs)
        writer.write_record(writer.create_warc_record(
            URL_2, "conversion", payload=io.BytesIO(text.encode("utf-8")),
            warc_headers_dict={"Content-Type": "text/plain", "WARC-Date": CRAWLED}))
        writer.write_record(writer.create_warc_record(
            "metadata://crawl", "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n"),
            warc_headers_dict={"Content-Type": "application/warc-fields"}))
    results = list(read_paths([str(path)]))
    assert all(isinstance(r, Document) for r in results) and len(results) == 2
    html, plain = results
    assert html.url == URL_3 and "Governor Eduardo Leite" in html.text
    assert plain.url == URL_2 and plain.title == "Kenya approves housing levy"
    assert plain.text.startswith("Kenya's National Assembly") and plain.published_date == date(2024, 5, 2)
