"""The local Wikidata knowledge base: Wikidata's own formats in, a SQLite file the linker queries out.

``sources`` (JSON dumps), ``rdf_sources`` (RDF dumps and SPARQL CONSTRUCT), ``tsv_source`` (item
lists) read items; ``build`` writes them into one file, all or nothing; ``store`` holds the
schema, the writer and the candidate lookups; ``online`` fills the base from a query service on
demand. ``presets`` defines named selections of Wikidata (``news``), which ``preset_build``
takes from a full JSON dump (streamed, resumable) and ``fetch`` from a query service (paged). A new source is a reader yielding ``KbItem``s and one line in ``build.reader_for``.
"""
from kg.link.kb.store import Candidate, KbItem, KbWriter, KnowledgeBase

__all__ = ["Candidate", "KbItem", "KbWriter", "KnowledgeBase"]
