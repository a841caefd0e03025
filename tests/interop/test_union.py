"""What holds for one article graph holds for the union: the 144 Wikinews articles merged into
one graph (as a user loading every file into one store gets them) conform to the shapes with
pySHACL, Jena's shacl and rudof, and their shared nodes carry no clashing facts."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SH

from interop.conftest import articles_per_entity
from kg.rdf.vocab import NK
from kg.validate import SHAPES_FILE, validate_graph

ENTITY_CLASSES = {NK.Person, NK.Organization, NK.Location, NK.Group}

pytestmark = pytest.mark.slow


def test_union_shares_entities_between_articles(union):
    """The union test means something only if articles meet on shared nodes."""
    g, _ = union
    assert sum(1 for n in articles_per_entity(g).values() if n > 1) > 50


def test_shared_entities_have_one_label_and_one_type(union):
    g, _ = union
    entities = set(g.subjects(RDF.type, NK.Entity))
    two_labels = sorted(str(e) for e in entities if len(set(g.objects(e, RDFS.label))) != 1)
    two_types = sorted(str(e) for e in entities if len(set(g.objects(e, RDF.type)) & ENTITY_CLASSES) != 1)
    assert two_labels == [] and two_types == []


@pytest.fixture(scope="session")
def our_results(union) -> set[tuple[str, str, str]]:
    """(focus, path, severity) of each result: pySHACL's verdicts, through the fast path (pySHACL
    itself takes over ten minutes on the union; tests/test_shapes.py keeps the two equal)."""
    g, _ = union
    return {(f.focus, f.path or "", f.severity) for f in validate_graph(g, fast=True).findings}


def test_union_conforms_with_pyshacl(our_results):
    assert {r for r in our_results if r[2] == "Violation"} == set()


def test_union_conforms_with_jena_shacl(union, our_results):
    """Jena's report has the results ours has (warnings only: the spec's sh:conforms is false
    beside any result, so it is not the test)."""
    if shutil.which("shacl") is None:
        pytest.skip("Jena's shacl is not installed (.ci/install-interop)")
    _, path = union
    run = subprocess.run(["shacl", "validate", "--shapes", str(SHAPES_FILE), "--data", str(path)],
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-2000:]
    report = Graph().parse(data=run.stdout, format="turtle")
    theirs = {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath) or ""),
               str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[1]) for r in report.objects(None, SH.result)}
    assert theirs == our_results


def test_union_conforms_with_rudof(union, our_results):
    """rudof's native engine on the full shapes file, the four SPARQL offset checks included
    (bench/validation_union.py shows it reporting them on an injected defect, as pySHACL does)."""
    pyrudof = pytest.importorskip("pyrudof")
    _, path = union
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(str(path), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    rudof.read_shacl(str(SHAPES_FILE), format=pyrudof.ShaclFormat.Turtle)
    report = rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    theirs = {(str(v.focus_node).strip("<>"), str(v.path or "").strip("<>"), str(v.severity).rsplit("#", 1)[-1].strip("<>"))
              for v in report.violations}
    assert theirs == our_results
