"""``kg kb build --preset NAME``: a selection of a full Wikidata JSON dump, streamed and resumable.

A full dump (``latest-all.json.bz2``, 100M+ lines) takes hours to read, so a crash, a reboot or a
Ctrl-C must not cost the hours already spent. The base is built in a PARTIAL file beside the
target, ``.<name>.partial``, and its progress is recorded inside that same SQLite file: every
``CHECKPOINT_LINES`` lines the items kept so far and a ``meta`` row ``resume`` (source index,
uncompressed byte offset, lines and items read, items kept) are committed in ONE transaction,
so the partial base and its checkpoint always agree. Run the same command again and it opens
the partial file, checks that the row was written for the same preset and the same sources
(path, size, modification time), seeks to the recorded offset (a plain file seeks; a .bz2/.gz
one is decompressed up to there, far faster than parsing) and goes on; other arguments start
afresh. Only when every source is read are types derived and the file renamed over the target
(``build.commit_base``), so the target is never a half-built base.

Memory stays bounded: one line at a time in Python, SQLite's own page cache for the rest. The
type derivation at the end holds the class tree (P279 edges) in memory, as every build does.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kg.link.kb.build import JSON_SUFFIXES, BuildStats, commit_base, compact_base, count_items
from kg.link.kb.presets import Preset, Verdict
from kg.link.kb.sources import QID, claim_values, item_from_json, open_binary
from kg.link.kb.store import KbError, KbWriter

__all__ = ["build_preset", "partial_path", "CHECKPOINT_LINES", "PROGRESS_LINES"]

CHECKPOINT_LINES = 100_000  # lines between commits of items + checkpoint: ~10 s of work lost at most
PROGRESS_LINES = 100_000
SKIP = (b"", b"[", b"]")


@dataclass
class _State:
    """Where a build is: the checkpoint row, as JSON, in the partial base's meta table."""

    key: str
    source: int = 0  # index into the sources
    offset: int = 0  # uncompressed bytes of that source consumed
    lines: int = 0  # lines of that source consumed
    read: int = 0  # entities read, all sources
    kept: int = 0  # items kept, all sources
    per_source: dict[str, int] = field(default_factory=dict)  # entities read per source
    done: bool = False  # every source read; types not yet derived


def partial_path(out: Path) -> Path:
    """The fixed name a re-run looks for (a random temp name could not be found again)."""
    return out.with_name(f".{out.name}.partial")


def build_preset(sources: list[str], out: Path, preset: Preset, keep_types: list[str] | None = None,
                 on_progress: Callable[[str], None] | None = None,
                 checkpoint_lines: int = CHECKPOINT_LINES) -> BuildStats:
    """Build the preset's selection of JSON dumps at ``out``, resuming a partial build of the same
    arguments. An error or interrupt leaves the partial file (and ``out`` untouched) for a re-run."""
    out, say = Path(out), on_progress or (lambda _msg: None)
    paths = [_dump_path(s) for s in sources]
    out.parent.mkdir(parents=True, exist_ok=True)
    partial, started = partial_path(out), time.monotonic()
    state = _open_state(partial, _key(preset, paths, keep_types), say)
    if _built_from(partial) != state.key:  # else complete, only the rename was missing
        _run(partial, paths, state, preset, keep_types, say, checkpoint_lines)
    kept = compact_base(partial) if keep_types else count_items(partial)
    commit_base(partial, out)
    stats = BuildStats(items=dict(state.per_source), kept=kept)
    stats.seconds, stats.size = time.monotonic() - started, out.stat().st_size
    return stats


def _run(partial: Path, paths: list[Path], state: _State, preset: Preset, keep_types: list[str] | None,
         say: Callable[[str], None], checkpoint_lines: int) -> None:
    writer = KbWriter(partial, batch=sys.maxsize)  # commits only at checkpoints, with the checkpoint
    writer.db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a crash loses at most the open batch
    try:
        while state.source < len(paths) and not state.done:
            _read_source(writer, paths, state, preset, say, checkpoint_lines)
        _finish(writer, state, keep_types, say)
    except BaseException:
        writer.db.close()  # rolls back to the last checkpoint; the partial file stays for a re-run
        raise


def _dump_path(source: str) -> Path:
    name = source.lower().removesuffix(".gz").removesuffix(".bz2")
    if not name.endswith(JSON_SUFFIXES):
        raise KbError("a preset reads Wikidata JSON dumps (.json, .jsonl, each may be .gz/.bz2)", source)
    path = Path(source)
    if not path.is_file():
        raise KbError("no such file", source)
    return path


def _key(preset: Preset, paths: list[Path], keep_types: list[str] | None) -> str:
    """What a partial base must have been started with to be resumed."""
    files = [[str(p.resolve()), (st := p.stat()).st_size, st.st_mtime_ns] for p in paths]
    return json.dumps({"preset": preset.key, "sources": files, "types": sorted(keep_types or [])}, sort_keys=True)


def _open_state(partial: Path, key: str, say: Callable[[str], None]) -> _State:
    """The checkpoint of a partial base made with the same arguments, else a fresh start."""
    if partial.exists():
        saved = _saved_state(partial)
        if saved is not None and saved.key == key:
            say(f"resuming {partial.name}: source {saved.source + 1}, line {saved.lines:,}, "
                f"{saved.read:,} items read, {saved.kept:,} kept")
            return saved
        say(f"discarding {partial.name}: made with other arguments or unreadable")
        _remove(partial)
    return _State(key)


def _saved_state(partial: Path) -> _State | None:
    """The checkpoint row, or for a finished base that was not yet renamed, a done state."""
    try:
        if (built := _built_from(partial)) is not None:
            return _State(built, done=True)
        row = _meta(partial, "resume")
        return _State(**json.loads(row)) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None


def _built_from(partial: Path) -> str | None:
    try:
        return _meta(partial, "built_from") if partial.exists() else None
    except sqlite3.Error:
        return None


def _meta(path: Path, key: str) -> str | None:
    with closing(sqlite3.connect(path)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _remove(partial: Path) -> None:
    for path in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm", "-journal"))):
        path.unlink(missing_ok=True)


def _read_source(writer: KbWriter, paths: list[Path], state: _State, preset: Preset,
                 say: Callable[[str], None], checkpoint_lines: int) -> None:
    """Read one source from its checkpoint to its end, checkpointing as it goes."""
    path = paths[state.source]
    where, clock = str(path), _Clock(state.read)
    try:
        with open_binary(path) as fh:
            if state.offset:
                fh.seek(state.offset)
            for line in fh:
                state.offset += len(line)
                state.lines += 1
                _take(writer, line, state, preset, where)
                if state.lines % checkpoint_lines == 0:
                    _checkpoint(writer, state)
                if state.lines % PROGRESS_LINES == 0:
                    say(clock.report(path.name, state))
    except (OSError, EOFError) as exc:
        raise KbError(f"cannot read JSON dump: {exc}", where) from None
    say(clock.report(path.name, state))
    state.source, state.offset, state.lines = state.source + 1, 0, 0
    _checkpoint(writer, state)


def _take(writer: KbWriter, line: bytes, state: _State, preset: Preset, where: str) -> None:
    """One dump line: parsed, judged by the preset, kept whole, as class edges, or not at all."""
    text = line.strip().rstrip(b",")
    if text in SKIP:
        return
    try:
        entity = json.loads(text)
        qid = entity.get("id", "")
    except (ValueError, AttributeError) as exc:
        raise KbError(f"malformed JSON entity on line {state.lines}: {exc}", where) from None
    if not QID.fullmatch(qid) or "missing" in entity:
        return
    state.read += 1
    state.per_source[where] = state.per_source.get(where, 0) + 1
    verdict = preset.verdict(entity)
    if verdict is Verdict.KEEP:
        writer.add(item_from_json(qid, entity))
        state.kept += 1
    elif verdict is Verdict.CLASS:
        writer.add_class_edges(qid, claim_values(entity["claims"]["P279"]))


def _checkpoint(writer: KbWriter, state: _State) -> None:
    """The items since the last checkpoint and the new position, committed together."""
    writer.db.execute("INSERT OR REPLACE INTO meta VALUES ('resume', ?)", (json.dumps(asdict(state)),))
    writer.db.commit()


def _finish(writer: KbWriter, state: _State, keep_types: list[str] | None, say: Callable[[str], None]) -> None:
    """Every source read: types derived, the checkpoint row replaced by the preset that made the base."""
    state.done = True
    _checkpoint(writer, state)
    say("deriving types" + (f", keeping {','.join(keep_types)}" if keep_types else ""))
    writer.db.execute("DELETE FROM meta WHERE key = 'resume'")
    writer.db.execute("INSERT OR REPLACE INTO meta VALUES ('built_from', ?)", (state.key,))
    writer.close(keep_types)


class _Clock:
    """Items per second over this run (a resumed run does not count what it skipped)."""

    def __init__(self, read_before: int) -> None:
        self.start, self.before = time.monotonic(), read_before

    def report(self, name: str, state: _State) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = (state.read - self.before) / elapsed
        return f"{name}: line {state.lines:,}, {state.read:,} items read, {state.kept:,} kept, {rate:,.0f} items/s"
