"""Helpers shared by the benchmark scripts (run as `python bench/NAME.py`, so this imports as `common`)."""
from __future__ import annotations

import json
import resource
import sys
from pathlib import Path
from typing import Any

__all__ = ["peak_rss_kb", "say", "write_result"]


def say(msg: str) -> None:
    """Progress to stderr; the table goes to stdout."""
    print(msg, file=sys.stderr, flush=True)


def write_result(result: dict[str, Any], path: Path) -> None:
    """A bench's JSON, written whole or not at all (a temporary file renamed into place)."""
    from kg.files import atomic_writer

    with atomic_writer(path) as fh:
        fh.write(json.dumps(result, indent=2) + "\n")
    say(f"wrote {path}")


def peak_rss_kb() -> tuple[int, str]:
    """This process's own peak RSS. ``VmHWM`` is the high-water mark of the address space made at
    exec; ``ru_maxrss`` is not used where VmHWM exists because Linux carries the forking parent's
    RSS over exec into it (subprocess forks the benchmark process, which has a base loaded)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]), "VmHWM"
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
