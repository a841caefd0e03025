"""newskg: news articles in, an RDF knowledge graph out.

The pipeline reads articles, annotates them with spaCy, extracts entities, events and
quotations, maps them to RDF under the contract in ``ontology/``, validates them with
SHACL and writes them as files.
"""
from kg.errors import ExitCode, KgError, InputError, ValidationFailed
from kg.model import Document, Extraction
from kg.pipeline import ExportResult, Exporter, export

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
