"""One test family per extraction rule, on hand-built Docs (see handdocs.py)."""
from __future__ import annotations

from datetime import date

import pytest
from handdocs import make_doc

from kg.extract.entities import extract_entities
from kg.extract.events import extract_events
from kg.extract.quotes import extract_quotations, find_quoted
from kg.extract.timex import normalise_time


def events_of(doc, published=None):
    layer = extract_entities(doc)
    label = lambda k: layer.entities[k].label  # noqa: E731
    return [(e.type, [label(a) for a in e.actors], [label(r) for r in e.recipients], e.negated, e.mode,
             e.according_to and label(e.according_to), e.date, e.markers)
            for e in extract_events(doc, layer, published)]


# ---- entities ----------------------------------------------------------------------------------

def test_surname_title_and_demonym_merge():
    doc = make_doc("President/PROPN/compound/2 Donald/PROPN/compound/2 Trump/PROPN/nsubj/3 called/VERB/ROOT/3/call "
                   "Venezuelan/ADJ/amod/5 leader/NOUN/compound/7 Nicolás/PROPN/compound/7 Maduro/PROPN/dobj/3 ./PUNCT/punct/3 "
                   "Maduro/PROPN/nsubj/10 refused/VERB/ROOT/10/refuse ./PUNCT/punct/10",
                   ents=[(1, 3, "PERSON"), (4, 5, "NORP"), (6, 8, "PERSON"), (9, 10, "ORG")])
    layer = extract_entities(doc)
    by_label = {e.label: e for e in layer.entities.values()}
    assert set(by_label) == {"Donald Trump", "Venezuela", "Nicolás Maduro"}
    assert by_label["Donald Trump"].roles == ["President"]
    assert by_label["Venezuela"].type == "Location"
    assert [doc.text[m.begin:m.end] for m in by_label["Nicolás Maduro"].mentions] == ["Nicolás Maduro", "Maduro"]


@pytest.mark.parametrize("spec, ents, expected", [
    # the model's type, overruled by the name's head word
    ("The/DET/det/2 Edmonton/PROPN/compound/2 Sun/PROPN/nsubj/3 reported/VERB/ROOT/3 ./PUNCT/punct/3",
     [(1, 3, "PERSON")], ("Edmonton Sun", "Organization")),
    ("They/PRON/nsubj/1 met/VERB/ROOT/1 on/ADP/prep/1 Castlefrank/PROPN/compound/4 Road/PROPN/pobj/2 ./PUNCT/punct/1",
     [(3, 5, "ORG")], ("Castlefrank Road", "Location")),
    ("Gazprombank/PROPN/nsubj/1 fell/VERB/ROOT/1 ./PUNCT/punct/1", [(0, 1, "PERSON")], ("Gazprombank", "Organization")),
    ("Instituto/PROPN/compound/1 Gonzaga/PROPN/nsubj/2 paid/VERB/ROOT/2 ./PUNCT/punct/2",
     [(0, 2, "PERSON")], ("Instituto Gonzaga", "Organization")),
    # a surname that is also a head word elsewhere stays the model's ('Stuart Hall' is no hall)
    ("Stuart/PROPN/compound/1 Hall/PROPN/nsubj/2 spoke/VERB/ROOT/2 ./PUNCT/punct/2",
     [(0, 2, "PERSON")], ("Stuart Hall", "Person")),
])
def test_a_names_head_word_decides_its_type(spec, ents, expected):
    layer = extract_entities(make_doc(spec, ents=ents))
    assert [(e.label, e.type) for e in layer.entities.values()] == [expected]


@pytest.mark.parametrize("spec, ents, expected", [
    # no entity at all, or a label none of our types come from: the head word makes the name
    ("The/DET/det/2 Harbour/PROPN/compound/2 Gazette/PROPN/nsubj/3 noted/VERB/ROOT/3 it/PRON/dobj/3 ./PUNCT/punct/3",
     [], [("Harbour Gazette", "Organization")]),
    ("He/PRON/nsubj/1 spoke/VERB/ROOT/1 to/ADP/prep/1 the/DET/det/5 Valley/PROPN/compound/5 Herald/PROPN/pobj/2 ./PUNCT/punct/1",
     [(3, 6, "EVENT")], [("Valley Herald", "Organization")]),
    # a run of proper nouns with no such head, or a dated event, stays no name
    ("The/DET/det/2 Harbour/PROPN/compound/2 Regatta/PROPN/nsubj/3 began/VERB/ROOT/3 ./PUNCT/punct/3", [], []),
    ("The/DET/det/2 Gazette/PROPN/compound/2 awards/NOUN/nsubj/3 began/VERB/ROOT/3 ./PUNCT/punct/3", [], []),
])
def test_a_head_word_makes_a_name_the_model_missed(spec, ents, expected):
    layer = extract_entities(make_doc(spec, ents=ents))
    assert [(e.label, e.type) for e in layer.entities.values()] == expected


@pytest.mark.parametrize("spec, ents, expected", [
    # a portfolio before or after a post is part of its holder's title
    ("Deputy/PROPN/compound/3 Transport/PROPN/compound/2 Secretary/PROPN/compound/3 Okafor/PROPN/nsubj/4 "
     "resigned/VERB/ROOT/4 ./PUNCT/punct/4", [(1, 2, "ORG"), (3, 4, "PERSON")], ["Okafor"]),
    ("The/DET/det/1 Minister/PROPN/nsubj/6 of/ADP/prep/1 Fisheries/PROPN/pobj/2 Lena/PROPN/compound/5 Okafor/PROPN/appos/1 "
     "resigned/VERB/ROOT/6 ./PUNCT/punct/6", [(3, 4, "ORG"), (4, 6, "PERSON")], ["Lena Okafor"]),
    # a body stays one: its own head word, or no post beside it
    ("The/DET/det/2 Transport/PROPN/compound/2 Ministry/PROPN/nsubj/3 resigned/VERB/ROOT/3 ./PUNCT/punct/3",
     [(1, 3, "ORG")], ["Transport Ministry"]),
    ("Fisheries/PROPN/nsubj/1 resigned/VERB/ROOT/1 ./PUNCT/punct/1", [(0, 1, "ORG")], ["Fisheries"]),
])
def test_a_posts_portfolio_is_no_organisation(spec, ents, expected):
    layer = extract_entities(make_doc(spec, ents=ents))
    assert [e.label for e in layer.entities.values()] == expected


def test_a_given_name_the_model_left_out_joins_the_person():
    doc = make_doc("CEO/PROPN/nsubj/6 of/ADP/prep/0 the/DET/det/4 Refugee/PROPN/compound/4 Council/PROPN/pobj/1 "
                   "Enver/PROPN/compound/6 Solomon/PROPN/nsubj/7 spoke/VERB/ROOT/7 ./PUNCT/punct/7",
                   ents=[(2, 5, "ORG"), (6, 7, "PERSON")])
    layer = extract_entities(doc)
    assert sorted((e.label, e.type) for e in layer.entities.values()) == [
        ("Enver Solomon", "Person"), ("Refugee Council", "Organization")]


def test_a_post_holder_the_model_took_into_an_organisation_is_cut_out_where_the_article_names_them():
    spec = ("Secretary/PROPN/nsubj/7 of/ADP/prep/0 the/DET/det/4 Air/PROPN/compound/4 Force/PROPN/pobj/1 "
            "Marvin/PROPN/compound/6 Sambur/PROPN/appos/0 spoke/VERB/ROOT/7 ./PUNCT/punct/7 ")
    named_again = "Sambur/PROPN/nsubj/10 left/VERB/ROOT/10 ./PUNCT/punct/10"
    layer = extract_entities(make_doc(spec + named_again, ents=[(2, 7, "ORG"), (9, 10, "PERSON")]))
    assert sorted((e.label, e.type) for e in layer.entities.values()) == [
        ("Air Force", "Organization"), ("Marvin Sambur", "Person")]
    alone = extract_entities(make_doc(spec.strip(), ents=[(2, 7, "ORG")]))
    assert [e.type for e in alone.entities.values()] == ["Organization"]  # no evidence: the model's span stands


def test_a_capitalised_common_noun_the_article_also_writes_in_lower_case_is_no_name():
    doc = make_doc("The/DET/det/1 court/NOUN/nsubj/2 ruled/VERB/ROOT/2 ./PUNCT/punct/2 "
                   "The/DET/det/5 Court/PROPN/nsubj/6 ruled/VERB/ROOT/6 again/ADV/advmod/6 ./PUNCT/punct/6 "
                   "The/DET/det/10 Kremlin/PROPN/nsubj/11 agreed/VERB/ROOT/11 ./PUNCT/punct/11",
                   ents=[(5, 6, "ORG"), (10, 11, "ORG")])
    assert [e.label for e in extract_entities(doc).entities.values()] == ["Kremlin"]


def test_an_article_before_a_name_and_a_flight_after_it_are_no_part_of_it():
    doc = make_doc("A/DET/det/2 European/PROPN/compound/2 Commission/PROPN/compound/3 review/NOUN/nsubj/4 "
                   "named/VERB/ROOT/4 Adam/PROPN/compound/7 Air/PROPN/compound/7 Flight/PROPN/dobj/4 "
                   "574/NUM/nummod/7 ./PUNCT/punct/4",
                   ents=[(0, 3, "ORG"), (5, 9, "ORG")])
    assert sorted(e.label for e in extract_entities(doc).entities.values()) == ["Adam Air", "European Commission"]


def test_a_credit_lines_label_is_not_part_of_the_name():
    doc = make_doc("Obama/PROPN/compound/1 tweet/NOUN/ROOT/1 to/ADP/prep/1 Ahmed/PROPN/compound/4 Mohamed/PROPN/compound/5 "
                   "Image/PROPN/pobj/2 :/PUNCT/punct/1 Twitter/PROPN/appos/1 ./PUNCT/punct/1",
                   ents=[(0, 1, "PERSON"), (3, 6, "PERSON")])
    labels = {e.label for e in extract_entities(doc).entities.values()}
    assert "Ahmed Mohamed" in labels and not any("Image" in label for label in labels)


def test_abbreviation_and_capital_as_actor():
    doc = make_doc("Caracas/PROPN/nsubj/1 accused/VERB/ROOT/1/accuse the/DET/det/3 U.S./PROPN/dobj/1 ./PUNCT/punct/1",
                   ents=[(0, 1, "GPE"), (3, 4, "GPE")])
    assert events_of(doc) == [("ACCUSE", ["Venezuela"], ["United States"], False, "allege", None, None, [])]


def test_capital_as_place_stays_a_city():
    doc = make_doc("Talks/NOUN/nsubj/1/talk began/VERB/ROOT/1/begin in/ADP/prep/1 Caracas/PROPN/pobj/2 ./PUNCT/punct/1",
                   ents=[(3, 4, "GPE")])
    assert [e.label for e in extract_entities(doc).entities.values()] == ["Caracas"]


def test_acronym_joins_its_organisation():
    doc = make_doc("Korean/PROPN/compound/3 Central/PROPN/compound/3 News/PROPN/compound/3 Agency/PROPN/nsubj/4 "
                   "spoke/VERB/ROOT/4/speak ./PUNCT/punct/4 KCNA/PROPN/nsubj/7 added/VERB/ROOT/7/add ./PUNCT/punct/7",
                   ents=[(0, 4, "ORG"), (6, 7, "ORG")])
    [ent] = extract_entities(doc).entities.values()
    assert ent.label == "Korean Central News Agency" and len(ent.mentions) == 2


@pytest.mark.parametrize("acronym, country_code", [("UPAL", False), ("UK", True)])
def test_an_acronym_in_brackets_after_a_name_is_its_own_whatever_its_letters(acronym, country_code):
    """The acronym of the name in another language ('Unione ...'), used again later; a country's
    code in brackets is the country."""
    doc = make_doc("The/DET/det/2 Lantern/PROPN/compound/2 Union/PROPN/nsubj/9 of/ADP/prep/2 Free/PROPN/compound/5 "
                   "Potters/PROPN/pobj/3 (/PUNCT/punct/7 " + acronym + "/PROPN/appos/2 )/PUNCT/punct/7 "
                   "protested/VERB/ROOT/9/protest ./PUNCT/punct/9 " + acronym + "/PROPN/nsubj/12 "
                   "agreed/VERB/ROOT/12/agree ./PUNCT/punct/12",
                   ents=[(1, 6, "ORG"), (7, 8, "ORG"), (11, 12, "ORG")])
    labels = sorted(e.label for e in extract_entities(doc).entities.values())
    assert labels == (["Lantern Union of Free Potters", "United Kingdom"] if country_code else ["Lantern Union of Free Potters"])


def test_a_company_tagged_as_a_person_joins_the_company_it_is_the_short_form_of():
    """'Cofinec said' tagged as a person beside 'Cofinec S.A.'; a one-word organisation is a
    person's surname ('Okafor'), not the first word of a 'person' the model made of a company."""
    doc = make_doc("Lantern/PROPN/compound/1 S.A./PROPN/nsubj/2 rose/VERB/ROOT/2/rise ./PUNCT/punct/2 "
                   "Lantern/PROPN/nsubj/5 said/VERB/ROOT/5/say so/ADV/advmod/5 ./PUNCT/punct/5",
                   ents=[(0, 2, "ORG"), (4, 5, "PERSON")])
    [company] = extract_entities(doc).entities.values()
    assert (company.label, company.type, len(company.mentions)) == ("Lantern S.A.", "Organization", 2)
    doc = make_doc("Harbour/PROPN/compound/1 Cables/PROPN/nsubj/2 rose/VERB/ROOT/2/rise ./PUNCT/punct/2 "
                   "Harbour/PROPN/nsubj/5 said/VERB/ROOT/5/say so/ADV/advmod/5 ./PUNCT/punct/5 "
                   "Lena/PROPN/compound/9 Okafor/PROPN/nsubj/10 left/VERB/ROOT/10/leave ./PUNCT/punct/10 "
                   "Okafor/PROPN/nsubj/13 said/VERB/ROOT/13/say so/ADV/advmod/13 ./PUNCT/punct/13",
                   ents=[(0, 2, "PERSON"), (4, 5, "ORG"), (8, 10, "PERSON"), (12, 13, "ORG")])
    by_label = {e.label: (e.type, len(e.mentions)) for e in extract_entities(doc).entities.values()}
    assert by_label["Harbour"] == ("Organization", 1) and by_label["Lena Okafor"] == ("Person", 2)


def test_area_word_makes_a_place_of_its_own():
    doc = make_doc("Macri/PROPN/nsubj/1 won/VERB/ROOT/1/win in/ADP/prep/1 Buenos/PROPN/compound/4 Aires/PROPN/compound/5 "
                   "province/NOUN/pobj/2 and/CCONJ/cc/1 in/ADP/prep/1 Buenos/PROPN/compound/9 Aires/PROPN/pobj/7 "
                   "./PUNCT/punct/1 Texas/PROPN/compound/13 state/NOUN/compound/13 officials/NOUN/nsubj/14/official "
                   "agreed/VERB/ROOT/14/agree ./PUNCT/punct/14",
                   ents=[(0, 1, "PERSON"), (3, 5, "GPE"), (8, 10, "GPE"), (11, 12, "GPE")])
    labels = {e.label: e for e in extract_entities(doc).entities.values()}
    assert set(labels) == {"Macri", "Buenos Aires province", "Buenos Aires", "Texas"}
    assert labels["Buenos Aires province"].type == "Location"


def test_table_rows_give_names_without_their_scores():
    doc = make_doc("Pohang/PROPN/nsubj/0 3/NUM/nummod/0 Ulsan/PROPN/appos/0 2/NUM/nummod/2 ,/PUNCT/punct/0 "
                   "Glamorgan/PROPN/appos/0 259/NUM/nummod/5 and/CCONJ/cc/6 207/NUM/conj/6 ./PUNCT/punct/0 "
                   "Channel/PROPN/compound/11 4/NUM/nsubj/12 aired/VERB/ROOT/12/air the/DET/det/14 "
                   "match/NOUN/dobj/12 ./PUNCT/punct/12",
                   ents=[(0, 4, "PERSON"), (10, 12, "ORG")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Pohang": "Person", "Ulsan": "Person", "Glamorgan": "Organization", "Channel 4": "Organization"}


def test_a_results_line_gives_the_names_the_tagger_took_for_other_words():
    # 'Harlequins 75 Gloucester 19 Tranmere 4': two names or more before scores make a results line,
    # whatever part of speech the tagger gave the names; a month and a table heading stay out
    doc = make_doc("Standings/PROPN/ROOT/0 Harlequins/VERB/dep/0 75/NUM/nummod/1 Gloucester/PROPN/appos/1 "
                   "19/NUM/nummod/3 Tranmere/ADV/appos/1 4/NUM/nummod/5 May/PROPN/appos/1 17/NUM/nummod/7")
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Harlequins": "Organization", "Gloucester": "Organization", "Tranmere": "Organization"}


def test_a_results_lines_venue_is_a_name_of_its_own():
    doc = make_doc("Yorkshire/PROPN/ROOT/0 at/ADP/prep/0 Headingley/PROPN/pobj/1 :/PUNCT/punct/0 Kent/PROPN/appos/0 "
                   "296/NUM/nummod/4 ,/PUNCT/punct/0 Essex/PROPN/appos/0 108/NUM/nummod/7", ents=[(0, 3, "ORG")])
    assert {e.label for e in extract_entities(doc).entities.values()} == {"Yorkshire", "Headingley", "Kent", "Essex"}

def test_one_name_before_a_number_in_prose_is_not_a_results_line():
    doc = make_doc("Reading/VERB/csubj/2 helps/VERB/ROOT/2/help 4/NUM/nummod/3 pupils/NOUN/dobj/1/pupil ./PUNCT/punct/1")
    assert extract_entities(doc).entities == {}


def test_a_model_span_of_another_kind_across_a_row_is_read_as_the_rows_names():
    doc = make_doc("SEATTLE/PROPN/ROOT/0 9/NUM/nummod/0 Baltimore/PROPN/appos/0 6/NUM/nummod/2",
                   ents=[(0, 4, "WORK_OF_ART")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"SEATTLE": "Organization", "Baltimore": "Organization"}


def test_a_place_before_its_score_in_a_results_line_is_its_team():
    """The model tags the cities of 'SEATTLE 9 Baltimore 6' as places; a country stays one."""
    doc = make_doc("SEATTLE/PROPN/ROOT/0 9/NUM/nummod/0 Baltimore/PROPN/appos/0 6/NUM/nummod/2 ./PUNCT/punct/0 "
                   "Romania/PROPN/ROOT/5 2/NUM/nummod/5 Lithuania/PROPN/appos/5 1/NUM/nummod/7",
                   ents=[(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "GPE"), (7, 8, "GPE")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"SEATTLE": "Organization", "Baltimore": "Organization", "Romania": "Location",
                      "Lithuania": "Location"}


def test_a_scorecards_players_are_persons():
    # how a batsman was out ('c Healy b Fleming'), 'not out', bowling figures: players, not teams
    doc = make_doc("Jayasuriya/NOUN/ROOT/0 c/NOUN/dep/0 Healy/NOUN/dep/0 b/NOUN/dep/0 Fleming/VERB/dep/0 "
                   "44/NUM/nummod/4 Chandana/NOUN/dep/0 not/PART/neg/0 out/ADV/advmod/0 14/NUM/nummod/8 ,/PUNCT/punct/0 "
                   "R./PROPN/compound/12 Ponting/VERB/dep/0 46/NUM/nummod/12 ,/PUNCT/punct/0 "
                   "Muralitharan/NOUN/dep/0 10-0-41-2/NUM/nummod/15 ,/PUNCT/punct/0 Sussex/NOUN/dep/0 363/NUM/nummod/18")
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Jayasuriya": "Person", "Healy": "Person", "Fleming": "Person", "Chandana": "Person",
                      "R. Ponting": "Person", "Muralitharan": "Person", "Sussex": "Organization"}


def test_a_score_or_date_the_model_took_into_a_name_is_cut_but_a_names_number_stays():
    doc = make_doc("Ireland/PROPN/nsubj/1 beat/VERB/ROOT/1 Liechtenstein/PROPN/dobj/1 5-0/NUM/nummod/2 ./PUNCT/punct/1",
                   ents=[(0, 1, "GPE"), (2, 4, "GPE")])
    layer = extract_entities(doc)
    assert sorted(doc.text[m.begin:m.end] for e in layer.entities.values() for m in e.mentions) == [
        "Ireland", "Liechtenstein"]
    channel = make_doc("Channel/PROPN/compound/1 4/NUM/nsubj/2 aired/VERB/ROOT/2/air ./PUNCT/punct/2",
                       ents=[(0, 2, "ORG")])
    assert [e.label for e in extract_entities(channel).entities.values()] == ["Channel 4"]


def test_a_model_span_over_two_names_is_cut_where_one_ends():
    doc = make_doc("Romania/PROPN/nsubj/6 -/PUNCT/punct/0 Cosmin/PROPN/compound/3 Contra/PROPN/appos/0 and/CCONJ/cc/3 "
                   "Mihai/PROPN/compound/6 Tararache/PROPN/ROOT/6 scored/VERB/conj/6 for/ADP/prep/7 "
                   "National/PROPN/compound/10 League/PROPN/pobj/8 for/ADP/prep/10 Democracy/PROPN/pobj/11 "
                   "(/PUNCT/punct/10 NLD/PROPN/appos/10 )/PUNCT/punct/10",
                   ents=[(0, 7, "PERSON"), (9, 16, "ORG")])
    layer = extract_entities(doc)
    nld = "National League for Democracy"
    assert {e.label: e.type for e in layer.entities.values()} == {
        "Romania": "Location", "Cosmin Contra": "Person", "Mihai Tararache": "Person", nld: "Organization"}
    [league] = [e for e in layer.entities.values() if e.label == nld]
    assert [doc.text[m.begin:m.end] for m in league.mentions] == [nld, "NLD"]


def test_a_country_name_taken_for_a_person_is_the_country_but_a_demonym_stays_a_name():
    doc = make_doc("Ireland/PROPN/nsubj/1 beat/VERB/ROOT/1 Liechtenstein/PROPN/dobj/1 ./PUNCT/punct/1 "
                   "Finn/PROPN/nsubj/5 sang/VERB/ROOT/5/sing ./PUNCT/punct/5",
                   ents=[(0, 1, "GPE"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Ireland": "Location", "Liechtenstein": "Location", "Finn": "Person"}


def test_a_demonym_the_model_took_for_a_person_before_a_noun_is_its_people():
    doc = make_doc("Tajik/PROPN/compound/1 rebels/NOUN/nsubj/2/rebel attacked/VERB/ROOT/2/attack ./PUNCT/punct/2 "
                   "Finn/PROPN/nsubj/5 sang/VERB/ROOT/5/sing ./PUNCT/punct/5",
                   ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Tajikistan": "Location", "Finn": "Person"}


def test_a_countrys_military_also_mentions_the_country_without_acting_for_it(nlp):
    text = "Iraqi troops attacked the town on Friday."
    layer = extract_entities(nlp(text))
    mentions = {e.label: [text[m.begin:m.end] for m in e.mentions] for e in layer.entities.values()}
    assert mentions == {"Iraqi troops": ["Iraqi troops"], "Iraq": ["Iraqi"]}
    assert {layer.entities[k].label for k in layer.token_entity.values()} == {"Iraqi troops"}


def test_a_language_name_before_a_noun_is_its_peoples_adjective_but_the_tongue_stays_no_name():
    doc = make_doc("English/PROPN/amod/1 law/NOUN/nsubj/2 applies/VERB/ROOT/2/apply ./PUNCT/punct/2 "
                   "She/PRON/nsubj/5 speaks/VERB/ROOT/5/speak English/PROPN/dobj/5 and/CCONJ/cc/5 "
                   "English/PROPN/compound/9 lessons/NOUN/conj/5/lesson ./PUNCT/punct/5",
                   ents=[(0, 1, "LANGUAGE"), (6, 7, "LANGUAGE"), (8, 9, "LANGUAGE")])
    layer = extract_entities(doc)
    assert [(e.label, [doc.text[m.begin:m.end] for m in e.mentions], m0) for e in layer.entities.values()
            for m0 in [e.mentions[0].begin]] == [("England", ["English"], 0)]


def test_a_country_the_model_took_into_a_scorecard_name_is_cut_off_but_a_first_name_is_kept():
    doc = make_doc("Sri/PROPN/compound/3 Lanka/PROPN/compound/3 S./PROPN/compound/3 Jayasuriya/PROPN/nsubj/4 "
                   "scored/VERB/ROOT/4/score ./PUNCT/punct/4 "
                   "Jordan/PROPN/compound/7 Henderson/PROPN/nsubj/8 scored/VERB/ROOT/8/score ./PUNCT/punct/8",
                   ents=[(0, 4, "PERSON"), (6, 8, "PERSON")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Sri Lanka": "Location", "S. Jayasuriya": "Person", "Jordan Henderson": "Person"}


def test_a_seat_of_power_or_trade_the_model_misses_is_a_place(nlp):
    layer = extract_entities(nlp("Stocks fell on Wall Street on Friday as worries about rates grew."))
    assert [(e.label, e.type) for e in layer.entities.values()] == [("Wall Street", "Location")]


def test_a_name_ending_in_a_companys_legal_form_is_an_organisation():
    doc = make_doc("Pirelli/PROPN/compound/1 SpA/PROPN/nsubj/2 said/VERB/ROOT/2/say ./PUNCT/punct/2 "
                   "Co/PROPN/nsubj/5 left/VERB/ROOT/5/leave ./PUNCT/punct/5",
                   ents=[(0, 2, "PERSON"), (4, 5, "PERSON")])
    labels = {e.label: e.type for e in extract_entities(doc).entities.values()}
    assert labels == {"Pirelli SpA": "Organization", "Co": "Person"}


def test_us_state_abbreviations_are_the_states(nlp):
    text = "He lives in Manhattan Beach, Calif., and his company moved to Houston, TX last year."
    layer = extract_entities(nlp(text))
    states = {e.label: [text[m.begin:m.end] for m in e.mentions] for e in layer.entities.values()
              if e.label in ("California", "Texas")}
    assert states == {"California": ["Calif."], "Texas": ["TX"]}


def test_nations_of_the_uk_and_continents_by_their_adjectives_while_london_stays_britains():
    doc = make_doc("Scottish/ADJ/amod/1 ministers/NOUN/nsubj/2/minister met/VERB/ROOT/2/meet "
                   "European/ADJ/amod/4 officials/NOUN/dobj/2/official ./PUNCT/punct/2 "
                   "London/PROPN/nsubj/7 responded/VERB/ROOT/7/respond ./PUNCT/punct/7",
                   ents=[(0, 1, "NORP"), (3, 4, "NORP"), (6, 7, "GPE")])
    labels = [e.label for e in extract_entities(doc).entities.values()]
    assert labels == ["Scotland", "Europe", "United Kingdom"]


def test_a_name_the_model_missed_elsewhere_in_the_article_is_a_mention_too():
    doc = make_doc("Alexander/PROPN/compound/1 Lebed/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2 "
                   "Lebed/PROPN/nsubj/5 left/VERB/ROOT/5/leave ./PUNCT/punct/5 "
                   "Long/ADJ/amod/8 talks/NOUN/nsubj/9/talk ended/VERB/ROOT/9/end ./PUNCT/punct/9",
                   ents=[(0, 2, "PERSON")])
    [lebed] = extract_entities(doc).entities.values()
    assert [doc.text[m.begin:m.end] for m in lebed.mentions] == ["Alexander Lebed", "Lebed"]
    headline = make_doc("LEBED/PROPN/nsubj/1 SPEAKS/VERB/ROOT/1/speak ./PUNCT/punct/1 Alexander/PROPN/compound/4 "
                        "Lebed/PROPN/nsubj/5 spoke/VERB/ROOT/5/speak ./PUNCT/punct/5", ents=[(3, 5, "PERSON")])
    [lebed] = extract_entities(headline).entities.values()
    assert [headline.text[m.begin:m.end] for m in lebed.mentions] == ["LEBED", "Alexander Lebed"]


def test_a_name_the_tagger_took_for_another_word_at_a_sentences_start_is_a_mention_unless_a_common_word():
    doc = make_doc("Bernhard/PROPN/compound/1 Langer/PROPN/nsubj/2 won/VERB/ROOT/2/win ./PUNCT/punct/2 "
                   "Langer/ADJ/nsubj/5 smiled/VERB/ROOT/5/smile ./PUNCT/punct/5", ents=[(0, 2, "PERSON")])
    [langer] = extract_entities(doc).entities.values()
    assert [doc.text[m.begin:m.end] for m in langer.mentions] == ["Bernhard Langer", "Langer"]
    rice = make_doc("Condoleezza/PROPN/compound/1 Rice/PROPN/nsubj/2 ate/VERB/ROOT/2/eat rice/NOUN/dobj/2 ./PUNCT/punct/2 "
                    "Rice/NOUN/nsubj/6 grows/VERB/ROOT/6/grow ./PUNCT/punct/6", ents=[(0, 2, "PERSON")])
    [condi] = extract_entities(rice).entities.values()
    assert [rice.text[m.begin:m.end] for m in condi.mentions] == ["Condoleezza Rice"]


def test_a_dateline_is_a_mention_but_no_actor():
    doc = make_doc("Caracas/PROPN/ROOT/0 :/PUNCT/punct/0 Venezuela/PROPN/nsubj/3 rejected/VERB/ROOT/3/reject "
                   "the/DET/det/5 plan/NOUN/dobj/3 ./PUNCT/punct/3", ents=[(0, 1, "GPE"), (2, 3, "GPE")])
    layer = extract_entities(doc)
    assert {e.label for e in layer.entities.values()} == {"Caracas", "Venezuela"}
    assert layer.at(doc[0]) is None and layer.at(doc[2]) == "Location:venezuela"


def test_a_dateline_before_its_date_is_no_actor(nlp):
    doc = nlp("LONDON 1996-08-30 England beat Pakistan by 107 runs.")
    layer = extract_entities(doc)
    assert any(m.begin == 0 for e in layer.entities.values() for m in e.mentions)  # still a mention
    assert layer.at(doc[0]) is None


def test_an_organisation_is_named_without_the_common_noun_after_it():
    doc = make_doc("Interfax/PROPN/compound/2 news/NOUN/compound/2 agency/NOUN/nsubj/3 said/VERB/ROOT/3/say "
                   "so/ADV/advmod/3 ./PUNCT/punct/3", ents=[(0, 3, "ORG")])
    [ent] = extract_entities(doc).entities.values()
    assert ent.label == "Interfax" and [doc.text[m.begin:m.end] for m in ent.mentions] == ["Interfax"]


def test_a_title_before_a_name_is_a_role_and_a_former_name_is_the_country():
    doc = make_doc("DJ/PROPN/compound/2 Casey/PROPN/compound/2 Kasem/PROPN/nsubj/3 died/VERB/ROOT/3/die "
                   "in/ADP/prep/3 Zaire/PROPN/pobj/4 ./PUNCT/punct/3", ents=[(0, 3, "PERSON"), (5, 6, "GPE")])
    by_label = {e.label: e for e in extract_entities(doc).entities.values()}
    assert set(by_label) == {"Casey Kasem", "Democratic Republic of the Congo"}
    assert by_label["Casey Kasem"].roles == ["DJ"]


def test_agency_short_form_takes_its_full_name_unless_the_article_defines_it(nlp):
    layer = extract_entities(nlp("Photo: AP\n\nThe Associated Press said so. Follow us on Twitter.\n"))
    by_label = {e.label: e for e in layer.entities.values()}
    assert by_label["Associated Press"].type == "Organization" and len(by_label["Associated Press"].mentions) == 2
    assert by_label["Twitter"].type == "Organization"  # the model alone calls it a product
    layer = extract_entities(nlp("Markets rallied after the Fed cut rates."))
    assert "Federal Reserve" in {e.label for e in layer.entities.values()}
    layer = extract_entities(nlp("JDRF leads research on the artificial pancreas (AP). AP devices are small."))
    assert not {"Associated Press", "AP"} & {e.label for e in layer.entities.values()}  # a thing, not a name


# ---- events ------------------------------------------------------------------------------------

def test_an_attributive_participle_is_not_the_clause_subjects_doing():
    """'spoke against the now-cancelled deal': whoever cancelled it, not the speaker; 'his proposed
    plan': the possessor proposed it."""
    cancelled = make_doc("Senator/PROPN/compound/1 Okafor/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak against/ADP/prep/2 "
                         "the/DET/det/6 cancelled/VERB/amod/6/cancel merger/NOUN/pobj/3 ./PUNCT/punct/2",
                         ents=[(0, 2, "PERSON")])
    assert [e for e in events_of(cancelled) if e[0] == "SANCTION"] == []
    proposed = make_doc("Okafor/PROPN/nsubj/1 explained/VERB/ROOT/1/explain his/PRON/poss/4 proposed/VERB/amod/4/propose "
                        "scheme/NOUN/dobj/1 ./PUNCT/punct/1", ents=[(0, 1, "PERSON")])
    assert [(e[0], e[1]) for e in events_of(proposed)] == [("AGREE", ["Okafor"])]


def test_passive_agent_is_the_actor_and_subject_the_recipient():
    doc = make_doc("Maduro/PROPN/nsubjpass/2 was/AUX/auxpass/2 criticized/VERB/ROOT/2/criticize by/ADP/agent/2 "
                   "Trump/PROPN/pobj/3 ./PUNCT/punct/2", ents=[(0, 1, "PERSON"), (4, 5, "PERSON")])
    assert events_of(doc) == [("ACCUSE", ["Trump"], ["Maduro"], False, "disapprove", None, None, [])]


def test_passive_without_agent_invents_no_actor():
    doc = make_doc("Maduro/PROPN/nsubjpass/2 was/AUX/auxpass/2 criticized/VERB/ROOT/2/criticize ./PUNCT/punct/2",
                   ents=[(0, 1, "PERSON")])
    assert events_of(doc) == []


def test_nominalisation_takes_its_modifier_as_actor():
    doc = make_doc("The/DET/det/2 U.S./PROPN/compound/2 suspension/NOUN/nsubj/7 of/ADP/prep/2 flights/NOUN/pobj/3/flight "
                   "to/ADP/prep/4 Venezuela/PROPN/pobj/5 angered/VERB/ROOT/7/anger ./PUNCT/punct/7",
                   ents=[(1, 2, "GPE"), (6, 7, "GPE")])
    assert events_of(doc) == [("SANCTION", ["United States"], ["Venezuela"], False, "discontinue", None, None, [])]


def test_noun_trigger_takes_the_governing_subject():
    doc = make_doc("Trump/PROPN/nsubj/1 held/VERB/ROOT/1/hold a/DET/det/4 phone/NOUN/compound/4 call/NOUN/dobj/1 "
                   "with/ADP/prep/4 Maduro/PROPN/pobj/5 ./PUNCT/punct/1", ents=[(0, 1, "PERSON"), (6, 7, "PERSON")])
    assert events_of(doc) == [("CONSULT", ["Trump"], ["Maduro"], False, "phone", None, None, [])]


def test_negation_and_future_marker():
    doc = make_doc("Iran/PROPN/nsubj/3 will/AUX/aux/3 not/PART/neg/3 attack/VERB/ROOT/3 Iraq/PROPN/dobj/3 ./PUNCT/punct/3",
                   ents=[(0, 1, "GPE"), (4, 5, "GPE")])
    assert events_of(doc) == [("ASSAULT", ["Iran"], ["Iraq"], True, None, None, None, ["future"])]


def test_failed_to_is_negation():
    doc = make_doc("Iran/PROPN/nsubj/1 failed/VERB/ROOT/1/fail to/PART/aux/3 release/VERB/xcomp/1 "
                   "the/DET/det/5 Britons/PROPN/dobj/3/briton ./PUNCT/punct/1", ents=[(0, 1, "GPE"), (5, 6, "NORP")])
    [ev] = events_of(doc)
    assert ev[:5] == ("RETREAT", ["Iran"], ["United Kingdom"], True, "release")


def test_denial_negates_the_denied_event():
    doc = make_doc("Iran/PROPN/nsubj/1 denied/VERB/ROOT/1/deny attacking/VERB/xcomp/1/attack the/DET/det/4 "
                   "ship/NOUN/dobj/2 ./PUNCT/punct/1", ents=[(0, 1, "GPE")])
    assert events_of(doc) == [("ASSAULT", ["Iran"], [], True, None, None, None, [])]


def test_denying_a_request_is_a_rejection():
    doc = make_doc("Iran/PROPN/nsubj/1 denied/VERB/ROOT/1/deny the/DET/det/3 request/NOUN/dobj/1 ./PUNCT/punct/1",
                   ents=[(0, 1, "GPE")])
    assert [e[0] for e in events_of(doc)] == ["REJECT"]


def test_refusal_is_a_rejection_with_the_refused_mode():
    doc = make_doc("Maduro/PROPN/nsubj/1 refused/VERB/ROOT/1/refuse to/PART/aux/3 resign/VERB/xcomp/1 ./PUNCT/punct/1",
                   ents=[(0, 1, "PERSON")])
    assert events_of(doc) == [("REJECT", ["Maduro"], [], False, "change", None, None, [])]


def test_according_to_attribution():
    doc = make_doc("According/VERB/prep/5/accord to/ADP/prep/0 Reuters/PROPN/pobj/1 ,/PUNCT/punct/5 "
                   "Iran/PROPN/nsubj/5 attacked/VERB/ROOT/5/attack Iraq/PROPN/dobj/5 ./PUNCT/punct/5",
                   ents=[(2, 3, "ORG"), (4, 5, "GPE"), (6, 7, "GPE")])
    assert events_of(doc)[0][5] == "Reuters"


def test_event_date_from_its_clause_against_publication_date():
    doc = make_doc("Iran/PROPN/nsubj/1 attacked/VERB/ROOT/1/attack Iraq/PROPN/dobj/1 on/ADP/prep/1 "
                   "Thursday/PROPN/pobj/3 ./PUNCT/punct/1", ents=[(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "DATE")])
    assert events_of(doc, date(2025, 11, 30))[0][6] == ("2025-11-27", "date")
    assert events_of(doc, None)[0][6] is None  # no anchor: no year, no day


# ---- time --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,anchor,expected", [
    ("November 21", None, ("--11-21", "gMonthDay")),
    ("November 21", date(2025, 11, 30), ("2025-11-21", "date")),
    ("December 30", date(2026, 1, 3), ("2025-12-30", "date")),  # across the year boundary
    ("last month", date(2026, 1, 15), ("2025-12", "gYearMonth")),
    ("since September", date(2025, 11, 30), ("2025-09", "gYearMonth")),
    ("September", None, None),  # no year is knowable: nothing rather than an invented one
    ("Thursday", date(2025, 11, 30), ("2025-11-27", "date")),
    ("Thursday", None, None),
    ("today", date(2025, 11, 30), ("2025-11-30", "date")),
    ("yesterday", date(2026, 1, 1), ("2025-12-31", "date")),
    ("March 2019", None, ("2019-03", "gYearMonth")),
    ("2015", None, ("2015", "gYear")),
    ("Feb. 30", date(2025, 3, 1), None),
    # outside the years 1-9999 is no date, not a crash of the whole export (found by the fuzz test)
    ("999999 days ago", date(2024, 5, 2), None),
    ("yesterday", date(1, 1, 1), None),
    ("tomorrow", date(9999, 12, 31), None),
    ("3000 years ago", date(2024, 5, 2), None),  # was "-976"^^xsd:gYear, which XSD's four digits forbid
    ("3 years ago", date(2024, 5, 2), ("2021", "gYear")),
])
def test_time_normalisation(text, anchor, expected):
    assert normalise_time(text, anchor) == expected


# ---- quotations --------------------------------------------------------------------------------

def test_find_quoted_handles_curly_single_quotes_and_apostrophes():
    text = "He said ‘we wouldn’t go there at all.’ The conversation’s end."
    [q] = find_quoted(text)
    assert text[q.span.begin:q.span.end] == "we wouldn’t go there at all."


def test_scare_quotes_and_quoted_names_are_not_quotations():
    doc = make_doc('They/PRON/nsubj/1 want/VERB/ROOT/1 "/PUNCT/punct/3 amnesty/NOUN/dobj/1 "/PUNCT/punct/3 for/ADP/prep/3 '
                   '"/PUNCT/punct/9 Cartel/PROPN/compound/9 de/PROPN/compound/9 Soles/PROPN/pobj/5 "/PUNCT/punct/9 ./PUNCT/punct/1',
                   text_spaces=[True, True, False, False, True, True, False, True, True, False, False, False])
    assert extract_quotations(doc, extract_entities(doc)) == []


def test_quote_speaker_from_verb_and_continuation():
    spec = ('"/PUNCT/punct/7 We/PRON/nsubj/3 will/AUX/aux/3 win/VERB/ccomp/7 this/PRON/dobj/3 ,/PUNCT/punct/7 '
            '"/PUNCT/punct/7 Lee/PROPN/nsubj/8 said/VERB/ROOT/8/say ./PUNCT/punct/8 '
            '"/PUNCT/punct/13 The/DET/det/12 polls/NOUN/nsubj/13/poll lie/VERB/ROOT/13 today/NOUN/npadvmod/13 '
            './PUNCT/punct/13 "/PUNCT/punct/13')
    spaces = [False, True, True, True, False, False, True, True, False, True,
              False, True, True, True, False, False, False]
    doc = make_doc(spec, ents=[(7, 8, "PERSON")], text_spaces=spaces)
    assert doc.text == '"We will win this," Lee said. "The polls lie today."'
    layer = extract_entities(doc)
    quotes = extract_quotations(doc, layer)
    assert [(q.text, layer.entities[q.speaker].label if q.speaker else None, q.cue) for q in quotes] == [
        ("We will win this,", "Lee", "said"), ("The polls lie today.", "Lee", None)]


@pytest.mark.parametrize(("name", "acronym"), [
    ("Food and Drug Administration", "fda"), ("Korean People 's Army", "kpa"), ("Korean People's Army", "kpa"),
    ("Democratic People's Republic of Korea", "dprk"), ("Congress", None)])
def test_one_rule_gives_a_names_initials_to_the_entity_layer_and_the_knowledge_base(name, acronym):
    from kg.labels import initials
    assert initials(name) == acronym
