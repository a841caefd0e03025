"""Integration tests against a real Virtuoso 7 (Debian's virtuoso-opensource), started here on
127.0.0.1 with its own database folder. CI installs it with .ci/install-virtuoso; elsewhere the
module is skipped when virtuoso-t is missing."""
from __future__ import annotations

import json
import urllib.parse

from virtuoso import VirtuosoServer, http

GRAPH = "urn:newskg:test:virtuoso"


def select(server: VirtuosoServer, query: str) -> list[dict]:
    status, body = http("GET", f"{server.sparql_url}?query={urllib.parse.quote(query)}",
                        headers={"Accept": "application/sparql-results+json"})
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


def count(server: VirtuosoServer, graph: str) -> int:
    rows = select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"]["value"])


def update(server: VirtuosoServer, text: str, url: str | None = None, auth: bool = True) -> tuple[int, str]:
    return http("POST", url or server.update_url, data=urllib.parse.urlencode({"update": text}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
                auth=(server.user, server.password) if auth else None)


def triples(graph_tag: str, n: int) -> str:
    return "".join(f'<urn:s:{graph_tag}:{i}> <urn:p> "{i}" .\n' for i in range(n))


def test_anonymous_select(virtuoso):
    rows = select(virtuoso, "SELECT (1 + 1 AS ?two) WHERE {}")
    assert rows[0]["two"]["value"] == "2"


def test_digest_insert_data_then_count(virtuoso):
    graph = GRAPH + ":insert"
    status, body = update(virtuoso, f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples('ins', 3)} }} }}")
    assert status == 200, body
    assert count(virtuoso, graph) == 3


def test_wrong_password_is_401(virtuoso):
    status, _ = http("POST", virtuoso.update_url, data=b"update=CLEAR%20ALL",
                     headers={"Content-Type": "application/x-www-form-urlencoded"},
                     auth=(virtuoso.user, "not-the-password"))
    assert status == 401


def test_anonymous_update_needs_the_grant(virtuoso):
    """A stock database refuses anonymous updates on /sparql (HTTP 500, SR186: no permission on
    DB.DBA.SPARQL_INSERT_DICT_CONTENT); after GRANT SPARQL_UPDATE TO "SPARQL" they succeed."""
    graph = GRAPH + ":anonymous"
    text = f'INSERT DATA {{ GRAPH <{graph}> {{ <urn:a> <urn:b> "c" }} }}'
    status, body = update(virtuoso, text, url=virtuoso.sparql_url, auth=False)
    assert status == 500 and "SR186" in body, (status, body)
    assert count(virtuoso, graph) == 0
    virtuoso.sql('GRANT SPARQL_UPDATE TO "SPARQL";')
    try:
        status, body = update(virtuoso, text, url=virtuoso.sparql_url, auth=False)
        assert status == 200, body
        assert count(virtuoso, graph) == 1
    finally:
        virtuoso.sql('REVOKE SPARQL_UPDATE FROM "SPARQL";')
    status, body = update(virtuoso, text, url=virtuoso.sparql_url, auth=False)
    assert status == 500, (status, body)


def test_graph_store_put_replaces_graph(virtuoso):
    graph = GRAPH + ":gsp"
    url = f"{virtuoso.gsp_url}?graph={urllib.parse.quote(graph, safe='')}"
    auth = (virtuoso.user, virtuoso.password)
    headers = {"Content-Type": "application/n-triples"}
    status, body = http("PUT", url, data=triples("first", 50).encode(), headers=headers, auth=auth)
    assert status in (200, 201, 204), (status, body)
    assert count(virtuoso, graph) == 50
    status, body = http("PUT", url, data=triples("second", 7).encode(), headers=headers, auth=auth)
    assert status in (200, 201, 204), (status, body)
    assert count(virtuoso, graph) == 7  # replaced, not merged
    rows = select(virtuoso, f"SELECT ?s WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} LIMIT 1")
    assert ":second:" in rows[0]["s"]["value"]
    # without credentials the -auth endpoint refuses
    status, _ = http("PUT", url, data=triples("anon", 1).encode(), headers=headers)
    assert status == 401
    assert count(virtuoso, graph) == 7


def test_kill_and_restart_keeps_committed_data(virtuoso):
    """Committed updates survive SIGKILL with no checkpoint: the restart rolls the transaction
    log forward (the setup's own checkpoint ran before these writes)."""
    graph_u, graph_g = GRAPH + ":crash-update", GRAPH + ":crash-gsp"
    trx = virtuoso.folder / "virtuoso.trx"
    virtuoso.checkpoint()
    logged = trx.stat().st_size  # the log is emptied ("reused") by a checkpoint
    status, body = update(virtuoso, f"INSERT DATA {{ GRAPH <{graph_u}> {{\n{triples('cu', 5)} }} }}")
    assert status == 200, body
    status, body = http("PUT", f"{virtuoso.gsp_url}?graph={urllib.parse.quote(graph_g, safe='')}",
                        data=triples("cg", 300).encode(), headers={"Content-Type": "application/n-triples"},
                        auth=(virtuoso.user, virtuoso.password))
    assert status in (200, 201, 204), (status, body)
    before = {g: count(virtuoso, g) for g in (graph_u, graph_g, GRAPH + ":gsp")}
    assert trx.stat().st_size > logged + 10_000  # the writes sit in the transaction log only
    virtuoso.kill()
    virtuoso.start()
    assert before[graph_u] == 5 and before[graph_g] == 300
    assert {g: count(virtuoso, g) for g in before} == before
    # credentials still work after the restart
    status, body = update(virtuoso, f'INSERT DATA {{ GRAPH <{graph_u}> {{ <urn:x> <urn:y> "z" }} }}')
    assert status == 200, body
    assert count(virtuoso, graph_u) == 6


def test_restart_from_a_new_object_on_the_same_folder(virtuoso):
    """Ports live in virtuoso.ini only; credentials come from the folder's credentials.json."""
    graph = GRAPH + ":insert"
    n = count(virtuoso, graph)
    virtuoso.stop()
    other = VirtuosoServer(virtuoso.folder)
    with other:
        assert (other.user, other.password) == (virtuoso.user, virtuoso.password)
        assert count(other, graph) == n
    virtuoso.start()
