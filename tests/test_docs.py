"""The generated reference pages match the code and the ontology (regenerate: python docs/generate.py)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("page", ["cli", "ontology"])
def test_committed_page_is_up_to_date(page, tmp_path):
    res = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--out", str(tmp_path), "--only", page],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    name = f"{page}.md"
    assert (tmp_path / name).read_text() == (ROOT / "docs" / name).read_text(), (
        f"docs/{name} is out of date: run python docs/generate.py")


def test_queries_page_builds_with_results(tmp_path):
    res = subprocess.run([sys.executable, str(ROOT / "docs" / "generate.py"), "--out", str(tmp_path), "--only",
                          "queries"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    page = (tmp_path / "queries.md").read_text()
    assert page.count("Result on the seed export") == 4 and "Nicolás Maduro" in page


def test_every_command_is_in_the_cli_reference():
    from kg.cli import cli

    text = (ROOT / "docs" / "cli.md").read_text()
    for name, cmd in cli.commands.items():
        assert f"## kg {name}\n" in text
        for sub in getattr(cmd, "commands", {}):
            assert f"## kg {name} {sub}\n" in text
