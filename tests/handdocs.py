"""Build small parsed spaCy Docs by hand, so extraction rules are tested without a model's whims.

Each token is "text/POS/dep/head" where head is the index of the head token (its own index for
the root); lemmas default to the lower-cased text unless given as "text/POS/dep/head/lemma".
Entities are (start, end, label) token ranges.
"""
from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

_VOCAB = spacy.blank("en").vocab  # lexical attributes (lower_, is_punct) as a real pipeline has them


def make_doc(spec: str, ents: list[tuple[int, int, str]] = (), text_spaces: list[bool] | None = None) -> Doc:
    words, pos, deps, heads, lemmas = [], [], [], [], []
    for item in spec.split():
        parts = item.split("/")
        word, p, d, h = parts[0].replace("_", " "), parts[1], parts[2], int(parts[3])
        words.append(word)
        pos.append(p)
        deps.append(d)
        heads.append(h)
        lemmas.append(parts[4] if len(parts) > 4 else word.lower())
    spaces = text_spaces or [not (i + 1 < len(words) and words[i + 1] in (".", ",", "'s", "’s", "”", ":"))
                             for i in range(len(words))]
    doc = Doc(_VOCAB, words=words, spaces=spaces, pos=pos, deps=deps, heads=heads, lemmas=lemmas)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc
