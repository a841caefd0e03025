"""RDF: an ``Extraction`` in, the article's named graph out (rdflib terms, never pasted strings),
and that graph as Turtle, TriG or N-Quads text; also RDF files read back as named graphs.

``vocab`` holds the contract's namespaces and the ontology files (``ontology/`` in the package);
``iris`` mints the deterministic IRIs; ``mapping`` builds an article's graph (as its statements,
``triples.ArticleTriples``, which the exporter validates and serialises, or as an rdflib graph); ``write``
serialises it (formats by file extension, in one place); ``named_graphs`` reads exports and
RDF files back as the named graphs that validation, push, query and serve take.
"""
from kg.rdf.iris import IriMinter
from kg.rdf.mapping import RunInfo, map_extraction
from kg.rdf.named_graphs import DataError, graphs_in_file, iter_named_graphs
from kg.rdf.vocab import ONTOLOGY_FILE, PLOVER_FILE
from kg.rdf.write import format_for, graph_as_nquads, graph_as_trig, graph_as_turtle, turtle_as_trig

__all__ = ["IriMinter", "RunInfo", "map_extraction", "DataError", "graphs_in_file", "iter_named_graphs",
           "ONTOLOGY_FILE", "PLOVER_FILE", "format_for", "graph_as_nquads", "graph_as_trig", "graph_as_turtle",
           "turtle_as_trig"]
