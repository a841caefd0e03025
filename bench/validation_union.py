#!/usr/bin/env python3
"""Validation of the union of all article graphs: ``kg validate``, rudof and pySHACL side by side (issue 21).

A user who loads a whole export into one store validates the union, not each article. This
module times, in one run and on the same union, three ways to do that and compares their verdicts:

- ``kg_validate``: what ``kg validate newskg.trig`` does (kg/cli/validate.py), as a library call:
  each named graph through the fast path, then ``UnionCheck`` for nodes several graphs describe;
- ``rudof``: pyrudof's native SHACL engine on the merged graph (N-Triples) with the project's
  shapes file, load and validation timed apart;
- ``pyshacl_union``: pySHACL on the merged graph, in a child process killed after a time limit
  (it did not finish in 20 minutes before), so a hang is reported, not waited for;
- ``pyshacl_per_graph``: pySHACL on each named graph alone, summed (``kg validate --full
  --per-graph``), and with the union check on shared nodes (``kg validate --full``).

Verdicts are counted per (focus node, path, constraint component, severity). The same four run
on a small union with injected defects, so the comparison is not only on a conforming graph.
``python bench/validation_union.py --pyshacl-child DATA SHAPES OUT`` is the child process.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

Key = tuple[str, str, str, str]  # focus, path, constraint component (local name), severity
SHARED_ENTITY = URIRef("https://w3id.org/newskg/id/entity/bench-shared")


def union_section(graphs: list[Graph], pyshacl_timeout: float, defect_articles: int) -> dict:
    """The union of ``graphs`` timed for every way, and a defect union of the first few graphs."""
    with tempfile.TemporaryDirectory(prefix="newskg-union-") as tmp:
        clean = run_all(graphs, Path(tmp) / "clean", pyshacl_timeout)
        defects = run_all(with_defects(graphs[:defect_articles]), Path(tmp) / "defects", pyshacl_timeout)
    links = sum(1 for g in graphs for _ in g.triples((None, OWL.sameAs, None)))
    return {"clean": clean, "same_as_links": links, "defects": {"articles": defect_articles, "injected": DEFECTS, **defects},
            "pyshacl_timeout_s": pyshacl_timeout, "shapes_file": "kg/validate/shapes/newskg.ttl"}


def run_all(graphs: list[Graph], folder: Path, pyshacl_timeout: float) -> dict:
    """Every way on one union, then the comparison of their verdicts."""
    from kg.validate import SHAPES_FILE

    folder.mkdir(parents=True)
    trig, nt = write_union(graphs, folder)
    ways = {"kg_validate": kg_validate(trig), "rudof": rudof(nt, SHAPES_FILE),
            "pyshacl_union": pyshacl_union(nt, SHAPES_FILE, pyshacl_timeout),
            "pyshacl_per_graph": pyshacl_per_graph(trig)}
    keys = {name: Counter(_untuple(w.pop("keys"))) for name, w in ways.items() if "keys" in w}
    ours = ways["kg_validate"]["sparql_messages"]
    same = {name: w["sparql_messages"] == ours for name, w in ways.items() if "sparql_messages" in w and name != "kg_validate"}
    return {"articles": len(graphs), "triples": ways["kg_validate"]["triples"], "ways": ways,
            "differences": differences(keys), "sparql_messages_same": same}


def write_union(graphs: list[Graph], folder: Path) -> tuple[Path, Path]:
    """The graphs as named graphs of one TriG file (an export's newskg.trig) and merged as N-Triples."""
    dataset, merged = Dataset(), Graph()
    for g in graphs:
        named = dataset.graph(g.identifier)
        for t in g:
            named.add(t)
            merged.add(t)
    trig, nt = folder / "newskg.trig", folder / "union.nt"
    dataset.serialize(trig, format="trig", encoding="utf-8")
    merged.serialize(nt, format="nt", encoding="utf-8")
    return trig, nt


def kg_validate(trig: Path) -> dict:
    """kg/cli/validate.py's loop (``--fast --union``, the default) without the CLI around it."""
    from kg.rdf.named_graphs import iter_named_graphs
    from kg.validate import load_shapes

    started = time.perf_counter()
    shapes = load_shapes()
    graphs = list(iter_named_graphs([str(trig)], None, vocabularies=False))
    loaded = time.perf_counter()
    _, union, each_s, union_s, shared = _each_then_union(graphs, shapes, fast=True)
    return {"load_s": round(loaded - started, 3), "validate_s": round(each_s + union_s, 3),
            "total_s": round(loaded - started + each_s + union_s, 3), "graphs": len(graphs), "shared_nodes": shared,
            "triples": sum(len(g) for g in graphs), **_verdict(union.findings)}


def pyshacl_per_graph(trig: Path) -> dict:
    """pySHACL on each named graph alone (``--full --per-graph``), then the union check on the
    shared nodes with pySHACL too (``--full``): the verdict ``kg validate --full`` gives."""
    from kg.rdf.named_graphs import iter_named_graphs
    from kg.validate import load_shapes

    shapes = load_shapes()
    graphs = list(iter_named_graphs([str(trig)], None, vocabularies=False))
    each, union, each_s, union_s, _ = _each_then_union(graphs, shapes, fast=False)
    return {"validate_s": round(each_s, 3), "union_check_s": round(union_s, 3),
            "per_graph_only": {k: v for k, v in _verdict(each.findings).items() if k != "keys"},
            **_verdict(union.findings)}


def _each_then_union(graphs: list[Graph], shapes: Graph, fast: bool) -> tuple[Any, Any, float, float, int]:
    """The loop ``kg validate`` runs: each named graph alone, then the union check on the nodes
    several graphs describe. (each graph's report, the union verdict, seconds of each part, shared nodes)."""
    from kg.validate import Report, validate_graph
    from kg.validate.union import UnionCheck

    started = time.perf_counter()
    report, merged = Report(), UnionCheck(shapes, fast=fast)
    for g in graphs:
        report.extend(validate_graph(g, shapes, fast=fast))
        merged.add(g)
    each = time.perf_counter()
    union = merged.verdict(report)
    return report, union, each - started, time.perf_counter() - each, len(merged.shared())


def _verdict(findings: list) -> dict:
    keys = [(f.focus, f.path or "", _component(f.component), f.severity) for f in findings]
    return _summary(keys, [f.message for f in findings])


def _summary(keys: list[Key], messages: list[str]) -> dict:
    """Counts by severity and component; the messages of SPARQL results, which one key lumps together."""
    severities = Counter(k[3] for k in keys)
    sparql = sorted(m for k, m in zip(keys, messages) if k[2] == "SPARQL")
    return {"sparql_messages": sparql, "conforms": severities["Violation"] == 0, "violations": severities["Violation"],
            "warnings": severities["Warning"], "by_component": dict(sorted(Counter(f"{k[2]}/{k[3]}" for k in keys).items())),
            "keys": keys}


def _component(term: object) -> str:
    """sh:MaxCountConstraintComponent, its IRI, or rudof's spelling, as one name: MaxCount."""
    text = str(term or "").strip("<>").rsplit("#", 1)[-1].rsplit(":", 1)[-1]
    text = text.removesuffix("ConstraintComponent")
    return text[:1].upper() + text[1:]


def _untuple(keys: list) -> list[Key]:
    return [tuple(k) for k in keys]  # type: ignore[misc]


def rudof(nt: Path, shapes_file: Path) -> dict:
    """pyrudof's native engine, as tests/interop/test_union.py calls it, with the full shapes file."""
    try:
        import pyrudof
    except ImportError:
        return {"skipped": "pyrudof is not installed"}
    started = time.perf_counter()
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_data(str(nt), format=pyrudof.RDFFormat.NTriples, reader_mode=pyrudof.ReaderMode.Strict)
    data = time.perf_counter()
    engine.read_shacl(str(shapes_file), format=pyrudof.ShaclFormat.Turtle)
    loaded = time.perf_counter()
    report = engine.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
    done = time.perf_counter()
    keys = [(str(v.focus_node).strip("<>"), str(v.path or "").strip("<>"), _component(v.constraint_component),
             str(v.severity).rsplit("#", 1)[-1].strip("<>")) for v in report.violations]
    messages = [str(v.message or "").strip('"') for v in report.violations]  # rudof quotes the literal
    return {"load_data_s": round(data - started, 3), "load_shapes_s": round(loaded - data, 3),
            "load_s": round(loaded - started, 3), "validate_s": round(done - loaded, 3),
            "total_s": round(done - started, 3), "sh_conforms": _called(report.conforms),
            "version": _version("pyrudof"), **_summary(keys, messages)}


def pyshacl_union(nt: Path, shapes_file: Path, timeout: float) -> dict:
    """pySHACL on the merged graph in a child process, killed after ``timeout`` seconds."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        out = Path(fh.name)
    started = time.perf_counter()
    try:
        subprocess.run([sys.executable, __file__, "--pyshacl-child", str(nt), str(shapes_file), str(out)],
                       check=True, timeout=timeout, capture_output=True)
    except subprocess.TimeoutExpired:
        out.unlink(missing_ok=True)
        return {"finished": False, "note": f"did not finish in {timeout:g} s", "wall_s": round(time.perf_counter() - started, 1)}
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return {"finished": True, "wall_s": round(time.perf_counter() - started, 3), "version": _version("pyshacl"), **result}


def pyshacl_child(nt: str, shapes_file: str, out: str) -> int:
    """The child: parse, validate as kg.validate.shacl does (no inference, advanced, warnings allowed), write keys."""
    import pyshacl
    from rdflib.namespace import SH

    started = time.perf_counter()
    data, shapes = Graph().parse(nt, format="nt"), Graph().parse(shapes_file, format="turtle")
    loaded = time.perf_counter()
    _conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                                 allow_warnings=True)
    done = time.perf_counter()
    keys = [(str(results.value(r, SH.focusNode)), str(results.value(r, SH.resultPath) or ""),
             _component(results.value(r, SH.sourceConstraintComponent)),
             str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]) for r in results.subjects(SH.resultSeverity, None)]
    messages = [str(results.value(r, SH.resultMessage) or "") for r in results.subjects(SH.resultSeverity, None)]
    summary = {"load_s": round(loaded - started, 3), "validate_s": round(done - loaded, 3), **_summary(keys, messages)}
    Path(out).write_text(json.dumps(summary), encoding="utf-8")
    return 0


def differences(keys: dict[str, Counter]) -> dict:
    """Each way's results against kg validate's: what only one side reports, by component."""
    base = keys.get("kg_validate", Counter())
    out = {}
    for name, theirs in keys.items():
        if name == "kg_validate":
            continue
        only_theirs, only_ours = theirs - base, base - theirs
        out[name] = {"same_results": not only_theirs and not only_ours,
                     "only_theirs": _by_component(only_theirs), "only_kg_validate": _by_component(only_ours),
                     "examples_only_theirs": [list(k) for k in sorted(only_theirs)[:3]],
                     "examples_only_kg_validate": [list(k) for k in sorted(only_ours)[:3]]}
    return out


def _by_component(keys: Counter) -> dict:
    out: Counter = Counter()
    for k, n in keys.items():
        out[f"{k[2]}/{k[3]}"] += n
    return dict(sorted(out.items()))


DEFECTS = ["graph 1: an entity with a second rdfs:label (maxCount, one graph)",
           "graph 2: a mention whose nif:endIndex is its beginIndex - 1 (the SPARQL offset constraints)",
           "graphs 3 and 4: one entity IRI outside both articles, labelled differently in each "
           "(maxCount only in the union)"]


def with_defects(graphs: list[Graph]) -> list[Graph]:
    """Copies of the graphs with DEFECTS injected (needs at least five graphs)."""
    from kg.rdf.vocab import NIF, NK

    out = [_copy(g) for g in graphs]
    entity = _first(out[1], NK.Entity)
    out[1].add((entity, RDFS.label, Literal("a second label")))
    mention = sorted(out[2].subjects(NIF.beginIndex, None))[0]
    begin = out[2].value(mention, NIF.beginIndex).toPython()
    out[2].set((mention, NIF.endIndex, Literal(begin - 1 if begin else 0, datatype=out[2].value(mention, NIF.beginIndex).datatype)))
    _share_entity(out[3], out[4], _first(out[3], NK.Entity))
    return out


def _share_entity(first: Graph, second: Graph, entity: URIRef) -> None:
    """``entity`` of ``first`` renamed to SHARED_ENTITY, and ``second`` saying the same of it but its label."""
    for s, p, o in list(first.triples((entity, None, None))) + list(first.triples((None, None, entity))):
        first.remove((s, p, o))
        first.add((SHARED_ENTITY if s == entity else s, p, SHARED_ENTITY if o == entity else o))
    for _, p, o in list(first.triples((SHARED_ENTITY, None, None))):
        second.add((SHARED_ENTITY, p, Literal("another label") if p == RDFS.label else o))


def _first(graph: Graph, cls: URIRef) -> URIRef:
    return sorted(s for s in graph.subjects(RDF.type, cls) if isinstance(s, URIRef))[0]


def _copy(graph: Graph) -> Graph:
    out = Graph(identifier=graph.identifier)
    for t in graph:
        out.add(t)
    return out


def _called(value: object) -> bool:
    """pyrudof's ``conforms``, a method or a property depending on the version."""
    return bool(value() if callable(value) else value)


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None


if __name__ == "__main__" and sys.argv[1:2] == ["--pyshacl-child"]:
    sys.exit(pyshacl_child(*sys.argv[2:5]))
