"""`kg kb build --preset news` (a resumable selection of a JSON dump) and `kg kb fetch --preset news`
(the same selection by paged CONSTRUCT queries), on real Wikidata material in ../shared and a
real local Oxigraph server, behind a real HTTP proxy for the 429 and failure cases."""
from __future__ import annotations

import bz2
import email.utils
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from servers import OxigraphServer, RateLimiter

from kg.cli import cli
from kg.link.kb.fetch import fetch_kb
from kg.link.kb.preset_build import build_preset, partial_path
from kg.link.kb.presets import NEWS, POPULATION_MIN, SITELINKS_MIN, Verdict
from kg.link.kb.rdf_sources import retry_after_seconds
from kg.link.kb.store import KbError, KbWriter, KnowledgeBase

ROOT = Path(__file__).resolve().parents[1]
WIKIDATA = ROOT.parent / "shared" / "wikidata"
ENTITIES = WIKIDATA / "entities"
FIXTURE = WIKIDATA / "fixture" / "wd_fixture.ttl"


def _claim(prop: str, value: dict | str, rank: str = "normal") -> dict:
    data = {"entity-type": "item", "id": value} if isinstance(value, str) else value
    return {"mainsnak": {"snaktype": "value", "property": prop, "datavalue": {"value": data}}, "rank": rank}


def _entity(qid: str, label: str, links: int = 0, **claims: list[dict]) -> dict:
    return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}}, "claims": claims,
            "sitelinks": {f"x{k}wiki": {"site": f"x{k}wiki", "title": label} for k in range(links)}}


def _population(n: int) -> dict:
    return {"amount": f"+{n}", "unit": "1"}


def _dump(path: Path, entities: list[dict]) -> Path:
    """The layout of latest-all.json(.bz2): "[", one entity per line with a trailing comma, "]"."""
    text = "[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]\n"
    path.write_bytes(bz2.compress(text.encode()) if path.suffix == ".bz2" else text.encode())
    return path


def _qids(path: Path) -> set[str]:
    kb = KnowledgeBase(path)
    return {qid for (qid,) in kb.db.execute("SELECT qid FROM item")}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------ the selection


@pytest.mark.parametrize(("entity", "verdict"), [
    (_entity("Q1", "a minister", P31=[_claim("P31", "Q5")], P39=[_claim("P39", "Q11696")]), Verdict.KEEP),
    (_entity("Q2", "a footballer", P31=[_claim("P31", "Q5")], P54=[_claim("P54", "Q9617")]), Verdict.KEEP),
    (_entity("Q3", "an employee", P31=[_claim("P31", "Q5")], P108=[_claim("P108", "Q95")]), Verdict.KEEP),
    (_entity("Q4", "a private person", P31=[_claim("P31", "Q5")]), Verdict.DROP),
    (_entity("Q5x", "a deprecated office", P31=[_claim("P31", "Q5")], P39=[_claim("P39", "Q1", "deprecated")]),
     Verdict.DROP),
    (_entity("Q6", "a company", P31=[_claim("P31", "Q783794")]), Verdict.KEEP),
    (_entity("Q7", "a town", P31=[_claim("P31", "Q3957")], P1082=[_claim("P1082", _population(POPULATION_MIN))]),
     Verdict.KEEP),
    (_entity("Q8", "a village", P31=[_claim("P31", "Q532")], P1082=[_claim("P1082", _population(POPULATION_MIN - 1))]),
     Verdict.DROP),
    (_entity("Q9", "a famous paper", SITELINKS_MIN, P31=[_claim("P31", "Q13442814")]), Verdict.KEEP),
    (_entity("Q10", "a paper", SITELINKS_MIN - 1, P31=[_claim("P31", "Q13442814")]), Verdict.DROP),
    (_entity("Q11", "a class", P279=[_claim("P279", "Q43229")]), Verdict.CLASS),
])
def test_news_verdicts(entity, verdict):
    assert NEWS.verdict(entity) is verdict


def test_cli_offers_the_library_presets():
    from kg.cli.kb import PRESETS as CLI_PRESETS
    from kg.link.kb.presets import PRESETS

    assert CLI_PRESETS == tuple(PRESETS)


def test_news_verdicts_on_real_items(wikidata):
    belgium = json.loads((ENTITIES / "Q31.json").read_text(encoding="utf-8"))
    unknown_human = json.loads((ENTITIES / "Q62653454.json").read_text(encoding="utf-8"))
    assert NEWS.verdict(belgium) is Verdict.KEEP and NEWS.verdict(unknown_human) is Verdict.DROP


# ------------------------------------------------------------------ build --preset


def _mixed_dump(path: Path, n: int = 120) -> Path:
    """People with and without offices, a class only the kept company needs, filler papers."""
    entities = [_entity("Q900", "Widget maker", SITELINKS_MIN, P31=[_claim("P31", "Q901")]),
                _entity("Q901", "widget company", P279=[_claim("P279", "Q4830453")])]
    for i in range(n):
        claims = {"P31": [_claim("P31", "Q5")], "P27": [_claim("P27", "Q30")]}
        if i % 2:
            claims["P39"] = [_claim("P39", "Q11696")]
        entities.append(_entity(f"Q{1000 + i}", f"person {i}", **claims))
    return _dump(path, entities)


def test_preset_build_keeps_the_selection_and_class_edges(wikidata, tmp_path):
    dump = _mixed_dump(tmp_path / "latest-all.json")
    stats = build_preset([str(dump)], tmp_path / "kb.db", NEWS)
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert stats.total == 122 and stats.kept == kb.size() == 61  # the company and the 60 office holders
    assert kb.item("Q1001").type == "Person" and kb.item("Q1000") is None
    assert kb.facts("Q1001")["P27"] == {"Q30"}  # the context facts come along
    assert kb.item("Q901") is None and kb.item("Q900").type == "Organization"  # typed through the class's edge
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["dump.json", "latest-all.json.bz2"])  # a plain file seeks; bz2 re-reads
def test_preset_build_resumes_after_a_crash(tmp_path, monkeypatch, name):
    dump = _mixed_dump(tmp_path / name)
    build_preset([str(dump)], tmp_path / "clean.db", NEWS)
    real_add, added = KbWriter.add, []

    def crashing_add(self, item):
        added.append(item.qid)
        if len(added) == 40:
            raise KeyboardInterrupt  # as Ctrl-C would, in the middle of a batch
        real_add(self, item)

    monkeypatch.setattr(KbWriter, "add", crashing_add)
    out = tmp_path / "kb.db"
    with pytest.raises(KeyboardInterrupt):
        build_preset([str(dump)], out, NEWS, checkpoint_lines=25)
    assert not out.exists() and partial_path(out).exists()
    with closing(sqlite3.connect(partial_path(out))) as db:
        saved = json.loads(db.execute("SELECT value FROM meta WHERE key = 'resume'").fetchone()[0])
    assert saved["lines"] == 75  # the last checkpoint before the 40th kept item (line 81)
    added.clear()
    said: list[str] = []
    stats = build_preset([str(dump)], out, NEWS, on_progress=said.append, checkpoint_lines=25)
    assert any(s.startswith("resuming") and "line 75" in s for s in said)
    assert len(added) == 61 - 37  # only the items after the checkpoint were read again
    assert _qids(out) == _qids(tmp_path / "clean.db") and stats.kept == 61 and stats.total == 122
    assert _leftovers(tmp_path) == []


def test_preset_build_resumes_after_sigkill(tmp_path):
    """A real crash: the build process is killed with SIGKILL after a few checkpoints, and the
    re-run completes the same base."""
    entities = [_entity(f"Q{10 + i}", f"item {i}", SITELINKS_MIN if i % 10 == 0 else 0) for i in range(60_000)]
    dump = _dump(tmp_path / "dump.json", entities)
    out = tmp_path / "kb.db"
    code = ("import sys; from pathlib import Path; from kg.link.kb.preset_build import build_preset; "
            "from kg.link.kb.presets import NEWS; build_preset([sys.argv[1]], Path(sys.argv[2]), NEWS, "
            "checkpoint_lines=1000)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(dump), str(out)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 60
        while (_checkpoint_lines(partial_path(out)) or 0) < 15_000 and time.monotonic() < deadline:
            assert proc.poll() is None, "the build ended before it could be killed"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert not out.exists() and (_checkpoint_lines(partial_path(out)) or 0) >= 15_000
    said: list[str] = []
    stats = build_preset([str(dump)], out, NEWS, on_progress=said.append)
    assert any(s.startswith("resuming") for s in said)
    assert stats.kept == 6_000 and stats.total == 60_000 and _qids(out) == {f"Q{10 + i}" for i in range(0, 60_000, 10)}
    assert _leftovers(tmp_path) == []


def _checkpoint_lines(partial: Path) -> int | None:
    if not partial.exists():
        return None
    try:
        with closing(sqlite3.connect(partial, timeout=1)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'resume'").fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0])["lines"] if row else None


def test_preset_build_with_other_arguments_starts_afresh(tmp_path, monkeypatch):
    dump = _mixed_dump(tmp_path / "dump.json")
    out = tmp_path / "kb.db"
    partial_path(out).write_bytes(b"not a database at all")
    said: list[str] = []
    build_preset([str(dump)], out, NEWS, on_progress=said.append)
    assert any(s.startswith("discarding") for s in said) and len(_qids(out)) == 61


def test_preset_build_malformed_line_names_it_and_keeps_the_target(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[\n" + json.dumps(_entity("Q1", "one", SITELINKS_MIN)) + ",\n{\"id\": \n]\n", encoding="utf-8")
    with pytest.raises(KbError, match="bad.json.*line 3"):
        build_preset([str(bad)], tmp_path / "kb.db", NEWS)
    assert not (tmp_path / "kb.db").exists()


def test_preset_build_reads_only_json_dumps(tmp_path):
    with pytest.raises(KbError, match="JSON dumps"):
        build_preset([str(FIXTURE)], tmp_path / "kb.db", NEWS)


def test_cli_build_preset_reports_progress(wikidata, tmp_path):
    dump = _mixed_dump(tmp_path / "dump.json.bz2")
    res = CliRunner().invoke(cli, ["kb", "build", "--preset", "news", str(dump), "-o", str(tmp_path / "kb.db")])
    assert res.exit_code == 0, res.output
    assert "122 items read" in res.output and "61 kept" in res.output and "items/s" in res.output
    assert KnowledgeBase(tmp_path / "kb.db").item("Q1001").label == "person 1"


# ------------------------------------------------------------------ fetch --preset against Oxigraph


@pytest.fixture(scope="module")
def oxigraph(wikidata, tmp_path_factory):
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    try:
        server.load(FIXTURE)
        yield server
    finally:
        server.stop()


def test_fetch_waits_out_429_and_builds_the_selection(oxigraph, tmp_path):
    out = tmp_path / "kb.db"
    with RateLimiter(oxigraph.query_url, refusals=1, retry_after="1") as limiter:
        started = time.monotonic()
        stats = fetch_kb(limiter.url, out, NEWS, page_size=4)
        elapsed = time.monotonic() - started
    statuses = [status for _, _, status in limiter.requests]
    assert statuses[0] == 429 and statuses[1:] == [200] * (len(statuses) - 1) and len(statuses) > 5  # paged
    assert limiter.requests[1][0] - limiter.requests[0][0] >= 1.0 and elapsed >= 1.0
    assert all(agent.startswith("newskg/") for _, agent, _ in limiter.requests)
    kb = KnowledgeBase(out)
    assert kb.item("Q22686").label == "Donald Trump" and kb.item("Q22686").type == "Person"  # P39 statement
    assert kb.item("Q717").type == "Location" and kb.facts("Q717")["P36"] == {"Q1533"}  # 300 sitelinks
    assert kb.item("Q1706651").type == "Organization"  # a newspaper: an organisation class
    assert kb.item("Q22278983") is None  # 10 sitelinks, no office: not in the selection
    assert stats.kept == kb.size() and _leftovers(tmp_path) == []


def test_fetch_page_failing_for_good_leaves_no_base(oxigraph, tmp_path):
    out = tmp_path / "kb.db"
    with RateLimiter(oxigraph.query_url, refusals=0, fail_after=2) as limiter:
        with pytest.raises(KbError) as err:
            fetch_kb(limiter.url, out, NEWS, page_size=4)
    assert limiter.url in str(err.value) and "500" in str(err.value) and "page 3 (organisations from 0)" in str(err.value)
    assert not out.exists() and _leftovers(tmp_path) == []


def test_cli_fetch(oxigraph, tmp_path):
    res = CliRunner().invoke(cli, ["kb", "fetch", "--preset", "news", "--endpoint", oxigraph.query_url,
                                   "--page-size", "50", "-o", str(tmp_path / "kb.db")])
    assert res.exit_code == 0, res.output
    assert "page 1: humans" in res.output and {"Q22686", "Q717", "Q58132"} <= _qids(tmp_path / "kb.db")


def test_retry_after_as_seconds_or_http_date():
    assert retry_after_seconds("7") == 7.0 and retry_after_seconds(None) == 5.0
    soon = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= retry_after_seconds(soon) <= 31
    assert retry_after_seconds(email.utils.formatdate(time.time() - 30, usegmt=True)) == 0.0
