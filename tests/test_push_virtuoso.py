"""Push to a real Virtuoso 7 (Debian's package) on 127.0.0.1: digest auth, both methods, crash and restart."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from test_push import HOSTILE, ROOT
from virtuoso import VirtuosoServer

from kg.cli import cli
from kg.rdf.named_graphs import iter_named_graphs
from kg.store.push import Endpoint, Pusher, PushError

OURS = 'FILTER (STRSTARTS(STR(?g), "https://w3id.org/newskg/"))'


@pytest.fixture()
def creds(virtuoso, monkeypatch):
    monkeypatch.setenv("KG_USER", virtuoso.user)
    monkeypatch.setenv("KG_PASSWORD", virtuoso.password)


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-export-v")
    assert CliRunner().invoke(cli, ["export", str(ROOT / "seeds"), "-o", str(out), "-q"]).exit_code == 0
    return out


def endpoint(server: VirtuosoServer) -> Endpoint:
    ep = Endpoint.for_server(server.sparql_url, auth_kind="digest")
    assert ep.update_url.endswith("/sparql-auth") and ep.gsp_url.endswith("/sparql-graph-crud-auth")
    return ep


def our_total(pusher: Pusher) -> int:
    data = json.loads(pusher.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}"))
    return int(data["results"]["bindings"][0]["n"]["value"])


def clear(pusher: Pusher) -> None:
    for g in json.loads(pusher.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OURS} }}"))["results"]["bindings"]:
        pusher._sparql_update(f"DROP SILENT GRAPH {URIRef(g['g']['value']).n3()}", g["g"]["value"])


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_push_seed_idempotent_with_digest_auth(virtuoso, creds, seed_out, tmp_path, method):
    graphs = list(iter_named_graphs([str(seed_out)]))
    pusher = Pusher(endpoint(virtuoso), method, max_request_bytes=50_000, state_file=tmp_path / "state.json")
    clear(pusher)
    report = pusher.push(graphs, verify=True)
    assert len(report.pushed) == 4 and report.verified == {str(g.identifier): len(g) for g in graphs}
    assert Pusher(endpoint(virtuoso), method, state_file=tmp_path / "state.json").push(graphs).pushed == []
    Pusher(endpoint(virtuoso), method).push(graphs, force=True)
    assert our_total(pusher) == sum(len(g) for g in graphs)
    article = next(g for g in graphs if "/article/" in str(g.identifier))
    article.remove((None, URIRef("http://schema.org/inLanguage"), None))
    changed = Pusher(endpoint(virtuoso), method, state_file=tmp_path / "state.json").push(graphs, verify=True)
    assert changed.pushed == [str(article.identifier)]
    assert our_total(pusher) == sum(len(g) for g in graphs)


def test_what_virtuoso_gives_back_conforms(virtuoso, creds, seed_out, tmp_path):
    """Virtuoso returns offsets as xsd:integer and may rewrite other literals: the shapes hold
    for what the store holds (issue 18, point 3)."""
    pusher = Pusher(endpoint(virtuoso), "gsp")
    clear(pusher)
    pusher.push(list(iter_named_graphs([str(seed_out)])))
    res = CliRunner().invoke(cli, ["validate", "--endpoint", virtuoso.sparql_url, "-f", "json"])
    assert res.exit_code == 0, res.stdout[-3000:] + res.stderr
    assert json.loads(res.stdout)["graphs"] == 2


@pytest.mark.parametrize("method", ["gsp", "update"])
def test_hostile_literals_round_trip_on_virtuoso(virtuoso, creds, method):
    name = "https://w3id.org/newskg/id/article/hostile-v"
    g = Graph(identifier=URIRef(name))
    for i, text in enumerate(HOSTILE):
        g.add((URIRef(f"https://w3id.org/newskg/id/q/{i}"), URIRef("http://schema.org/text"), Literal(text)))
    pusher = Pusher(endpoint(virtuoso), method)
    pusher.push([g], verify=True)
    data = json.loads(pusher.select(f"SELECT ?s ?t WHERE {{ GRAPH <{name}> {{ ?s <http://schema.org/text> ?t }} }}"))
    got = {b["s"]["value"]: b["t"]["value"] for b in data["results"]["bindings"]}
    assert got == {f"https://w3id.org/newskg/id/q/{i}": t for i, t in enumerate(HOSTILE)}


def test_wrong_password_is_a_clear_error_that_never_shows_the_secret(virtuoso, seed_out, tmp_path, monkeypatch):
    secret = "not-the-password-x9"
    monkeypatch.setenv("KG_USER", virtuoso.user)
    monkeypatch.setenv("KG_PASSWORD", secret)
    res = CliRunner().invoke(cli, ["push", str(seed_out), "--endpoint", virtuoso.sparql_url, "--auth", "digest",
                                   "--state", str(tmp_path / "state.json")])
    assert res.exit_code == 2 and "401" in res.stderr and "graph <" in res.stderr
    assert secret not in res.stdout + res.stderr
    assert not (tmp_path / "state.json").exists() or secret not in (tmp_path / "state.json").read_text()
    assert secret not in repr(Endpoint.for_server(virtuoso.sparql_url, auth_kind="digest"))


@pytest.mark.slow
@pytest.mark.parametrize("method", ["gsp", "update"])
def test_corpus_push_to_virtuoso(virtuoso, creds, corpus_export, tmp_path, method):
    _, out = corpus_export
    graphs = list(iter_named_graphs([str(out)]))
    pusher = Pusher(endpoint(virtuoso), method, state_file=tmp_path / "state.json")
    clear(pusher)
    pusher.push(graphs)
    counts = {str(g.identifier): pusher.count(str(g.identifier)) for g in graphs}
    assert counts == {str(g.identifier): len(g) for g in graphs}
    assert Pusher(endpoint(virtuoso), method, state_file=tmp_path / "state.json").push(graphs).pushed == []
    assert our_total(pusher) == sum(len(g) for g in graphs)


def test_virtuoso_killed_mid_push_then_rerun_completes(tmp_path, seed_out, monkeypatch):
    server = VirtuosoServer(tmp_path / "db").start()
    try:
        monkeypatch.setenv("KG_USER", server.user)
        monkeypatch.setenv("KG_PASSWORD", server.password)
        graphs = list(iter_named_graphs([str(seed_out)]))
        state = tmp_path / "state.json"
        killed: list[str] = []

        def kill_after_first(_message: str) -> None:
            if not killed:
                server.kill()
                killed.append("yes")

        with pytest.raises(PushError):
            Pusher(endpoint(server), "update", state_file=state, retries=1, sleep=lambda _s: None,
                   say=kill_after_first).push(graphs)
        server.start()  # same folder: the transaction log replays what was committed
        pusher = Pusher(endpoint(server), "update", state_file=state)
        report = pusher.push(graphs, verify=True)
        assert len(report.pushed) == 3 and len(report.unchanged) == 1
        assert our_total(pusher) == sum(len(g) for g in graphs)
    finally:
        server.stop()
