"""The local Wikidata knowledge base: built from real Wikidata formats, queried by the linker."""
from kg.kb.store import Candidate, KbItem, KbWriter, KnowledgeBase

__all__ = ["Candidate", "KbItem", "KbWriter", "KnowledgeBase"]
