"""The shape of kg/data/cameo_triggers.json and the PLOVER terms it may hold (helpers of cameo_triggers.py).

cameo_triggers.py reads PETRARCH2's dictionary and the crosswalk; this module says what comes out
(and sums it up on stderr), so that the reading and the writing can each be checked, and kept
short, on their own.

The file names each thing once. A verb block's patterns are listed once and its verbs point at
the block, rather than every verb repeating them; a synset is named in a pattern and spelled out
once under "synsets", rather than expanded into every pattern that uses it. (Expanded and
repeated, the same lexicon took 33 MB.) Each entry of synsets, blocks, verbs and nouns is one
line of compact JSON with sorted keys, so a change to the dictionary changes only the lines it
touches, and the whole is still one JSON document.

Reading it: a verb lemma's items each name a block (its index in "blocks"), the other words of
the verb ("call" + "off") and the verb's own code, null when the verb alone reports no event. The
block's patterns apply to the verb with those words; the extractor takes the first pattern that
matches, counting the item's words as conditions too, and falls back to the verb's own code.
An alternative of a pattern item is a synset's name or a list of words, head last, in which a
word may also be a synset's name ({JOINT &MILITARY OPERATION}).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

Alternative = str | tuple[str, ...]  # "&SYNSET", or lower-case words head last (a word may be "&SYNSET")
Item = tuple[Alternative, ...]  # alternatives, any of which satisfies the item
Prep = tuple[str, Item]  # a preposition and its alternative objects (() = the preposition alone)
KEYS = ("about", "synsets", "blocks", "verbs", "nouns")  # the file's top-level keys, in this order


@dataclass(frozen=True)
class Plover:
    """One PLOVER coding of a CAMEO code, as the crosswalk gives it."""
    type: str
    mode: str | None
    context: str | None


@dataclass(frozen=True)
class Pattern:
    """One kept pattern line of a verb block: its CAMEO code, PLOVER coding and conditions."""
    code: str
    coding: Plover
    post: tuple[Item, ...]
    preps: tuple[Prep, ...]
    pre: tuple[Item, ...]
    line: str


# ---- the PLOVER scheme ------------------------------------------------------------------------

def scheme_terms(turtle: str) -> tuple[frozenset[str], frozenset[str]]:
    """The mode and context notations of newskg's PLOVER scheme (kg/rdf/ontology/plover.ttl), `_` as `-`.

    The extractor turns a mode or context into an IRI of that scheme (kg/rdf/mapping.py); a name the
    scheme lacks would give an IRI that no concept has, so the lexicon may only hold the scheme's."""
    graph = Graph().parse(data=turtle, format="turtle")
    base = dict(graph.namespaces())["plover"]

    def narrower(group: str) -> frozenset[str]:
        return frozenset(str(notation).replace("_", "-")
                         for concept in graph.subjects(SKOS.broader, URIRef(base + group))
                         for notation in graph.objects(concept, SKOS.notation))
    return narrower("Mode"), narrower("Context")


def in_scheme(table: dict[str, Plover], modes: frozenset[str], contexts: frozenset[str]
              ) -> tuple[dict[str, Plover], Counter]:
    """The crosswalk with its modes and contexts as scheme terms (`_` as `-`), null where the scheme lacks one.

    The crosswalk names some modes PLOVER dropped ("ease", "massacre"), puts a context in the mode
    column ("pro_autocracy") and joins two contexts ("crime; corruption") where newskg's events hold
    one. Returns the table and, for the summary, ("mode" or "context", name as written) -> codes."""
    nulled: Counter = Counter()

    def term(kind: str, name: str | None, known: frozenset[str]) -> str | None:
        if name is None:
            return None
        if (hyphened := name.replace("_", "-")) in known:
            return hyphened
        nulled[kind, name] += 1
        return None
    return {code: replace(c, mode=term("mode", c.mode, modes), context=term("context", c.context, contexts))
            for code, c in table.items()}, nulled


# ---- entries ----------------------------------------------------------------------------------

def coding(code: str, plover: Plover, line: str) -> dict:
    """A code with its PLOVER type, mode and context, and the dictionary line it comes from."""
    return {"code": code, "type": plover.type, "mode": plover.mode, "context": plover.context, "line": line}


def _items(items: Iterable[Item]) -> list[list]:
    """Items as JSON: each a list of alternatives, a synset's name as is, words as a list."""
    return [[a if isinstance(a, str) else list(a) for a in item] for item in items]


def pattern_entry(p: Pattern) -> dict:
    """One pattern of a block as the file holds it (lists, not tuples, so it compares with the loaded file)."""
    return {**coding(p.code, p.coding, p.line), "post": _items(p.post),
            "preps": [{"prep": prep, "objects": _items([objects])[0]} for prep, objects in p.preps],
            "pre": _items(p.pre)}


def conditions(e: dict) -> int:
    """How specific a pattern is: each noun item and prepositional phrase is one condition."""
    return len(e["post"]) + len(e["preps"]) + len(e["pre"])


def unique(entries: Iterable[dict], *fields: str) -> list[dict]:
    """The entries in order, without one whose `fields` equal an earlier one's."""
    seen: set[str] = set()
    out: list[dict] = []
    for e in entries:
        key = json.dumps([e[f] for f in fields])
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def order(patterns: Iterable[Pattern]) -> list[dict]:
    """A block's patterns, most conditions first (the extractor takes the first that matches), then code,
    then line; a pattern with the conditions and code of an earlier one is left out."""
    ranked = sorted(map(pattern_entry, patterns), key=lambda e: (-conditions(e), e["code"], e["line"]))
    return unique(ranked, "post", "preps", "pre", "code")


def used_synsets(blocks: Sequence[dict], nouns: dict[str, list[dict]]) -> set[str]:
    """The synsets the kept patterns name (in any item or prepositional object) and the noun triggers come from."""
    def names(items: Iterable[list]) -> Iterable[str]:
        for item in items:
            for alt in item:
                yield from ([alt] if isinstance(alt, str) else (w for w in alt if w.startswith("&")))
    out = {e["synset"] for es in nouns.values() for e in es}
    for p in (p for block in blocks for p in block["patterns"]):
        out.update(names(p["post"]), names(p["pre"]), names([prep["objects"] for prep in p["preps"]]))
    return out


# ---- the file ---------------------------------------------------------------------------------

def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def dumps(lexicon: dict) -> str:
    """The file's text: the keys of KEYS in that order, one entry of each collection a line
    (dictionaries by sorted key, lists in order), UTF-8 as is, a final newline."""
    parts = []
    for key in KEYS:
        value = lexicon[key]
        if isinstance(value, dict):
            rows, brackets = [f"{_compact(k)}:{_compact(v)}" for k, v in sorted(value.items())], "{}"
        elif isinstance(value, list):
            rows, brackets = [_compact(v) for v in value], "[]"
        else:
            parts.append(f"{_compact(key)}:{_compact(value)}")
            continue
        body = "\n" + ",\n".join(rows) + "\n" if rows else ""
        parts.append(f"{_compact(key)}:{brackets[0]}{body}{brackets[1]}")
    return "{" + ",\n".join(parts) + "}\n"


# ---- the summary ------------------------------------------------------------------------------

def report(lexicon: dict, summary: dict, out: Path, size: int) -> None:
    """The summary on stderr: what was kept, what was skipped or nulled and why, which types the file holds."""
    patterns = [p for block in lexicon["blocks"] for p in block["patterns"]]
    items = [item for items in lexicon["verbs"].values() for item in items]
    own = [item["own"] for item in items if item["own"]]
    nouns = [e for es in lexicon["nouns"].values() for e in es]
    skipped = summary["patterns skipped"]
    lines = [(f"wrote {out}: {size / 1e6:.2f} MB; {len(lexicon['verbs'])} verbs, {len(items)} verb items "
              f"({len(own)} with an own code), {sum(1 for b in lexicon['blocks'] if b['patterns'])} blocks with "
              f"{len(patterns)} patterns ({sum(1 for p in patterns if not conditions(p))} without conditions), "
              f"{len(lexicon['synsets'])} synsets, {len(lexicon['nouns'])} noun heads, {len(nouns)} noun entries"),
             f"patterns kept: {summary['patterns kept']}; skipped: {sum(skipped.values())}",
             *(f"  {n:5d}  {why}" for why, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0]))),
             "verb lines: " + ", ".join(f"{k} {v}" for k, v in sorted(summary["verb lines"].items())),
             *(f"crosswalk: {c}" for c in summary["crosswalk conflicts"])]
    for kind in ("mode", "context"):
        nulled = sorted((name, n) for (k, name), n in summary["not in scheme"].items() if k == kind)
        lines.append(f"{kind}s not in the PLOVER scheme, null: "
                     + (", ".join(f"{name} ({n} code{'s' * (n != 1)})" for name, n in nulled) or "none"))
    lines += ["noun-trigger synsets: " + ", ".join(sorted({e["synset"] for e in nouns})),
              "synsets not noun triggers: "
              + "; ".join(f"{k} ({v})" for k, v in summary["synsets not noun triggers"].items())]
    for kind, rows in (("block patterns", patterns), ("own codes", own), ("noun entries", nouns)):
        types = sorted(Counter(e["type"] for e in rows).items())
        lines.append(f"PLOVER types, {kind}: " + ", ".join(f"{t} {n}" for t, n in types))
    print("\n".join(lines), file=sys.stderr)
