"""Kept-alive HTTP connections to a store, one per thread and origin, for the push.

urllib opens a new connection for every request (and builds a new opener, digest handshake
included); on the corpus that setup and the serial waiting were most of a push. ``http.client``
(the standard library, no new dependency) keeps the connection open. What urllib's handlers did
is kept: no redirect unless ``--follow-redirects`` allows it (kg.store.redirects decides), basic
and bearer credentials sent up front, digest answered once per thread and then sent up front
with urllib's own digest code, retries with back-off on 5xx and on lost connections.
"""
from __future__ import annotations

import base64
import http.client
import ssl
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import KgError
from kg.store.endpoint import Auth
from kg.store.redirects import redirect_target

__all__ = ["StoreClient"]

USER_AGENT = "newskg/0.1 (https://w3id.org/newskg) push"
REDIRECTS = (301, 302, 303, 307, 308)
_LOST = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


@dataclass
class _Answer:
    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes


class _Passwords:
    """urllib's digest handler asks a password manager; this one knows one user."""

    def __init__(self, auth: Auth) -> None:
        self.auth = auth

    def find_user_password(self, _realm: str, _uri: str) -> tuple[str | None, str | None]:
        return self.auth.user, self.auth.password

    def add_password(self, *_args: object) -> None:
        """The handler binds this at init; the one user is given up front."""


class _Thread(threading.local):
    """Each thread's connections (by origin) and digest state (the last challenge, its nonce count)."""

    def __init__(self) -> None:
        self.connections: dict[str, http.client.HTTPConnection] = {}
        self.challenge: dict[str, str] | None = None
        self.digest: urllib.request.AbstractDigestAuthHandler | None = None


def _proxy_for(parts: urllib.parse.SplitResult) -> urllib.parse.SplitResult | None:
    """The proxy the environment names for this URL (http_proxy, https_proxy, no_proxy), if any."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return urllib.parse.urlsplit(proxy if "://" in proxy else "http://" + proxy)


def _proxy_authorization(proxy: urllib.parse.SplitResult) -> dict[str, str]:
    if not proxy.username:
        return {}
    pair = f"{urllib.parse.unquote(proxy.username)}:{urllib.parse.unquote(proxy.password or '')}".encode("utf-8")
    return {"Proxy-Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


class StoreClient:
    def __init__(self, auth: Auth, verify_tls: bool = True, timeout: float = 60.0, follow_redirects: bool = False,
                 retries: int = 4, sleep: Callable[[float], None] = time.sleep,
                 error: Callable[[str], KgError] = KgError, command: str = "kg push") -> None:
        self.auth = auth
        self.verify_tls = verify_tls
        self.timeout = timeout
        self.follow_redirects = follow_redirects
        self.retries = retries
        self.sleep = sleep
        self.error = error
        self.command = command
        self.local = _Thread()
        self._lock = threading.Lock()
        self.requests = 0

    # ---- one request, with retries, redirects and the digest handshake ------------------------

    def request(self, method: str, url: str, body: bytes, headers: dict[str, str], label: str,
                authenticate: bool = True) -> bytes:
        """The answer's body; a refusal, or no answer after the retries, is ``error`` naming ``label``."""
        delay, attempt, hops, challenged = 0.5, 0, 0, False
        while True:
            self._count()
            try:
                answer = self._once(method, url, body, headers, authenticate)
            except (http.client.HTTPException, OSError) as exc:
                if attempt >= self.retries:
                    raise self.error(f"{label}: cannot reach {url.split('?')[0]}: {exc}") from None
                attempt, delay = attempt + 1, self._pause(delay)
                continue
            if answer.status in REDIRECTS and answer.headers.get("Location") and hops < 5:
                newurl = urllib.parse.urljoin(url, answer.headers["Location"])
                url, hops = redirect_target(url, answer.status, newurl, self.follow_redirects, self.error,
                                            self.command), hops + 1
                continue
            if answer.status == 401 and authenticate and not challenged and self._challenged(answer):
                challenged = True
                continue
            if answer.status >= 500 and attempt < self.retries:
                attempt, delay = attempt + 1, self._pause(delay)
                continue
            if answer.status >= 300:
                message = answer.body[:2000].decode("utf-8", "replace").strip()
                raise self.error(f"{label}: {url.split('?')[0]} answered {answer.status} {answer.reason}: "
                                 f"{message[:500]}")
            return answer.body

    def _count(self) -> None:
        with self._lock:
            self.requests += 1

    def _pause(self, delay: float) -> float:
        self.sleep(delay)
        return delay * 2

    def _once(self, method: str, url: str, body: bytes, headers: dict[str, str], authenticate: bool) -> _Answer:
        """One exchange; a kept-alive connection the server closed meanwhile is reopened once."""
        parts = urllib.parse.urlsplit(url)
        conn, proxied = self._connection(parts)
        selector = url if proxied is not None else urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        sent = {"User-Agent": USER_AGENT, **headers, **(self._authorization(method, url) if authenticate else {}),
                **(proxied or {})}
        reused = conn.sock is not None
        try:
            try:
                return self._exchange(conn, method, selector, body, sent)
            except _LOST:
                if not reused:
                    raise
                conn.close()
                return self._exchange(conn, method, selector, body, sent)
        except BaseException:
            conn.close()
            raise

    @staticmethod
    def _exchange(conn: http.client.HTTPConnection, method: str, selector: str, body: bytes,
                  headers: dict[str, str]) -> _Answer:
        conn.request(method, selector, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        return _Answer(resp.status, resp.reason, resp.headers, data)

    def _connection(self, parts: urllib.parse.SplitResult) -> tuple[http.client.HTTPConnection, dict[str, str] | None]:
        """This thread's connection to the URL's origin, and for a plain-HTTP proxy the headers
        that go with a request through it (None: the request goes to the origin, or through
        an HTTPS tunnel). The proxy comes from the environment, as urllib took it."""
        origin = f"{parts.scheme}://{parts.netloc}"
        proxy = _proxy_for(parts)
        conn = self.local.connections.get(origin)
        if conn is None:
            conn = self._open(parts, proxy)
            self.local.connections[origin] = conn
        if proxy is not None and parts.scheme != "https":
            return conn, _proxy_authorization(proxy)
        return conn, None

    def _open(self, parts: urllib.parse.SplitResult, proxy: urllib.parse.SplitResult | None) -> http.client.HTTPConnection:
        host, port = (proxy.hostname or "", proxy.port) if proxy else (parts.hostname or "", parts.port)
        if parts.scheme != "https":
            return http.client.HTTPConnection(host, port, timeout=self.timeout)
        conn = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls())
        if proxy is not None:
            conn.set_tunnel(parts.hostname or "", parts.port, headers=_proxy_authorization(proxy))
        return conn

    def _tls(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context()
        if not self.verify_tls:
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def close(self) -> None:
        """This thread's connections closed (the others close when their threads end)."""
        for conn in self.local.connections.values():
            conn.close()
        self.local.connections.clear()

    # ---- credentials ------------------------------------------------------------------------

    def _authorization(self, method: str, url: str) -> dict[str, str]:
        auth = self.auth
        if auth.kind == "bearer":
            return {"Authorization": f"Bearer {auth.token}"}
        if auth.kind == "basic":  # up front: some servers never challenge
            pair = f"{auth.user}:{auth.password}".encode("utf-8")
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        if auth.kind == "digest" and self.local.challenge is not None and self.local.digest is not None:
            value = self.local.digest.get_authorization(urllib.request.Request(url, method=method),
                                                        self.local.challenge)
            return {"Authorization": "Digest " + value} if value else {}
        return {}

    def _challenged(self, answer: _Answer) -> bool:
        """Whether a 401 carried a digest challenge to answer (kept for this thread's next requests)."""
        if self.auth.kind != "digest":
            return False
        for value in answer.headers.get_all("WWW-Authenticate") or []:
            scheme, _, rest = value.partition(" ")
            if scheme.lower() == "digest":
                items = urllib.request.parse_http_list(rest)
                self.local.challenge = urllib.request.parse_keqv_list(filter(None, items))
                self.local.digest = urllib.request.AbstractDigestAuthHandler(_Passwords(self.auth))
                return True
        return False
