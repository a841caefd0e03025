"""`kg serve`: an export in an Oxigraph store, served by the `oxigraph` server on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.named_graphs import iter_named_graphs

__all__ = ["serve", "ServeError", "load_into", "oxigraph_executable"]


class ServeError(KgError):
    code = "E070"


def load_into(location: Path, paths: list[str]) -> int:
    """Load every graph of the export into an on-disk store; returns the number of quads."""
    store = ox.Store(str(location))
    for g in iter_named_graphs(paths):
        store.load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(str(g.identifier)))
    store.flush()
    n = len(store)
    del store  # the server opens the folder next; one process at a time
    return n


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_executable() -> str | None:
    """The `oxigraph` server binary: beside this Python first (a venv that is not activated), then PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def serve(paths: list[str], port: int | None = None, location: Path | None = None,
          say: Callable[[str], None] = print, wait: bool = True) -> subprocess.Popen:
    exe = oxigraph_executable()
    if exe is None:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    folder = location or Path(tempfile.mkdtemp(prefix="newskg-serve-"))
    n = load_into(folder, paths)
    port = port or _free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"])
    url = f"http://127.0.0.1:{port}/"
    _wait_until_up(url + "query?query=ASK%7B%7D", proc)
    say(f"serving {n} quads at {url} (SPARQL endpoint {url}query); Ctrl-C stops")
    if wait:
        try:
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop is a Ctrl-C too
            proc.wait()
        except KeyboardInterrupt:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            say("stopped")
    return proc


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServeError(f"the oxigraph server exited with code {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise ServeError(f"the oxigraph server did not answer at {url} within {seconds:.0f}s")
