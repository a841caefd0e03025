"""The identity of a name as text: how a label folds (case, accents, punctuation, a leading
'the') and what its initials are. Shared by the entity layer (merging mentions), the knowledge
base (its name index) and the IRIs of unlinked entities, so all three agree on what one name is."""
from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["normalise_label", "initials", "canonical_name"]


# letters that carry no combining accent, so NFKD leaves them: 'Sørensen', 'Çıkırıkçı', 'Łódź'
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


_PUNCTUATION = re.compile(r"[^\w\s]")
_LEADING_THE = re.compile(r"^\s*the\s+")


@functools.lru_cache(maxsize=1 << 16)
def normalise_label(label: str) -> str:
    """Case, accents, punctuation and a leading 'the' folded: the identity of an unlinked name.
    Cached: the entity layer, the linker and the mapper ask for the same few names over and over."""
    if label.isascii():  # most names: no accents to strip
        text = label.casefold()
    else:
        text = unicodedata.normalize("NFKD", label)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_LETTERS)
    text = _PUNCTUATION.sub(" ", text)
    text = _LEADING_THE.sub("", text)
    return _join_initials(" ".join(text.split()))


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # 'U.S.', 'J.K.': initials written with periods


def canonical_name(label: str) -> str:
    """The one label an unlinked entity's shared IRI carries, and what that IRI is made of.

    It is a function of the name alone, so every article that writes the name alike gives the
    node the same label, whichever articles are exported or loaded together. It folds only what
    news spells both ways without meaning anything ('U.S.'/'US', curly/straight apostrophes, a
    leading 'the', spacing); case and accents stay, so the label stays readable ('NASDAQ' and
    'Nasdaq' are two nodes: joining those is the linker's work, through Wikidata)."""
    text = " ".join(unicodedata.normalize("NFC", label).translate(_QUOTES).split())
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = re.sub(r"^the\s+(?=\S)", "", text, flags=re.IGNORECASE)
    return text.strip(" ,;:") or label.strip() or label


INITIALS_SKIP = frozenset("of and the for de la le du des del in on".split())


@functools.lru_cache(maxsize=1 << 14)
def initials(name: str) -> str | None:
    """'Food and Drug Administration' -> 'fda': what an acronym of a name of two to six words
    would be. The entity layer joins an article's acronym to its name with it, the knowledge
    base indexes its labels by it (news writes acronyms a base of labels has no alias for)."""
    name = re.sub(r"\s*['’]s\b", "", name)  # "Korean People 's Army": the tokenizer's possessive
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", name) if w.lower() not in INITIALS_SKIP]
    return "".join(w[0] for w in words).lower() if 2 <= len(words) <= 6 else None


_INITIALS = re.compile(r"\b(?:[^\W\d_] ){1,}[^\W\d_]\b")


def _join_initials(text: str) -> str:
    """'j k rowling' and 'jk rowling', 'u s' and 'us' are one name: runs of single letters join."""
    return _INITIALS.sub(lambda m: m.group(0).replace(" ", ""), text)
