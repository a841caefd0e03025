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
          say: Callable[[str], None] = print, wait: bool = True, writable: bool = False) -> subprocess.Popen:
    """Serve the export read-only (Oxigraph's ``serve-read-only``: its /update and /store
    writes are refused) unless ``writable``. A temporary store (no ``location``) is removed
    when the server stops or fails to start; with ``wait=False`` the caller stops the server
    and ``proc.temporary_store`` names the folder to remove."""
    exe = oxigraph_executable()
    if exe is None:
        raise ServeError("the oxigraph server is not installed: pip install oxigraph")
    temporary = location is None
    folder = location or Path(tempfile.mkdtemp(prefix="newskg-serve-"))
    try:
        proc = _start(exe, folder, paths, port, say, writable)
    except BaseException:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    proc.temporary_store = folder if temporary else None  # type: ignore[attr-defined]
    if not wait:
        return proc
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
    finally:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
    return proc


def _start(exe: str, folder: Path, paths: list[str], port: int | None, say: Callable[[str], None],
           writable: bool) -> subprocess.Popen:
    n = load_into(folder, paths)
    port = port or _free_port()
    mode = "serve" if writable else "serve-read-only"
    proc = subprocess.Popen([exe, mode, "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"])
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until_up(url + "query?query=ASK%7B%7D", proc)
    except BaseException:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        raise
    say(f"serving {n} quads at {url} (SPARQL endpoint {url}query{'' if writable else ', read-only'}); Ctrl-C stops")
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
