"""Reading RDF files as named graphs, for validate, push, query and serve alike: export folders,
TriG/N-Quads (each named graph; default-graph triples under the file's own IRI), Turtle per article."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.errors import KgError, one_line
from kg.rdf.vocab import NK
from kg.rdf.write import format_for, sniff_format

__all__ = ["iter_named_graphs", "graphs_in_file", "graphs_in_bytes", "files_of", "STDIN", "STDIN_NAME",
           "ONTOLOGY_GRAPH", "PLOVER_GRAPH", "DataError"]

ONTOLOGY_GRAPH = URIRef("https://w3id.org/newskg/ontology")
PLOVER_GRAPH = URIRef("https://w3id.org/newskg/plover/")


class DataError(KgError):
    """An RDF file that cannot be read (missing, unknown type, bad syntax)."""

    code = "E002"


STDIN = "-"
STDIN_NAME = "<stdin>"
STDIN_GRAPH = URIRef("urn:newskg:stdin")


def iter_named_graphs(paths: list[str], fmt: str | None = None, vocabularies: bool = True) -> Iterator[Graph]:
    """Each graph to push, query or validate, named as the contract says: an article graph by
    the article's IRI, the ontology and PLOVER files by their own IRIs. An export folder yields
    its TriG file (or, without one, its per-article Turtle files) and its ontology folder; any
    other folder, the RDF files under it. ``-`` is stdin, in ``fmt`` or as sniffed. Without
    ``vocabularies`` the ontology and PLOVER graphs are left out (they are not data)."""
    for raw in paths:
        if raw == STDIN:
            graphs = graphs_in_bytes(sys.stdin.buffer.read(), fmt, STDIN_NAME)
        else:
            graphs = (g for f in files_of(raw) for g in graphs_in_file(f, fmt))
        for g in graphs:
            if vocabularies or g.identifier not in (ONTOLOGY_GRAPH, PLOVER_GRAPH):
                yield g


def files_of(raw: str) -> list[Path]:
    path = Path(raw)
    if not path.is_dir():
        if not path.exists():
            raise DataError("no such file or folder", raw)
        return [path]
    trig = path / "newskg.trig"
    if trig.exists() or (path / "articles").is_dir():
        files = [trig] if trig.exists() else sorted((path / "articles").glob("*.ttl"))
        return files + sorted((path / "ontology").glob("*.ttl"))
    files = sorted(f for f in path.rglob("*") if f.is_file() and format_for(f) is not None)
    if not files:
        raise DataError("no RDF files (.ttl, .trig, .nq, .nt, .jsonld) in this folder", raw)
    return files


def graphs_in_file(path: Path, fmt: str | None = None) -> Iterator[Graph]:
    fmt = format_for(path) or fmt
    if fmt is None:
        raise DataError("unknown RDF file type (expected .ttl, .trig, .nq, .nt, .jsonld)", str(path))
    yield from _parsed(lambda target, f: target.parse(str(path), format=f), fmt, str(path),
                       URIRef(path.resolve().as_uri()), path.name)


def graphs_in_bytes(data: bytes, fmt: str | None, where: str) -> Iterator[Graph]:
    """The graphs of RDF text given without a file (stdin)."""
    fmt = fmt or sniff_format(data)
    if fmt is None:
        raise DataError("does not look like RDF (give --data-format turtle, trig, nquads, nt, json-ld or xml)", where)
    yield from _parsed(lambda target, f: target.parse(data=data, format=f), fmt, where, STDIN_GRAPH, "")


def _parsed(parse, fmt: str, where: str, fallback: URIRef, file_name: str) -> Iterator[Graph]:
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            parse(ds, fmt)
            graphs = []
            for g in ds.graphs():
                if not len(g):
                    continue
                named = isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier
                graphs.append(_copy(g, g.identifier if named else _name_of(g, file_name, fallback)))
        else:
            g = Graph()
            parse(g, fmt)
            graphs = [_copy(g, _name_of(g, file_name, fallback))]
    except KgError:
        raise
    except Exception as exc:  # rdflib's parsers raise many kinds; each becomes one line naming the input
        raise DataError(f"cannot parse as {fmt}: {one_line(exc)}", where) from None
    yield from graphs


def _name_of(g: Graph, file_name: str, fallback: URIRef) -> URIRef:
    articles = list(g.subjects(RDF.type, NK.Article))
    if len(articles) == 1 and isinstance(articles[0], URIRef):
        return articles[0]
    if file_name in ("newskg.ttl", "") and (ONTOLOGY_GRAPH, None, None) in g:
        return ONTOLOGY_GRAPH
    if file_name == "plover.ttl" or (not file_name and (PLOVER_GRAPH, RDF.type, SKOS.ConceptScheme) in g):
        return PLOVER_GRAPH
    return fallback


def _copy(g: Graph, name: URIRef) -> Graph:
    out = Graph(identifier=name)
    for t in g:
        out.add(t)
    return out
