"""Names in capitals: headlines, datelines and table rows read again in ordinary case."""
from __future__ import annotations

from handdocs import make_doc

from kg.annotate.caps import article_case, common_words, dateline_places, lexicon_places, recased, shouting

TABLE = "American League DETROIT 4 Kansas City 1 MILWAUKEE 6 Minnesota 1 CALIFORNIA 14 New York 3 ."


def names(doc) -> set[str]:
    return {e.text for e in doc.ents}


def test_capitals_in_a_table_row_are_found_with_their_offsets(nlp):
    with nlp.select_pipes(disable=["caps_names"]):
        assert not {"MILWAUKEE", "CALIFORNIA"} <= names(nlp(TABLE))  # what the model alone finds
    doc = nlp(TABLE)
    assert {"MILWAUKEE", "CALIFORNIA", "Kansas City"} <= names(doc)
    assert all(doc.text[e.start_char:e.end_char] == e.text for e in doc.ents)


def test_prose_is_left_to_the_model(nlp):
    text = "The UN and NATO met in Brussels on Friday."
    with nlp.select_pipes(disable=["caps_names"]):
        alone = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
    assert [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents] == alone


def test_recasing_keeps_every_offset_and_short_acronyms():
    doc = make_doc("BUCHAREST/PROPN/ROOT/0 1996-08-30/NUM/nummod/0 Romania/PROPN/appos/0 beat/VERB/relcl/2 "
                   "THE/DET/det/5 UN/PROPN/dobj/3", text_spaces=[True] * 5 + [False])
    [sent] = doc.sents
    assert shouting(sent)  # a dateline
    assert recased(sent) == "Bucharest 1996-08-30 Romania beat the UN"
    assert len(recased(sent)) == len(doc.text)


def test_prose_with_acronyms_is_not_a_headline(nlp):
    doc = nlp("Six shells hit the area near KPA civil police posts, KCNA said, and the DPRK protested.")
    [sent] = doc.sents
    assert not shouting(sent)
    assert {"KPA", "KCNA", "DPRK"} & names(doc)


def test_a_headline_takes_the_case_its_words_have_in_the_story(nlp):
    doc = nlp("SHEARER NAMED AS ENGLAND CAPTAIN .\n\nThe club said Alan Shearer was named as the new England captain.")
    headline = next(s for s in doc.sents if shouting(s))
    assert recased(headline, article_case(doc)).startswith("Shearer named as England captain")


def test_a_dateline_the_model_does_not_know_is_a_place(nlp):
    text = "CRICKET - SRI LANKA BEAT AUSTRALIA . COLOMBO 1996-08-30 Sri Lanka beat Australia by four wickets ."
    assert ("COLOMBO", "GPE") in [(e.text, e.label_) for e in nlp(text).ents]
    doc = make_doc("COLOMBO/PROPN/ROOT/0 1996-08-30/NUM/nummod/0")
    assert [p.text for p in dateline_places(doc[:])] == ["COLOMBO"]
    prose = make_doc("Colombo/PROPN/nsubj/1 won/VERB/ROOT/1/win")
    assert dateline_places(prose[:]) == []


def test_a_dateline_after_a_byline_or_before_its_country_is_a_place():
    byline = make_doc("Larisa/PROPN/compound/1 Sayenko/PROPN/ROOT/1 MINSK/PROPN/appos/1 1996-08-30/NUM/nummod/2")
    assert [(p.text, p.label_) for p in dateline_places(byline[:])] == [("MINSK", "GPE")]
    region = make_doc("NICE/PROPN/ROOT/0 ,/PUNCT/punct/0 France/PROPN/appos/0 1996-08-30/NUM/nummod/2")
    assert [(p.text, p.label_) for p in dateline_places(region[:])] == [("NICE", "GPE"), ("France", "GPE")]
    prose = make_doc("He/PRON/nsubj/1 left/VERB/ROOT/1/leave for/ADP/prep/1 NICE/PROPN/pobj/2 1996-08-30/NUM/nummod/3")
    assert dateline_places(prose[:]) == []  # not a byline's names before it


def test_a_headline_names_the_countries_and_peoples_our_lexicon_knows():
    doc = make_doc("SOCCER/PROPN/compound/2 -/PUNCT/punct/2 WALES/PROPN/nsubj/3 BEAT/VERB/ROOT/3 IRISH/ADJ/amod/5 "
                   "SIDE/NOUN/dobj/3 ./PUNCT/punct/3")
    assert [(p.text, p.label_) for p in lexicon_places(doc[:])] == [("WALES", "GPE"), ("IRISH", "NORP")]


def test_a_headline_country_the_model_misses_is_found(nlp):
    doc = nlp("SOCCER - WALES BEAT SAN MARINO IN WORLD CUP QUALIFIER .")
    assert ("WALES", "GPE") in [(e.text, e.label_) for e in doc.ents]


def test_a_byline_the_model_ran_into_the_dateline_keeps_its_name_and_the_place_is_a_place(nlp):
    doc = nlp("Rebels attack town . Yuri Kushko TAVILDARA 1996-08-30 Rebels attacked the town on Friday .")
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Yuri Kushko", "PERSON") in ents and ("TAVILDARA", "GPE") in ents


def test_a_headline_word_the_story_never_writes_is_read_as_a_common_word_when_it_is_one(nlp):
    common = common_words(nlp)
    assert {"seal", "beat", "violence"} <= common and "wigan" not in common
    doc = make_doc("WIGAN/PROPN/nsubj/1 BEAT/VERB/ROOT/1 LEEDS/PROPN/dobj/1 ./PUNCT/punct/1 "
                   "LYNAGH/PROPN/nsubj/5 SEALS/VERB/ROOT/5 VICTORY/NOUN/dobj/5")
    assert recased(doc[:], {"leeds": "Leeds"}, common) == "Wigan beat Leeds. Lynagh seals victory "
    assert recased(doc[:], {}) == "Wigan Beat Leeds. Lynagh Seals Victory "  # without the model's word lists
