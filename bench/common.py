"""Helpers shared by the benchmark scripts (run as `python bench/NAME.py`, so this imports as `common`)."""
from __future__ import annotations

import resource

__all__ = ["peak_rss_kb"]


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
