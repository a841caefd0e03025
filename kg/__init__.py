"""newskg: news articles in, an RDF knowledge graph out.

The pipeline reads articles, annotates them with spaCy, extracts entities, events and
quotations, links them to Wikidata, maps them to RDF under the contract in ``ontology/``,
validates them with SHACL and writes or pushes them. The pipeline classes are imported
lazily, so commands that never run the model (validate, push, query) never load spaCy.
"""
from kg.errors import ExitCode, InputError, KgError, ValidationFailed
from kg.model import Document, Extraction

__version__ = "0.1.0"
__all__ = [
    "__version__",
    "Document",
    "Extraction",
    "ExitCode",
    "KgError",
    "InputError",
    "ValidationFailed",
    "Exporter",
    "ExportResult",
    "export",
]


def __getattr__(name: str):
    if name in ("Exporter", "ExportResult", "export"):
        from kg import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
