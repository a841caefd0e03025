"""SHACL validation: shapes parsed once, each article graph checked on its own.

Article graphs are validated separately (as the graph layout is per article), so a finding
always names the graph it is in.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.errors import ShapesError
from kg.resources import SHAPES_FILE
from kg.write import format_for

__all__ = ["Finding", "Report", "load_shapes", "validate_graph", "validate_graphs", "load_data"]


@dataclass(frozen=True)
class Finding:
    graph: str
    focus: str
    path: str | None
    severity: str  # Violation, Warning, Info
    message: str
    value: str | None
    shape: str | None

    def as_dict(self) -> dict:
        return self.__dict__.copy()


@dataclass
class Report:
    graphs: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    def conforms(self, fail_on: str = "violation") -> bool:
        return not (self.violations or (fail_on == "warning" and self.warnings))

    def extend(self, other: "Report") -> None:
        self.graphs += other.graphs
        self.findings.extend(other.findings)


@functools.lru_cache(maxsize=8)
def _parse_shapes(paths: tuple[str, ...]) -> Graph:
    shapes = Graph()
    for p in paths:
        fmt = format_for(p) or "turtle"
        try:
            shapes.parse(p, format=fmt)
        except FileNotFoundError:
            raise ShapesError("shapes file not found", p) from None
        except Exception as exc:  # rdflib raises many parser-specific types
            raise ShapesError(f"cannot parse shapes: {exc}", p) from None
    return shapes


def load_shapes(paths: Iterable[str | Path] | None = None) -> Graph:
    """Our shapes by default; parsed once per process for a given set of files."""
    files = tuple(str(p) for p in (paths or [SHAPES_FILE]))
    return _parse_shapes(files)


def _local(term) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def validate_graph(graph: Graph, shapes: Graph | None = None) -> Report:
    shapes = shapes if shapes is not None else load_shapes()
    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none",
                                                 advanced=True, allow_warnings=True)
    report = Report(graphs=1)
    for r in results.subjects(SH.resultSeverity, None):
        get = lambda p: results.value(r, p)  # noqa: E731
        report.findings.append(Finding(
            graph=str(graph.identifier), focus=str(get(SH.focusNode)),
            path=str(get(SH.resultPath)) if get(SH.resultPath) is not None else None,
            severity=_local(get(SH.resultSeverity)), message=str(get(SH.resultMessage) or "constraint not met"),
            value=str(get(SH.value)) if get(SH.value) is not None else None,
            shape=str(get(SH.sourceShape)) if isinstance(get(SH.sourceShape), URIRef) else None,
        ))
    report.findings.sort(key=lambda f: (f.graph, f.focus, f.path or "", f.message))
    return report


def validate_graphs(graphs: Iterable[Graph], shapes: Graph | None = None) -> Report:
    report = Report()
    for g in graphs:
        report.extend(validate_graph(g, shapes))
    return report


def load_data(path: str | Path) -> list[Graph]:
    """The graphs in a data file: each named graph of a TriG/N-Quads file, or the one graph of a
    Turtle file (named by its article's IRI)."""
    from kg.rdf_files import graphs_in_file

    if not Path(path).is_file():
        raise ShapesError("no such file", str(path))
    return list(graphs_in_file(Path(path)))
