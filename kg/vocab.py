"""Namespaces of the public contract (``../shared/design/CONTRACT.md``), in one place."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = ["NK", "PLOVER", "DATA", "WD", "SEM", "SCHEMA", "NIF", "GAF", "PROV", "OWL", "RDF", "RDFS",
           "SKOS", "XSD", "DCTERMS", "PREFIXES", "bind_prefixes"]

NK = Namespace("https://w3id.org/newskg/ontology#")
PLOVER = Namespace("https://w3id.org/newskg/plover/")
DATA = Namespace("https://w3id.org/newskg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")

PREFIXES = {"nk": NK, "plover": PLOVER, "wd": WD, "sem": SEM, "schema": SCHEMA, "nif": NIF, "gaf": GAF,
            "prov": PROV, "owl": OWL, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "dct": DCTERMS}


def bind_prefixes(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
