"""What a store holds, read back graph by graph: the article graphs of a SPARQL endpoint as rdflib
graphs, for ``kg validate --endpoint`` (a store's round trip is part of the contract)."""
from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, URIRef

from kg.errors import one_line
from kg.rdf.vocab import NK
from kg.store.query import QueryError, query_endpoint

__all__ = ["article_graphs_at"]

_ARTICLE_GRAPHS = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?article a {NK.Article.n3()} }} }} ORDER BY ?g"


def article_graphs_at(url: str) -> Iterator[Graph]:
    """Each named graph of the endpoint that holds an nk:Article (the store's own system graphs
    and the vocabularies are not data), fetched with CONSTRUCT."""
    listing = query_endpoint(_ARTICLE_GRAPHS, url)
    for (name,) in listing.rows:
        if not name:
            continue
        iri = URIRef(name)
        text = query_endpoint(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri.n3()} {{ ?s ?p ?o }} }}", url).graph or ""
        graph = Graph(identifier=iri)
        try:
            graph.parse(data=text, format="turtle")
        except Exception as exc:  # what the endpoint sent is not what it announced
            raise QueryError(f"{url}: graph <{name}> came back unreadable: {one_line(exc, 300)}") from None
        yield graph
