"""The ``news_names`` entity ruler: names every news reader knows that the model misses."""
from __future__ import annotations

from spacy.language import Language

from kg.lexicon import news_name_patterns

__all__ = ["add_news_names"]


def add_news_names(nlp: Language) -> None:
    """Add the ``news_names`` entity ruler after the model's NER.

    Credit lines and sign-offs ('Photo: AP', 'Follow us on Twitter') are not the running prose
    the model learnt from, so it misses names every news reader knows. The ruler only fills
    gaps: where the model found an entity, the model's span and label stand.
    """
    if "ner" not in nlp.pipe_names or "news_names" in nlp.pipe_names:
        return
    ruler = nlp.add_pipe("entity_ruler", name="news_names", after="ner", config={"overwrite_ents": False})
    ruler.add_patterns(news_name_patterns())  # type: ignore[attr-defined]
