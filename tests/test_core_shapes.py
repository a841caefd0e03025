"""The SHACL Core shapes (shapes/newskg-core.ttl, for engines without SHACL-SPARQL) are what
scripts/core_shapes.py writes, and give the full shapes' results on every injected defect except
the four SPARQL offset checks, which only the full file can make."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib.namespace import SH
from test_mapping import RUN, extraction_from_case
from test_shapes import CASE, OFFSET_DEFECTS, VIOLATIONS, WARNINGS

from kg.rdf.iris import IriMinter
from kg.rdf.mapping import map_extraction
from kg.validate import SHAPES_FILE, load_shapes, validate_graph

ROOT = Path(__file__).resolve().parent.parent
CORE_FILE = SHAPES_FILE.with_name("newskg-core.ttl")
DEFECTS = {**{f"violation: {k}": m for k, (m, _) in VIOLATIONS.items()},
           **{f"warning: {k}": m for k, m in WARNINGS.items()},
           **{f"offset: {k}": m for k, m in OFFSET_DEFECTS.items()}}
SPARQL_ONLY = str(SH.SPARQLConstraintComponent)


def test_the_shipped_core_files_are_what_the_script_writes():
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "core_shapes.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (ROOT / "shapes" / "newskg-core.ttl").read_bytes() == CORE_FILE.read_bytes()


def test_the_core_file_has_no_sparql():
    core = load_shapes([str(CORE_FILE)])
    assert not list(core.subjects(SH.sparql, None)) and not list(core.subjects(SH.select, None))


def key(report) -> list[tuple]:
    return sorted((f.focus, f.path or "", f.severity, f.message, f.shape or "", f.component or "")
                  for f in report.findings)


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_core_and_full_shapes_agree_on_each_defect(name):
    g = map_extraction(extraction_from_case(json.loads(CASE.read_text())), IriMinter(), RUN)
    DEFECTS[name](g)
    full = validate_graph(g, load_shapes([str(SHAPES_FILE)]))
    core = validate_graph(g, load_shapes([str(CORE_FILE)]))
    sparql = [f for f in full.findings if f.component == SPARQL_ONLY]
    assert key(core) == sorted(k for k in key(full) if k[5] != SPARQL_ONLY)
    assert full.findings and (core.findings or sparql)
