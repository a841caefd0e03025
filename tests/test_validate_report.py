"""``kg validate -f turtle`` is a SHACL validation report as the spec shapes it, with the results
pySHACL's own report gives on the same file: focus node, path, severity, source shape and
constraint component, for every defect test_shapes injects (violations, warnings, offsets)."""
from __future__ import annotations

import json

import pyshacl
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SH
from test_mapping import RUN, extraction_from_case
from test_shapes import CASE, OFFSET_DEFECTS, VIOLATIONS, WARNINGS

from kg.cli import cli
from kg.rdf.iris import IriMinter
from kg.rdf.mapping import map_extraction
from kg.validate import load_shapes

DEFECTS = {**{f"violation: {k}": m for k, (m, _) in VIOLATIONS.items()},
           **{f"warning: {k}": m for k, m in WARNINGS.items()},
           **{f"offset: {k}": m for k, m in OFFSET_DEFECTS.items()},
           "clean": lambda g: None}


def results(report: Graph) -> list[tuple]:
    """Each result's focus node, path, severity, source shape and component (and whether the
    spec's required ones are all there)."""
    out = []
    for r in report.objects(None, SH.result):
        get = lambda p: report.value(r, p)  # noqa: E731
        out.append((get(SH.focusNode), get(SH.resultPath), get(SH.resultSeverity), get(SH.sourceShape),
                     get(SH.sourceConstraintComponent)))
    return sorted(out, key=lambda t: tuple(str(x) for x in t))


@pytest.mark.parametrize("fast", [False, True], ids=["pyshacl", "fast"])
@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_turtle_report_has_pyshacls_results(name, fast, tmp_path):
    g = map_extraction(extraction_from_case(json.loads(CASE.read_text())), IriMinter(), RUN)
    DEFECTS[name](g)
    data = tmp_path / "data.ttl"
    g.serialize(data, format="turtle")
    args = ["validate", str(data), "-f", "turtle"] + (["--fast"] if fast else [])
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == (1 if name.startswith(("violation", "offset")) else 0), res.stderr
    ours = Graph().parse(data=res.stdout, format="turtle")

    _, theirs, _ = pyshacl.validate(Graph().parse(data), shacl_graph=load_shapes(), inference="none",
                                           advanced=True, allow_warnings=True)
    assert results(ours) == results(theirs)
    # conforms only without any result: pySHACL's allow_warnings says true beside warnings, the spec does not
    assert [bool(c) for c in ours.objects(None, SH.conforms)] == [name == "clean"]
    for focus, _path, severity, shape, component in results(ours):
        assert None not in (focus, severity, shape, component)
