"""`kg validate` as a CI gate: GitHub annotations pointing at lines, JUnit XML, user shapes, exit codes."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import cli
from kg.rdf.vocab import NK, SCHEMA

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def article_ttl(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gate")
    assert CliRunner().invoke(cli, ["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(out), "-q"]).exit_code == 0
    return out / "articles" / "trump-maduro.ttl"


def broken_copy(src: Path, dst: Path, n_events: int = 2) -> Path:
    """Inject one violation per event (a second, non-PLOVER event type) into n events."""
    g = Graph().parse(src)
    for e in sorted(g.subjects(NK.eventType, None))[:n_events]:
        g.add((e, NK.eventType, URIRef("https://example.org/NotPlover")))
    g.serialize(dst, format="turtle")
    return dst


def test_github_format_prints_one_annotation_per_violation_at_the_focus_line(article_ttl, tmp_path):
    bad = broken_copy(article_ttl, tmp_path / "bad.ttl", n_events=3)
    res = CliRunner().invoke(cli, ["validate", str(bad), "-f", "github"])
    assert res.exit_code == 1
    errors = [line for line in res.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 3 * 2  # per event: two types (maxCount) and one outside the list (sh:in)
    lines = bad.read_text().splitlines()
    for annotation in errors:
        m = re.match(r"::error file=([^,]+),line=(\d+),title=[^:]+::(.*)", annotation)
        assert m and m.group(1) == str(bad)
        focus = re.search(r"<([^>]+)>", m.group(3)).group(1)
        assert lines[int(m.group(2)) - 1].startswith(f"<{focus}>")
    assert "violations" in res.stderr and "1 inputs" in res.stderr


def test_junit_report(article_ttl, tmp_path):
    bad = broken_copy(article_ttl, tmp_path / "bad.ttl", n_events=1)
    junit = tmp_path / "junit.xml"
    res = CliRunner().invoke(cli, ["validate", str(bad), "-f", "junit", "-o", str(junit)])
    assert res.exit_code == 1 and res.stdout == ""
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("1", "1")
    [case] = suite.findall("testcase")
    assert case.get("classname") == str(bad)
    assert len(case.findall("failure")) == 2


def test_user_shapes_add_to_ours_or_replace_them(article_ttl, tmp_path):
    theirs = tmp_path / "theirs.ttl"
    theirs.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
@prefix nk: <https://w3id.org/newskg/ontology#> .
<urn:x:NeedsUrl> a sh:NodeShape ; sh:targetClass nk:Article ;
  sh:property [ sh:path schema:url ; sh:minCount 1 ; sh:message "our newsroom wants a URL" ] .
""")
    runner = CliRunner()
    both = runner.invoke(cli, ["validate", str(article_ttl), "-s", str(theirs), "-f", "json"])
    assert both.exit_code == 1 and "our newsroom wants a URL" in both.stdout
    g = Graph().parse(article_ttl)
    art = next(g.subjects(predicate=None, object=NK.Article))
    g.remove((art, SCHEMA.articleBody, None))  # breaks our shapes, not theirs
    g.add((art, SCHEMA.url, URIRef("https://example.org/a")))
    fixed = tmp_path / "fixed.ttl"
    g.serialize(fixed, format="turtle")
    assert runner.invoke(cli, ["validate", str(fixed), "-s", str(theirs)]).exit_code == 1
    assert runner.invoke(cli, ["validate", str(fixed), "-s", str(theirs), "--only-shapes"]).exit_code == 0


def test_warnings_fail_only_when_asked(article_ttl, tmp_path):
    g = Graph().parse(article_ttl)
    art = next(g.subjects(predicate=None, object=NK.Article))
    g.remove((art, SCHEMA.headline, None))
    thin = tmp_path / "thin.ttl"
    g.serialize(thin, format="turtle")
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(thin)]).exit_code == 0
    assert runner.invoke(cli, ["validate", str(thin), "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(cli, ["validate", str(thin), "--no-allow-warnings"]).exit_code == 1
    res = runner.invoke(cli, ["validate", str(thin), "-f", "github"])
    assert res.stdout.count("::warning") == 1 and "::error" not in res.stdout
