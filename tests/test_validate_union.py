"""`kg validate` judges many article graphs as the store that merges them would: a node two
articles describe (a linked entity) is checked on all they say together, as pySHACL over the
merged graph checks it, while each graph's own nodes are checked graph by graph."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph, Literal, URIRef

from kg.cli import cli
from kg.validate import load_shapes, validate_graph

ROOT = Path(__file__).resolve().parent.parent
VENEZUELA = URIRef("https://w3id.org/newskg/id/entity/Q717")


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("union")
    result = CliRunner().invoke(cli, ["export", str(ROOT / "seeds"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return out


def _relabel(src: Path, dst: Path) -> None:
    """One article calls the linked country by another label: each article still conforms alone."""
    shutil.copytree(src, dst)
    article = sorted((dst / "articles").glob("*.ttl"))[0]
    g = Graph().parse(article)
    assert (VENEZUELA, RDFS.label, Literal("Venezuela")) in g
    g.set((VENEZUELA, RDFS.label, Literal("Bolivarian Republic of Venezuela")))
    g.serialize(article, format="turtle")


def _merged(folder: Path) -> Graph:
    g = Graph(identifier=URIRef("union"))
    for f in sorted((folder / "articles").glob("*.ttl")):
        g.parse(f)
    return g


def test_a_clash_only_the_union_shows_fails_the_union_and_not_each_graph(seeds_export, tmp_path):
    _relabel(seeds_export, tmp_path / "out")
    articles = [str(f) for f in sorted((tmp_path / "out" / "articles").glob("*.ttl"))]
    union = CliRunner().invoke(cli, ["validate", *articles, "-f", "json"])
    per_graph = CliRunner().invoke(cli, ["validate", *articles, "--per-graph"])
    assert per_graph.exit_code == 0, per_graph.output
    assert union.exit_code == 1 and str(VENEZUELA) in union.stdout and '"graph": "union"' in union.stdout
    pyshacl = validate_graph(_merged(tmp_path / "out"), load_shapes(None), fast=False)
    assert {f.focus for f in pyshacl.violations} == {str(VENEZUELA)}


def test_the_union_verdict_is_pyshacls_on_the_merged_graph(seeds_export):
    """Findings (focus, path, message) equal pySHACL's over the merged articles, warnings included."""
    result = CliRunner().invoke(cli, ["validate", str(seeds_export), "-f", "json"])
    ours = sorted((f["focus"], f["path"] or "", f["message"]) for f in json.loads(result.stdout)["results"])
    theirs = validate_graph(_merged(seeds_export), load_shapes(None), fast=False)
    assert ours == sorted((f.focus, f.path or "", f.message) for f in theirs.findings)
