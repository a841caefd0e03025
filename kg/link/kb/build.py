"""``kg kb build``: many sources into one knowledge-base file, all or nothing.

The base is written to a temporary file beside the target and moved into place with
``os.replace`` only once complete, so a crash, Ctrl-C or a malformed input never leaves a
half-built base where the linker would read it (nor clobbers the previous one).
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from kg.link.kb.rdf_sources import iter_rdf, iter_sparql
from kg.link.kb.sources import iter_json_dump
from kg.link.kb.store import KbError, KbItem, KbWriter
from kg.link.kb.tsv_source import iter_tsv

__all__ = ["BuildStats", "build_kb", "build_from", "reader_for", "commit_base", "discard_base", "compact_base",
           "count_items"]

PROGRESS_EVERY = 50_000
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")
RDF_SUFFIXES = (".ttl", ".nt", ".nq")
COMPRESSION = (".gz", ".bz2")


@dataclass
class BuildStats:
    """What a build read and wrote: items per source, wall time, the base's size."""

    items: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    size: int = 0  # bytes of the finished file
    kept: int = 0  # items in the base after merging duplicates and the type filter

    @property
    def total(self) -> int:
        return sum(self.items.values())

    def __str__(self) -> str:
        per = ", ".join(f"{Path(s).name if '://' not in s else s}: {n}" for s, n in self.items.items())
        return (f"{self.total} items read ({per}); {self.kept} in the base; "
                f"{self.size / 1e6:.1f} MB in {self.seconds:.1f} s")


def reader_for(source: str, query: str | None = None) -> Callable[[], Iterator[KbItem]]:
    """The reader a source names: an http(s) URL is a SPARQL endpoint (an optional ``?query=``
    in it, or ``query`` text or a .rq path, gives the CONSTRUCT), else the file suffix."""
    if source.startswith(("http://", "https://")):
        endpoint, url_query = _split_query(source)
        text = url_query or _query_text(query)
        return lambda: iter_sparql(endpoint, text)
    name = source.lower()
    for z in COMPRESSION:
        name = name.removesuffix(z)
    if name.endswith(JSON_SUFFIXES):
        return lambda: iter_json_dump(source)
    if name.endswith(RDF_SUFFIXES):
        return lambda: iter_rdf(source)
    if name.endswith(".tsv"):
        return lambda: iter_tsv(source)
    raise KbError("unknown source kind: expected .json[l], .ttl/.nt/.nq, .tsv (each may be .gz/.bz2) "
                  "or an http(s) SPARQL endpoint", source)


def _split_query(url: str) -> tuple[str, str | None]:
    """``https://host/sparql?query=...`` is the SPARQL protocol's own spelling of a query."""
    parts = urlsplit(url)
    params = parse_qs(parts.query)
    query = params.pop("query", [None])[0]
    rest = urlencode(params, doseq=True)
    return urlunsplit(parts._replace(query=rest)), query


def _query_text(query: str | None) -> str | None:
    if query and query.strip().lower().endswith(".rq") and Path(query.strip()).is_file():
        return Path(query.strip()).read_text(encoding="utf-8")
    return query


def build_kb(sources: list[str], out: Path, keep_types: list[str] | None = None,
             on_progress: Callable[[str], None] | None = None, query: str | None = None) -> BuildStats:
    """Read every source into a fresh base at ``out``; on any failure ``out`` is untouched."""
    readers = [(str(s), reader_for(str(s), query)) for s in sources]  # bad kinds fail before any work
    return build_from(readers, out, keep_types, on_progress)


def build_from(readers: list[tuple[str, Callable[[], Iterator[KbItem]]]], out: Path,
               keep_types: list[str] | None = None,
               on_progress: Callable[[str], None] | None = None) -> BuildStats:
    """Named readers into a fresh base at ``out``, written under a temporary name and renamed
    when complete: ``kg kb fetch`` shares this with ``build_kb``."""
    out = Path(out)
    say = on_progress or (lambda _msg: None)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(out)
    stats, start = BuildStats(), time.monotonic()
    writer = KbWriter(tmp)
    try:
        for source, read in readers:
            stats.items[source] = _load(writer, source, read, say)
        say("deriving types" + (f", keeping {','.join(keep_types)}" if keep_types else ""))
        writer.close(keep_types)
        stats.kept = compact_base(tmp) if keep_types else count_items(tmp)
        commit_base(tmp, out)
    except BaseException:
        discard_base(writer, tmp)
        raise
    stats.seconds, stats.size = time.monotonic() - start, out.stat().st_size
    return stats


def _temp_path(out: Path) -> Path:
    """A unique name in the target's folder, so ``os.replace`` is a same-filesystem rename."""
    fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    return Path(name)


def _load(writer: KbWriter, source: str, read: Callable[[], Iterator[KbItem]],
          say: Callable[[str], None]) -> int:
    n = 0
    try:
        for item in read():
            writer.add(item)
            n += 1
            if n % PROGRESS_EVERY == 0:
                say(f"{source}: {n} items")
    except KbError:
        raise
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise KbError(f"cannot read source: {exc}", source) from None
    say(f"{source}: {n} items")
    return n


def count_items(path: Path) -> int:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM item").fetchone()[0]


def compact_base(path: Path) -> int:
    """VACUUM after the type filter: deleted rows leave free pages, and the point of
    ``keep_types`` is a smaller file to ship."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("VACUUM")
    return count_items(path)


def commit_base(tmp: Path, out: Path) -> None:
    """Flush the finished file to disk, then rename it over the target in one step (with the
    permissions a plain new file would get, not mkstemp's owner-only ones)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)


def discard_base(writer: KbWriter, tmp: Path) -> None:
    """Close the writer's connection (if still open) and remove the temp file and its WAL."""
    try:
        writer.db.close()
    except sqlite3.Error:
        pass
    for path in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm", "-journal"))):
        path.unlink(missing_ok=True)
