"""Validation reports rendered for people and for CI: human, JSON, SHACL Turtle, GitHub annotations, JUnit XML."""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.validate.shacl import Finding, Report

__all__ = ["report_graph", "render", "FORMATS", "line_of"]

FORMATS = ("human", "turtle", "json", "github", "junit")


def report_graph(report: Report) -> Graph:
    """The report as the SHACL spec shapes it (section 3.6): ``sh:conforms`` is false when
    there is any result, warnings included (whether warnings fail a run is the CLI's
    ``--fail-on``, not the report's), and every result names its focus node, severity,
    source shape and constraint component, with its path and value where it has them."""
    g = Graph()
    g.bind("sh", SH)
    root = BNode()
    g.add((root, RDF.type, SH.ValidationReport))
    g.add((root, SH.conforms, Literal(not report.findings)))
    for f in report.findings:
        r = BNode()
        g.add((root, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, URIRef(f.focus)))
        g.add((r, SH.resultSeverity, SH[f.severity]))
        g.add((r, SH.resultMessage, Literal(f.message)))
        if f.path:
            g.add((r, SH.resultPath, URIRef(f.path)))
        if f.shape:
            g.add((r, SH.sourceShape, URIRef(f.shape)))
        if f.component:
            g.add((r, SH.sourceConstraintComponent, URIRef(f.component)))
        if f.value_term is not None:
            g.add((r, SH.value, f.value_term))
    return g


def human(f: Finding) -> str:
    path = f" {f.path}" if f.path else ""
    value = f" (value {f.value})" if f.value else ""
    return f"{f.severity}: <{f.focus}>{path}: {f.message}{value} [graph <{f.graph}>]"


class _Lines:
    """Where a focus node first appears in its data file, for annotations that point at a line."""

    def __init__(self) -> None:
        self.texts: dict[str, list[str]] = {}

    def line(self, file: str, iri: str) -> int:
        if file not in self.texts:
            try:
                self.texts[file] = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                self.texts[file] = []
        return line_of(self.texts[file], iri)


def line_of(lines: list[str], iri: str) -> int:
    full = f"<{iri}>"
    local = re.split(r"[/#]", iri)[-1]
    for i, text in enumerate(lines, start=1):
        if text.lstrip().startswith(full):
            return i
    for i, text in enumerate(lines, start=1):
        if full in text or (local and re.search(rf":{re.escape(local)}\b", text)):
            return i
    return 1


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def render(report: Report, fmt: str, files: dict[str, str]) -> str:
    """``files`` maps each graph IRI to the data file it came from."""
    if fmt == "json":
        return json.dumps({"conforms": report.conforms(), "graphs": report.graphs,
                           "results": [{**f.as_dict(), "file": files.get(f.graph)} for f in report.findings]},
                          indent=1)
    if fmt == "turtle":
        return report_graph(report).serialize(format="turtle")
    if fmt == "github":
        lines = _Lines()
        out = []
        for f in report.findings:
            level = "error" if f.severity == "Violation" else "warning"
            file = files.get(f.graph, "")
            out.append(f"::{level} file={_gh_escape(file, True)},line={lines.line(file, f.focus)},"
                       f"title={_gh_escape('SHACL ' + f.severity, True)}::{_gh_escape(human(f))}")
        return "\n".join(out)
    if fmt == "junit":
        return junit(report, files)
    return "\n".join(human(f) for f in report.findings) or "no findings"


def junit(report: Report, files: dict[str, str]) -> str:
    """One test case per validated graph; a failure per violation (warnings go to system-out)."""
    by_graph: dict[str, list[Finding]] = {g: [] for g in files}
    for f in report.findings:
        by_graph.setdefault(f.graph, []).append(f)
    cases = []
    for graph, findings in by_graph.items():
        failures = "".join(f"<failure message={quoteattr(f.message)} type=\"{f.severity}\">{escape(human(f))}</failure>"
                           for f in findings if f.severity == "Violation")
        others = "\n".join(human(f) for f in findings if f.severity != "Violation")
        out = f"<system-out>{escape(others)}</system-out>" if others else ""
        cases.append(f"  <testcase classname={quoteattr(files.get(graph, ''))} name={quoteattr(graph)}>"
                     f"{failures}{out}</testcase>")
    n_fail = sum(1 for fs in by_graph.values() if any(f.severity == "Violation" for f in fs))
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            f"<testsuite name=\"kg validate\" tests=\"{len(by_graph)}\" failures=\"{n_fail}\" errors=\"0\">\n"
            + "\n".join(cases) + "\n</testsuite>")
