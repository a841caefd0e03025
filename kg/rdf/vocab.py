"""Namespaces of the public contract (``../shared/design/CONTRACT.md``), in one place, and the
ontology files that define them (shipped in the package; ``ontology/`` at the top of the
repository holds the published copies, tested equal)."""
from pathlib import Path

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

__all__ = ["NK", "PLOVER", "DATA", "WD", "AGENT_ROLE", "SEM", "SCHEMA", "NIF", "GAF", "PROV", "OWL", "RDF", "RDFS",
           "SKOS", "XSD", "DCTERMS", "PREFIXES", "bind_prefixes", "ONTOLOGY_FILE", "PLOVER_FILE"]

ONTOLOGY_FILE = Path(__file__).resolve().parent / "ontology" / "newskg.ttl"
PLOVER_FILE = Path(__file__).resolve().parent / "ontology" / "plover.ttl"

NK = Namespace("https://w3id.org/newskg/ontology#")
PLOVER = Namespace("https://w3id.org/newskg/plover/")
DATA = Namespace("https://w3id.org/newskg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
GAF = Namespace("http://groundedannotationframework.org/gaf#")
AGENT_ROLE = Namespace("https://w3id.org/newskg/agent-role/")

PREFIXES = {"nk": NK, "plover": PLOVER, "wd": WD, "sem": SEM, "schema": SCHEMA, "nif": NIF, "gaf": GAF,
            "prov": PROV, "owl": OWL, "rdfs": RDFS, "skos": SKOS, "xsd": XSD, "dct": DCTERMS}


def bind_prefixes(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
