"""``kg show``: the HTML page of an article, from the seed export, from raw input and from a
hand-made hostile graph; then the page in headless Chromium (screenshot and DOM).

The browser checks need Debian's ``chromium`` (``.ci/install-chromium`` installs it) and skip
without it. The seed page's screenshot is copied to ``bench/results/show-seed.png``."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest
import rdflib.namespace as rdfns
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli.show import show_cmd
from kg.rdf.vocab import GAF, NIF, NK, OWL, PLOVER, PROV, RDF, RDFS, SCHEMA, WD
from kg.show import articles_in_graphs, render_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_EVENT_TYPES = {"CONSULT", "REQUEST", "AGREE", "REJECT", "ASSAULT", "SANCTION", "COERCE", "ACCUSE"}
SEED_QUOTES = ["global amnesty", "wouldn’t say it went well or badly.", "closed in its entirety.",
               "will not accept orders, threats, or interference from any foreign power."]
SEED_URL = "https://example.org/news/trump-maduro-phone-call"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
# the colours kg/show/page.css gives Person, Organization and Location mentions
HIGHLIGHTS = {"Person": "ffd8a8", "Organization": "a5d8ff", "Location": "b2f2bb"}


def invoke(*args: str):
    result = CliRunner().invoke(show_cmd, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture(scope="module")
def seed_export(exporter, tmp_path_factory) -> Path:
    """Both seed articles (.txt and .json) exported (and validated) once."""
    out = tmp_path_factory.mktemp("show-export")
    result = exporter.export([str(SEEDS)], out)
    assert result.exit_code == 0 and len(result.articles) == 2
    return out


@pytest.fixture(scope="module")
def seed_page(seed_export, tmp_path_factory) -> Path:
    """The JSON seed's page: it has a URL, a publisher and a date."""
    page = tmp_path_factory.mktemp("show-page") / "seed.html"
    result = invoke(str(seed_export), "-o", str(page), "--article", "trump-maduro-json")
    assert result.exit_code == 0, result.output
    return page


def elements(page: str, cls: str) -> list[str]:
    """The opening tags of the elements whose class list holds ``cls``."""
    return re.findall(rf'<[a-z]+ [^>]*class="(?:[^"]* )?{cls}(?: [^"]*)?"[^>]*>', page)


# ---------------------------------------------------------------------------------------------
# the page, without a browser


def test_seed_page_shows_events_quotes_graph_and_text(seed_page, seed_export):
    page = seed_page.read_text(encoding="utf-8")
    events = elements(page, "event")
    n_events = sum(1 for _ in Graph().parse(seed_export / "articles" / "trump-maduro-json.ttl")
                   .subjects(RDF.type, NK.Event))
    assert len(events) == n_events == 12
    assert {re.search(r'data-event-type="([A-Z]+)"', e).group(1) for e in events} == SEED_EVENT_TYPES
    # dated events first, by date: the strikes "since September", then the phone call of November 21
    items = re.findall(r'<li class="event[^"]*" data-event-type="([A-Z]+)".*?</li>', page)
    assert items[:2] == ["ASSAULT", "CONSULT"]
    call = re.search(r'<li class="event" data-event-type="CONSULT".*?</li>', page).group(0)
    assert ">2025-09<" in page and ">2025-11-21<" in call and "mode: phone" in call
    assert "Donald Trump" in call and "Nicolás Maduro" in call and "according to" in call
    assert "Miami Herald" in call and "<q>conversation</q>" in call and "<q>encounter</q>" in call
    assert "hypothetical" in page and "context: terrorism" in page  # COERCE's marker, SANCTION's context
    # the four quotations and their speakers (Maduro's 'countering with a request for "global amnesty"')
    quotes = re.findall(r'<li class="quote"><blockquote>(.*?)</blockquote><p class="said">(.*?)</p>', page)
    assert [q for q, _ in quotes] == SEED_QUOTES
    assert [re.sub(r"<[^>]+>", "", who).split(" (")[0].lstrip("— ") for _, who in quotes] == \
        ["Nicolás Maduro", "Donald Trump", "Donald Trump", "Venezuela"]
    # the header, the highlighted text and the actor graph
    assert "<h1>Trump Had a Phone Call With Maduro, Told Him to Resign Immediately</h1>" in page
    assert "2025-11-30" in page and "newskg seed" in page and f'href="{SEED_URL}"' in page
    assert re.search(r'<span class="ent t-Person" data-type="Person" title="Donald Trump \(Person\)">'
                     r"Donald Trump</span>", page)
    assert 'class="ent t-Location"' in page and 'class="ent t-Organization"' in page
    svg = page[page.index('<svg class="actor-graph"'):page.index("</svg>")]
    assert svg.count('<g class="node"') == 6  # Trump, Maduro, Venezuela, United States, U.S. military, Venezuelan migrants
    assert 'data-event-types="CONSULT REQUEST AGREE"' in svg and "<polygon" in svg


def test_page_is_self_contained(seed_page):
    page = seed_page.read_text(encoding="utf-8")
    low = page.lower()
    for banned in ("<script", "<link", "@import", "url(", "<iframe", "<img", "<object", "<embed",
                   "src=", "srcset=", "<base", "xlink:href", "@font-face"):
        assert banned not in low, banned
    assert "<style>" in low and "content-security-policy" in low and "default-src 'none'" in low
    links = re.findall(r'href="([^"]*)"', page)
    assert links, "expected the article URL and no other link"
    for link in links:
        assert link == SEED_URL or link.startswith("https://www.wikidata.org/wiki/Q"), link
    # no other http(s) reference at all: only the named graph's IRI is shown, as text in <code>
    rest = re.sub(r'href="[^"]*"', "", page)
    rest = re.sub(r"<code>https://w3id\.org/newskg/id/article/[0-9a-f]+</code>", "", rest)
    rest = rest.replace(f">{SEED_URL}</a>", "")
    assert not re.search(r"https?://", rest), re.findall(r".{40}https?://.{40}", rest)


def test_wikidata_links_from_owl_sameas(tmp_path):
    g, article = hostile_graph()
    page = render_page(articles_in_graphs([g])[0])
    assert '<a class="ent t-Person" data-type="Person" title="Ann &lt;b&gt;Lee&lt;/b&gt; (Person) — Wikidata Q42, ' \
           'confidence 0.9" href="https://www.wikidata.org/wiki/Q42" rel="noopener noreferrer">' in page


def test_article_with_nothing_extracted():
    a = URIRef("https://w3id.org/newskg/id/article/bare")
    g = Graph(identifier=a)
    g.add((a, RDF.type, NK.Article))
    g.add((a, SCHEMA.articleBody, Literal("Nothing happened & nobody spoke.")))
    [page] = articles_in_graphs([g])
    html = render_page(page)
    assert page.stem == "bare" and "<h1>https://w3id.org/newskg/id/article/bare</h1>" in html
    assert "Nothing happened &amp; nobody spoke." in html and "No events." in html and "No quotations." in html
    assert '<svg class="actor-graph"' in html and "no actors</text></svg>" in html


def hostile_graph() -> tuple[Graph, URIRef]:
    """An article whose every string tries to inject markup, plus a javascript: URL."""
    a = URIRef("https://w3id.org/newskg/id/article/hostile")
    body = ('<script>alert("body")</script> Ann <b>Lee</b> met the "Crowd" & '
            "left.\n\n<img src=x onerror=alert(1)> Later they talked.")
    g = Graph(identifier=a)
    g.add((a, RDF.type, NK.Article))
    g.add((a, SCHEMA.articleBody, Literal(body)))
    g.add((a, SCHEMA.headline, Literal("</title><script>alert('headline')</script>")))
    g.add((a, SCHEMA.url, URIRef("javascript:alert('url')")))
    g.add((a, SCHEMA.publisher, Literal('<a href="https://evil.example/">pub</a>')))
    g.add((a, SCHEMA.datePublished, Literal("2025-03-02", datatype=rdfns.XSD.date)))

    def mention(text: str) -> URIRef:
        b = body.index(text)
        m = URIRef(f"{a}#char={b},{b + len(text)}")
        g.add((m, RDF.type, NIF.OffsetBasedString))
        g.add((m, NIF.beginIndex, Literal(b, datatype=rdfns.XSD.nonNegativeInteger)))
        g.add((m, NIF.endIndex, Literal(b + len(text), datatype=rdfns.XSD.nonNegativeInteger)))
        g.add((m, NIF.anchorOf, Literal(text)))
        return m

    ann = URIRef("https://w3id.org/newskg/id/entity/person/ann")
    crowd = URIRef("https://w3id.org/newskg/id/entity/group/crowd")
    for node, kind, label, text in ((ann, NK.Person, "Ann <b>Lee</b>", "Ann <b>Lee</b>"),
                                    (crowd, NK.Group, '"Crowd" onmouseover="alert(2)', '"Crowd"')):
        g.add((node, RDF.type, kind))
        g.add((node, RDF.type, NK.Entity))
        g.add((node, RDFS.label, Literal(label)))
        g.add((node, GAF.denotedBy, mention(text)))
        g.add((node, PROV.wasDerivedFrom, a))
        g.add((a, SCHEMA.mentions, node))
    g.add((ann, OWL.sameAs, WD.Q42))
    appearance = URIRef(f"{a}/appearance/person/ann")
    g.add((appearance, NK.entity, ann))
    g.add((appearance, PROV.wasDerivedFrom, a))
    g.add((appearance, NK.confidence, Literal("0.9", datatype=rdfns.XSD.decimal)))
    g.add((crowd, OWL.sameAs, URIRef("javascript:alert(3)")))

    events = (("met", "CONSULT", Literal("2025-03-01", datatype=rdfns.XSD.date), False),
              ("left", "RETREAT", None, True),
              ("talked", "CONSULT", Literal("2024", datatype=rdfns.XSD.gYear), False))
    for trigger, kind, when, negated in events:
        ev = URIRef(f"{a}/event/{trigger}")
        g.add((ev, RDF.type, NK.Event))
        g.add((ev, NK.eventType, PLOVER[kind]))
        g.add((ev, NK.actor, ann))
        g.add((ev, NK.recipient, crowd))
        g.add((ev, NK.negated, Literal(negated)))
        g.add((ev, GAF.denotedBy, mention(trigger)))
        g.add((ev, PROV.wasDerivedFrom, a))
        if when is not None:
            g.add((ev, NK.date, when))
    q = URIRef(f"{a}/quote/1")
    g.add((q, RDF.type, NK.Quotation))
    g.add((q, SCHEMA.text, Literal("</blockquote><script>alert('quote')</script>")))
    g.add((q, NK.speaker, crowd))
    g.add((q, GAF.denotedBy, mention("<img src=x onerror=alert(1)>")))
    g.add((q, PROV.wasDerivedFrom, a))
    return g, a


def test_hostile_text_is_shown_not_injected(tmp_path):
    g, _ = hostile_graph()
    ttl = tmp_path / "hostile.ttl"
    g.serialize(ttl, format="turtle")
    out = tmp_path / "hostile.html"
    result = invoke(str(ttl), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    low = page.lower()
    assert "<script" not in low and "<img" not in low and "<b>" not in low
    assert not re.search(r'href="\s*javascript', low) and "alert(3)" not in page  # neither URL is a link
    assert "onmouseover=" not in low.replace("onmouseover=&quot;", "")  # only ever inside escaped text
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(&#x27;headline&#x27;)&lt;/script&gt;</title>" in page
    assert "&lt;/blockquote&gt;&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;" in page
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;pub&lt;/a&gt;" in page
    assert 'href="https://evil.example' not in page
    # the mention of Ann is highlighted around its escaped text; the crowd is not linked anywhere
    assert ">Ann &lt;b&gt;Lee&lt;/b&gt;</a>" in page
    assert '<span class="ent t-Group" data-type="Group" title="&quot;Crowd&quot; onmouseover=&quot;alert(2) ' \
           '(Group)">&quot;Crowd&quot;</span>' in page
    # timeline: dated events by date (gYear 2024 before 2025-03-01), the undated negated one last
    kinds = re.findall(r'<li class="(event[^"]*)" data-event-type="([A-Z]+)"', page)
    assert kinds == [("event", "CONSULT"), ("event", "CONSULT"), ("event negated", "RETREAT")]
    assert page.index(">2024<") < page.index(">2025-03-01<")
    assert "negated: did not happen" in page and "not RETREAT" in page


def test_raw_article_runs_the_pipeline(tmp_path):
    article = tmp_path / "raw.txt"
    article.write_text("Leaders meet in Paris\n\nPresident Emmanuel Macron met Chancellor Olaf Scholz in Paris "
                       "on Monday. <script>alert('raw')</script> Macron said the talks were \"very useful\".\n",
                       encoding="utf-8")
    out = tmp_path / "raw.html"
    result = invoke(str(article), "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<h1>Leaders meet in Paris</h1>" in page
    assert "<script" not in page.lower() and "&lt;script&gt;alert(&#x27;raw&#x27;)&lt;/script&gt;" in page
    assert re.search(r'class="ent t-Person"[^>]*>Emmanuel Macron<', page)
    assert re.search(r'class="ent t-Location"[^>]*>Paris<', page)
    assert 'data-event-type="CONSULT"' in page


def test_several_articles_need_a_folder_or_article(seed_export, tmp_path):
    result = invoke(str(seed_export), "-o", str(tmp_path / "one.html"))
    assert result.exit_code == 2 and not (tmp_path / "one.html").exists()
    assert "trump-maduro-json" in result.output and "trump-maduro\t" in result.output
    result = invoke(str(seed_export), "-o", str(tmp_path / "pages"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == ["trump-maduro-json.html", "trump-maduro.html"]
    result = invoke(str(seed_export / "newskg.trig"), "--article", "nope", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2 and "no article 'nope'" in result.output
    # one Turtle file, one article: stdout by default
    result = invoke(str(seed_export / "articles" / "trump-maduro.ttl"))
    assert result.exit_code == 0 and result.output.startswith("<!DOCTYPE html>")
    assert "--11-21" in result.output  # the .txt seed has no date: the call's date has no year
    result = invoke(str(tmp_path / "missing.ttl"))
    assert result.exit_code == 2


# ---------------------------------------------------------------------------------------------
# the page in a browser

needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (run .ci/install-chromium)")


def chromium(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
         f"--user-data-dir={profile}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr[-2000:]
    print(f"chromium {args[0].split('=')[0]}: {time.perf_counter() - started:.1f}s")
    return done


def png_colours(path: Path) -> set[bytes]:
    """Every RGB colour of an 8-bit RGB(A), non-interlaced PNG (what Chromium writes), stdlib only."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data[pos + 8:pos + 8 + size])
        elif kind == b"IDAT":
            idat.append(data[pos + 8:pos + 8 + size])
        pos += 12 + size
    width, height, depth, ctype, _, _, interlace = header
    assert depth == 8 and ctype in (2, 6) and interlace == 0, header
    bpp = 3 if ctype == 2 else 4
    stride, raw = width * bpp, zlib.decompress(b"".join(idat))
    assert len(raw) == height * (stride + 1)
    colours: set[bytes] = set()
    prev = bytearray(stride)
    for y in range(height):
        at = y * (stride + 1)
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind == 2:
            line = bytearray((x + up) & 255 for x, up in zip(line, prev))
        elif kind == 3:
            for i in range(stride):
                line[i] = (line[i] + (((line[i - bpp] if i >= bpp else 0) + prev[i]) >> 1)) & 255
        elif kind == 4:
            for i in range(stride):
                a, b, c = (line[i - bpp], prev[i], prev[i - bpp]) if i >= bpp else (0, prev[i], 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        colours.update(bytes(line[i:i + 3]) for i in range(0, stride, bpp))
        prev = line
    return colours


@needs_chromium
def test_screenshot_in_headless_chromium(seed_page, tmp_path):
    shot = tmp_path / "page.png"
    chromium(seed_page, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,1600")
    assert shot.exists() and shot.stat().st_size > 20_000, "screenshot missing or tiny"
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, results / "show-seed.png")
    colours = png_colours(shot)
    assert len(colours) > 200, f"only {len(colours)} colours: a blank page?"
    for kind, hex_colour in HIGHLIGHTS.items():
        assert bytes.fromhex(hex_colour) in colours, f"no {kind} highlight ({hex_colour}) on the screenshot"


@needs_chromium
def test_dom_in_headless_chromium(seed_page, tmp_path):
    dom = chromium(seed_page, tmp_path / "profile", "--dump-dom").stdout
    assert re.match(r"\s*(<!doctype html>\s*)?<html", dom, re.I) and "</html>" in dom
    assert set(re.findall(r'<li class="event[^"]*" data-event-type="([A-Z]+)"', dom)) == SEED_EVENT_TYPES
    assert len(re.findall(r'<li class="quote">', dom)) == 4
    assert re.search(r'<svg class="actor-graph"[^>]*>.*<g class="edge".*<circle .*</svg>', dom, re.S)
    assert "<script" not in dom.lower()
