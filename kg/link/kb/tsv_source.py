"""TSV lists of items (qid, label, aliases, types), such as the benchmark list of ELEVANT's sets."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.link.kb.sources import QID, open_text, unique
from kg.link.kb.store import KbError, KbItem

__all__ = ["iter_tsv", "benchmark_type"]

BENCHMARK_TYPES = {"Person": "Person", "Organization": "Organization", "Geographic Entity": "Location",
                   "Human Population": "Group"}
COARSE = ("Person", "Organization", "Location", "Group", "Other")
HEADER_ALIASES = {"qid": "qid", "id": "qid", "item": "qid", "label": "label", "wikidata_label": "label",
                  "name": "label", "aliases": "aliases", "alias": "aliases", "types": "types", "type": "types",
                  "type_names": "type_names"}


def iter_tsv(path: str | Path) -> Iterator[KbItem]:
    """Rows ``qid, label, aliases, types`` (coarse type names), or the benchmark list's
    ``qid, wikidata_label, type_qids, type_names``. Sitelinks are unknown (None)."""
    where = str(path)
    try:
        with open_text(path) as fh:
            columns: dict[str, int] | None = None
            for number, line in enumerate(fh, 1):
                cells = line.rstrip("\r\n").split("\t")
                if not any(c.strip() for c in cells) or line.startswith("#"):
                    continue
                if columns is None:
                    columns = _tsv_columns(cells, where)
                    if not QID.fullmatch(cells[0].strip()):
                        continue  # that was the header
                yield _tsv_item(cells, columns, where, number)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise KbError(f"cannot read TSV: {exc}", where) from None


def _tsv_columns(first: list[str], where: str) -> dict[str, int]:
    """Named columns from a header row; without one, the plain ``qid label aliases types``."""
    if QID.fullmatch(first[0].strip()):
        return {"qid": 0, "label": 1, "aliases": 2, "types": 3}
    columns = {HEADER_ALIASES[h.strip().lower()]: i for i, h in enumerate(first)
               if h.strip().lower() in HEADER_ALIASES}
    if "qid" not in columns:
        raise KbError(f"no qid column in the header {first!r}", where)
    return columns


def _tsv_item(cells: list[str], columns: dict[str, int], where: str, number: int) -> KbItem:
    def cell(name: str) -> str:
        i = columns.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    qid = cell("qid")
    if not QID.fullmatch(qid):
        raise KbError(f"line {number}: {qid!r} is not a QID", where)
    label = cell("label") or None
    aliases = unique((a.strip() for a in cell("aliases").split("|") if a.strip()), label)
    if "type_names" in columns:
        type_ = benchmark_type(cell("type_names").split("|"))
    else:
        type_ = _coarse_type(cell("types").split("|")) if "types" in columns else None
    return KbItem(qid, label, aliases, type=type_)


def benchmark_type(names: list[str]) -> str:
    """Coarse type of a benchmark row: the first of its names that maps, except that a row
    that is both a "Geographic Entity" and an "Organization" is a country: Location."""
    names = [n.strip() for n in names]
    if "Geographic Entity" in names and "Organization" in names:
        return "Location"
    return next((BENCHMARK_TYPES[n] for n in names if n in BENCHMARK_TYPES), "Other")


def _coarse_type(names: list[str]) -> str | None:
    """The first coarse type named (case-insensitively); unknown names give "Other"."""
    names = [n.strip() for n in names if n.strip()]
    for name in names:
        match = next((c for c in COARSE if c.lower() == name.lower()), None)
        if match:
            return match
    return "Other" if names else None
