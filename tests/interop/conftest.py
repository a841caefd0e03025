"""The corpus exports the interop tests read: the 144 Wikinews articles without a knowledge
base (``plain``, the session's ``corpus_export``) and linked against one built from
``../shared/wikidata`` (``linked``: the benchmark entity list, whole items and the seed fixture)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import PROV, RDF

from kg.rdf.vocab import NK


def merged(dataset: Dataset, graphs: list | None = None) -> Graph:
    """The triples of the named graphs (all of them by default) in one graph: what a user gets
    loading several article files into one store's default graph."""
    out = Graph()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        if graphs is None or g in graphs:
            out.add((s, p, o))
    return out


def articles_per_entity(graph: Graph) -> Counter:
    """How many articles each entity node of a merged graph is derived from."""
    return Counter(e for e in graph.subjects(RDF.type, NK.Entity) for _ in graph.objects(e, PROV.wasDerivedFrom))


@pytest.fixture(scope="session")
def linked_export(shared, tmp_path_factory) -> Path:
    from kg.link.kb.build import build_kb
    from kg.pipeline import Exporter

    wikidata = shared / "wikidata"
    kb = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    build_kb([str(wikidata / "lists" / "benchmark_entities.tsv"), *map(str, sorted((wikidata / "entities").glob("Q*.json"))),
              str(wikidata / "fixture" / "wd_fixture.ttl")], kb)
    out = tmp_path_factory.mktemp("linked-export")
    result = Exporter(kb=kb).export([str(shared / "corpus" / "wikinews.jsonl")], out)
    assert result.errors == [] and len(result.articles) == 144
    assert result.report.violations == [], result.report.violations[:5]  # issue 18, point 1
    return out


@pytest.fixture(scope="session", params=["plain", "linked"])
def export(request) -> Path:
    """The export folder (articles/*.ttl, newskg.trig, ontology/, manifest.json)."""
    if request.param == "plain":
        return request.getfixturevalue("corpus_export")[1]
    return request.getfixturevalue("linked_export")


@pytest.fixture(scope="session")
def linked_dataset(linked_export) -> Dataset:
    dataset = Dataset()
    dataset.parse(linked_export / "newskg.trig", format="trig")
    return dataset


@pytest.fixture(scope="session")
def dataset(export) -> Dataset:
    dataset = Dataset()
    dataset.parse(export / "newskg.trig", format="trig")
    return dataset


@pytest.fixture(scope="session")
def union(dataset, tmp_path_factory) -> tuple[Graph, Path]:
    """Every article graph of the export in one graph, and that graph as N-Triples."""
    graph = merged(dataset)
    path = tmp_path_factory.mktemp("union") / "union.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return graph, path
