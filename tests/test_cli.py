"""The CLI in-process: exit codes 0/1/2, errors on stderr naming the file, help on every command."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal

from kg.cli import cli
from kg.rdf.vocab import NK, PLOVER

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seed_export(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-out")
    result = CliRunner().invoke(cli, ["export", str(ROOT / "seeds"), "-o", str(out)])
    assert result.exit_code == 0, result.output + result.stderr
    return out, result


def test_export_seeds_writes_turtle_per_article_trig_and_vocabularies(seed_export):
    out, result = seed_export
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["articles/trump-maduro-json.ttl", "articles/trump-maduro.ttl", "manifest.json", "newskg.trig",
                     "ontology/newskg.ttl", "ontology/plover.ttl"]
    ds = Dataset()
    ds.parse(out / "newskg.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    for ttl in (out / "articles").glob("*.ttl"):
        g = Graph().parse(ttl)
        [article] = list(g.subjects(predicate=None, object=NK.Article))
        assert str(article) in graphs  # the same article graph, named by the article IRI
    assert "2 articles" in result.stderr and "0 violations" in result.stderr
    assert not list(out.rglob("*.part"))


def test_export_is_deterministic(seed_export, tmp_path):
    out, _ = seed_export
    result = CliRunner().invoke(cli, ["export", str(ROOT / "seeds"), "-o", str(tmp_path)])
    assert result.exit_code == 0
    for f in ("newskg.trig", "articles/trump-maduro.ttl"):
        assert (tmp_path / f).read_bytes() == (out / f).read_bytes()


def test_bad_input_is_reported_and_the_rest_exported(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("Leaders met in Paris on Monday to discuss trade.")
    (tmp_path / "in" / "bad.json").write_text('{"text": ')
    (tmp_path / "in" / "empty.txt").write_text("")
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "in"), str(tmp_path / "missing.txt"),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 3
    assert any("bad.json" in line and "malformed JSON" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("missing.txt" in line and "no such file" in line for line in lines)
    assert (tmp_path / "out" / "articles" / "good.ttl").exists()


def test_published_option_dates_the_seed_call(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(tmp_path),
                                      "--published", "2025-11-30", "-q"])
    assert result.exit_code == 0
    g = Graph().parse(tmp_path / "articles" / "trump-maduro.ttl")
    dates = {str(d) for e in g.subjects(NK.eventType, PLOVER.CONSULT) for d in g.objects(e, NK.date)}
    assert dates == {"2025-11-21"}


def test_validate_exit_codes(seed_export, tmp_path):
    out, _ = seed_export
    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(out / "newskg.trig"), "-f", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["conforms"] is True

    broken = Graph().parse(out / "articles" / "trump-maduro.ttl")
    for e in list(broken.subjects(NK.eventType, None))[:1]:
        broken.remove((e, NK.actor, None))
        broken.set((e, NK.negated, Literal("perhaps")))
    bad = tmp_path / "bad.ttl"
    broken.serialize(bad, format="turtle")
    res = runner.invoke(cli, ["validate", str(bad), "-f", "github"])
    assert res.exit_code == 1
    assert len([line for line in res.stdout.splitlines() if line.startswith("::error")]) == 2

    (tmp_path / "syntax.ttl").write_text("<a> <b> .")
    assert runner.invoke(cli, ["validate", str(tmp_path / "syntax.ttl")]).exit_code == 2
    assert runner.invoke(cli, ["validate", str(tmp_path / "none.ttl")]).exit_code == 2
    missing_shapes = runner.invoke(cli, ["validate", str(bad), "-s", str(tmp_path / "no-shapes.ttl")])
    assert missing_shapes.exit_code == 2 and "no-shapes.ttl" in missing_shapes.stderr


def test_validate_turtle_report_parses(seed_export):
    out, _ = seed_export
    res = CliRunner().invoke(cli, ["validate", str(out / "articles" / "trump-maduro.ttl"), "-f", "turtle"])
    assert res.exit_code == 0
    assert len(Graph().parse(data=res.stdout, format="turtle")) >= 2


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in _commands(cli)], ids=" ".join)
def test_every_command_has_help(path):
    res = CliRunner().invoke(cli, [*path, "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output
    assert len(cli.get_command(None, path[0]).help or "") > 20


def test_python_dash_m_kg():
    res = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "export" in res.stdout
