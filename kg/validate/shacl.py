"""SHACL validation: shapes parsed once, each article graph checked on its own.

Article graphs are validated separately (as the graph layout is per article), so a finding
always names the graph it is in.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.errors import ShapesError
from kg.rdf.triples import ArticleTriples
from kg.rdf.vocab import NIF, NK, SCHEMA
from kg.rdf.write import format_for
from kg.validate.fast import CorePlan, Index, compile_shapes

__all__ = ["Finding", "Report", "load_shapes", "validate_graph", "validate_graphs", "load_data", "SHAPES_FILE"]

# The project's shapes ship in the package; ``shapes/`` at the top of the repository is the
# published copy, tested equal.
SHAPES_FILE = Path(__file__).resolve().parent / "shapes" / "newskg.ttl"


@dataclass(frozen=True)
class Finding:
    graph: str
    focus: str
    path: str | None
    severity: str  # Violation, Warning, Info
    message: str
    value: str | None
    shape: str | None
    component: str | None = None  # the sh:sourceConstraintComponent
    value_term: object = field(default=None, compare=False, repr=False)  # sh:value as the RDF term

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "value_term"}


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


def validate_graph(graph: Graph | ArticleTriples, shapes: Graph | None = None, fast: bool = False) -> Report:
    """pySHACL over one graph. ``fast`` gives the same report sooner: our four SPARQL offset
    constraints become an equivalent Python check (``offset_findings``), and a graph that
    meets every other constraint but counts is judged by ``kg.validate.fast`` without pySHACL
    (tests keep both in agreement with pySHACL on injected defects and random edits); both
    read the graph's statements from one walk (``Index``)."""
    shapes = shapes if shapes is not None else load_shapes()
    graph = ill_typed_as_strings(graph)
    report = Report(graphs=1)
    results = None
    if fast and (offsets := offset_findings(index := Index(graph))) is not None:
        shapes, plan = _fast_shapes(shapes)
        report.findings.extend(offsets)
        results = plan.results(index) if plan is not None else None
    if results is not None:
        report.findings.extend(Finding(str(graph.identifier), r.focus, r.path, r.severity, r.message, None, r.shape,
                                       r.component) for r in results)
    else:
        rdf = graph.graph() if isinstance(graph, ArticleTriples) else graph
        report.findings.extend(_pyshacl_findings(rdf, shapes))
    report.findings.sort(key=lambda f: (f.graph, f.focus, f.path or "", f.message))
    return report


def ill_typed_as_strings(graph: Graph | ArticleTriples) -> Graph | ArticleTriples:
    """The graph with each typed literal whose datatype refuses its lexical form
    ("2025-13-45"^^xsd:date) replaced by the plain string. SHACL says such a value fails
    sh:datatype; pySHACL lets it pass, and crashes on it in SPARQL arithmetic. As a string it
    fails the shape's datatype constraint, with the shape's own message."""
    bad = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and getattr(o, "ill_typed", None) is True]
    if not bad:
        return graph
    out = Graph(identifier=graph.identifier)
    for t in graph:
        out.add(t)
    for s, p, o in bad:
        out.remove((s, p, o))
        out.add((s, p, Literal(str(o))))
    return out


def _pyshacl_findings(graph: Graph, shapes: Graph) -> Iterator[Finding]:
    _conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none",
                                                 advanced=True, allow_warnings=True)
    for r in results.subjects(SH.resultSeverity, None):
        get = lambda p: results.value(r, p)  # noqa: E731
        yield Finding(
            graph=str(graph.identifier), focus=str(get(SH.focusNode)),
            path=str(get(SH.resultPath)) if get(SH.resultPath) is not None else None,
            severity=_local(get(SH.resultSeverity)), message=str(get(SH.resultMessage) or "constraint not met"),
            value=str(get(SH.value)) if get(SH.value) is not None else None,
            shape=str(get(SH.sourceShape)) if isinstance(get(SH.sourceShape), URIRef) else None,
            component=str(get(SH.sourceConstraintComponent)) if get(SH.sourceConstraintComponent) else None,
            value_term=get(SH.value),
        )

NKS = "https://w3id.org/newskg/shapes#"
_TYPE, _ARTICLE, _BODY = RDF.type, NK.Article, SCHEMA.articleBody  # made once: rdflib makes one per access
_BEGIN, _END, _ANCHOR, _STRING = NIF.beginIndex, NIF.endIndex, NIF.anchorOf, XSD.string
_INTEGER_TYPES = (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long)
OFFSET_SHAPE = URIRef(NKS + "MentionOffsetsShape")
_OFFSET_MESSAGES = {
    "ordered": "mention {}: nif:endIndex must be greater than nif:beginIndex",
    "length": "mention {}: the length of nif:anchorOf must equal endIndex - beginIndex",
    "iri": "mention {}: its IRI must end with #char=BEGIN,END matching its offsets",
    "text": "mention {}: nif:anchorOf must be the article text between beginIndex and endIndex",
}


@functools.lru_cache(maxsize=8)
def _fast_shapes_cached(key: int, shapes: Graph) -> tuple[Graph, CorePlan | None]:
    stripped = Graph()
    for t in shapes:
        if not (t[0] == OFFSET_SHAPE and t[1] == SH.sparql):
            stripped.add(t)
    return stripped, compile_shapes(stripped)


def _fast_shapes(shapes: Graph) -> tuple[Graph, CorePlan | None]:
    """The shapes without the offset SPARQL (checked in Python) and their compiled plan, once per shapes graph."""
    return _fast_shapes_cached(id(shapes), shapes)


def _without_offset_sparql(shapes: Graph) -> Graph:
    return _fast_shapes(shapes)[0]


class _Unsure(Exception):
    """A term the Python check would have to second-guess SPARQL's type rules for."""


def _ints(graph: Index, node, prop) -> list[int]:
    out = []
    for lit in graph.objects(node, prop):
        value = lit.value if isinstance(lit, Literal) and lit.datatype in _INTEGER_TYPES else None
        if not isinstance(value, int) or isinstance(value, bool) or getattr(lit, "ill_typed", None):
            raise _Unsure
        out.append(value)
    return out


def _strings(graph: Index, node, prop) -> list[str]:
    out = []
    for lit in graph.objects(node, prop):
        if not isinstance(lit, Literal) or lit.language or lit.datatype not in (None, _STRING):
            raise _Unsure
        out.append(str(lit))
    return out


def offset_findings(graph: Graph | ArticleTriples | Index) -> list[Finding] | None:
    """The four offset constraints of shapes/newskg.ttl (nks:MentionOffsetsShape) in Python, for
    offsets that are integers and texts that are strings; None otherwise (SPARQL decides)."""
    try:
        return _offset_findings(graph if isinstance(graph, Index) else Index(graph))
    except _Unsure:
        return None


def _offset_findings(graph: Index) -> list[Finding]:
    findings = []
    for article in graph.subjects(_TYPE, _ARTICLE):
        prefix = str(article)
        bodies = _strings(graph, article, _BODY)
        for m in set(graph.subjects(_BEGIN, None)):
            name = str(m)
            if not name.startswith(prefix):
                continue
            if not isinstance(m, URIRef):
                raise _Unsure
            in_article = name.startswith(prefix + "#char=")
            begins, ends = _ints(graph, m, _BEGIN), _ints(graph, m, _END)
            anchors = _strings(graph, m, _ANCHOR)
            kinds = set()
            for b in begins:
                for e in ends:
                    if in_article and e <= b:
                        kinds.add("ordered")
                    if in_article and any(len(a) != e - b for a in anchors):
                        kinds.add("length")
                    if in_article and any(_substr(body, b, e) != a for body in bodies for a in anchors):
                        kinds.add("text")
            lexical_ends = [str(e) for e in graph.objects(m, _END)]
            if any(name != f"{prefix}#char={b},{e}" for b in graph.objects(m, _BEGIN) for e in lexical_ends):
                kinds.add("iri")  # compared as text, as the SPARQL constraint does
            for kind in sorted(kinds):
                findings.append(Finding(graph=str(graph.identifier), focus=prefix, path=None, severity="Violation",
                                        message=_OFFSET_MESSAGES[kind].format(name), value=name,
                                        shape=str(OFFSET_SHAPE), component=str(SH.SPARQLConstraintComponent),
                                        value_term=m))
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
    from kg.rdf.named_graphs import graphs_in_file

    if not Path(path).is_file():
        raise ShapesError("no such file", str(path))
    return list(graphs_in_file(Path(path)))
