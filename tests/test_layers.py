"""The layers contract (pyproject's [tool.importlinter]) is kept, and it bites: an import up
the layers, tried in a copy of the package, makes `lint-imports` fail and name the import."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture()
def copy_of_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "kg", tmp_path / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_copy_keeps_the_contract(copy_of_package: Path) -> None:
    result = _lint(copy_of_package)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, upward", [
    ("rdf/iris.py", "kg.cli"),             # a stage importing the CLI
    ("extract/roles.py", "kg.link"),       # extraction importing a later stage
    ("lexicon.py", "kg.annotate.dateline"),  # shared data importing a stage
])
def test_an_import_up_the_layers_breaks_the_contract(copy_of_package: Path, module: str, upward: str) -> None:
    path = copy_of_package / "kg" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\nimport {upward}  # tried by the test\n", encoding="utf-8")
    result = _lint(copy_of_package)
    assert result.returncode == 1, result.stdout + result.stderr
    importer = "kg." + module.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> {upward}" in result.stdout
