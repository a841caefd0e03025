"""The online path against a real local SPARQL server (oxigraph serve, loaded with the fixture),
behind a local rate limiter that answers 429 with Retry-After first."""
from __future__ import annotations

import pytest
from servers import OxigraphServer, RateLimiter
from test_seed_e2e import SEED

from kg.link import make_linker
from kg.link.kb.online import USER_AGENT, WdqsClient
from kg.link.kb.store import KnowledgeBase
from kg.read import read_paths


@pytest.fixture(scope="module")
def wdqs(shared, tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    server.load(shared / "wikidata" / "fixture" / "wd_fixture.ttl")
    yield server
    server.stop()


def seed_links(exporter, linker) -> dict[str, str | None]:
    [doc] = list(read_paths([str(SEED)]))
    [x] = list(exporter.extractions([doc]))
    linker.link(x, doc.text)
    return {e.label: e.qid for e in x.entities.values()}


def test_client_waits_out_429_and_sends_its_user_agent(wdqs):
    waits: list[float] = []
    with RateLimiter(wdqs.query_url, refusals=2, retry_after="3") as limiter:
        client = WdqsClient(endpoint=limiter.url, sleep=waits.append)
        items = client.fetch(["Nicolás Maduro"])
    assert waits == [3.0, 3.0]
    assert [status for _, _, status in limiter.requests] == [429, 429, 200, 200]
    assert {agent for _, agent, _ in limiter.requests} == {USER_AGENT}
    [maduro] = [i for i in items if i.qid == "Q58132"]
    assert maduro.label == "Nicolás Maduro" and "Maduro" in maduro.aliases and maduro.facts["P27"] == ["Q717"]


def test_online_run_then_offline_run_give_the_same_links(wdqs, exporter, tmp_path):
    kb = tmp_path / "warm.sqlite"
    with RateLimiter(wdqs.query_url, refusals=1, retry_after="1") as limiter:
        online = seed_links(exporter, make_linker(kb, None, limiter.url))
        first_run_requests = len(limiter.requests)
        again = seed_links(exporter, make_linker(kb, None, limiter.url))
        assert len(limiter.requests) == first_run_requests  # every name was asked once and remembered
    t0, t1 = limiter.requests[0][0], limiter.requests[1][0]
    assert t1 - t0 >= 0.9  # Retry-After: 1 was honoured
    offline = seed_links(exporter, make_linker(kb, None, None))
    assert online == offline == again
    assert online["Donald Trump"] == "Q22686"
    assert online["Nicolás Maduro"] == "Q58132"
    assert online["Venezuela"] == "Q717"
    assert online["United States of America"] == "Q30"
    assert KnowledgeBase(kb).size() >= 6
