"""Triggers: which tokens tell a PLOVER event. Our own lexicon (``kg/data/triggers.toml``, indexed
by head lemma: a verb with its particles and objects, a noun with its modifiers) first, then
the CAMEO dictionary's patterns (``cameo``)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.symbols import AUX, NOUN, PROPN, VERB
from spacy.tokens import Token

from kg.extract.cameo import cameo_noun, cameo_verb
from kg.lexicon import triggers

__all__ = ["Trigger", "match_trigger"]


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    context: str | None
    needs_recipient: bool
    needs_complement: bool
    objects: frozenset[str] = frozenset()
    needs_infinitive: bool = False
    cameo: bool = False  # from the CAMEO dictionary, not our own lexicon


def _lexicon() -> tuple[dict[str, list[tuple[tuple[str, ...], Trigger]]], dict[str, list[tuple[tuple[str, ...], Trigger]]]]:
    verbs: dict[str, list] = {}
    nouns: dict[str, list] = {}
    for row in triggers()["trigger"]:
        complement = set(row.get("needs_complement", ()))
        infinitive = set(row.get("needs_infinitive", ()))
        for kind, index in (("verbs", verbs), ("nouns", nouns)):
            for entry in row.get(kind, ()):
                words = tuple(entry.split())
                head = words[0] if kind == "verbs" else words[-1]
                extra = words[1:] if kind == "verbs" else words[:-1]
                t = Trigger(row["type"], row.get("mode"), row.get("context"), row.get("needs") == "recipient",
                            kind == "verbs" and head in complement, frozenset(row.get("objects", ())),
                            kind == "verbs" and head in infinitive)
                index.setdefault(head, []).append((extra, t))
    return verbs, nouns


@functools.lru_cache(maxsize=1)
def _index():
    """The lexicon indexed by head lemma, built once per process."""
    return _lexicon()


# what a trigger's part of speech can be (an AUX only as a clause's root): the rest of the tokens,
# two in three, are not read further
_TRIGGER_POS = frozenset({VERB, AUX, NOUN, PROPN})


def match_trigger(token: Token) -> Trigger | None:
    """Our override lexicon's entry for this token, else the CAMEO dictionary's code."""
    if token.pos not in _TRIGGER_POS or _in_order_to(token):
        return None
    return _override(token) or _from_cameo(token)


def _in_order_to(token: Token) -> bool:
    """'in order to' is no order."""
    return token.lower_ == "order" and token.i > 0 and token.nbor(-1).lower_ == "in"


def _from_cameo(token: Token) -> Trigger | None:
    if token.pos_ == "VERB":
        code = cameo_verb(token)
    elif token.pos_ == "NOUN" and _tells_by_itself(token):
        code = cameo_noun(token)
    else:
        code = None
    return Trigger(code.type, code.mode, code.context, False, False, cameo=True) if code else None


def _override(token: Token) -> Trigger | None:
    """The first lexicon entry whose head lemma and extra words fit this token, those with more
    extra words first."""
    verbs, nouns = _index()
    lemma = token.lemma_.lower()
    if token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ == "ROOT"):
        entries = verbs.get(lemma)
        if not entries:  # most verbs: the parse around them is not read
            return None
        children = {c.lower_ for c in token.children if c.dep_ in ("prt", "prep", "dobj", "advmod", "xcomp")}
        objects = {c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "nsubjpass")}
        objects |= {g.lemma_.lower() for c in token.children if c.dep_ == "dobj" for g in c.children
                    if g.dep_ in ("compound", "amod")}
        objects |= {p.lemma_.lower() for c in token.children if c.dep_ == "dobj" for of in c.children
                    if of.dep_ == "prep" and of.lower_ == "of" for p in of.children if p.dep_ == "pobj"}
        for extra, t in sorted(entries, key=lambda e: -len(e[0])):  # 'call for' before 'call'
            if all(w in children for w in extra) and (not t.objects or objects & t.objects):
                return t
    elif token.pos_ in ("NOUN", "PROPN"):
        entries = nouns.get(lemma, []) + (nouns.get(token.lower_, []) if token.lower_ != lemma else [])
        if not entries or not _tells_by_itself(token):
            return None
        mods = {c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "nmod")}
        for extra, t in sorted(entries, key=lambda e: -len(e[0])):
            if all(w in mods for w in extra):
                return t
    return None


def _tells_by_itself(noun: Token) -> bool:
    """A noun tells an event only outside a name, and not as the modifier of another noun
    ('ceasefire talks', 'asylum seekers', 'opposition leader' are about what that one is)."""
    modifier = noun.dep_ in ("compound", "amod", "nmod") and noun.head.pos_ in ("NOUN", "PROPN") \
        and noun.head.i > noun.i
    return not noun.ent_type_ and not modifier
