"""Knowledge-base builds from every source format, on real Wikidata material in ../shared.

The SPARQL test runs a real local Oxigraph server (the `oxigraph` CLI from PyPI, a test
dependency) so the HTTP path, content negotiation and User-Agent are exercised for real.
"""
from __future__ import annotations

import bz2
import gzip
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from servers import free_port

from kg.link.kb.build import build_kb, reader_for
from kg.link.kb.rdf_sources import iter_rdf, iter_sparql
from kg.link.kb.sources import iter_json_dump
from kg.link.kb.store import KbError, KbWriter, KnowledgeBase
from kg.link.kb.tsv_source import iter_tsv

WIKIDATA = Path(__file__).resolve().parents[2] / "shared" / "wikidata"
ENTITIES = WIKIDATA / "entities"
FIXTURE = WIKIDATA / "fixture" / "wd_fixture.ttl"
CONSTRUCT = WIKIDATA / "fixture" / "construct.rq"
BENCHMARK = WIKIDATA / "lists" / "benchmark_entities.tsv"


def _entity(qid: str, label: str, aliases: list[str], p31: str = "Q5", lang: str = "en") -> dict:
    """A minimal entity in the JSON dump format."""
    claim = {"mainsnak": {"snaktype": "value", "property": "P31",
                          "datavalue": {"value": {"entity-type": "item", "id": p31}, "type": "wikibase-entityid"}},
             "type": "statement", "rank": "normal"}
    return {"type": "item", "id": qid, "labels": {lang: {"language": lang, "value": label}},
            "aliases": {lang: [{"language": lang, "value": a} for a in aliases]},
            "claims": {"P31": [claim]}, "sitelinks": {"enwiki": {"site": "enwiki", "title": label}}}


def _write_dump(path: Path, entities: list[dict]) -> Path:
    """The layout of latest-all.json: "[" line, one entity per line with a trailing comma, "]"."""
    opener = gzip.open if path.suffix == ".gz" else bz2.open if path.suffix == ".bz2" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]\n")
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------ JSON


def test_json_single_entity_files(wikidata, tmp_path):
    stats = build_kb(sorted(str(p) for p in ENTITIES.glob("*.json")), tmp_path / "kb.db")
    kb = KnowledgeBase(tmp_path / "kb.db")
    belgium = kb.item("Q31")
    assert belgium.label == "Belgium" and belgium.type == "Location" and belgium.sitelinks > 300
    assert kb.facts("Q31")["P36"] == {"Q239"}  # capital Brussels
    assert "Q31" in {c.qid for c in kb.candidates(["Kingdom of Belgium"])}
    assert stats.items[str(ENTITIES / "wbgetentities_response.json")] == 2  # Q789 is "missing"
    assert stats.size == (tmp_path / "kb.db").stat().st_size > 0


def test_wbgetentities_response(wikidata):
    items = {i.qid: i for i in iter_json_dump(ENTITIES / "wbgetentities_response.json")}
    assert set(items) == {"Q123", "Q456"}
    assert items["Q456"].label == "Lyon" and "Lyons" in items["Q456"].aliases
    assert items["Q456"].facts["P17"] == ["Q142"]


def test_gzip_and_bz2_dump_lines(wikidata, tmp_path):
    doc = json.loads((ENTITIES / "wbgetentities_response.json").read_text(encoding="utf-8"))
    entities = [json.loads((ENTITIES / "Q31.json").read_text(encoding="utf-8")), *doc["entities"].values()]
    gz = _write_dump(tmp_path / "part.json.gz", entities)
    bz = _write_dump(tmp_path / "part.jsonl.bz2", entities)
    assert [i.qid for i in iter_json_dump(gz)] == ["Q31", "Q123", "Q456"]
    stats = build_kb([str(gz), str(bz)], tmp_path / "kb.db")
    assert stats.items == {str(gz): 3, str(bz): 3} and stats.kept == 3
    assert KnowledgeBase(tmp_path / "kb.db").item("Q456").type == "Location"


def test_minified_array_on_one_line(tmp_path):
    path = tmp_path / "array.json"
    path.write_text(json.dumps([_entity("Q1", "one", []), _entity("Q2", "two", [])]), encoding="utf-8")
    assert [i.label for i in iter_json_dump(path)] == ["one", "two"]


def test_json_skips_deprecated_novalue_and_falls_back_to_mul(tmp_path):
    entity = _entity("Q7", "Ada Lovelace", ["Ada"], lang="mul")
    entity["claims"]["P27"] = [
        {"mainsnak": {"snaktype": "novalue", "property": "P27"}, "rank": "normal"},
        {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"entity-type": "item", "numeric-id": 145}}},
         "rank": "normal"},
        {"mainsnak": {"snaktype": "value", "datavalue": {"value": {"entity-type": "item", "id": "Q30"}}},
         "rank": "deprecated"}]
    [item] = iter_json_dump(_write_dump(tmp_path / "d.json", [entity]))
    assert item.label == "Ada Lovelace" and item.aliases == ["Ada"]
    assert item.facts == {"P27": ["Q145"]} and item.instance_of == ["Q5"] and item.sitelinks == 1


def test_generated_thousand_line_dump(tmp_path):
    entities = [_entity(f"Q{1000 + i}", f"name {i}", [f"alias {i}", f"n{i}"]) for i in range(1000)]
    dump = _write_dump(tmp_path / "latest-all.json.gz", entities)
    stats = build_kb([str(dump)], tmp_path / "kb.db")
    assert stats.total == stats.kept == 1000
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert [c.qid for c in kb.candidates(["name 17"])] == ["Q1017"]
    assert [c.qid for c in kb.candidates(["Alias 999"])] == ["Q1999"]
    assert kb.item("Q1017").type == "Person"


def test_malformed_json_line_names_source_and_line(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[\n" + json.dumps(_entity("Q1", "one", [])) + ",\n{\"id\": \"Q2\", \n]\n", encoding="utf-8")
    with pytest.raises(KbError) as err:
        list(iter_json_dump(bad))
    assert "bad.json" in str(err.value) and "line 3" in str(err.value)


def test_truncated_gzip_is_a_kb_error(tmp_path):
    whole = gzip.compress(("\n".join(json.dumps(_entity(f"Q{i}", f"x{i}", [])) for i in range(1, 200))).encode())
    cut = tmp_path / "cut.json.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(KbError, match="cut.json.gz"):
        build_kb([str(cut)], tmp_path / "kb.db")
    assert not (tmp_path / "kb.db").exists() and _leftovers(tmp_path) == []


# ------------------------------------------------------------------ RDF


def test_rdf_dump_shape_sitelinks_on_data_node(wikidata):
    [q42] = iter_rdf(WIKIDATA / "rdf" / "Q42.ttl")
    assert q42.label == "Douglas Adams"  # the item's @en label, not a sitelink's schema:name
    assert q42.sitelinks == 122 and q42.instance_of == ["Q5"] and q42.facts["P27"] == ["Q145"]
    chunk = {i.qid: i.sitelinks for i in iter_rdf(WIKIDATA / "rdf" / "small_dump_chunk.ttl")}
    assert chunk == {"Q31": 322, "Q8": 141}


def test_rdf_munged_shapes_and_odd_language_tags(wikidata):
    [q42] = iter_rdf(WIKIDATA / "rdf" / "Q42-munged.ttl")
    assert q42.label == "Douglas Adams" and q42.sitelinks == 113
    [everest] = iter_rdf(WIKIDATA / "rdf" / "Q513-munged.ttl")  # has "@zh-classical": lenient parse
    assert everest.label == "Mount Everest" and "Everest" in everest.aliases and everest.sitelinks == 200


def test_rdf_fixture_query_service_shape(wikidata, tmp_path):
    build_kb([str(FIXTURE)], tmp_path / "kb.db")
    kb = KnowledgeBase(tmp_path / "kb.db")
    maduro = {c.qid: c for c in kb.candidates(["Maduro"])}
    assert maduro["Q58132"].type == "Person" and {"Q22278983", "Q13576558"} <= set(maduro)
    assert "Q30" in {c.qid for c in kb.candidates(["U.S."])} and kb.item("Q30").type == "Location"
    assert kb.item("Q1706651").type == "Organization"  # Q11032 -> Q1193236 -> Q43229
    assert kb.item("Q48525").type == "Organization"  # Q7188 -> Q43229, only through a stub
    assert kb.facts("Q58132")["P27"] == {"Q717"} and kb.item("Q58132").sitelinks == 120


def test_rdf_ntriples_gz_and_bytes(wikidata, tmp_path):
    triples = ox.serialize(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    nt = tmp_path / "fixture.nt.gz"
    nt.write_bytes(gzip.compress(triples))
    assert {i.qid for i in iter_rdf(nt)} == {i.qid for i in iter_rdf(triples, "nt")}
    stats = build_kb([str(nt)], tmp_path / "kb.db")
    assert stats.items[str(nt)] == 21
    assert KnowledgeBase(tmp_path / "kb.db").item("Q61").label == "Washington, D.C."


def test_malformed_turtle_is_a_kb_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://www.wikidata.org/entity/Q1> <http://x/p> .\n", encoding="utf-8")
    with pytest.raises(KbError, match="bad.ttl.*malformed RDF"):
        build_kb([str(bad)], tmp_path / "kb.db")


# ------------------------------------------------------------------ TSV


def test_benchmark_tsv(wikidata, tmp_path):
    items = {i.qid: i for i in iter_tsv(BENCHMARK)}
    assert len(items) > 4900 and all(i.sitelinks is None for i in items.values())
    assert items["Q30"].type == "Location"  # "Geographic Entity|Organization": a country
    build_kb([str(BENCHMARK)], tmp_path / "kb.db")
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert kb.item("Q30").type == "Location" and kb.item("Q30").label == "United States of America"


@pytest.mark.parametrize(("names", "coarse"), [
    ("Person", "Person"), ("Product|Organization", "Organization"), ("Occupation|Person|Position", "Person"),
    ("Geographic Entity|Organization", "Location"), ("Product|Geographic Entity|Organization", "Location"),
    ("Human Population", "Group"), ("Event", "Other"), ("OTHER", "Other"), ("Person|Organization", "Person"),
])
def test_benchmark_type_names(tmp_path, names, coarse):
    tsv = tmp_path / "b.tsv"
    tsv.write_text(f"qid\twikidata_label\ttype_qids\ttype_names\nQ1\tx\tQ5\t{names}\n", encoding="utf-8")
    assert next(iter_tsv(tsv)).type == coarse


def test_plain_four_column_tsv(tmp_path):
    tsv = tmp_path / "plain.tsv"
    tsv.write_text("Q9\tAcme Corp\tAcme|ACME Inc.\tOrganization\nQ10\tZed\t\t\n", encoding="utf-8")
    build_kb([str(tsv)], tmp_path / "kb.db")
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert [c.qid for c in kb.candidates(["acme inc"])] == ["Q9"] and kb.item("Q9").type == "Organization"
    assert kb.item("Q10").type == "Other"


# ------------------------------------------------------------------ build


def test_keep_types_drops_other_types(wikidata, tmp_path):
    stats = build_kb([str(FIXTURE)], tmp_path / "kb.db", keep_types=["Person"])
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert kb.item("Q58132") is not None and kb.item("Q30") is None and kb.item("Q1706651") is None
    assert stats.kept == kb.size() == 4  # Trump and the three Maduros
    assert kb.candidates(["United States"]) == []


def test_keep_types_shrinks_the_file(wikidata, tmp_path):
    full = build_kb([str(BENCHMARK)], tmp_path / "full.db")
    people = build_kb([str(BENCHMARK)], tmp_path / "people.db", keep_types=["Person"])
    assert people.kept < full.kept and people.size < 0.8 * full.size


def test_sources_merge_and_progress(wikidata, tmp_path):
    said: list[str] = []
    stats = build_kb([str(BENCHMARK), str(FIXTURE)], tmp_path / "kb.db", on_progress=said.append)
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert kb.item("Q58132").sitelinks == 120  # the RDF source filled in what the TSV lacked
    assert any("benchmark_entities.tsv" in s for s in said) and stats.seconds > 0
    assert "items read" in str(stats)


def test_temp_file_renamed_and_nothing_left(wikidata, tmp_path):
    out = tmp_path / "sub" / "kb.db"
    build_kb([str(FIXTURE)], out)
    assert out.is_file() and _leftovers(out.parent) == []
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's private 0600


def test_failure_mid_build_leaves_no_output(wikidata, tmp_path, monkeypatch):
    out = tmp_path / "kb.db"
    real_add, calls = KbWriter.add, []

    def flaky_add(self, item):
        calls.append(item.qid)
        if len(calls) == 5:
            raise RuntimeError("disk on fire")
        real_add(self, item)

    monkeypatch.setattr(KbWriter, "add", flaky_add)
    with pytest.raises(RuntimeError, match="disk on fire"):
        build_kb([str(FIXTURE)], out)
    assert not out.exists() and _leftovers(tmp_path) == []


def test_failed_build_keeps_previous_base(wikidata, tmp_path):
    out = tmp_path / "kb.db"
    build_kb([str(FIXTURE)], out)
    before = out.read_bytes()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json}\n", encoding="utf-8")
    with pytest.raises(KbError, match="bad.json"):
        build_kb([str(FIXTURE), str(bad)], out)
    assert out.read_bytes() == before and _leftovers(tmp_path) == []


@pytest.mark.parametrize("source", ["kb.csv", "dump.xml.gz"])
def test_unknown_source_kind(tmp_path, source):
    with pytest.raises(KbError, match="unknown source kind"):
        build_kb([str(tmp_path / source)], tmp_path / "kb.db")
    assert not (tmp_path / "kb.db").exists()


def test_missing_file_is_a_kb_error(tmp_path):
    with pytest.raises(KbError, match="nowhere.ttl"):
        build_kb([str(tmp_path / "nowhere.ttl")], tmp_path / "kb.db")


def test_reader_for_url_query_parameter():
    read = reader_for("http://127.0.0.1:9/sparql?query=CONSTRUCT+%7B%7D+WHERE+%7B%7D")
    assert callable(read)  # the query moves out of the URL; nothing is fetched until read() runs


# ------------------------------------------------------------------ SPARQL against a real server


@pytest.fixture(scope="module")
def oxigraph_endpoint(wikidata, tmp_path_factory):
    """A local Oxigraph server holding the fixture; stopped when the module's tests are done."""
    from servers import OxigraphServer

    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph")).start()
    try:
        server.load(FIXTURE)
        yield server.query_url
    finally:
        server.stop()


def test_iter_sparql_construct_rq(oxigraph_endpoint):
    items = {i.qid: i for i in iter_sparql(oxigraph_endpoint, CONSTRUCT.read_text(encoding="utf-8"))}
    assert len(items) == 12
    maduro = items["Q58132"]
    assert maduro.label == "Nicolás Maduro" and "Maduro" in maduro.aliases
    assert maduro.facts["P27"] == ["Q717"] and maduro.instance_of == ["Q5"] and maduro.sitelinks == 120


def test_build_from_endpoint_with_default_query(oxigraph_endpoint, tmp_path):
    stats = build_kb([oxigraph_endpoint], tmp_path / "kb.db")
    kb = KnowledgeBase(tmp_path / "kb.db")
    assert kb.item("Q1706651").type == "Organization"  # one P279 step above its class came along
    assert kb.facts("Q58132")["P27"] == {"Q717"} and stats.items[oxigraph_endpoint] >= 12


def test_build_from_endpoint_with_query_file(oxigraph_endpoint, tmp_path):
    build_kb([oxigraph_endpoint], tmp_path / "kb.db", query=str(CONSTRUCT))
    assert KnowledgeBase(tmp_path / "kb.db").item("Q22686").label == "Donald Trump"


def test_unreachable_endpoint_is_a_kb_error(tmp_path):
    with pytest.raises(KbError, match="127.0.0.1"):
        build_kb([f"http://127.0.0.1:{free_port()}/sparql"], tmp_path / "kb.db")
    assert not (tmp_path / "kb.db").exists()


def test_sparql_user_agent_and_retry_after(wikidata):
    """A 429 with Retry-After is waited out, and every request says who we are."""
    seen: list[tuple[int, str]] = []
    body = FIXTURE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            seen.append((len(seen), self.headers.get("User-Agent", "")))
            if len(seen) == 1:
                self.send_response(429)
                self.send_header("Retry-After", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        items = {i.qid: i for i in iter_sparql(url, CONSTRUCT.read_text(encoding="utf-8"), timeout=5)}
    finally:
        server.shutdown()
        server.server_close()
    assert items["Q58132"].facts["P27"] == ["Q717"]
    assert len(seen) == 2 and all(ua.startswith("newskg/0.1 (https://w3id.org/newskg") for _, ua in seen)
