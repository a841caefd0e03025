"""Reading RDF files as named graphs, for validate, push, query and serve alike: export folders,
TriG/N-Quads (each named graph; default-graph triples under the file's own IRI), Turtle per article."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import KgError
from kg.rdf.vocab import NK
from kg.rdf.write import format_for

__all__ = ["iter_named_graphs", "graphs_in_file", "ONTOLOGY_GRAPH", "PLOVER_GRAPH", "DataError"]

ONTOLOGY_GRAPH = URIRef("https://w3id.org/newskg/ontology")
PLOVER_GRAPH = URIRef("https://w3id.org/newskg/plover/")


class DataError(KgError):
    """An RDF file that cannot be read (missing, unknown type, bad syntax)."""

    code = "E002"


def iter_named_graphs(paths: list[str]) -> Iterator[Graph]:
    """Each graph to push, named as the contract says: an article graph by the article's IRI,
    the ontology and PLOVER files by their own IRIs. An export folder yields its TriG file
    (or, without one, its per-article Turtle files) and its ontology folder."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            trig = path / "newskg.trig"
            files = [trig] if trig.exists() else sorted((path / "articles").glob("*.ttl")) or sorted(path.glob("*.ttl"))
            files += sorted((path / "ontology").glob("*.ttl"))
        elif path.exists():
            files = [path]
        else:
            raise DataError("no such file or folder", raw)
        for f in files:
            yield from graphs_in_file(f)


def graphs_in_file(path: Path) -> Iterator[Graph]:
    fmt = format_for(path)
    if fmt is None:
        raise DataError("unknown RDF file type (expected .ttl, .trig, .nq, .nt, .jsonld)", str(path))
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset()
            ds.parse(str(path), format=fmt)
            for g in ds.graphs():
                if not len(g):
                    continue
                named = isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier
                yield _copy(g, g.identifier if named else URIRef(path.resolve().as_uri()))
            return
        g = Graph()
        g.parse(str(path), format=fmt)
    except KgError:
        raise
    except Exception as exc:
        raise DataError(f"cannot parse as {fmt}: {exc}", str(path)) from None
    yield _copy(g, _name_of(g, path))


def _name_of(g: Graph, path: Path) -> URIRef:
    articles = list(g.subjects(RDF.type, NK.Article))
    if len(articles) == 1 and isinstance(articles[0], URIRef):
        return articles[0]
    if path.name == "newskg.ttl" and (ONTOLOGY_GRAPH, None, None) in g:
        return ONTOLOGY_GRAPH
    if path.name == "plover.ttl":
        return PLOVER_GRAPH
    return URIRef(path.resolve().as_uri())


def _copy(g: Graph, name: URIRef) -> Graph:
    out = Graph(identifier=name)
    for t in g:
        out.add(t)
    return out
