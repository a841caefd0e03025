"""The distractor base (bench/quality_sets/distractors.py) on the real benchmark list: the same on
every run, every answer with its namesakes of the promised kinds, no fake QID that could be a real
one, some answers out-ranked in popularity, and a base the project's writer builds and the
linker's look-ups find the namesakes in."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from loadscript import load

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO.parent / "shared" / "wikidata" / "lists" / "benchmark_entities.tsv"
load(REPO / "bench" / "quality.py", "bench_quality")  # puts bench/ on sys.path for quality_sets

from quality_sets import distractors as dis  # noqa: E402

from kg.labels import normalise_label  # noqa: E402
from kg.link.kb.store import KnowledgeBase  # noqa: E402
from kg.link.kb.tsv_source import iter_tsv  # noqa: E402

pytestmark = pytest.mark.skipif(not SOURCE.is_file(), reason="../shared/wikidata is absent")


@pytest.fixture(scope="module")
def groups() -> list:
    return list(dis.distractor_base(iter_tsv(SOURCE)))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("distractors") / "d.sqlite"
    return path, dis.build_distractor_kb(SOURCE, path)


def test_the_same_base_on_every_run(groups: list) -> None:
    again = list(dis.distractor_base(reversed(list(iter_tsv(SOURCE)))))  # input order does not matter either
    assert again == groups


def test_every_answer_has_k_namesakes_of_its_kind(groups: list) -> None:
    assert len(groups) == sum(1 for _ in iter_tsv(SOURCE))
    for answer, namesakes in groups:
        assert len(namesakes) == dis.K, answer
        assert all(d.type == answer.type and d.facts for d in namesakes), answer
        labels = [d.label for d in namesakes]
        if answer.type == "Location":
            assert labels == [answer.label] * dis.K
            assert all(d.instance_of for d in namesakes)
            continue
        assert labels.count(answer.label) == dis.SAME_NAME, answer
        others = [lab for lab in labels if lab != answer.label]
        if answer.type == "Person":
            surname = dis._surname(answer.label)
            assert all(lab.split()[-1] == surname for lab in others), (answer, others)
        else:
            words = set(normalise_label(answer.label).split())
            assert all(words & set(normalise_label(lab).split()) for lab in others), (answer, others)


def test_fake_qids_cannot_be_real_ones(groups: list) -> None:
    real = [a.qid for a, _ in groups]
    fake = [d.qid for _, ds in groups for d in ds]
    assert len(set(fake)) == len(fake)
    assert all(dis.is_fake(q) for q in fake) and not any(dis.is_fake(q) for q in real)
    assert not set(fake) & set(real)
    facts = {v for _, ds in groups for d in ds for vals in d.facts.values() for v in vals}
    assert facts <= set(real)  # facts point at items of the base, never at a fake one
    assert all(a.qid not in vals for a, ds in groups for d in ds for vals in d.facts.values())


def test_some_namesakes_are_more_popular_than_their_answer(groups: list) -> None:
    share = dis.outranked_share(groups)
    assert 0.2 < share < 0.8
    fred = next((a, ds) for a, ds in groups if a.label == "Fred Couples")
    assert all(isinstance(d.sitelinks, int) and d.sitelinks >= 0 for d in fred[1])


def test_the_project_writer_builds_a_base_the_linker_can_query(built: tuple[Path, dict], groups: list) -> None:
    path, stats = built
    assert stats["answers"] == len(groups) and stats["distractors"] == dis.K * len(groups)
    kb = KnowledgeBase(path)
    assert kb.size() == stats["answers"] + stats["distractors"]
    answer, namesakes = next((a, ds) for a, ds in groups if a.type == "Person" and a.label.count(" ") == 1)
    found = {c.qid for c in kb.candidates([answer.label])}
    assert found == {answer.qid} | {d.qid for d in namesakes if d.label == answer.label}
    surname = {c.qid for c in kb.within([dis._surname(answer.label)])}
    assert {d.qid for d in namesakes} <= surname
    assert kb.facts(namesakes[0].qid) and not kb.facts(answer.qid)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT sitelinks FROM item WHERE qid = ?", (answer.qid,)).fetchone()[0] == answer.sitelinks


def test_the_control_base_has_the_same_answers_and_no_namesakes(groups: list) -> None:
    control = list(dis.distractor_base(iter_tsv(SOURCE), 0))
    assert [a for a, _ in control] == [a for a, _ in groups]  # the same drawn sitelinks
    assert not any(ds for _, ds in control) and dis.outranked_share(control) == 0.0


def test_a_country_is_better_known_than_every_place_named_like_it(groups: list) -> None:
    """As in Wikidata: no town called 'France' has more sitelinks than France, and none is a state."""
    from kg.lexicon import country_qid

    france = next((a, ds) for a, ds in groups if a.qid == country_qid("France"))
    assert dis.COUNTRY_SITELINKS[0] <= france[0].sitelinks <= dis.MAX_SITELINKS
    country_groups = [(a, ds) for a, ds in groups if a.qid in dis._country_qids()]
    assert len(country_groups) > 100
    assert all(d.sitelinks < a.sitelinks for a, ds in country_groups for d in ds)
    assert not any("Q3624078" in d.instance_of for _, ds in groups for d in ds)  # no namesake is a sovereign state


def test_namesakes_are_often_of_the_countries_wikidata_holds_most_items_of(groups: list) -> None:
    """Real namesakes are far likelier American or British than Tuvaluan, so a namesake often
    shares a country with the article: country agreement alone must not give the answer away."""
    countries = [v for _, ds in groups for d in ds for v in d.facts.get("P27", []) + d.facts.get("P17", [])]
    share = sum(c in dis.PROMINENT for c in countries) / len(countries)
    assert 0.4 < share < 0.7
