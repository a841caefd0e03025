"""The pre-commit hook and the GitHub Action's step run as a user's repository would run them."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from kg.cli import cli
from kg.rdf.vocab import NK

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def good_and_bad(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("hook")
    assert CliRunner().invoke(cli, ["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(out), "-q"]).exit_code == 0
    good = out / "articles" / "trump-maduro.ttl"
    g = Graph().parse(good)
    g.remove((sorted(g.subjects(NK.eventType, None))[0], NK.actor, None))  # one violation
    bad = out / "bad.ttl"
    g.serialize(bad, format="turtle")
    return good, bad


def hook() -> dict:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    fields = dict(re.findall(r"^\s*-?\s*(id|entry|files|language):\s*(.+)$", text, re.M))
    return fields


def run_env() -> dict:
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}


def test_pre_commit_hook_entry_on_good_and_bad_files(good_and_bad, tmp_path):
    h = hook()
    assert h["id"] == "kg-validate" and h["language"] == "python"
    pattern = re.compile(h["files"])
    good, bad = good_and_bad
    assert pattern.search(good.name) and pattern.search("x.trig") and not pattern.search("x.py")
    entry = shlex.split(h["entry"])
    ok = subprocess.run([*entry, str(good)], capture_output=True, text=True, env=run_env(), timeout=120)
    assert ok.returncode == 0, ok.stderr
    fail = subprocess.run([*entry, str(good), str(bad)], capture_output=True, text=True, env=run_env(), timeout=120)
    assert fail.returncode == 1 and "Violation" in fail.stdout


def test_action_step_annotates_and_outputs_the_violation_count(good_and_bad, tmp_path):
    good, bad = good_and_bad
    output = tmp_path / "github_output"
    env = {**run_env(), "KG_DATA": f"{good} {bad}", "KG_SHAPES": "", "KG_FAIL_ON": "violation",
           "GITHUB_OUTPUT": str(output)}
    res = subprocess.run(["bash", str(ROOT / ".github" / "kg-validate.sh")], capture_output=True, text=True,
                         env=env, cwd=tmp_path, timeout=180)
    assert res.returncode == 1
    assert res.stdout.count("::error file=") == 1
    assert output.read_text().strip() == "violations=1"
    action = (ROOT / "action.yml").read_text()
    assert ".github/kg-validate.sh" in action and "violations:" in action and "fail-on:" in action


def test_config_file_then_environment_then_flags(good_and_bad, tmp_path, monkeypatch):
    good, _ = good_and_bad
    g = Graph().parse(good)
    g.remove((next(g.subjects(None, NK.Article)), URIRef("http://schema.org/headline"), None))  # a warning only
    thin = tmp_path / "thin.ttl"
    g.serialize(thin, format="turtle")
    (tmp_path / "kg.toml").write_text('[validate]\nfail-on = "warning"\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")  # found upward
    runner = CliRunner()
    assert runner.invoke(cli, ["validate", str(thin)]).exit_code == 1  # kg.toml
    assert runner.invoke(cli, ["validate", str(thin)], env={"KG_VALIDATE_FAIL_ON": "violation"}).exit_code == 0
    assert runner.invoke(cli, ["validate", str(thin), "--fail-on", "violation"]).exit_code == 0  # flag wins
    shown = runner.invoke(cli, ["config"], env={"KG_EXPORT_BATCH_SIZE": "8"}).stdout
    assert f"configuration file: {tmp_path / 'kg.toml'}" in shown
    assert re.search(r"--fail-on\s+= warning\s+# kg.toml", shown)
    assert re.search(r"--batch-size\s+= 8\s+# env KG_EXPORT_BATCH_SIZE", shown)
    (tmp_path / "kg.toml").write_text("[validate\n")
    broken = runner.invoke(cli, ["validate", str(thin)])
    assert broken.exit_code == 2 and "kg.toml" in broken.stderr
