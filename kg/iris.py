"""Deterministic IRIs: the same input and settings give the same IRIs on any machine, in any order."""
from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.model import Document, Span
from kg.vocab import DATA

__all__ = ["IriMinter", "slug", "normalise_label", "initials"]


def _digest(text: str, n: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


# letters that carry no combining accent, so NFKD leaves them: 'Sørensen', 'Çıkırıkçı', 'Łódź'
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th"})


def normalise_label(label: str) -> str:
    """Case, accents, punctuation and a leading 'the' folded: the identity of an unlinked name."""
    if label.isascii():  # most names: no accents to strip
        text = label.casefold()
    else:
        text = unicodedata.normalize("NFKD", label)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_LETTERS)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^\s*the\s+", "", text)
    return _join_initials(" ".join(text.split()))


INITIALS_SKIP = frozenset("of and the for de la le du des del in on".split())


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


def slug(label: str, max_len: int = 60) -> str:
    """An IRI-safe readable slug; a hash suffix keeps labels that fold alike but differ apart."""
    folded = normalise_label(label)
    ascii_part = re.sub(r"[^a-z0-9]+", "-", folded.encode("ascii", "ignore").decode()).strip("-")[:max_len]
    return f"{ascii_part or 'x'}-{_digest(folded, 8)}"


class IriMinter:
    """Mints the IRIs of one export under ``base`` (the contract's data namespace by default)."""

    def __init__(self, base: str = str(DATA)) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def article(self, doc: Document) -> URIRef:
        key = doc.url.strip() if doc.url and doc.url.strip() else "text:" + doc.text
        return URIRef(f"{self.base}article/{_digest(key, 20)}")

    def mention(self, article: URIRef, span: Span) -> URIRef:
        return URIRef(f"{article}#char={span.begin},{span.end}")

    def entity(self, type_name: str, label: str, qid: str | None = None) -> URIRef:
        if qid:
            return URIRef(f"{self.base}entity/{qid}")
        return URIRef(f"{self.base}entity/{type_name.lower()}/{slug(label)}")

    def event(self, article: URIRef, event_type: str, first_mention: Span) -> URIRef:
        return URIRef(f"{article}/event/{event_type.lower()}-{first_mention.begin}-{first_mention.end}")

    def quotation(self, article: URIRef, span: Span) -> URIRef:
        return URIRef(f"{article}/quote/{span.begin}-{span.end}")

    def publisher(self, name: str) -> URIRef:
        return URIRef(f"{self.base}publisher/{slug(name)}")

    def activity(self, fingerprint: str) -> URIRef:
        return URIRef(f"{self.base}run/{_digest(fingerprint, 16)}")
