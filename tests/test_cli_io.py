"""The CLI as a pipe and on folders (issue 18, point 7): ``-`` reads RDF from stdin in
validate, query, push and show; ``kg validate DIR`` validates an export folder; ``-q`` prints
errors only; bad RDF is one error line naming its input, never a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from kg.cli import cli
from kg.rdf.vocab import NK, SCHEMA

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed_export(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-io")
    result = CliRunner().invoke(cli, ["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    return out


def article_ttl(out: Path) -> str:
    return (out / "articles" / "trump-maduro.ttl").read_text(encoding="utf-8")


def invoke(args: list[str], stdin: str | bytes | None = None):
    return CliRunner().invoke(cli, args, input=stdin)


def test_validate_reads_turtle_and_trig_from_stdin(seed_export):
    res = invoke(["validate", "-", "-f", "json"], article_ttl(seed_export))
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["conforms"] is True
    trig = (seed_export / "newskg.trig").read_text(encoding="utf-8")
    res = invoke(["validate", "-", "--data-format", "trig", "-f", "json"], trig)
    assert res.exit_code == 0 and json.loads(res.stdout)["graphs"] == 1


def test_validate_a_folder_validates_the_export(seed_export):
    res = invoke(["validate", str(seed_export), "-f", "json"])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["graphs"] == 1  # the article graph; the vocabularies are not data


def test_validate_a_folder_of_rdf_files(seed_export, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.ttl").write_text(article_ttl(seed_export), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not RDF")
    res = invoke(["validate", str(tmp_path), "-f", "json"])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["graphs"] == 1


def test_bad_rdf_on_stdin_is_one_line_naming_stdin(seed_export):
    res = invoke(["validate", "-"], "<a> <b> .")
    assert res.exit_code == 2
    assert "Traceback" not in res.stderr and "stdin" in res.stderr.splitlines()[0]


def test_bad_literal_is_a_violation_not_a_traceback(seed_export, tmp_path):
    g = Graph().parse(data=article_ttl(seed_export), format="turtle")
    article = next(g.subjects(RDF.type, NK.Article))
    g.set((article, SCHEMA.datePublished, Literal("2025-13-45", datatype=XSD.date)))
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(g.serialize(format="turtle"), encoding="utf-8")
    res = invoke(["validate", str(bad)])
    assert res.exit_code == 1
    assert "Traceback" not in res.stderr and "datePublished" in res.stdout
    res = invoke(["validate", "-q", str(bad)])
    assert res.exit_code == 1 and "does not conform" not in res.stderr


def test_syntax_error_names_the_file_and_exits_2(tmp_path):
    bad = tmp_path / "broken.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n')
    res = invoke(["validate", str(bad)])
    assert res.exit_code == 2
    assert "Traceback" not in res.stderr and "broken.ttl" in res.stderr


def test_query_reads_data_from_stdin(seed_export):
    query = "PREFIX nk: <https://w3id.org/newskg/ontology#> SELECT (COUNT(*) AS ?n) WHERE { ?e a nk:Event }"
    res = invoke(["query", query, "-", "-o", "json"], article_ttl(seed_export))
    assert res.exit_code == 0, res.stderr
    rows = json.loads(res.stdout)
    events = len(set(Graph().parse(data=article_ttl(seed_export), format="turtle").subjects(NK.eventType, None)))
    assert int(rows[0]["n"]) == events > 0


def test_push_reads_data_from_stdin(seed_export, tmp_path):
    from servers import OxigraphServer

    server = OxigraphServer(tmp_path / "store").start()
    try:
        res = invoke(["push", "-", "--endpoint", server.query_url, "--state", str(tmp_path / "state.json"), "--verify"],
                     article_ttl(seed_export))
        assert res.exit_code == 0, res.stderr
        count = invoke(["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--endpoint",
                        server.query_url, "-o", "json"])
        n = int(json.loads(count.stdout)[0]["n"])
        assert n == len(Graph().parse(data=article_ttl(seed_export), format="turtle"))
    finally:
        server.stop()


def test_show_reads_an_exported_graph_from_stdin(seed_export):
    res = invoke(["show", "-"], article_ttl(seed_export))
    assert res.exit_code == 0, res.stderr
    page_from_file = invoke(["show", str(seed_export / "articles" / "trump-maduro.ttl")])
    assert res.stdout == page_from_file.stdout


def test_show_still_reads_a_raw_article_from_stdin():
    text = (ROOT / "seeds" / "trump-maduro.txt").read_text(encoding="utf-8")
    res = invoke(["show", "-"], text)
    assert res.exit_code == 0, res.stderr
    assert "Maduro" in res.stdout


def test_quiet_export_prints_nothing_but_errors(tmp_path):
    seed = ROOT / "seeds" / "trump-maduro.txt"
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed.read_bytes())  # the same article twice: a warning, not an error
    res = invoke(["export", str(seed), str(copy), "-o", str(tmp_path / "out"), "-q"])
    assert res.exit_code == 0 and res.stderr == ""
    loud = invoke(["export", str(seed), str(copy), "-o", str(tmp_path / "out2")])
    assert "warning" in loud.stderr


def test_output_errors_are_one_line_and_exit_2(tmp_path):
    """Issue 19, point 7: ``-o afile/sub`` was a NotADirectoryError traceback with exit 1."""
    blocker = tmp_path / "afile"
    blocker.write_text("a file, not a folder")
    res = invoke(["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(blocker / "sub"), "-q"])
    assert res.exit_code == 2, res.stderr
    assert "Traceback" not in res.stderr and "afile" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    report = invoke(["validate", str(ROOT / "kg" / "rdf" / "ontology" / "plover.ttl"), "-f", "junit",
                     "-o", str(blocker / "junit.xml")])
    assert report.exit_code == 2 and "Traceback" not in report.stderr and "afile" in report.stderr


def test_credentials_in_an_endpoint_url_are_never_printed(seed_export):
    """Issue 19, point 10: an endpoint URL with user:password@ was echoed in errors."""
    from servers import free_port

    url = f"http://bob:s3cret-pw@127.0.0.1:{free_port()}/query"  # nothing listens there
    for args in (["query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", url],
                 ["push", str(seed_export), "--endpoint", url, "--method", "update"],
                 ["validate", "--endpoint", url]):
        res = invoke(args)
        assert res.exit_code == 2, (args, res.stderr)
        assert "s3cret-pw" not in res.stderr + res.stdout and "***@127.0.0.1" in res.stderr, res.stderr


def test_a_re_export_leaves_only_its_own_articles(tmp_path):
    """Issue 19, point 10: stale articles/*.ttl of an earlier export survived a re-export into the same folder."""
    out = tmp_path / "out"
    assert invoke(["export", str(ROOT / "seeds"), "-o", str(out), "-q"]).exit_code == 0
    assert len(list((out / "articles").glob("*.ttl"))) == 2
    res = invoke(["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(out)])
    assert res.exit_code == 0 and "removed 1 files of an earlier export" in res.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(str(p.relative_to(out)) for p in (out / "articles").glob("*.ttl")) == [a["file"] for a in manifest["articles"]]
