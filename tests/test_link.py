"""Linking: disambiguation on a small hand-made base, and the seed against the shared fixture."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.link import Linker
from kg.link.kb.store import KbItem, KbWriter, KnowledgeBase
from kg.model import Document, Entity, Extraction, Span

ITEMS = [
    KbItem("Q58132", "Nicolás Maduro", ["Maduro", "Nicolas Maduro"], "Venezuelan politician", 120, ["Q5"],
           facts={"P27": ["Q717"]}),
    KbItem("Q22278983", "Nicolás Maduro Guerra", ["Maduro"], None, 10, ["Q5"], facts={"P27": ["Q717"]}),
    KbItem("Q13576558", "Miguel Poiares Maduro", ["Miguel Maduro", "Maduro"], None, 15, ["Q5"], facts={"P27": ["Q45"]}),
    KbItem("Q45", "Portugal", [], None, 300, ["Q6256"]),
    KbItem("Q717", "Venezuela", ["Bolivarian Republic of Venezuela"], None, 300, ["Q6256"],
           facts={"P36": ["Q1533"], "P35": ["Q58132"]}),
    KbItem("Q1533", "Caracas", [], None, 200, ["Q515"], facts={"P17": ["Q717"]}),
    KbItem("Q30", "United States of America", ["United States", "U.S.", "USA"], None, 330, ["Q6256"]),
    KbItem("Q61", "Washington, D.C.", ["Washington"], None, 230, ["Q515"], facts={"P17": ["Q30"]}),
    KbItem("Q79281", "Washington", [], "city in Arkansas", 5, ["Q515"]),
    KbItem("Q7407", "Andre Agassi", [], None, 90, ["Q5"]),
    KbItem("Q183270", "Henry Purcell", [], None, 150, ["Q5"]),
    KbItem("Q3229147", "Leicestershire County Cricket Club", [], None, 20, ["Q43229"]),
    KbItem("Q3195284", "Kent County Cricket Club", [], None, 20, ["Q43229"]),
    KbItem("Q900001", "Leicestershire Foxes", [], "basketball team", 15, ["Q43229"]),  # made up
    KbItem("Q23298", "Kent", [], "county of England", 100, ["Q515"]),
    KbItem("Q204711", "Food and Drug Administration", [], None, 60, ["Q43229"]),
    KbItem("Q900002", "Frank Dale Adams", [], "made-up person with the same initials", 500, ["Q5"]),
    KbItem("Q27", "Republic of Ireland", [], None, 0, ["Q6256"]),
    KbItem("Q22890", "Ireland", [], "island", 0, ["Q6256"]),
    KbItem("Q3711", "Belgrade", [], None, 0, ["Q515"]),
    KbItem("Q1142467", "Belgrade", [], "made-up namesake", 0, ["Q515"]),
    KbItem("Q37836", "Milwaukee", [], None, 0, ["Q515"]),
    KbItem("Q848103", "Milwaukee Brewers", [], None, 0, ["Q43229"]),
    KbItem("Q501542", "United States Department of Commerce", [], None, 0, ["Q43229"]),
    KbItem("Q1124", "Bill Clinton", [], None, 0, ["Q5"]),
    KbItem("Q6294", "Hillary Clinton", [], None, 0, ["Q5"]),
    KbItem("Q900003", "Clinton", [], "made-up town", 0, ["Q515"]),
    KbItem("Q379709", "Muttiah Muralitharan", [], None, 0, ["Q5"]),
    KbItem("Q6941338", "Mushtaq Ahmad", [], None, 0, type="Other"),  # the benchmark TSV types him 'Product'
    KbItem("Q900004", "Jackie", [], "made-up film", 0, type="Other"),
    KbItem("Q3535504", "Saleem Malik", [], None, 0, ["Q5"]),
    KbItem("Q698240", "Michael Möllenbeck", [], None, 0, ["Q5"]),
    KbItem("Q529118", "Rolf Sørensen", [], None, 0, ["Q5"]),
    KbItem("Q735048", "Steve Waugh", [], None, 0, ["Q5"]),
    KbItem("Q560373", "Mark Waugh", [], None, 0, ["Q5"]),
    KbItem("Q1141337", "Johnson Controls", [], None, 0, ["Q43229"]),
    KbItem("Q60", "New York City", [], None, 0, ["Q515"]),
    KbItem("Q1384", "New York", [], "state", 0, ["Q515"]),
    KbItem("Q1409655", "Robert Nardelli", [], None, 0, ["Q5"]),
    KbItem("Q380900", "Chuck Schumer", [], None, 0, ["Q5"]),
    KbItem("Q9582", "Gerald Ford", [], None, 0, ["Q5"]),
    KbItem("Q11211", "United States Armed Forces", [], None, 0, ["Q43229"]),
    KbItem("Q11268", "United States Congress", [], None, 0, ["Q43229"]),
    KbItem("Q1627227", "Indian National Congress", [], None, 0, ["Q43229"]),
    KbItem("Q408", "Australia", [], None, 0, ["Q6256"]),
    KbItem("Q29468", "Republican Party", [], None, 0, ["Q43229"]),
    KbItem("Q1985448", "Nick Knight", [], None, 0, type="Other"),  # a cricketer the benchmark TSV types 'Product'
    KbItem("Q900005", "Nick Knight Trophy", [], "made up", 0, type="Other"),
    KbItem("Q497782", "Football Association of Ireland", [], None, 0, ["Q43229"]),
    KbItem("Q163547", "Republic of Ireland national association football team", [], None, 0, ["Q43229"]),
    KbItem("Q54527", "Billie Jean King", [], None, 0, ["Q5"]),
    KbItem("Q72523", "Spain Billie Jean King Cup team", [], None, 0, ["Q43229"]),
    KbItem("Q223243", "Miami Dolphins", [], None, 0, ["Q43229"]),
    KbItem("Q16981175", "Lennar Corporation", [], None, 0, ["Q43229"]),
    KbItem("Q29552", "Democratic Party", [], None, 0, ["Q43229"]),
    KbItem("Q142555", "Australia national cricket team", [], None, 0, ["Q43229"]),
    KbItem("Q6256", subclass_of=[]), KbItem("Q515"), KbItem("Q5"), KbItem("Q43229"),
]


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    w = KbWriter(path)
    w.add_all(ITEMS)
    w.close()
    return KnowledgeBase(path)


def extraction(text: str, *entities: tuple[str, str, str, list[str]]) -> Extraction:
    ents = {}
    for key, type_, label, surfaces in entities:
        spans = []
        for s in surfaces:
            begin = text.index(s)
            spans.append(Span(begin, begin + len(s)))
        ents[key] = Entity(key, type_, label, mentions=spans)
    return Extraction(Document(text=text), entities=ents)


def link(kb, x):
    Linker(kb).link(x, x.document.text)
    return {k: e.qid for k, e in x.entities.items()}


def test_full_name_beats_the_namesake_son(kb):
    x = extraction("Nicolás Maduro spoke. Maduro left.", ("m", "Person", "Nicolás Maduro", ["Nicolás Maduro", "Maduro"]))
    assert link(kb, x) == {"m": "Q58132"}
    assert x.entities["m"].label == "Nicolás Maduro" and 0 < x.entities["m"].confidence <= 1


def test_surname_only_takes_the_dominant_bearer_unless_context_says_otherwise(kb):
    alone = extraction("Maduro spoke on Monday.", ("m", "Person", "Maduro", ["Maduro"]))
    assert link(kb, alone) == {"m": "Q58132"}
    in_portugal = extraction("Maduro, a former minister of Portugal, spoke.", ("m", "Person", "Maduro", ["Maduro"]),
                             ("p", "Location", "Portugal", ["Portugal"]))
    assert link(kb, in_portugal) == {"m": "Q13576558", "p": "Q45"}


def test_demonym_and_capital_as_government_link_to_the_country(kb):
    x = extraction("Caracas responded to Venezuelan critics.", ("v", "Location", "Venezuela", ["Caracas", "Venezuelan"]))
    assert link(kb, x) == {"v": "Q717"}


def test_type_filter_and_nil_for_what_the_base_lacks(kb):
    x = extraction("Washington met the Cartel de los Soles.", ("w", "Person", "Washington", ["Washington"]),
                   ("c", "Organization", "Cartel de los Soles", ["Cartel de los Soles"]))
    assert link(kb, x) == {"w": None, "c": None}  # no person called Washington in the base


def test_abbreviation_links(kb):
    x = extraction("The U.S. acted.", ("us", "Location", "United States", ["U.S."]))
    assert link(kb, x) == {"us": "Q30"}


def test_seed_links_offline_with_the_fixture_base(shared, exporter, tmp_path):
    from test_seed_e2e import SEED

    from kg.link import make_linker
    from kg.link.kb.build import build_kb
    from kg.read import read_paths

    kb_path = tmp_path / "fixture.sqlite"
    build_kb([str(shared / "wikidata" / "fixture" / "wd_fixture.ttl")], kb_path)
    [doc] = list(read_paths([str(SEED)]))
    [x] = list(exporter.extractions([doc]))
    before = {k: e.label for k, e in x.entities.items()}
    make_linker(kb_path, None).link(x, doc.text)
    links = {before[k]: e.qid for k, e in x.entities.items()}
    assert links["Donald Trump"] == "Q22686"
    assert links["Nicolás Maduro"] == "Q58132"  # not his son Q22278983
    assert links["United States"] == "Q30"
    assert links["Venezuela"] == "Q717"
    assert links["Miami Herald"] == "Q1706651"
    assert links["U.S. military"] == "Q11211"
    assert links["Cartel de los Soles"] is None  # the base lacks it


def test_linked_export_uses_qid_iris_and_conforms(shared, tmp_path):
    from click.testing import CliRunner
    from rdflib import Graph
    from rdflib.namespace import OWL

    from kg.cli import cli
    from kg.rdf.vocab import NK

    runner = CliRunner()
    kb_path = tmp_path / "kb.sqlite"
    assert runner.invoke(cli, ["kb", "build", str(shared / "wikidata" / "fixture" / "wd_fixture.ttl"),
                               "-o", str(kb_path)]).exit_code == 0
    res = runner.invoke(cli, ["export", str(SEED_DIR), "-o", str(tmp_path / "out"), "--kb", str(kb_path)])
    assert res.exit_code == 0, res.stderr
    g = Graph().parse(tmp_path / "out" / "articles" / "trump-maduro.ttl")
    same = {str(s): str(o) for s, o in g.subject_objects(OWL.sameAs)}
    assert same["https://w3id.org/newskg/id/entity/Q58132"] == "http://www.wikidata.org/entity/Q58132"
    assert all(0 < float(c) <= 1 for c in g.objects(None, NK.confidence))
    explain = runner.invoke(cli, ["link", str(SEED_DIR / "trump-maduro.txt"), "--kb", str(kb_path), "--explain"])
    assert explain.exit_code == 0
    assert "Q58132 Nicolás Maduro" in explain.stdout and "Q22278983" in explain.stdout
    assert "by label  Nicolás Maduro" in explain.stdout  # how each candidate was found


SEED_DIR = Path(__file__).resolve().parent.parent / "seeds"


def test_a_name_inside_an_items_name_links_when_nothing_else_fits(kb):
    x = extraction("Agassi beat Leicestershire.", ("a", "Person", "Agassi", ["Agassi"]),
                   ("l", "Organization", "Leicestershire", ["Leicestershire"]))
    assert link(kb, x) == {"a": "Q7407", "l": "Q3229147"}


def test_a_known_full_name_is_not_linked_through_its_surname(kb):
    x = extraction("Erin Purcell sang. Purcell left.", ("p", "Person", "Erin Purcell", ["Erin Purcell", "Purcell"]))
    assert link(kb, x) == {"p": None}


def test_a_whole_name_beats_a_name_that_holds_it(kb):
    x = extraction("Kent won.", ("k", "Location", "Kent", ["Kent"]))
    decisions = Linker(kb).link(x, x.document.text)
    assert x.entities["k"].qid == "Q23298"
    within = [s for s in decisions[0].scored if s.candidate.within]
    assert within and all(s.score < decisions[0].chosen.score for s in within)


def test_a_base_without_the_word_index_links_by_whole_names(kb, tmp_path):
    import shutil
    import sqlite3

    old = tmp_path / "old.sqlite"
    shutil.copy(kb.path, old)
    with sqlite3.connect(old) as db:
        db.execute("DROP TABLE word")
    x = extraction("Agassi won. Maduro spoke.", ("a", "Person", "Agassi", ["Agassi"]),
                   ("m", "Person", "Maduro", ["Maduro"]))
    assert link(KnowledgeBase(old), x) == {"a": None, "m": "Q58132"}


def test_words_the_article_shares_with_an_item_pick_between_namesakes(kb):
    cricket = extraction("Leicestershire took six wickets in the county cricket match.",
                         ("l", "Organization", "Leicestershire", ["Leicestershire"]))
    basketball = extraction("Leicestershire lost the basketball final.",
                            ("l", "Organization", "Leicestershire", ["Leicestershire"]))
    assert link(kb, cricket) == {"l": "Q3229147"}
    assert link(kb, basketball) == {"l": "Q900001"}


def test_a_place_in_a_competitors_slot_of_a_sports_report_is_its_team(kb):
    sports = extraction("Kent beat Leicestershire by an innings in the county cricket championship match. "
                        "Kent 296 , Leicestershire 83 . The season ends in September.",
                        ("k", "Person", "Kent", ["Kent"]))  # the small model calls county teams persons
    politics = extraction("Kent voted for the new road plan after the county council's debate.",
                          ("k", "Location", "Kent", ["Kent"]))
    venue = extraction("The county cricket championship match, a season's highlight, was played in Kent "
                       "after the league moved the fixture.", ("k", "Location", "Kent", ["Kent"]))
    assert link(kb, sports) == {"k": "Q3195284"}
    assert link(kb, politics) == {"k": "Q23298"}
    assert link(kb, venue) == {"k": "Q23298"}


def test_an_acronym_links_to_the_item_whose_label_it_abbreviates(kb):
    x = extraction("The F.D.A. approved the drug.", ("f", "Organization", "F.D.A.", ["F.D.A."]))
    decisions = Linker(kb).link(x, x.document.text)
    assert x.entities["f"].qid == "Q204711"
    assert [s.candidate.qid for s in decisions[0].scored] == ["Q204711"]  # people are not named by initials
    lower = extraction("Fda approved the drug.", ("f", "Organization", "Fda", ["Fda"]))
    assert link(kb, lower) == {"f": None}  # only a name written as an acronym is one


def test_the_country_our_lexicon_names_beats_a_namesake_label(kb):
    x = extraction("Ireland voted for the treaty.", ("i", "Location", "Ireland", ["Ireland"]))
    assert link(kb, x) == {"i": "Q27"}  # the state, though the island is labelled 'Ireland'


def test_a_tie_without_sitelinks_goes_to_the_older_item(kb):
    x = extraction("Talks were held in Belgrade.", ("b", "Location", "Belgrade", ["Belgrade"]))
    assert link(kb, x) == {"b": "Q3711"}  # by number, not by string ('Q1142467' < 'Q3711')


def test_in_a_sports_report_through_and_through_a_places_namesake_organisation_is_its_team(kb):
    table = extraction("Baseball league standings after the season's games: Toronto 62 Milwaukee 5, "
                       "with the pitcher and the inning that decided the match.",
                       ("m", "Location", "Milwaukee", ["Milwaukee"]))
    news = extraction("Milwaukee 5 schools closed; the league of mayors met.",
                      ("m", "Location", "Milwaukee", ["Milwaukee"]))
    assert link(kb, table) == {"m": "Q848103"}
    assert link(kb, news) == {"m": "Q37836"}


def test_an_office_named_subject_first_links_to_its_official_name(kb):
    x = extraction("The Commerce Department said exports rose.",
                   ("c", "Organization", "Commerce Department", ["Commerce Department"]))
    assert link(kb, x) == {"c": "Q501542"}


def test_a_persons_surname_alone_links_to_a_person_bearing_it(kb):
    x = extraction("President Clinton met Dole. Clinton left.", ("c", "Person", "Clinton", ["Clinton"]))
    assert link(kb, x) == {"c": "Q1124"}  # not the town labelled 'Clinton'; Bill and Hillary tie, older first
    card = extraction("The cricket match, the season's last: S. Waugh b Muralitharan 22 , wickets fell.",
                      ("m", "Person", "Muralitharan", ["Muralitharan"]))
    assert link(kb, card) == {"m": "Q379709"}  # a bowler in a scorecard is no place standing for a team


def test_a_full_name_may_link_to_an_item_the_base_types_other_but_a_single_name_may_not(kb):
    x = extraction("Mushtaq Ahmad took two wickets.", ("m", "Person", "Mushtaq Ahmad", ["Mushtaq Ahmad"]))
    assert link(kb, x) == {"m": "Q6941338"}
    one = extraction("Jackie said no.", ("j", "Person", "Jackie", ["Jackie"]))
    assert link(kb, one) == {"j": None}


def test_a_name_spelled_another_way_links_when_the_base_has_no_item_of_that_spelling(kb):
    x = extraction("Salim Malik scored 50.", ("s", "Person", "Salim Malik", ["Salim Malik"]))
    assert link(kb, x) == {"s": "Q3535504"}
    german = extraction("Michael Moellenbeck headed in.", ("m", "Person", "Michael Moellenbeck", ["Michael Moellenbeck"]))
    danish = extraction("Rolf Sorensen won the stage.", ("r", "Person", "Rolf Sorensen", ["Rolf Sorensen"]))
    assert link(kb, german) == {"m": "Q698240"} and link(kb, danish) == {"r": "Q529118"}
    other = extraction("Erin Purcell sang.", ("p", "Person", "Erin Purcell", ["Erin Purcell"]))
    assert link(kb, other) == {"p": None}  # sharing a surname is not being spelled alike


def test_an_initial_and_a_surname_link_to_the_person_with_both(kb):
    x = extraction("R. Kaluwitharana b S. Waugh 8 , M. Waugh 12", ("s", "Person", "S. Waugh", ["S. Waugh"]),
                   ("m", "Person", "M. Waugh", ["M. Waugh"]))
    assert link(kb, x) == {"s": "Q735048", "m": "Q560373"}


def test_a_company_is_also_named_without_its_legal_form(kb):
    x = extraction("Johnson Controls Inc said on Friday.",
                   ("j", "Organization", "Johnson Controls Inc", ["Johnson Controls Inc"]))
    assert link(kb, x) == {"j": "Q1141337"}


def test_a_dateline_naming_a_city_alone_is_the_city_not_its_state(kb):
    filed = extraction("NEW YORK 1996-08-30 Stocks rose.", ("n", "Location", "New York", ["NEW YORK"]))
    agency = extraction("Markets\nNEW YORK (Reuters) - Stocks rose.", ("n", "Location", "New York", ["NEW YORK"]))
    prose = extraction("Voters in New York chose a governor.", ("n", "Location", "New York", ["New York"]))
    assert link(kb, filed) == {"n": "Q60"} and link(kb, agency) == {"n": "Q60"}
    assert link(kb, prose) == {"n": "Q1384"}


def test_in_a_report_about_sport_only_a_place_with_a_team_is_the_team_unless_it_is_the_venue(kb):
    team = extraction("Kent took the wickets: the county cricket championship match of the season ended as the "
                      "league's captain and his bowler wanted.", ("k", "Location", "Kent", ["Kent"]))
    venue = extraction("The county cricket championship match of the season was played in Kent: the league's "
                       "captain and his bowler took the wickets.", ("k", "Location", "Kent", ["Kent"]))
    assert link(kb, team) == {"k": "Q3195284"}
    assert link(kb, venue) == {"k": "Q23298"}


def test_a_familiar_given_name_a_middle_initial_or_a_formal_one_still_link(kb):
    x = extraction("Bob Nardelli left. Charles Schumer spoke. Gerald R. Ford died.",
                   ("n", "Person", "Bob Nardelli", ["Bob Nardelli"]), ("s", "Person", "Charles Schumer", ["Charles Schumer"]),
                   ("f", "Person", "Gerald R. Ford", ["Gerald R. Ford"]))
    assert link(kb, x) == {"n": "Q1409655", "s": "Q380900", "f": "Q9582"}
    other = extraction("Bob Purcell sang.", ("p", "Person", "Bob Purcell", ["Bob Purcell"]))
    assert link(kb, other) == {"p": None}  # no Robert Purcell in the base: Henry is not him


def test_a_countrys_military_links_to_its_armed_forces(kb):
    x = extraction("U.S. military forces struck.", ("m", "Organization", "U.S. military", ["U.S. military forces"]))
    assert link(kb, x) == {"m": "Q11211"}


def test_a_bare_institution_is_the_one_of_the_country_the_article_is_about(kb):
    x = extraction("The U.S. budget went to Congress. Congress voted.",
                   ("u", "Location", "United States", ["U.S."]), ("c", "Organization", "Congress", ["Congress"]))
    assert link(kb, x)["c"] == "Q11268"
    alone = extraction("Congress voted.", ("c", "Organization", "Congress", ["Congress"]))
    assert link(kb, alone) == {"c": None}  # two congresses hold the word; no country says which


def test_a_place_linked_to_its_team_keeps_apart_the_mentions_that_name_the_place(kb):
    text = ("Australia beat Sri Lanka by five wickets in the cricket match. Australian captain Mark Taylor "
            "praised his bowlers after the innings. The next match is in Australia in December.")
    spans = [Span(m.start(), m.end()) for m in re.finditer(r"Australian?", text)]
    x = Extraction(Document(text=text), entities={"a": Entity("a", "Location", "Australia", mentions=spans)})
    Linker(kb).link(x, text)
    linked = {e.qid: [text[m.begin:m.end] + f"@{m.begin}" for m in e.mentions] for e in x.entities.values()}
    assert linked == {"Q142555": ["Australia@0"], "Q408": [f"Australian@{spans[1].begin}", f"Australia@{spans[2].begin}"]}
    alone = extraction("Australian bowlers won the cricket match of the season by an innings and ten wickets.",
                       ("a", "Location", "Australia", ["Australian"]))
    assert len(link(kb, alone)) == 1  # a node keeps one mention at least


def test_a_group_named_for_its_partys_members_is_the_party(kb):
    x = extraction("Republicans and Democrats voted. A Democrat spoke.", ("r", "Group", "Republicans", ["Republicans"]),
                   ("d", "Group", "Democrats", ["Democrats", "Democrat"]))
    assert link(kb, x) == {"r": "Q29468", "d": "Q29552"}
    other = extraction("Liberals voted.", ("l", "Group", "Liberals", ["Liberals"]))
    assert link(kb, other) == {"l": None}  # no Liberal Party in the base


def test_a_legal_form_spelled_out_and_a_countrys_institution_named_with_its_short_form_link(kb):
    x = extraction("Lennar Corp. said the U.S. Congress must act.", ("l", "Organization", "Lennar Corp.", ["Lennar Corp."]),
                   ("c", "Organization", "U.S. Congress", ["U.S. Congress"]))
    assert link(kb, x) == {"l": "Q16981175", "c": "Q11268"}


def test_in_a_sports_report_a_team_is_named_by_the_last_word_of_its_name(kb):
    sports = extraction("The Dolphins named a new coach for the football season, the league said.",
                        ("d", "Person", "Dolphins", ["Dolphins"]))  # the small model calls them persons
    nature = extraction("Dolphins swam past the boat.", ("d", "Person", "Dolphins", ["Dolphins"]))
    assert link(kb, sports) == {"d": "Q223243"}
    assert link(kb, nature) == {"d": None}


def test_a_persons_full_name_inside_a_teams_name_is_still_the_person(kb):
    x = extraction("Billie Jean King beat the Spain team captain in the tennis cup match of the season.",
                   ("b", "Person", "Billie Jean King", ["Billie Jean King"]))
    assert link(kb, x) == {"b": "Q54527"}


def test_in_a_sports_report_a_competitors_team_beats_an_organisation_named_after_its_place(kb):
    x = extraction("Ireland beat Liechtenstein 5-0 in the soccer World Cup qualifying match. The league season and "
                   "the cup squad: the striker scored.", ("i", "Location", "Ireland", ["Ireland"]))
    assert link(kb, x) == {"i": "Q163547"}


def test_a_full_name_links_to_its_item_typed_other_beside_a_namesake(kb):
    x = extraction("Nick Knight scored 50.", ("k", "Person", "Nick Knight", ["Nick Knight"]))
    assert link(kb, x) == {"k": "Q1985448"}
