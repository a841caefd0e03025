"""The knowledge base as one SQLite file: names (normalised), items, context facts, class edges.

SQLite because the linker's access pattern is point look-ups by normalised name and by QID,
the file is one artefact users can commit and ship to CI, and Python has it built in.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.labels import initials, normalise_label

__all__ = ["KbItem", "Candidate", "KbWriter", "KnowledgeBase", "KbError", "CONTEXT_PROPS", "ROOT_TYPES",
           "COARSE_TYPES"]

CONTEXT_PROPS = ("P17", "P27", "P39", "P131", "P35", "P6", "P36")
COARSE_TYPES = ("Person", "Organization", "Location", "Group", "Other")
# Classes whose instances (through P31/P279*) get a coarse type. First match in this order wins.
ROOT_TYPES: dict[str, str] = {
    "Q5": "Person", "Q215627": "Person",
    "Q6256": "Location", "Q3624078": "Location", "Q515": "Location", "Q486972": "Location",
    "Q56061": "Location", "Q82794": "Location", "Q2221906": "Location", "Q27096213": "Location",
    "Q1549591": "Location", "Q35657": "Location", "Q10864048": "Location", "Q15284": "Location",
    "Q5107": "Location", "Q23442": "Location", "Q8502": "Location", "Q4022": "Location", "Q165": "Location",
    "Q43229": "Organization", "Q4830453": "Organization", "Q7278": "Organization", "Q11032": "Organization",
    "Q1193236": "Organization", "Q772547": "Organization", "Q7188": "Organization", "Q327333": "Organization",
    "Q2659904": "Organization", "Q783794": "Organization", "Q476028": "Organization", "Q847017": "Organization",
    "Q484652": "Organization", "Q163740": "Organization", "Q3918": "Organization", "Q1320047": "Organization",
    "Q41710": "Group", "Q33829": "Group", "Q231002": "Group", "Q16334295": "Group",
}
SCHEMA = """
CREATE TABLE IF NOT EXISTS item (qid TEXT PRIMARY KEY, label TEXT, description TEXT, type TEXT,
                                 sitelinks INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS name (norm TEXT NOT NULL, qid TEXT NOT NULL, kind TEXT NOT NULL,
                                 PRIMARY KEY (norm, qid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS word (word TEXT NOT NULL, qid TEXT NOT NULL, PRIMARY KEY (word, qid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS initials (letters TEXT NOT NULL, qid TEXT NOT NULL,
                                     PRIMARY KEY (letters, qid)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fact (qid TEXT NOT NULL, prop TEXT NOT NULL, value TEXT NOT NULL,
                                 PRIMARY KEY (qid, prop, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS instance (qid TEXT NOT NULL, class TEXT NOT NULL, PRIMARY KEY (qid, class)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS subclass (class TEXT NOT NULL, parent TEXT NOT NULL,
                                     PRIMARY KEY (class, parent)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class KbError(KgError):
    code = "E020"


@dataclass
class KbItem:
    """One Wikidata item as any source gives it; missing parts stay empty."""

    qid: str
    label: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    sitelinks: int | None = None
    instance_of: list[str] = field(default_factory=list)
    subclass_of: list[str] = field(default_factory=list)
    facts: dict[str, list[str]] = field(default_factory=dict)
    type: str | None = None  # a coarse type given directly (TSV); else derived from instance_of


@dataclass(frozen=True)
class Candidate:
    qid: str
    label: str
    description: str | None
    type: str
    sitelinks: int
    names: frozenset[str]  # the normalised query names it matched
    by_label: bool  # matched the item's label (not only an alias)
    within: bool = False  # the query names are only part of one of its names ('Agassi' of 'Andre Agassi')
    initials: bool = False  # the query name is its label's initials ('NATO', 'FDA')
    known: bool = False  # our own lexicon names this item ('Ireland' is the state Q27, not the island)
    variant: bool = False  # its label spells the query name another way ('Mushtaq Ahmad' for 'Mushtaq Ahmed')

    @property
    def matched_by(self) -> str:
        """How the query found it, for `kg link --explain`."""
        for flag, how in ((self.known, "lexicon"), (self.variant, "other spelling"), (self.initials, "initials"),
                          (self.within, "part of a name")):
            if flag:
                return how
        return "label" if self.by_label else "alias"


ITEM_COLUMNS = "i.qid, i.label, i.description, i.type, i.sitelinks"  # the row _item_candidate reads


def _item_candidate(row: tuple, names: frozenset[str], by_label: bool, **flags: bool) -> Candidate:
    """A candidate from a row that starts with ITEM_COLUMNS; what matched it is the caller's to say."""
    qid, label, description, type_, sitelinks = row[:5]
    return Candidate(qid, label or qid, description, type_ or "Other", sitelinks or 0, names, by_label, **flags)


def as_acronym(name: str) -> str | None:
    """'U.N.' -> 'un', 'NATO' -> 'nato'; None for a name that is not written as an acronym."""
    letters = name.replace(".", "")
    return letters.lower() if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


def without_middle_initials(norm: str) -> str:
    """'martin d ginsburg' is also 'martin ginsburg': news drops middle initials."""
    words = norm.split()
    if len(words) < 3:
        return norm
    kept = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(kept)


class KbWriter:
    """Adds items in batches; ``close`` derives coarse types through the class hierarchy."""

    def __init__(self, path: str | Path, batch: int = 5000) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(self.path)
        self.db.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;" + SCHEMA)
        self.batch = batch
        self.pending = 0

    def add(self, item: KbItem) -> None:
        db = self.db
        row = db.execute("SELECT label, description, type, sitelinks FROM item WHERE qid = ?", (item.qid,)).fetchone()
        label, desc, type_, links = row or (None, None, None, 0)
        db.execute("INSERT OR REPLACE INTO item VALUES (?, ?, ?, ?, ?)",
                   (item.qid, item.label or label, item.description or desc, item.type or type_,
                    item.sitelinks if item.sitelinks is not None else links))
        names = [(normalise_label(item.label), "label")] if item.label else []
        names += [(normalise_label(a), "alias") for a in item.aliases]
        names += [(v, "alias") for n, _ in list(names) if (v := without_middle_initials(n)) != n]
        db.executemany("INSERT OR IGNORE INTO name VALUES (?, ?, ?)", [(n, item.qid, k) for n, k in names if n])
        db.executemany("INSERT OR IGNORE INTO word VALUES (?, ?)", [(w, item.qid) for w in {w for n, _ in names
                                                                                          for w in n.split()}])
        if item.label:
            db.execute("UPDATE name SET kind = 'label' WHERE norm = ? AND qid = ?", (normalise_label(item.label), item.qid))
            if letters := initials(item.label):
                db.execute("INSERT OR IGNORE INTO initials VALUES (?, ?)", (letters, item.qid))
        db.executemany("INSERT OR IGNORE INTO instance VALUES (?, ?)", [(item.qid, c) for c in item.instance_of])
        db.executemany("INSERT OR IGNORE INTO subclass VALUES (?, ?)", [(item.qid, c) for c in item.subclass_of])
        db.executemany("INSERT OR IGNORE INTO fact VALUES (?, ?, ?)",
                       [(item.qid, p, v) for p, values in item.facts.items() if p in CONTEXT_PROPS for v in values])
        self.pending += 1
        if self.pending >= self.batch:
            self.db.commit()
            self.pending = 0

    def add_class_edges(self, qid: str, parents: Iterable[str]) -> None:
        """Only the P279 edges of a class the base does not keep as an item: the coarse types of
        the items it keeps are derived through them."""
        self.db.executemany("INSERT OR IGNORE INTO subclass VALUES (?, ?)", [(qid, p) for p in parents])

    def add_all(self, items: Iterable[KbItem]) -> int:
        n = 0
        for item in items:
            self.add(item)
            n += 1
        return n

    def close(self, keep_types: Iterable[str] | None = None) -> None:
        """Derive coarse types; with ``keep_types``, drop items of other types (a smaller base)."""
        self.db.commit()
        self._derive_types()
        if keep_types:
            keep = tuple(keep_types)
            marks = ",".join("?" * len(keep))
            doomed = f"SELECT qid FROM item WHERE type NOT IN ({marks})"
            for table in ("name", "word", "initials", "fact", "instance"):
                self.db.execute(f"DELETE FROM {table} WHERE qid IN ({doomed})", keep)
            self.db.execute(f"DELETE FROM item WHERE type NOT IN ({marks})", keep)
        # people are not named by their initials in news, and their initials are legion
        self.db.execute("DELETE FROM initials WHERE qid IN (SELECT qid FROM item WHERE type = 'Person')")
        # schema 4: names fold 'ø', 'ł', 'ı', 'æ' (kg.rdf.iris); an older base still links the rest of its names
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('schema', '4')")
        self.db.commit()
        self.db.execute("PRAGMA journal_mode=DELETE")
        self.db.close()

    def _derive_types(self) -> None:
        """Coarse types in SQL, in bounded memory: the class tree is walked upwards by index
        look-ups from the classes items are instances of, so Python holds only the classes
        reached (not every P279 edge read: a full dump has millions), and the database updates
        the items."""
        memo: dict[str, str | None] = {}

        def parents(cls: str) -> list[str]:
            return [p for (p,) in self.db.execute("SELECT parent FROM subclass WHERE class = ? ORDER BY parent",
                                                  (cls,))]

        def coarse(cls: str, seen: frozenset[str] = frozenset()) -> str | None:
            if cls in memo:
                return memo[cls]
            if cls in ROOT_TYPES:
                memo[cls] = ROOT_TYPES[cls]
                return memo[cls]
            found = None
            for p in parents(cls):
                if p not in seen and (found := coarse(p, seen | {cls})):
                    break
            memo[cls] = found
            return found

        order = {t: i for i, t in enumerate(COARSE_TYPES)}
        rows = ((cls, t, order[t]) for (cls,) in self.db.execute("SELECT DISTINCT class FROM instance").fetchall()
                if (t := coarse(cls)))
        self.db.execute("CREATE TEMP TABLE class_type (class TEXT PRIMARY KEY, type TEXT, rank INTEGER)")
        self.db.executemany("INSERT INTO class_type VALUES (?, ?, ?)", rows)
        self.db.execute("""UPDATE item SET type = coalesce((SELECT ct.type FROM instance i JOIN class_type ct
                           ON ct.class = i.class WHERE i.qid = item.qid ORDER BY ct.rank LIMIT 1), 'Other')
                           WHERE type IS NULL""")
        self.db.execute("DROP TABLE class_type")


class KnowledgeBase:
    """Read access for the linker; every query is by index."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise KbError("knowledge base file not found (build one with `kg kb build`)", str(path))
        self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            self.db.execute("SELECT 1 FROM item LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise KbError(f"not a newskg knowledge base: {exc}", str(path)) from None
        tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.has_words = "word" in tables
        self.has_initials = "initials" in tables  # schema 3

    def candidates(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        norms = sorted({normalise_label(n) for n in names} - {""})
        if not norms:
            return []
        marks = ",".join("?" * len(norms))
        rows = self.db.execute(
            f"SELECT {ITEM_COLUMNS}, group_concat(n.norm, '\x1f'), max(n.kind = 'label') FROM name n "
            f"JOIN item i ON i.qid = n.qid WHERE n.norm IN ({marks}) "
            f"GROUP BY n.qid ORDER BY i.sitelinks DESC LIMIT ?", (*norms, limit)).fetchall()
        return [_item_candidate(row, frozenset(row[5].split("\x1f")), bool(row[6])) for row in rows]

    def within(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        """Items one of whose names holds a query name as a run of whole words, without being it:
        the local counterpart of Wikidata's EntitySearch, for short forms no alias records."""
        found: dict[str, Candidate] = {}
        if not self.has_words:  # a base built before the word index (schema 1): whole names only
            return []
        for norm in sorted({normalise_label(n) for n in names} - {""}):
            words = sorted(set(norm.split()))
            if not any(len(w) > 2 for w in words):
                continue
            marks = ",".join("?" * len(words))
            rows = self.db.execute(
                f"SELECT {ITEM_COLUMNS} FROM item i WHERE i.qid IN "
                f"(SELECT qid FROM word WHERE word IN ({marks}) GROUP BY qid HAVING count(*) = ?) "
                f"ORDER BY i.sitelinks DESC LIMIT ?", (*words, len(words), limit)).fetchall()
            if not rows:
                continue
            names_of: dict[str, list[tuple[str, str]]] = {}
            qids = [r[0] for r in rows]
            for qid, n, kind in self.db.execute(f"SELECT qid, norm, kind FROM name WHERE qid IN "
                                                f"({','.join('?' * len(qids))})", qids):
                if n != norm and f" {norm} " in f" {n} ":
                    names_of.setdefault(qid, []).append((n, kind))
            for row in rows:
                qid = row[0]
                if qid in names_of and qid not in found:
                    found[qid] = _item_candidate(row, frozenset({norm}), any(k == "label" for _, k in names_of[qid]),
                                                 within=True)
        return list(found.values())

    def by_initials(self, names: Iterable[str], limit: int = 50) -> list[Candidate]:
        """Items whose label an acronym among ``names`` abbreviates ('FDA': Food and Drug Administration)."""
        acronyms = sorted({a for n in names if (a := as_acronym(n))})
        if not acronyms or not self.has_initials:
            return []
        rows = self.db.execute(
            f"SELECT {ITEM_COLUMNS}, n.letters FROM initials n JOIN item i "
            f"ON i.qid = n.qid WHERE n.letters IN ({','.join('?' * len(acronyms))}) ORDER BY i.sitelinks DESC LIMIT ?",
            (*acronyms, limit)).fetchall()
        return [_item_candidate(row, frozenset({row[5]}), False, initials=True) for row in rows]

    def sharing_words(self, words: Iterable[str], types: Iterable[str], limit: int = 200) -> list[Candidate]:
        """Items of ``types`` with one of ``words`` in a name: the pool a caller searches for other spellings."""
        words, types = sorted(set(words)), sorted(set(types))
        if not words or not types or not self.has_words:
            return []
        rows = self.db.execute(
            f"SELECT {ITEM_COLUMNS} FROM item i WHERE i.type IN ({','.join('?' * len(types))}) AND i.qid IN "
            f"(SELECT qid FROM word WHERE word IN ({','.join('?' * len(words))})) ORDER BY i.sitelinks DESC LIMIT ?",
            (*types, *words, limit)).fetchall()
        return [_item_candidate(row, frozenset({normalise_label(row[1] or "")}), True) for row in rows]

    def facts(self, qid: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for prop, value in self.db.execute("SELECT prop, value FROM fact WHERE qid = ?", (qid,)):
            out.setdefault(prop, set()).add(value)
        return out

    def item(self, qid: str) -> Candidate | None:
        row = self.db.execute(f"SELECT {ITEM_COLUMNS} FROM item i WHERE i.qid = ?", (qid,)).fetchone()
        return None if row is None else _item_candidate(row, frozenset(), True)

    def size(self) -> int:
        return self.db.execute("SELECT count(*) FROM item").fetchone()[0]
