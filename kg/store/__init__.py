"""The store side: named graphs (an export, or RDF files) in, a SPARQL store's contents or query
results out.

``push`` replaces each article's named graph on a store (Graph Store Protocol or SPARQL Update,
resumable through a state file); ``query`` runs SPARQL over files with an embedded Oxigraph or
over an endpoint; ``serve`` loads an export into an Oxigraph server on 127.0.0.1.
"""
from kg.store.push import Endpoint, Pusher, PushError, PushReport
from kg.store.query import QueryError, query_endpoint, query_files
from kg.store.serve import ServeError, serve

__all__ = ["Endpoint", "Pusher", "PushError", "PushReport", "QueryError", "query_endpoint", "query_files",
           "ServeError", "serve"]
