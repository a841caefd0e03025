"""The default knowledge base: what the linker reads when the user names no base of their own.

Its source is kg/data/default_kb.tsv (the project's own country lexicon, written by
scripts/default_kb.py); the SQLite file the linker reads is built from it by ``build_kb``, the
code behind `kg kb build`, once per source version, into the user's cache folder. Building at
first use rather than shipping the SQLite file keeps the wheel free of a binary that could drift
from its source; 206 items take a few milliseconds. The build is atomic (write, then rename), so
processes that start together (Dask workers) at worst build it twice, never read it half-built.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from kg.link.kb.build import build_kb
from kg.link.kb.store import SCHEMA, KbError, KnowledgeBase

__all__ = ["DEFAULT_SOURCE", "default_kb", "default_kb_path", "cache_dir"]

DEFAULT_SOURCE = Path(__file__).resolve().parents[2] / "data" / "default_kb.tsv"


def cache_dir() -> Path:
    """``KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/newskg``, else ``~/.cache/newskg``."""
    if configured := os.environ.get("KG_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newskg"


def default_kb() -> KnowledgeBase:
    """The default base, opened; built first where this version of its source has none yet. A
    cache folder this user cannot read or write (another user's, a file in its place) falls back
    to a folder of this user's in the temporary folder."""
    source = DEFAULT_SOURCE.read_bytes()
    name = f"default-kb-{hashlib.sha256(source + SCHEMA.encode()).hexdigest()[:16]}.sqlite"
    for folder in (cache_dir(), Path(tempfile.gettempdir()) / f"newskg-{getattr(os, 'getuid', lambda: 0)()}"):
        target = folder / name
        try:
            if not target.is_file():
                build_kb([str(DEFAULT_SOURCE)], target)
            return KnowledgeBase(target)
        except (OSError, sqlite3.Error, KbError):
            continue
    raise KbError("cannot build the default knowledge base there nor in the temporary folder (set KG_CACHE_DIR)",
                  str(cache_dir()))


def default_kb_path() -> Path:
    """Where the default base is (built if need be): for ``kg kb`` users who want the file."""
    return default_kb().path
