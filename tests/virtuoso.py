"""A real Virtuoso 7 (Debian's ``virtuoso-opensource``, installed by ``.ci/install-virtuoso``) for
tests: its own ``virtuoso.ini`` and database files in a folder, both ports on 127.0.0.1.

Facts this helper relies on (checked against 7.2.5.1+dfsg1-0.3 from Debian bookworm):

* ``virtuoso-t +foreground +configfile FILE`` runs it in the foreground; ``ServerPort`` in
  ``[Parameters]`` and ``[HTTPServer]`` both take ``127.0.0.1:PORT``. A new database takes 3-5 s
  to come up (with this helper's setup), a restart ~2 s. The HTTP port answers slightly before the SQL port.
* SIGTERM is a clean "quick shutdown". After SIGKILL the next start rolls the transaction log
  forward, so every committed SPARQL update and Graph Store request survives without a
  checkpoint (the stale ``virtuoso.lck`` does not block the restart).
* Debian's isql is ``isql-vt`` (plain ``isql`` is unixODBC's). It exits 0 even when a
  statement fails (only a failed login/connection gives 3), so errors are read from stderr;
  its ``EXEC=...`` arguments mangle ``%``, so statements are fed on stdin. Passwords are set with
  ``USER_SET_PASSWORD(name, pw)`` (the unqualified built-in; ``DB.DBA.USER_SET_PASSWORD`` is SR185),
  which refuses ``dav`` (no SQL login: SR286).
* A new database has ``dba``/``dba``. Anonymous ``/sparql`` can read but not write (HTTP 500,
  ``SR186: No permission to execute procedure DB.DBA.SPARQL_INSERT_DICT_CONTENT``) unless
  ``SPARQL_UPDATE`` is granted to ``SPARQL``. A user with the ``SPARQL_UPDATE`` role can
  update through ``/sparql-auth`` and use ``/sparql-graph-crud-auth`` with HTTP digest auth.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from servers import free_port

INI = """\
[Database]
DatabaseFile       = {d}/virtuoso.db
ErrorLogFile       = {d}/virtuoso.log
LockFile           = {d}/virtuoso.lck
TransactionFile    = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {d}/virtuoso-temp.db
TransactionFile    = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 8
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
AllowOSCalls         = 0
DirsAllowed          = ., {d}
NumberOfBuffers      = 2000
MaxDirtyBuffers      = 1200
MaxQueryMem          = 256M
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 2

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {d}
MaxClientConnections = 6
ServerThreads        = 6
MaxKeepAlives        = 6
KeepAliveTimeout     = 10
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
; Debian's default: a SELECT silently returns at most this many rows.
ResultSetMaxRows           = 10000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def _find(*names: str) -> str | None:
    for name in names:
        exe = shutil.which(name) or (f"/usr/bin/{name}" if os.access(f"/usr/bin/{name}", os.X_OK) else None)
        if exe:
            return exe
    return None


class VirtuosoServer:
    """``virtuoso-t`` on two free loopback ports with its database in ``folder``.

    The first start on a folder sets a random password for ``dba``, disables ``dav`` and creates
    ``user`` (role ``SPARQL_UPDATE``, used with digest auth on the ``-auth`` endpoints); the
    credentials are kept in ``folder/credentials.json`` so a later ``start()`` — by this object
    or a new one on the same folder — reuses them. ``anonymous_update=True`` also grants
    ``SPARQL_UPDATE`` to ``SPARQL`` (anonymous updates on ``/sparql``)."""

    CREDENTIALS = "credentials.json"

    def __init__(self, folder: Path, user: str = "newskg", anonymous_update: bool = False) -> None:
        self.exe = _find("virtuoso-t")
        self.isql = _find("isql-vt")
        if self.exe is None or self.isql is None:
            pytest.skip("Virtuoso 7 (virtuoso-t, isql-vt) is not installed; run .ci/install-virtuoso "
                        "(apt-get install virtuoso-opensource)")
        self.folder = Path(folder).resolve()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.user = user
        self.anonymous_update = anonymous_update
        self.password = ""
        self.dba_password = "dba"
        self.sql_port = free_port()
        self.http_port = free_port()
        self.proc: subprocess.Popen | None = None
        self.start_seconds = 0.0

    # -- addresses -----------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        return f"{self.url}/sparql"

    @property
    def update_url(self) -> str:
        return f"{self.url}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"{self.url}/sparql-graph-crud-auth"

    @property
    def log(self) -> Path:
        return self.folder / "virtuoso.log"

    # -- life cycle ----------------------------------------------------------------------
    def start(self, seconds: float = 60.0) -> "VirtuosoServer":
        if self.proc is not None and self.proc.poll() is None:
            return self
        t0 = time.monotonic()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(INI.format(d=self.folder, sql_port=self.sql_port, http_port=self.http_port))
        # Its stdout repeats virtuoso.log, which is where failures are read from.
        self.proc = subprocess.Popen([self.exe, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        try:
            self._wait_http(t0 + seconds)
            self._wait_sql(t0 + seconds)
            self._set_up()
        except BaseException:
            self.kill()  # a failed start must not leave a server behind
            raise
        self.start_seconds = time.monotonic() - t0
        return self

    def stop(self) -> None:
        """SIGTERM: Virtuoso's quick shutdown (the transaction log keeps what is not checkpointed)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL, for crash tests."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self.proc = None

    def __enter__(self) -> "VirtuosoServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- SQL -----------------------------------------------------------------------------
    def sql(self, *statements: str, password: str | None = None, timeout: float = 60) -> str:
        """Run statements through isql-vt as dba; raise on any ``*** Error`` (isql exits 0 on those)."""
        out = self._isql(statements, password or self.dba_password, timeout)
        if out.returncode != 0 or "*** Error" in out.stderr:
            raise RuntimeError(f"isql-vt failed (exit {out.returncode}): {out.stderr.strip()}")
        return out.stdout

    def checkpoint(self) -> None:
        self.sql("checkpoint;")

    def _isql(self, statements, password: str, timeout: float) -> subprocess.CompletedProcess:
        # Statements go through stdin: isql-vt's ``EXEC=`` arguments mangle ``%`` ('a%b' -> 'a).
        script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
        return subprocess.run([self.isql, f"127.0.0.1:{self.sql_port}", "dba", password],
                              input=script, capture_output=True, text=True, timeout=timeout)

    # -- internals -----------------------------------------------------------------------
    def _died(self, what: str) -> RuntimeError:
        tail = self.log.read_text(errors="replace")[-3000:] if self.log.exists() else "(no log)"
        return RuntimeError(f"virtuoso-t {what}; {self.log}:\n{tail}")

    def _wait_http(self, deadline: float) -> None:
        probe = f"{self.sparql_url}?query=" + urllib.parse.quote("ASK {}")
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise self._died(f"exited with {self.proc.returncode} while starting")
            try:
                urllib.request.urlopen(probe, timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.1)
        raise self._died(f"did not answer on {self.sparql_url} in time")

    def _wait_sql(self, deadline: float) -> None:
        creds = self._load_credentials()
        password = creds["dba_password"] if creds else "dba"
        while time.monotonic() < deadline:
            out = self._isql(["select 1;"], password, 10)
            if out.returncode == 0 and "*** Error" not in out.stderr:
                return
            if "Bad login" in out.stderr:
                raise RuntimeError(f"dba login refused on {self.folder} (credentials.json out of date?)")
            time.sleep(0.1)
        raise self._died(f"SQL port {self.sql_port} did not answer in time")

    def _load_credentials(self) -> dict | None:
        path = self.folder / self.CREDENTIALS
        return json.loads(path.read_text()) if path.exists() else None

    def _set_up(self) -> None:
        creds = self._load_credentials()
        if creds is None:
            creds = {"user": self.user, "password": secrets.token_hex(12), "dba_password": secrets.token_hex(12)}
            statements = [
                f"DB.DBA.USER_CREATE('{creds['user']}', '{creds['password']}');",
                f'GRANT SPARQL_UPDATE TO "{creds["user"]}";',
                # dav (WebDAV admin, password "dav") cannot log in to SQL, so USER_SET_PASSWORD
                # refuses it (SR286); disable the account instead.
                "USER_SET_OPTION('dav', 'DISABLED', 1);",
                f"USER_SET_PASSWORD('dba', '{creds['dba_password']}');",
            ]
            if self.anonymous_update:
                statements.append('GRANT SPARQL_UPDATE TO "SPARQL";')
            self.sql(*statements, "checkpoint;", password="dba")
            tmp = self.folder / (self.CREDENTIALS + ".tmp")
            tmp.write_text(json.dumps(creds))
            os.replace(tmp, self.folder / self.CREDENTIALS)
        self.user, self.password, self.dba_password = creds["user"], creds["password"], creds["dba_password"]


# -- HTTP with digest auth ---------------------------------------------------------------
def http(method: str, url: str, data: bytes | None = None, headers: dict | None = None,
         auth: tuple[str, str] | None = None, timeout: float = 30) -> tuple[int, str]:
    """One request, with HTTP digest auth when ``auth`` is given; returns (status, body).
    Uses requests' HTTPDigestAuth when requests is installed, else urllib's handler."""
    headers = dict(headers or {})
    try:
        import requests
        from requests.auth import HTTPDigestAuth
    except ImportError:
        requests = None
    if requests is not None:
        resp = requests.request(method, url, data=data, headers=headers, timeout=timeout,
                                auth=HTTPDigestAuth(*auth) if auth else None)
        return resp.status_code, resp.text
    handlers = []
    if auth:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, *auth)
        handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with opener.open(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace")
