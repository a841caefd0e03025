"""Fuzz the mapping (issue 19): every article a reader accepts goes through the real pipeline
(the spaCy model, loaded once) to a graph that conforms to the shapes, whose ``nif:anchorOf``
literals are the article's text (``schema:articleBody``) between ``nif:beginIndex`` and
``nif:endIndex``, and whose Turtle both rdflib and Oxigraph load -- a few hundred cases."""
from __future__ import annotations

import io
from typing import Any

import pyoxigraph
import pytest
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from kg.rdf.vocab import NIF, NK, RDF, SCHEMA
from kg.rdf.write import graph_as_turtle
from kg.read import read_bytes, read_stream
from kg.validate import validate_graph
from fuzz_inputs import (
    ARTICLES,
    FUZZ,
    GOOD,
    PAGE_RECORDS,
    bucket,
    checked,
    html_files,
    json_files,
    jsonl_files,
    jsonl_lines,
    text_files,
    warc_files,
    warc_records,
)


# ---- property 2: the pipeline -----------------------------------------------------------------


def checked_anchors(g: Graph, text: str) -> int:
    """Each mention's nif:anchorOf is the article text between its offsets, and that text is the
    one the reader gave (schema:articleBody plays nif:isString here); how many were checked, so a
    test can tell the check was not vacuous."""
    [article] = g.subjects(RDF.type, NK.Article)
    assert [str(b) for b in g.objects(article, SCHEMA.articleBody)] == [text]
    n = 0
    for mention, anchor in g.subject_objects(NIF.anchorOf):
        [begin] = [int(b) for b in g.objects(mention, NIF.beginIndex)]
        [end] = [int(e) for e in g.objects(mention, NIF.endIndex)]
        assert 0 <= begin < end <= len(text), (mention, begin, end)
        assert str(anchor) == text[begin:end], (mention, str(anchor), text[begin:end])
        n += 1
    return n


def assert_turtle_loads(g: Graph, text: str) -> None:
    """The export's Turtle (pyoxigraph's writer, rdflib's as its fallback) and rdflib's own both
    load in rdflib and in Oxigraph, with every triple and the article text unchanged."""
    for ttl in (graph_as_turtle(g), g.serialize(format="turtle")):
        assert set(Graph().parse(data=ttl, format="turtle")) == set(g)
        store = pyoxigraph.Store()
        store.load(ttl.encode("utf-8"), pyoxigraph.RdfFormat.TURTLE)
        assert len(store) == len(g)
        body = pyoxigraph.NamedNode(str(SCHEMA.articleBody))
        bodies = [q.object.value for q in store.quads_for_pattern(None, body, None)]
        assert bodies == [text]


def assert_article_graph_ok(exporter: Any, g: Graph, text: str) -> int:
    """Property 2 for one graph; the number of mentions checked."""
    report = validate_graph(g, exporter.shapes)
    assert report.conforms(), [f.message for f in report.violations]
    anchors = checked_anchors(g, text)
    assert_turtle_loads(g, text)
    return anchors


def fuzz_pipeline(exporter: Any, data: bytes, fmt: str) -> None:
    """The articles a reader takes from ``data``, through the pipeline exactly as an export runs it."""
    rejected: list[Exception] = []  # what an export reports as errors; the readers' were checked already
    items = read_stream(io.BufferedReader(io.BytesIO(data)), f"fuzz.{fmt}", fmt)
    documents = list(exporter.screened(checked(items, f"fuzz.{fmt}"), rejected.append, lambda _note: None))
    anchors = sum(assert_article_graph_ok(exporter, g, x.document.text) for x, g in exporter.graphs(documents))
    event(f"articles: {bucket(len(documents))}")
    event(f"mentions checked: {bucket(anchors)}")


ARTICLE_FORMATS = st.one_of(st.tuples(text_files(), st.just("text")),
                            st.tuples(text_files(markdown=True), st.just("markdown")))


@settings(FUZZ, max_examples=120)
@given(case=ARTICLE_FORMATS)
# was an IndexError in kg/extract/quotes.py: an unclosed quote, then a paragraph break at the very end
@example(case=(b'The minister said: "We will win.\n\n', "text"))
def test_text_articles_give_conforming_graphs_with_exact_anchors(exporter: Any, case: tuple[bytes, str]) -> None:
    fuzz_pipeline(exporter, *case)


@settings(FUZZ, max_examples=120)
@given(data=json_files(articles_only=True))
# was an OverflowError in kg/extract/timex.py: a relative date beyond the years 1-9999
@example(data=b'{"text": "Police arrested 12 people in Cairo 999999 days ago.", "published": "2024-05-02"}')
def test_json_articles_give_conforming_graphs_with_exact_anchors(exporter: Any, data: bytes) -> None:
    fuzz_pipeline(exporter, data, "json")


@settings(FUZZ, max_examples=60)
@given(data=jsonl_files(max_lines=3, lines=jsonl_lines(ARTICLES, intact=9)))
def test_jsonl_articles_give_conforming_graphs_with_exact_anchors(exporter: Any, data: bytes) -> None:
    fuzz_pipeline(exporter, data, "jsonl")


@settings(FUZZ, max_examples=60)
@given(data=html_files())
def test_html_articles_give_conforming_graphs_with_exact_anchors(exporter: Any, data: bytes) -> None:
    fuzz_pipeline(exporter, data, "html")


@settings(FUZZ, max_examples=60)
@given(data=warc_files(max_records=2, records=st.one_of(PAGE_RECORDS, PAGE_RECORDS, warc_records())))
def test_warc_articles_give_conforming_graphs_with_exact_anchors(exporter: Any, data: bytes) -> None:
    fuzz_pipeline(exporter, data, "warc")


# ---- the checks can fail --------------------------------------------------------------------


def good_graph(exporter: Any) -> tuple[Graph, str]:
    [document] = list(read_bytes(GOOD.encode(), "good.txt"))
    [(_, g)] = list(exporter.graphs([document]))
    return g, document.text


def test_the_pipeline_checks_pass_a_good_graph_and_check_its_anchors(exporter: Any) -> None:
    """A check that finds nothing to check would pass forever: this article has mentions."""
    g, text = good_graph(exporter)
    assert assert_article_graph_ok(exporter, g, text) >= 3


def test_the_anchor_check_catches_a_shifted_anchor(exporter: Any) -> None:
    """An anchor of the right length but the wrong text: both our check and the validator see it."""
    g, text = good_graph(exporter)
    mention, anchor = next(iter(g.subject_objects(NIF.anchorOf)))
    g.set((mention, NIF.anchorOf, Literal(str(anchor)[1:] + " ")))  # same length, shifted text
    with pytest.raises(AssertionError):
        checked_anchors(g, text)
    assert not validate_graph(g, exporter.shapes).conforms()


def test_the_turtle_check_catches_an_iri_oxigraph_refuses(exporter: Any) -> None:
    """The defect of issue 19, point 3, put back by hand: the check must refuse the graph."""
    g, text = good_graph(exporter)
    [article] = g.subjects(RDF.type, NK.Article)
    g.add((article, SCHEMA.url, URIRef("https://x.example/a#b#c")))  # rdflib writes it, Oxigraph refuses it
    with pytest.raises(SyntaxError):
        assert_turtle_loads(g, text)
