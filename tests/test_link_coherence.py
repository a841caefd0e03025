"""Linking among namesakes (kg.link.coherence and the linker's use of it): an item of a country
the article does not name loses to one that is not; the UK stands for England and the other way
round; agreeing on a country counts only where every candidate's country is known; the country our
lexicon names beats a smaller place named like it, not a state of its name in an article about
that state's country, nor its own team in a competitor's slot of a sports report. A small base of made-up namesakes (QIDs Q9000000001 and up) beside real
countries."""
from __future__ import annotations

import pytest

from kg.link import Linker
from kg.link.coherence import article_country_qids, is_foreign
from kg.link.kb.store import KbItem, KbWriter, KnowledgeBase
from kg.model import Document, Entity, Extraction, Span

ITEMS = [
    KbItem("Q34", "Sweden", [], None, 250, ["Q6256"]),
    KbItem("Q20", "Norway", [], None, 250, ["Q6256"]),
    KbItem("Q21", "England", [], None, 250, ["Q6256"]),
    KbItem("Q145", "United Kingdom", [], None, 300, ["Q6256"]),
    KbItem("Q419", "Peru", [], None, 250, ["Q6256"]),
    KbItem("Q810", "Jordan", [], None, 200, ["Q6256"]),
    KbItem("Q6836032", "Peter Such", [], None, 14, ["Q5"]),  # the cricketer: the base gives no facts
    KbItem("Q1347471", "Tony Jarrett", [], None, 50, ["Q5"]),  # no facts either
    KbItem("Q9000000004", "Tony Jarrett", [], None, 40, ["Q5"], facts={"P27": ["Q145"]}),  # a British namesake
    KbItem("Q30", "United States of America", ["United States"], None, 330, ["Q6256"]),
    KbItem("Q230", "Georgia", [], None, 300, ["Q6256"]),
    KbItem("Q1428", "Georgia", [], "state of the United States", 250, ["Q515"], facts={"P17": ["Q30"]}),
    KbItem("Q9000000001", "Peter Such", [], None, 60, ["Q5"], facts={"P27": ["Q419"]}),  # a Peruvian namesake
    KbItem("Q9000000002", "Sweden", [], None, 30, ["Q515"], facts={"P17": ["Q20"]}),  # a town in Norway
    KbItem("Q9000000003", "Jordan", [], None, 210, ["Q515"]),  # a bigger namesake, no facts
    KbItem("Q2256", "Birmingham", [], None, 100, ["Q515"], facts={"P17": ["Q145"]}),
    KbItem("Q79867", "Birmingham", [], None, 150, ["Q515"], facts={"P17": ["Q30"]}),  # Alabama's
    KbItem("Q408", "Commonwealth of Australia", ["Australia"], None, 0, ["Q6256"]),
    KbItem("Q142555", "Australia national cricket team", [], None, 0, ["Q43229"]),
    KbItem("Q6256"), KbItem("Q515"), KbItem("Q5"), KbItem("Q43229"),
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "coherence.sqlite"
    writer = KbWriter(path)
    writer.add_all(ITEMS)
    writer.close()
    return KnowledgeBase(path)


def extraction(text: str, *entities: tuple[str, str, str]) -> Extraction:
    """Entities (key, type, label), each mentioned where its label first stands in ``text``."""
    out = {}
    for key, type_, label in entities:
        begin = text.index(label)
        out[key] = Entity(key, type_, label, mentions=[Span(begin, begin + len(label))])
    return Extraction(Document(text=text), entities=out)


def link_of(kb: KnowledgeBase, text: str, *entities: tuple[str, str, str]) -> dict[str, str | None]:
    x = extraction(text, *entities)
    Linker(kb).link(x, x.document.text)
    return {k: e.qid for k, e in x.entities.items()}


def test_a_namesake_of_a_country_the_article_does_not_name_loses(kb: KnowledgeBase) -> None:
    assert link_of(kb, "Peter Such took three wickets for England.", ("s", "Person", "Peter Such"),
                   ("e", "Location", "England")) == {"s": "Q6836032", "e": "Q21"}


def test_without_a_country_in_the_article_the_better_known_namesake_wins(kb: KnowledgeBase) -> None:
    assert link_of(kb, "Peter Such spoke on Monday.", ("s", "Person", "Peter Such")) == {"s": "Q9000000001"}


def test_the_united_kingdom_stands_for_england(kb: KnowledgeBase) -> None:
    x = ("Rain stopped play in Birmingham, England.", ("b", "Location", "Birmingham"), ("e", "Location", "England"))
    assert link_of(kb, *x)["b"] == "Q2256"
    assert {"Q21", "Q145"} <= article_country_qids([Entity("e", "Location", "England")])


def test_agreeing_on_a_country_beside_an_item_of_no_known_country_is_no_evidence(kb: KnowledgeBase) -> None:
    """The base says nothing of the hurdler's country: the British namesake's is no reason to prefer it."""
    assert link_of(kb, "Tony Jarrett of the United Kingdom won the hurdles.", ("t", "Person", "Tony Jarrett"),
                   ("b", "Location", "United Kingdom"))["t"] == "Q1347471"


def test_a_state_of_a_countrys_name_in_an_article_about_its_country_is_the_state(kb: KnowledgeBase) -> None:
    assert link_of(kb, "Voters in Georgia and across the United States went to the polls.",
                   ("g", "Location", "Georgia"), ("u", "Location", "United States"))["g"] == "Q1428"


def test_a_smaller_place_that_shares_a_country_with_the_article_does_not_beat_the_country(kb: KnowledgeBase) -> None:
    """The town of Sweden in Norway shares Norway with the article; the country Sweden is meant."""
    assert link_of(kb, "Sweden beat Norway 2-1.", ("s", "Location", "Sweden"), ("n", "Location", "Norway")) == {
        "s": "Q34", "n": "Q20"}


def test_the_country_our_lexicon_names_beats_a_better_known_place_named_like_it(kb: KnowledgeBase) -> None:
    assert link_of(kb, "Talks were held in Jordan.", ("j", "Location", "Jordan")) == {"j": "Q810"}


def test_in_a_competitors_slot_the_lexicons_country_gains_nothing_over_its_team(kb: KnowledgeBase) -> None:
    """The country's word in the report ('Commonwealth') nearly outweighs the team's slot: the
    lexicon's say must not tip it."""
    text = ("Australia beat Pakistan by five wickets in the third test of the Commonwealth series. "
            "Australia 296 , Pakistan 83 . The bowler took six wickets in the innings.")
    assert link_of(kb, text, ("a", "Location", "Australia"))["a"] == "Q142555"


def test_an_item_without_a_country_or_an_article_without_one_is_not_judged(kb: KnowledgeBase) -> None:
    facts = {"Q1": {"P27": {"Q419"}}, "Q2": {}}.__getitem__
    assert is_foreign("Q1", facts, frozenset({"Q21"}))
    assert not is_foreign("Q2", facts, frozenset({"Q21"}))
    assert not is_foreign("Q1", facts, frozenset())
    assert not is_foreign("Q1", facts, frozenset({"Q419"}))
    assert article_country_qids([Entity("p", "Person", "Jordan")]) == frozenset()  # a person's name says nothing

