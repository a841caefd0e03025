"""Real servers for tests, started on 127.0.0.1 by the tests themselves."""
from __future__ import annotations

import http.server
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start in {seconds}s")


class OxigraphServer:
    """`oxigraph serve` (the PyPI package's binary) on a free loopback port with its own data folder."""

    def __init__(self, location: Path) -> None:
        from kg.store.serve import oxigraph_executable

        self.exe = oxigraph_executable()
        if self.exe is None:
            pytest.skip("the oxigraph server (pip install oxigraph) is not installed")
        self.location = location
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def start(self) -> "OxigraphServer":
        self.proc = subprocess.Popen([self.exe, "serve", "--location", str(self.location), "--bind",
                                      f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(f"{self.url}/query?query=ASK%7B%7D")
        return self

    def load(self, path: Path, media_type: str = "text/turtle") -> None:
        req = urllib.request.Request(f"{self.url}/store?default", data=path.read_bytes(), method="POST",
                                     headers={"Content-Type": media_type})
        urllib.request.urlopen(req, timeout=30).close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class RateLimiter:
    """A local proxy that answers 429 with Retry-After to the first ``refusals`` requests, then
    passes requests (GET or POST) through to ``upstream``; with ``fail_after``, every request
    after that many passed through gets a 500. It records each request's User-Agent."""

    def __init__(self, upstream: str, refusals: int = 1, retry_after: str = "1",
                 fail_after: int | None = None) -> None:
        self.upstream = upstream
        self.refusals = refusals
        self.retry_after = retry_after
        self.fail_after = fail_after
        self.requests: list[tuple[float, str, int]] = []  # (time, user agent, status)
        limiter = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                query = self.path.partition("?")[2]
                self._answer(urllib.request.Request(f"{limiter.upstream}?{query}", method="GET",
                                                    headers={"Accept": self.headers.get("Accept", "")}))

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                self._answer(urllib.request.Request(limiter.upstream, data=body, method="POST", headers={
                    "Content-Type": self.headers.get("Content-Type", ""), "Accept": self.headers.get("Accept", "")}))

            def _answer(self, req: urllib.request.Request) -> None:
                agent = self.headers.get("User-Agent", "")
                if limiter.refusals > 0:
                    limiter.refusals -= 1
                    self._status(agent, 429, ("Retry-After", limiter.retry_after))
                    return
                passed = sum(1 for _, _, status in limiter.requests if status == 200)
                if limiter.fail_after is not None and passed >= limiter.fail_after:
                    self._status(agent, 500)
                    return
                with urllib.request.urlopen(req, timeout=30) as resp:
                    data, ctype = resp.read(), resp.headers.get("Content-Type", "")
                limiter.requests.append((time.monotonic(), agent, 200))
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _status(self, agent: str, status: int, *headers: tuple[str, str]) -> None:
                limiter.requests.append((time.monotonic(), agent, status))
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sparql"

    def __enter__(self) -> "RateLimiter":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
