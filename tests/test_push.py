"""Push, query and serve against a real `oxigraph serve` on 127.0.0.1, started by the tests."""
from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from servers import OxigraphServer, free_port, wait_for

from kg.cli import cli
from kg.rdf.named_graphs import iter_named_graphs
from kg.store.push import Endpoint, Pusher, PushError

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ['quote " and \\\\ backslash', "new\nline", "brace } and more }}", "emoji 😀 𝔘 non-BMP",
           '" } ; DROP ALL ; INSERT DATA { <a> <b> <c> } #', "tab\tand\r\ncrlf", "\\u0022 not an escape"]


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-export")
    assert CliRunner().invoke(cli, ["export", str(ROOT / "seeds"), "-o", str(out), "-q"]).exit_code == 0
    return out


@pytest.fixture()
def server(tmp_path):
    s = OxigraphServer(tmp_path / "store").start()
    yield s
    s.stop()


def server_counts(pusher: Pusher, graphs: list[Graph]) -> dict[str, int]:
    return {str(g.identifier): pusher.count(str(g.identifier)) for g in graphs}


def total_triples(pusher: Pusher) -> int:
    data = json.loads(pusher.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
    return int(data["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_is_idempotent_and_replaces_changed_graphs(server, seed_out, tmp_path, method):
    graphs = list(iter_named_graphs([str(seed_out)]))
    assert len(graphs) == 4  # two articles, the ontology and the PLOVER scheme
    ep = Endpoint.for_server(server.query_url)
    state = tmp_path / "state.json"
    pusher = Pusher(ep, method, max_request_bytes=20_000, state_file=state)
    report = pusher.push(graphs, verify=True)
    assert len(report.pushed) == 4
    expected = {str(g.identifier): len(g) for g in graphs}
    assert server_counts(pusher, graphs) == expected
    if method == "update":
        assert report.requests > 2 * len(graphs)  # the byte limit split the inserts into batches

    again = Pusher(ep, method, state_file=state).push(graphs)
    assert again.pushed == [] and len(again.unchanged) == 4
    Pusher(ep, method).push(graphs, force=True)  # no state: everything again, still no duplicates
    assert server_counts(pusher, graphs) == expected

    article = next(g for g in graphs if "article" in str(g.identifier))
    article.add((URIRef(str(article.identifier) + "/note"), URIRef("http://schema.org/text"), Literal("added")))
    changed = Pusher(ep, method, state_file=state).push(graphs)
    assert changed.pushed == [str(article.identifier)]
    assert server_counts(pusher, graphs)[str(article.identifier)] == len(article)
    assert total_triples(pusher) == sum(len(g) for g in graphs)


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_hostile_literals_come_back_byte_identical(server, tmp_path, method):
    g = Graph(identifier=URIRef("https://w3id.org/newskg/id/article/hostile"))
    for i, text in enumerate(HOSTILE):
        g.add((URIRef(f"https://w3id.org/newskg/id/q/{i}"), URIRef("http://schema.org/text"), Literal(text)))
    pusher = Pusher(Endpoint.for_server(server.query_url), method)
    pusher.push([g], verify=True)
    data = json.loads(pusher.select("SELECT ?s ?t WHERE { GRAPH <https://w3id.org/newskg/id/article/hostile> "
                                    "{ ?s <http://schema.org/text> ?t } }"))
    got = {b["s"]["value"]: b["t"]["value"] for b in data["results"]["bindings"]}
    assert got == {f"https://w3id.org/newskg/id/q/{i}": t for i, t in enumerate(HOSTILE)}
    assert total_triples(pusher) == len(HOSTILE)  # the SPARQL-looking text dropped nothing


def test_refused_request_names_the_graph_and_the_server_message(server, seed_out):
    ep = Endpoint.for_server(server.query_url, update_url=server.url + "/nowhere")
    with pytest.raises(PushError) as err:
        Pusher(ep, "update", retries=0).push(iter_named_graphs([str(seed_out)]))
    assert "graph <https://w3id.org/newskg/" in str(err.value) and "404" in str(err.value)
    res = CliRunner().invoke(cli, ["push", str(seed_out), "--endpoint", server.query_url, "--method", "update",
                                   "--update-url", server.url + "/nowhere", "--state", "/dev/null/none"])
    assert res.exit_code == 2 and "error: graph <" in res.stderr


def _put_recorder(record: Callable[[http.server.BaseHTTPRequestHandler], None]
                  ) -> type[http.server.BaseHTTPRequestHandler]:
    """A kept-alive HTTP/1.1 store that answers every PUT 204 after ``record(handler)``: what the
    pusher sent, and over which connection, without a real store."""

    class Recorder(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_PUT(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            record(self)
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    return Recorder


def _copies(graphs: list[Graph], n: int) -> list[Graph]:
    """The graphs ``n`` times, each copy under a graph name of its own."""
    out = []
    for k in range(n):
        for g in graphs:
            copy = Graph(identifier=URIRef(f"{g.identifier}-copy{k}") if k else g.identifier)
            for triple in g:
                copy.add(triple)
            out.append(copy)
    return out


@pytest.mark.parametrize("connections", [1, 2])
def test_server_killed_mid_push_then_rerun_completes_without_duplicates(tmp_path, seed_out, connections):
    """kill -9 of the server after the first acknowledged graph. Requests queued behind it may have
    been acknowledged too before the kill (the pusher keeps a few in flight, even on one
    connection): the state file records a prefix of the graphs in input order, the restarted store
    holds those whole, and the re-run pushes the rest."""
    graphs = _copies(list(iter_named_graphs([str(seed_out)])), 3)  # more than the pusher keeps in flight
    location = tmp_path / "store"
    server = OxigraphServer(location).start()
    state = tmp_path / "state.json"
    ep = Endpoint.for_server(server.query_url)
    killed = []

    def kill_after_first(message: str) -> None:
        if not killed:
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait()
            killed.append(message)

    with pytest.raises(PushError):
        Pusher(ep, "gsp", state_file=state, retries=1, sleep=lambda _s: None, say=kill_after_first,
               connections=connections).push(graphs)
    recorded = json.loads(state.read_text())[ep.query_url]  # only what the server acknowledged
    names = [str(g.identifier) for g in graphs]
    assert 1 <= len(recorded) < len(graphs) and sorted(recorded) == sorted(names[:len(recorded)])

    restarted = OxigraphServer(location)
    restarted.port = server.port
    restarted.start()
    try:
        pusher = Pusher(ep, "gsp", state_file=state, connections=connections)
        expected = {str(g.identifier): len(g) for g in graphs}
        assert {name: pusher.count(name) for name in recorded} == {name: expected[name] for name in recorded}
        report = pusher.push(graphs, verify=True)
        assert sorted(report.unchanged) == sorted(recorded) and len(report.pushed) == len(graphs) - len(recorded)
        assert server_counts(pusher, graphs) == expected
        assert total_triples(pusher) == sum(len(g) for g in graphs)
    finally:
        restarted.stop()


def test_export_with_push_and_query_endpoint(server, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["export", str(ROOT / "seeds" / "trump-maduro.txt"), "-o", str(out),
                                   "--push", server.query_url])
    assert res.exit_code == 0, res.stderr
    assert "3 graphs pushed" in res.stderr
    # the example queries read the union of the graphs: Oxigraph's ?union-default-graph (Virtuoso does so by default)
    q = CliRunner().invoke(cli, ["query", "-f", str(ROOT / "queries" / "who-said-what.rq"), "--endpoint",
                                 server.query_url + "?union-default-graph", "-o", "json"])
    assert q.exit_code == 0, q.stderr
    assert {row["speaker"] for row in json.loads(q.stdout)} == {"Donald Trump", "Nicolás Maduro", "Venezuela"}


QUERY_EXPECT = {
    "events-of-an-actor.rq": lambda rows: {r["type"] for r in rows} >= {"CONSULT", "REQUEST", "AGREE"},
    "who-said-what.rq": lambda rows: len({r["text"] for r in rows}) == 4,
    "events-by-type-and-month.rq": lambda rows: {"month": "2025-11", "type": "CONSULT", "events": "1"} in rows,
    "entities-with-wikidata-links.rq": lambda rows: any(r["label"] == "Venezuela" and r["articles"] == "2"
                                                        for r in rows),
}


@pytest.mark.parametrize("name", sorted(QUERY_EXPECT))
def test_example_queries_on_the_seed_export(seed_out, name):
    res = CliRunner().invoke(cli, ["query", "-f", str(ROOT / "queries" / name), str(seed_out), "-o", "json"])
    assert res.exit_code == 0, res.stderr
    assert QUERY_EXPECT[name](json.loads(res.stdout))


def test_every_example_query_is_covered_and_the_federated_one_parses():
    from rdflib.plugins.sparql import prepareQuery

    names = {p.name for p in (ROOT / "queries").glob("*.rq")}
    assert names == set(QUERY_EXPECT) | {"federated-birth-dates.rq"}
    prepareQuery((ROOT / "queries" / "federated-birth-dates.rq").read_text())


def test_query_output_formats(seed_out):
    runner = CliRunner()
    q = "SELECT ?l WHERE { ?e a <https://w3id.org/newskg/ontology#Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l"
    csv_out = runner.invoke(cli, ["query", q, str(seed_out), "-o", "csv"]).stdout.splitlines()
    tsv_out = runner.invoke(cli, ["query", q, str(seed_out), "-o", "tsv"]).stdout.splitlines()
    assert csv_out == tsv_out == ["l", "Donald Trump", "Nicolás Maduro"]
    assert runner.invoke(cli, ["query", "ASK { ?s ?p ?o }", str(seed_out)]).stdout.strip() == "true"
    construct = runner.invoke(cli, ["query", "CONSTRUCT { ?e ?p ?o } WHERE { ?e a <https://w3id.org/newskg/ontology#Person> ; ?p ?o }",
                                    str(seed_out)])
    assert len(Graph().parse(data=construct.stdout, format="nt")) > 5
    bad = runner.invoke(cli, ["query", "SELEKT nothing", str(seed_out)])
    assert bad.exit_code == 2 and "query failed" in bad.stderr


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_starts_answers_and_stops_on_ctrl_c(seed_out, stop, tmp_path):
    port = free_port()
    # a job started in the background by a shell without job control inherits SIGINT ignored;
    # a terminal's Ctrl-C is what this test stands for, so the child gets the default handler
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(seed_out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp)},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line
        wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D")
        url = f"http://127.0.0.1:{port}/query?query=" + urllib.request.quote(
            "SELECT (COUNT(*) AS ?n) WHERE { ?q a <https://w3id.org/newskg/ontology#Quotation> }")
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})) as r:
            assert json.loads(r.read())["results"]["bindings"][0]["n"]["value"] == "8"
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read()
        assert b"<html" in page.lower() or b"<!doctype" in page.lower()
        assert [p.name.startswith("newskg-serve-") for p in temp.iterdir()] == [True]
        drop = urllib.request.Request(f"http://127.0.0.1:{port}/update", data=b"DROP ALL", method="POST",
                                      headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):  # issue 19, point 6: read-only unless --writable
            urllib.request.urlopen(drop, timeout=10)
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})) as r:
            assert json.loads(r.read())["results"]["bindings"][0]["n"]["value"] == "8"
        proc.send_signal(stop)
        assert proc.wait(timeout=20) in (0, 1, -signal.SIGINT, 130)
        assert "stopped" in proc.stdout.read()
        assert list(temp.iterdir()) == []  # the temporary store is removed
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.mark.slow
@pytest.mark.parametrize("method", ["gsp", "update"])
def test_corpus_push_counts_match_the_export(server, corpus_export, tmp_path, method):
    _, out = corpus_export
    graphs = list(iter_named_graphs([str(out)]))
    assert len(graphs) == 146  # 144 articles, the ontology, the PLOVER scheme
    pusher = Pusher(Endpoint.for_server(server.query_url), method, state_file=tmp_path / "state.json")
    pusher.push(graphs)
    assert server_counts(pusher, graphs) == {str(g.identifier): len(g) for g in graphs}
    again = Pusher(Endpoint.for_server(server.query_url), method, state_file=tmp_path / "state.json").push(graphs)
    assert again.pushed == [] and total_triples(pusher) == sum(len(g) for g in graphs)


def test_push_benchmark_runs(tmp_path, shared):
    out = tmp_path / "push.json"
    res = subprocess.run([sys.executable, str(ROOT / "bench" / "push.py"), "--quick", "--json-out", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    rows = {r["method"]: r for r in json.loads(out.read_text())["rows"]}
    assert set(rows) == {"update", "gsp", "bulk (oxigraph load)"}
    assert all(r["triples_per_s"] > 0 and r["ratio_to_bulk"] > 0 for r in rows.values())


@pytest.mark.parametrize("update", ["DROP ALL", "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }",
                                    "CLEAR DEFAULT"])
def test_query_refuses_updates_even_at_the_update_url(server, seed_out, tmp_path, update):
    """Issue 19, point 5: `kg query 'DROP ALL' --endpoint .../update` emptied the store."""
    graphs = list(iter_named_graphs([str(seed_out)]))
    pusher = Pusher(Endpoint.for_server(server.query_url), "gsp")
    pusher.push(graphs)
    before = total_triples(pusher)
    res = CliRunner().invoke(cli, ["query", update, "--endpoint", f"{server.url}/update"])
    assert res.exit_code == 2 and "read-only" in res.stderr and "Traceback" not in res.stderr
    assert total_triples(pusher) == before > 0


class _Redirector:
    """A local server answering every request with 302 to a second one, which records what
    reaches it (method, Authorization header)."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.seen: list[tuple[str, str | None]] = []
        seen = self.seen

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                target = getattr(self.server, "target", None)
                if target is None:
                    seen.append((self.command, self.headers.get("Authorization")))
                self.send_response(302 if target else 200)
                if target:
                    self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        front = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        front.target = f"http://localhost:{sink.server_address[1]}/"
        self.servers = [sink, front]
        self.url = f"http://127.0.0.1:{front.server_address[1]}"
        for s in self.servers:
            threading.Thread(target=s.serve_forever, daemon=True).start()

    def close(self) -> None:
        for s in self.servers:
            s.shutdown()
            s.server_close()


@pytest.mark.parametrize("method", ["update", "gsp"])
def test_push_follows_no_redirect_and_sends_no_credentials_elsewhere(seed_out, tmp_path, monkeypatch, method):
    """Issue 19, point 1: a 302 made push exit 0 with nothing stored and the password sent on."""
    monkeypatch.setenv("KG_USER", "bob")
    monkeypatch.setenv("KG_PASSWORD", "s3cret")
    redirector = _Redirector()
    try:
        state = tmp_path / "state.json"
        res = CliRunner().invoke(cli, ["push", str(seed_out), "--endpoint", f"{redirector.url}/query",
                                       "--update-url", f"{redirector.url}/update", "--gsp-url", f"{redirector.url}/store",
                                       "--method", method, "--auth", "basic", "--state", str(state)])
    finally:
        redirector.close()
    assert res.exit_code == 2 and "redirects (302)" in res.stderr, res.stderr
    assert redirector.seen == []
    assert not state.exists() or not any(json.loads(state.read_text()).values())  # nothing recorded as pushed


class _MovedStore:
    """One local server on which every path under /old/ redirects (``code``) to the same path under
    /new/, which records what reaches it and answers like a store (a SELECT's JSON, else 204)."""

    RESULT = {"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"type": "literal", "value": "7"}}]}}

    def __init__(self, code: int = 307) -> None:
        import http.server
        import threading

        self.seen: list[tuple[str, str, int, str | None]] = []
        seen, result = self.seen, json.dumps(self.RESULT).encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if self.path.startswith("/old/"):
                    self.send_response(code)
                    self.send_header("Location", f"http://127.0.0.1:{self.server.server_address[1]}/new/"
                                                 + self.path[len("/old/"):])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                seen.append((self.command, self.path.split("?")[0], len(body), self.headers.get("Authorization")))
                answer = result if self.path.startswith("/new/query") else b""
                self.send_response(200 if answer else 204)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = _any  # noqa: N815

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("method", "code"), [("update", 307), ("gsp", 308), ("update", 302)])
def test_follow_redirects_resends_method_body_and_credentials_on_the_same_origin(seed_out, tmp_path, monkeypatch,
                                                                                  method, code):
    """Issue 19: --follow-redirects follows a same-origin redirect without losing the request."""
    monkeypatch.setenv("KG_USER", "bob")
    monkeypatch.setenv("KG_PASSWORD", "s3cret")
    store = _MovedStore(code)
    try:
        state = tmp_path / "state.json"
        res = CliRunner().invoke(cli, ["push", str(seed_out), "--endpoint", f"{store.url}/old/query",
                                       "--update-url", f"{store.url}/old/update", "--gsp-url", f"{store.url}/old/store",
                                       "--method", method, "--auth", "basic", "--state", str(state),
                                       "--follow-redirects"])
    finally:
        store.close()
    assert res.exit_code == 0, res.stderr
    writes = [s for s in store.seen if s[1] != "/new/query"]
    assert writes and all(m == ("PUT" if method == "gsp" else "POST") and size > 0 and auth.startswith("Basic ")
                          for m, _, size, auth in writes)
    assert len(json.loads(state.read_text())[f"{store.url}/old/query"]) == len(list(iter_named_graphs([str(seed_out)])))


def test_follow_redirects_still_refuses_another_origin(seed_out, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_TOKEN", "t0ken")
    redirector = _Redirector()
    try:
        res = CliRunner().invoke(cli, ["push", str(seed_out), "--endpoint", f"{redirector.url}/query",
                                       "--method", "update", "--state", str(tmp_path / "s.json"), "--follow-redirects"])
    finally:
        redirector.close()
    assert res.exit_code == 2 and "not followed (another host, port or scheme)" in res.stderr, res.stderr
    assert redirector.seen == []


def test_query_follows_no_redirect_unless_asked(tmp_path):
    store = _MovedStore(302)
    try:
        refused = CliRunner().invoke(cli, ["query", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", f"{store.url}/old/query"])
        followed = CliRunner().invoke(cli, ["query", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint",
                                            f"{store.url}/old/query", "--follow-redirects", "-o", "csv"])
    finally:
        store.close()
    assert refused.exit_code == 2 and "redirects (302)" in refused.stderr, refused.stderr
    assert followed.exit_code == 0 and followed.stdout == "n\n7\n", followed.stderr
    assert [(m, path) for m, path, size, _ in store.seen] == [("POST", "/new/query")] and store.seen[0][2] > 0


def test_a_store_that_lost_its_graphs_gets_them_again(seed_out, tmp_path):
    """Issue 19, point 4: after the store restarted empty, push said '4 unchanged' and --verify
    'verified 0 graphs' while the store held nothing."""
    graphs = list(iter_named_graphs([str(seed_out)]))
    state = tmp_path / "state.json"
    first = OxigraphServer(tmp_path / "store-1").start()
    port = first.port
    try:
        Pusher(Endpoint.for_server(first.query_url), "gsp", state_file=state).push(graphs)
    finally:
        first.stop()
    empty = OxigraphServer(tmp_path / "store-2")
    empty.port = port  # the same URL, so the state file applies
    empty.start()
    try:
        pusher = Pusher(Endpoint.for_server(empty.query_url), "gsp", state_file=state)
        report = pusher.push(graphs, verify=True)
        assert sorted(report.pushed) == sorted(str(g.identifier) for g in graphs) and report.unchanged == []
        assert total_triples(pusher) == sum(len(g) for g in graphs)
        again = Pusher(Endpoint.for_server(empty.query_url), "gsp", state_file=state).push(graphs, verify=True)
        assert again.pushed == [] and len(again.verified) == len(graphs)
    finally:
        empty.stop()


def _small_graph(name: str, texts: list[str]) -> Graph:
    g = Graph(identifier=URIRef(f"https://w3id.org/newskg/id/article/{name}"))
    for i, text in enumerate(texts):
        g.add((URIRef(f"https://w3id.org/newskg/id/{name}/q/{i}"), URIRef("http://schema.org/text"), Literal(text)))
    return g


def held_texts(pusher: Pusher, graph: Graph) -> set[tuple[str, str]]:
    data = json.loads(pusher.select(f"SELECT ?s ?t WHERE {{ GRAPH {graph.identifier.n3()} {{ ?s ?p ?t }} }}"))
    return {(b["s"]["value"], b["t"]["value"]) for b in data["results"]["bindings"]}


@pytest.mark.parametrize("method", ["update", "gsp"])
def test_packed_graphs_pushed_twice_are_replaced_not_added_to(server, method):
    """Several graphs in one update request: pushing again with one graph's content changed
    leaves exactly the new content in that graph and the others as they were."""
    graphs = [_small_graph("a", ["one", "two"]), _small_graph("b", HOSTILE), _small_graph("c", ["three"])]
    ep = Endpoint.for_server(server.query_url)
    first = Pusher(ep, method).push(graphs)
    assert first.requests == (1 if method == "update" else 3)  # the update packed all three graphs
    changed = _small_graph("b", ["only this", "and that } ;"])
    second = Pusher(ep, method).push([graphs[0], changed, graphs[2]])
    assert second.requests == first.requests
    pusher = Pusher(ep, method)
    for g in (graphs[0], changed, graphs[2]):
        assert held_texts(pusher, g) == {(str(s), str(o)) for s, _, o in g}
    assert total_triples(pusher) == 2 + 2 + 1


@pytest.mark.parametrize("connections", [1, 2])
def test_a_graph_over_the_request_limit_is_split_and_still_replaced(server, connections):
    big = _small_graph("big", [f"text {i}" for i in range(25)])
    ep = Endpoint.for_server(server.query_url)
    report = Pusher(ep, "update", max_request_triples=4, connections=connections).push([big, _small_graph("s", ["x"])])
    assert report.requests == 7 + 1  # 25 triples in parts of 4, then the small graph alone
    smaller = _small_graph("big", [f"other {i}" for i in range(9)])
    Pusher(ep, "update", max_request_triples=4, connections=connections).push([smaller])
    pusher = Pusher(ep, "update")
    assert held_texts(pusher, smaller) == {(str(s), str(o)) for s, _, o in smaller}
    assert total_triples(pusher) == 9 + 1


def test_prepared_lines_are_rdflibs_n_triples(seed_out):
    from rdflib import BNode

    from kg.store.ntriples import prepare, without_blank_nodes

    blank = _small_graph("blank", ["x"])
    blank.add((URIRef("https://w3id.org/newskg/id/blank"), URIRef("http://schema.org/about"), BNode()))
    for g in [*iter_named_graphs([str(seed_out)]), blank]:
        expected = sorted(line for line in without_blank_nodes(g).serialize(format="nt").splitlines() if line.strip())
        assert prepare(g).lines == expected and prepare(g).triples == len(g)


def test_one_kept_alive_connection_carries_the_whole_push(seed_out):
    """The push opens one connection per worker, not one per request."""
    import threading

    peers: list[tuple[str, int]] = []
    store = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _put_recorder(lambda h: peers.append(h.client_address)))
    threading.Thread(target=store.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{store.server_address[1]}"
        ep = Endpoint(query_url=url + "/sparql", gsp_url=url + "/store")
        report = Pusher(ep, "gsp", connections=1).push(iter_named_graphs([str(seed_out)]))
    finally:
        store.shutdown()
        store.server_close()
    assert report.requests == len(peers) == 4 and len(set(peers)) == 1


def test_push_process_killed_mid_graph_then_rerun_replaces_what_it_left(server, seed_out, tmp_path):
    """kill -9 of `kg push` itself while a graph is half inserted (small requests, so a graph
    spans many): the state file never records that graph, so the re-run replaces it whole."""
    import time

    graphs = list(iter_named_graphs([str(seed_out)]))
    state = tmp_path / "state.json"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "push", str(seed_out), "--endpoint", server.query_url,
                             "--method", "update", "--max-request-triples", "5", "--connections", "1",
                             "--state", str(state)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    pusher = Pusher(Endpoint.for_server(server.query_url), "update", state_file=state)
    deadline = time.monotonic() + 60
    while total_triples(pusher) < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    expected = {str(g.identifier): len(g) for g in graphs}
    assert server_counts(pusher, graphs) != expected  # killed mid-push: something is missing
    report = Pusher(Endpoint.for_server(server.query_url), "update", state_file=state).push(graphs, verify=True)
    assert report.pushed and server_counts(pusher, graphs) == expected
    assert total_triples(pusher) == sum(expected.values())


def test_push_goes_through_the_proxy_the_environment_names(seed_out, monkeypatch):
    """urllib took http_proxy from the environment; the kept-alive connections do too."""
    import threading

    seen: list[tuple[str, str, tuple]] = []
    proxy = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), _put_recorder(lambda h: seen.append((h.command, h.path, h.client_address))))
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    for name in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.server_address[1]}")
    try:
        ep = Endpoint(query_url="http://store.invalid/sparql", gsp_url="http://store.invalid/store")
        Pusher(ep, "gsp", connections=1, retries=0).push(iter_named_graphs([str(seed_out)]))
    finally:
        proxy.shutdown()
        proxy.server_close()
    assert len(seen) == 4 and all(m == "PUT" and p.startswith("http://store.invalid/store?graph=") for m, p, _ in seen)
    assert len({peer for _, _, peer in seen}) == 1


def test_https_store_self_signed_needs_insecure(seed_out, tmp_path):
    """TLS on the kept-alive connections: a self-signed certificate is refused unless --insecure."""
    import shutil
    import ssl
    import threading

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True)
    puts: list[str] = []
    store = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _put_recorder(lambda h: puts.append(h.path)))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    store.socket = ctx.wrap_socket(store.socket, server_side=True)
    threading.Thread(target=store.serve_forever, daemon=True).start()
    url = f"https://127.0.0.1:{store.server_address[1]}"
    try:
        with pytest.raises(PushError) as err:
            Pusher(Endpoint(query_url=url + "/sparql", gsp_url=url + "/store"), "gsp", retries=0).push(
                iter_named_graphs([str(seed_out)]))
        assert "cannot reach" in str(err.value) and "CERTIFICATE_VERIFY_FAILED" in str(err.value)
        report = Pusher(Endpoint(query_url=url + "/sparql", gsp_url=url + "/store", verify_tls=False), "gsp",
                        retries=0).push(iter_named_graphs([str(seed_out)]))
    finally:
        store.shutdown()
        store.server_close()
    assert len(report.pushed) == 4 and len(puts) == 4
