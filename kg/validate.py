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
from rdflib.namespace import RDF, SH

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


def validate_graph(graph: Graph, shapes: Graph | None = None, fast: bool = False) -> Report:
    """pySHACL over one graph. ``fast`` hands our four SPARQL offset constraints to an equivalent
    Python check (``offset_findings``): the same findings, about five times faster per article;
    a test keeps the two in agreement on injected defects."""
    shapes = shapes if shapes is not None else load_shapes()
    if fast:
        shapes = _without_offset_sparql(shapes)
    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none",
                                                 advanced=True, allow_warnings=True)
    report = Report(graphs=1)
    if fast:
        report.findings.extend(offset_findings(graph))
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


NKS = "https://w3id.org/newskg/shapes#"
OFFSET_SHAPE = URIRef(NKS + "MentionOffsetsShape")
_OFFSET_MESSAGES = {
    "ordered": "mention {}: nif:endIndex must be greater than nif:beginIndex",
    "length": "mention {}: the length of nif:anchorOf must equal endIndex - beginIndex",
    "iri": "mention {}: its IRI must end with #char=BEGIN,END matching its offsets",
    "text": "mention {}: nif:anchorOf must be the article text between beginIndex and endIndex",
}


@functools.lru_cache(maxsize=8)
def _without_offset_sparql_cached(key: int, shapes: Graph) -> Graph:
    out = Graph()
    for t in shapes:
        if not (t[0] == OFFSET_SHAPE and t[1] == SH.sparql):
            out.add(t)
    return out


def _without_offset_sparql(shapes: Graph) -> Graph:
    return _without_offset_sparql_cached(id(shapes), shapes)


def _ints(graph: Graph, node, prop) -> list[int]:
    out = []
    for lit in graph.objects(node, prop):
        try:
            value = lit.toPython() if getattr(lit, "datatype", None) else None
            out.append(int(value)) if isinstance(value, int) else None
        except (TypeError, ValueError):
            continue
    return out


def offset_findings(graph: Graph) -> list[Finding]:
    """The four offset constraints of shapes/newskg.ttl (nks:MentionOffsetsShape) in Python."""
    from kg.vocab import NIF, NK, SCHEMA

    findings = []
    for article in graph.subjects(RDF.type, NK.Article):
        prefix = str(article)
        bodies = [str(b) for b in graph.objects(article, SCHEMA.articleBody)]
        for m in set(graph.subjects(NIF.beginIndex, None)):
            name = str(m)
            if not name.startswith(prefix):
                continue
            in_article = name.startswith(prefix + "#char=")
            begins, ends = _ints(graph, m, NIF.beginIndex), _ints(graph, m, NIF.endIndex)
            anchors = [str(a) for a in graph.objects(m, NIF.anchorOf)]
            kinds = set()
            for b in begins:
                for e in ends:
                    if in_article and e <= b:
                        kinds.add("ordered")
                    if in_article and any(len(a) != e - b for a in anchors):
                        kinds.add("length")
                    if in_article and any(_substr(body, b, e) != a for body in bodies for a in anchors):
                        kinds.add("text")
            lexical_ends = [str(e) for e in graph.objects(m, NIF.endIndex)]
            if any(name != f"{prefix}#char={b},{e}" for b in graph.objects(m, NIF.beginIndex) for e in lexical_ends):
                kinds.add("iri")  # compared as text, as the SPARQL constraint does
            for kind in sorted(kinds):
                findings.append(Finding(graph=str(graph.identifier), focus=prefix, path=None, severity="Violation",
                                        message=_OFFSET_MESSAGES[kind].format(name), value=name,
                                        shape=str(OFFSET_SHAPE)))
    return findings


def _substr(body: str, b: int, e: int) -> str:
    """SPARQL's SUBSTR(?body, b + 1, e - b): 1-based start, clipped to the string."""
    start, length = b + 1, e - b
    lo, hi = max(start, 1), start + length
    return body[lo - 1:hi - 1] if hi > lo else ""


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
