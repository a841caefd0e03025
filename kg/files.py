"""Output files: every file is written under a temporary name beside its target and renamed
when complete, so an interrupted run never leaves half a file (exports, manifests, push state,
pages, benchmark results alike)."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_writer", "remove_stale_parts", "write_json", "write_text"]


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place only when complete."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def remove_stale_parts(folder: Path) -> int:
    """Temporary files a killed run left behind (never a finished output: those were renamed)."""
    removed = 0
    for part in folder.rglob(".*.part"):
        try:
            part.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def write_json(path: Path, data: object) -> None:
    """A JSON file (manifests, benchmark results), written whole or not at all."""
    import json

    with atomic_writer(Path(path)) as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def write_text(text: str, path: Path) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)
