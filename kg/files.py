"""Output files: every file is written under a temporary name beside its target and renamed
when complete, so an interrupted run never leaves half a file (exports, manifests, push state,
pages, benchmark results alike)."""
from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from kg.errors import OutputError

__all__ = ["BackgroundWriter", "atomic_writer", "background_writer", "make_folder", "remove_stale_parts",
           "remove_unlisted", "write_json", "write_text"]


@contextmanager
def atomic_writer(path: Path, mode: str = "w") -> Iterator[IO]:
    """Write to a temporary file beside ``path`` and rename it into place only when complete.
    An OSError (no folder, no rights, disk full) becomes an OutputError naming ``path``."""
    fd, tmp = _open_part(path)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8", "newline": "\n"} if "b" not in mode else {})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it owner-only; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
        raise


def make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError("cannot create the output folder: a file is in the way", str(folder)) from None
    except OSError as exc:
        raise OutputError(f"cannot create the output folder: {exc.strerror or exc}", str(folder)) from None


def _open_part(path: Path) -> tuple[int, str]:
    make_folder(path.parent)
    try:
        return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"cannot write: {exc.strerror or exc}", str(path)) from None


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


def remove_unlisted(folder: Path, patterns: tuple[str, ...], listed: set[str]) -> list[Path]:
    """Remove the files under ``folder`` matching ``patterns`` whose path relative to it is not
    in ``listed``: an export folder holds one export, whichever engine wrote the one before
    (issue 19, point 10). Returns what was removed."""
    stale = sorted(p for pattern in patterns for p in folder.glob(pattern)
                   if p.is_file() and str(p.relative_to(folder)) not in listed)
    for p in stale:
        p.unlink(missing_ok=True)
    return stale


def write_json(path: Path, data: object) -> None:
    """A JSON file (manifests, benchmark results), written whole or not at all."""
    import json

    with atomic_writer(Path(path)) as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
        fh.write("\n")


def write_text(text: str, path: Path) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)


class BackgroundWriter:
    """Writes text files by ``write_text`` (temporary name, fsync, rename: whole or absent) in one
    thread beside the caller, so the caller does not wait for the disk's fsync (some 1-4 ms a
    file here); at most ``pending`` files wait at a time. A failed write's ``OutputError`` is
    raised to the caller at its next ``write_text`` or when all are awaited."""

    def __init__(self, pending: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-write")
        self._futures: deque[Future] = deque()
        self._pending = max(1, pending)

    def write_text(self, text: str, path: Path) -> None:
        self._settle(self._pending - 1)
        self._futures.append(self._pool.submit(write_text, text, path))

    def _settle(self, keep: int) -> None:
        """Collect the finished writes (raising the first error), and wait until at most ``keep`` are left."""
        while self._futures and (len(self._futures) > keep or self._futures[0].done()):
            self._futures.popleft().result()

    def wait(self) -> None:
        self._settle(0)

    def close(self) -> None:
        """Drop the writes not yet begun, let the one in progress finish, end the thread."""
        for future in self._futures:
            future.cancel()
        self._futures.clear()
        self._pool.shutdown(wait=True)


@contextmanager
def background_writer(pending: int = 8) -> Iterator[BackgroundWriter]:
    """A ``BackgroundWriter`` whose files are all written when the block ends normally; if the
    block fails (or is interrupted) the files not yet begun are not written, the one in progress
    is finished; either way the thread has ended."""
    writer = BackgroundWriter(pending)
    try:
        yield writer
        writer.wait()
    finally:
        writer.close()
