"""A conservative SHACL Core subset in plain Python, for validating every exported article.

pySHACL spends some 20 ms per article graph on its general machinery; the exporter validates
every article, so that was a quarter of the pipeline's time. Our shapes use a dozen Core
constraints; this module compiles a shapes graph into plain checks once.

It is conservative: it states a result only for the count constraints (``sh:minCount``,
``sh:maxCount``), whose results it can give exactly as pySHACL does. If any other constraint
fails, or cannot be decided with certainty, :meth:`CorePlan.results` returns ``None`` and the
caller asks pySHACL for that graph; a shapes graph using anything outside the subset compiles
to ``None`` (pySHACL always). So every report is pySHACL's report (tests check the two agree
on injected defects and on random edits of a good graph).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

__all__ = ["CorePlan", "Index", "Result", "compile_shapes"]

NODE_SHAPE_KEYS = {RDF.type, SH.targetClass, SH.targetObjectsOf, SH.nodeKind, SH["class"], SH.property,
                   SH.message, SH.severity, RDFS.label, RDFS.comment}
PROPERTY_KEYS = {RDF.type, SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH["in"], SH.pattern,
                 SH.minLength, SH.minInclusive, SH.maxInclusive, SH["or"], SH.qualifiedValueShape,
                 SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.severity, SH.message, SH.name, SH.description}
SHAPE_MARKS = (SH.targetClass, SH.targetObjectsOf, SH.targetNode, SH.targetSubjectsOf, SH.target, SH.property,
               SH.path, SH.node)
_TYPE, _SUBCLASS_OF, _STRING = RDF.type, RDFS.subClassOf, XSD.string  # made once: rdflib makes one per access
PYTHON_TYPES = {XSD.string: str, XSD.boolean: bool, XSD.decimal: Decimal, XSD.integer: int, XSD.float: float,
                XSD.date: date, XSD.dateTime: datetime, XSD.nonNegativeInteger: int}


@dataclass(frozen=True)
class Result:
    """One count-constraint result, as pySHACL reports it (no ``sh:value`` for counts)."""

    focus: str
    path: str
    severity: str
    message: str
    shape: str | None
    component: str


ValueCheck = Callable[[Graph, object], bool]  # True: certainly conforms; False: ask pySHACL


@dataclass
class PropertyCheck:
    node: object
    path: URIRef
    severity: str
    message: str | None
    min_count: int = 0
    max_count: int | None = None
    value_checks: list[ValueCheck] = field(default_factory=list)
    set_checks: list[Callable[[Graph, list], bool]] = field(default_factory=list)

    def run(self, graph: Index, focus, out: list[Result]) -> bool:
        values = graph.objects(focus, self.path)
        for ok in self.set_checks:
            if not ok(graph, values):
                return False
        for v in values:
            for check in self.value_checks:
                if not check(graph, v):
                    return False
        if len(values) < self.min_count or (self.max_count is not None and len(values) > self.max_count):
            if self.message is None:  # pySHACL's generic wording is not ours to copy
                return False
            shape = str(self.node) if isinstance(self.node, URIRef) else None
            component = SH.MinCountConstraintComponent if len(values) < self.min_count else SH.MaxCountConstraintComponent
            out.append(Result(str(focus), str(self.path), self.severity, self.message, shape, str(component)))
        return True


@dataclass
class NodeCheck:
    target_classes: list[URIRef]
    target_objects_of: list[URIRef]
    focus_checks: list[ValueCheck]
    properties: list[PropertyCheck]

    def focus_nodes(self, graph: Graph) -> set:
        nodes = {o for p in self.target_objects_of for o in graph.objects(None, p)}
        for cls in self.target_classes:
            for sub in _subclasses(graph, cls):
                nodes.update(graph.subjects(_TYPE, sub))
        return nodes


@dataclass
class CorePlan:
    nodes: list[NodeCheck]

    def results(self, graph: Graph | Index) -> list[Result] | None:
        """The count-constraint results, or None when pySHACL must decide."""
        graph = graph if isinstance(graph, Index) else Index(graph)
        out: list[Result] = []
        for node in self.nodes:
            for focus in node.focus_nodes(graph):
                if not all(check(graph, focus) for check in node.focus_checks):
                    return None
                for prop in node.properties:
                    if not prop.run(graph, focus, out):
                        return None
        return out


class Index:
    """The data graph's statements by subject and predicate, and by predicate and object, from
    one walk: the checks ask for a focus node's values tens of times per article, and every
    question to rdflib's store walks its context bookkeeping. Answers what the checks (these
    and the offset checks of ``kg.validate.shacl``) ask; ``graph`` is any iterable of triples
    with an ``identifier`` (an rdflib ``Graph``, ``kg.rdf.triples.ArticleTriples``)."""

    def __init__(self, graph: Iterable) -> None:
        self.identifier = graph.identifier  # type: ignore[attr-defined]
        self.by_sp: dict[tuple, list] = {}
        self.by_po: dict[tuple, list] = {}  # objects that are nodes only: a literal's hash is slow, and no check asks
        self.by_p: dict[object, list] = {}  # predicate -> objects
        self.subjects_by_p: dict[object, list] = {}
        self._types: dict[object, frozenset] = {}
        for s, p, o in graph:
            self.by_sp.setdefault((s, p), []).append(o)
            if not isinstance(o, Literal):
                self.by_po.setdefault((p, o), []).append(s)
            self.by_p.setdefault(p, []).append(o)
            self.subjects_by_p.setdefault(p, []).append(s)
        self.has_subclasses = _SUBCLASS_OF in self.by_p

    def objects(self, subject, predicate) -> list:
        return self.by_p.get(predicate, []) if subject is None else self.by_sp.get((subject, predicate), [])

    def subjects(self, predicate, obj) -> list:
        if obj is None:
            return self.subjects_by_p.get(predicate, [])
        if isinstance(obj, Literal):
            return [s for s, o in zip(self.subjects_by_p.get(predicate, []), self.by_p.get(predicate, [])) if o == obj]
        return self.by_po.get((predicate, obj), [])

    def types(self, node) -> frozenset:
        """The node's rdf:type values, as a set (asked once per value a class constraint checks)."""
        if (found := self._types.get(node)) is None:
            found = self._types[node] = frozenset(self.by_sp.get((node, _TYPE), ()))
        return found

    def transitive_objects(self, subject, predicate) -> Iterable:
        """``subject`` and everything ``predicate`` leads to from it, as rdflib's method."""
        seen, todo = {subject}, [subject]
        while todo:
            node = todo.pop()
            yield node
            for o in self.by_sp.get((node, predicate), []):
                if o not in seen:
                    seen.add(o)
                    todo.append(o)


class _Unsupported(Exception):
    pass


def compile_shapes(shapes: Graph) -> CorePlan | None:
    """The plan for ``shapes``, or None if they use anything outside the subset."""
    try:
        return CorePlan([_node(shapes, s) for s in sorted(_node_shapes(shapes), key=str)])
    except _Unsupported:
        return None


def _node_shapes(shapes: Graph) -> set:
    marked = {s for p in SHAPE_MARKS for s in shapes.subjects(p, None)}
    marked |= set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    property_shapes = set(shapes.objects(None, SH.property))
    nested = {o for p in (SH["or"], SH.qualifiedValueShape) for o in shapes.objects(None, p)}
    if (set(shapes.subjects(SH.path, None)) - property_shapes or set(shapes.objects(None, SH.node))
            or any(not isinstance(o, BNode) for o in nested)):
        raise _Unsupported  # stand-alone property shapes, sh:node references, named nested shapes
    node_shapes = marked - property_shapes
    if any((s, RDF.type, c) in shapes for s in node_shapes for c in (RDFS.Class, OWL.Class)):
        raise _Unsupported  # implicit class targets
    return node_shapes


def _node(shapes: Graph, s) -> NodeCheck:
    _only(shapes, s, NODE_SHAPE_KEYS)
    focus_checks = [_node_kind(k) for k in shapes.objects(s, SH.nodeKind)]
    focus_checks += [_class(c) for c in shapes.objects(s, SH["class"])]
    props = [_property(shapes, p) for p in sorted(shapes.objects(s, SH.property), key=str)]
    return NodeCheck(list(shapes.objects(s, SH.targetClass)), list(shapes.objects(s, SH.targetObjectsOf)),
                     focus_checks, props)


def _property(shapes: Graph, p) -> PropertyCheck:
    _only(shapes, p, PROPERTY_KEYS)
    path = _one(shapes, p, SH.path)
    messages = list(shapes.objects(p, SH.message))
    if not isinstance(path, URIRef) or len(messages) > 1 or any(getattr(m, "language", None) for m in messages):
        raise _Unsupported
    severity = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info", None: "Violation"}.get(
        shapes.value(p, SH.severity))
    if severity is None:
        raise _Unsupported
    check = PropertyCheck(p, path, severity, str(messages[0]) if messages else None)
    if (n := shapes.value(p, SH.minCount)) is not None:
        check.min_count = int(n)
    if (n := shapes.value(p, SH.maxCount)) is not None:
        check.max_count = int(n)
    check.value_checks = list(_value_checks(shapes, p))
    if (q := shapes.value(p, SH.qualifiedValueShape)) is not None:
        check.set_checks.append(_qualified(shapes, p, q))
    return check


def _value_checks(shapes: Graph, p) -> Iterable[ValueCheck]:
    for dt in shapes.objects(p, SH.datatype):
        yield _datatype(dt)
    for cls in shapes.objects(p, SH["class"]):
        yield _class(cls)
    for kind in shapes.objects(p, SH.nodeKind):
        yield _node_kind(kind)
    for members in shapes.objects(p, SH["in"]):
        allowed = frozenset(Collection(shapes, members))
        yield lambda g, v: v in allowed
    for pattern in shapes.objects(p, SH.pattern):
        regex = re.compile(str(pattern))
        yield lambda g, v: not isinstance(v, BNode) and regex.search(str(v)) is not None
    for n in shapes.objects(p, SH.minLength):
        least = int(n)
        yield lambda g, v: not isinstance(v, BNode) and len(str(v)) >= least
    for bound in shapes.objects(p, SH.minInclusive):
        yield _range(bound, lambda a, b: a >= b)
    for bound in shapes.objects(p, SH.maxInclusive):
        yield _range(bound, lambda a, b: a <= b)
    for alternatives in shapes.objects(p, SH["or"]):
        yield _any_datatype(shapes, alternatives)


def _any_datatype(shapes: Graph, alternatives) -> ValueCheck:
    checks = []
    for member in Collection(shapes, alternatives):
        _only(shapes, member, {SH.datatype, SH.minInclusive})
        member_checks = [_datatype(_one(shapes, member, SH.datatype))]
        member_checks += [_range(bound, lambda a, b: a >= b) for bound in shapes.objects(member, SH.minInclusive)]
        checks.append(member_checks)
    return lambda g, v: any(all(c(g, v) for c in member) for member in checks)


def _qualified(shapes: Graph, p, q) -> Callable[[Graph, list], bool]:
    _only(shapes, q, {SH["in"]})
    allowed = frozenset(Collection(shapes, _one(shapes, q, SH["in"])))
    least = int(shapes.value(p, SH.qualifiedMinCount) or 0)
    most = shapes.value(p, SH.qualifiedMaxCount)
    most = None if most is None else int(most)

    def check(g: Graph, values: list) -> bool:
        n = sum(v in allowed for v in values)
        return least <= n and (most is None or n <= most)
    return check


def _datatype(dt) -> ValueCheck:
    python_type = PYTHON_TYPES.get(dt)

    def check(g: Graph, v) -> bool:
        if not isinstance(v, Literal) or getattr(v, "ill_typed", None) is True:
            return False
        if v.datatype is None and v.language is None and dt == _STRING:
            return isinstance(v.value, str)
        if v.datatype != dt:
            return False
        if python_type is bool or python_type is None:
            return python_type is None or isinstance(v.value, bool)
        return isinstance(v.value, python_type) and not isinstance(v.value, bool)
    return check


def _class(cls) -> ValueCheck:
    def check(g: Index, v) -> bool:
        if isinstance(v, Literal):
            return False
        types = g.types(v)
        if cls in types:
            return True
        return g.has_subclasses and any(cls in g.transitive_objects(t, _SUBCLASS_OF) for t in types)
    return check


def _node_kind(kind) -> ValueCheck:
    if kind != SH.IRI:
        raise _Unsupported
    return lambda g, v: isinstance(v, URIRef)


def _range(bound, holds: Callable[[object, object], bool]) -> ValueCheck:
    limit = bound.value if isinstance(bound, Literal) else None
    if not isinstance(limit, (int, float, Decimal)) or isinstance(limit, bool):
        raise _Unsupported

    def check(g: Graph, v) -> bool:
        value = v.value if isinstance(v, Literal) and getattr(v, "ill_typed", None) is not True else None
        return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and holds(value, limit)
    return check


def _subclasses(graph: Graph, cls) -> set:
    """``cls`` and every class the data graph declares below it (pySHACL's class targets)."""
    found, todo = {cls}, [cls]
    while todo:
        for sub in graph.subjects(_SUBCLASS_OF, todo.pop()):
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


def _only(shapes: Graph, node, allowed: set) -> None:
    if any(p not in allowed for p in shapes.predicates(node, None)):
        raise _Unsupported


def _one(shapes: Graph, node, prop):
    values = list(shapes.objects(node, prop))
    if len(values) != 1:
        raise _Unsupported
    return values[0]
