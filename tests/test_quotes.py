"""Quotations as news sets them: the marks (straight, curly, the Penn Treebank's ``...''), a
quotation over several paragraphs, and the speaker named by a verb, a colon label or the
quotation before. Sentences written for the tests; the real model parses them."""
from __future__ import annotations

import pytest

from kg.extract.entities import extract_entities
from kg.extract.quotes import MAX_QUOTE_CHARS, extract_quotations, find_quoted


def quoted(text: str) -> list[str]:
    return [text[q.span.begin:q.span.end] for q in find_quoted(text)]


@pytest.mark.parametrize("text, expected", [
    ("The mayor said `` we will rebuild the bridge . '' on Monday .", ["we will rebuild the bridge ."]),
    ('The mayor said "we will rebuild the bridge." on Monday.', ["we will rebuild the bridge."]),
    ("The council 's vote and the mayor 's plan , I 'm told , we 'll see .", []),
    ("It ended . ''\nThe next line : `` A new quote here . ''", ["A new quote here ."]),
    ("''This is no reform,'' said the economist. Not paying ''makes me smart,'' he said.",
     ["This is no reform,", "makes me smart,"]),
])
def test_quotation_marks(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


def test_a_quotation_over_two_paragraphs_opens_each_and_closes_at_the_end() -> None:
    text = 'She said: "The first paragraph of what she said.\n\n"The second paragraph ends it."\n\nNo quote here.'
    assert quoted(text) == ["The first paragraph of what she said.", "The second paragraph ends it."]


@pytest.mark.parametrize("opening, closing", [('"', '"'), ("``", "''"), ("“", "”")])
def test_a_quotation_closes_within_its_length_limit_and_not_after(opening: str, closing: str) -> None:
    longest = "w" * (MAX_QUOTE_CHARS - 1)
    assert quoted(f"He said {opening}{longest}{closing} and left.") == [longest]
    assert quoted(f"He said {opening}{longest}w{closing} and left.") == []


def test_an_unclosed_quote_before_a_paragraph_without_marks_is_no_quotation() -> None:
    assert quoted('He said "this never closes.\n\nThe next paragraph has no marks.') == []


def _speakers(nlp, text: str) -> list[tuple[str, str | None]]:
    doc = nlp(text)
    layer = extract_entities(doc)
    return [(q.text, layer.entities[q.speaker].label if q.speaker else None)
            for q in extract_quotations(doc, layer)]


def test_a_name_and_a_colon_before_the_quote_give_its_speaker(nlp) -> None:
    text = ("The emails were read out in the Senate.\nDefence Secretary Maria Lopez: `` We will not sign "
            "this contract . ''\nTreasury Secretary Tom Brennan: `` I agree with her completely . ''")
    assert _speakers(nlp, text) == [("We will not sign this contract .", "Maria Lopez"),
                                    ("I agree with her completely .", "Tom Brennan")]


def test_the_next_paragraph_of_a_quotation_keeps_its_speaker(nlp) -> None:
    text = ('Union leader Sarah Miles said: "Workers were never consulted about the closure of the plant.\n\n'
            '"We will fight this decision in every court we can find."')
    assert [s for _, s in _speakers(nlp, text)] == ["Sarah Miles", "Sarah Miles"]


def test_a_clause_ending_in_a_colon_introduces_the_quotation_after_it(nlp) -> None:
    text = ('Senator Ann Walsh said "we lost the vote".\n\nUS President Mark Dunn tweeted using his @POTUS account:\n\n'
            '"Cool clock, Anna. Want to bring it to the White House? We should inspire more kids like you to like science."')
    assert _speakers(nlp, text)[-1][1] == "Mark Dunn"


def test_a_participle_after_a_preposition_speaks_for_the_clause_subject(nlp) -> None:
    text = ('During questions on Tuesday, Prime Minister Maria Costa defended the budget whilst promising a '
            '"fair deal" for teachers is coming: "No school will close this year."')
    assert _speakers(nlp, text)[-1][1] == "Maria Costa"


@pytest.mark.parametrize("text, speaker", [
    ('An email by James Porter, seen by reporters, says "the deal is dead".', "James Porter"),
    ('The Interior Ministry letter reads "all claims will be reviewed".', "Interior Ministry"),
])
def test_a_document_speaks_for_its_author(nlp, text: str, speaker: str) -> None:
    assert _speakers(nlp, text)[0][1] == speaker


def test_a_pronoun_speaker_is_a_person_the_article_gives_that_gender(nlp) -> None:
    text = ('Daniel Wood, 40, and his wife Laura Wood are on trial. Their daughter Emma lost her sight. '
            'Daniel Wood\'s brother begged him to take Emma to a doctor, but he replied "I cannot do that".')
    assert _speakers(nlp, text)[-1][1] == "Daniel Wood"


def test_a_colon_the_tokenizer_glues_to_a_bracket_still_introduces(nlp) -> None:
    from kg.extract.quotes import _colon_before  # the tokenizer makes '):' one token

    text = 'Bishop Mark Dunn has called the ruling "unfair" ((it)):\n\n"We face a dangerous sentence."'
    doc = nlp(text)
    quote = find_quoted(text)[-1].span
    assert _colon_before(doc, quote).text == "):"


def test_of_two_subjects_the_one_that_names_someone_speaks(nlp) -> None:
    text = "The activist organization the Project on Government Oversight has called it `` a textbook case of favoritism . ''"
    assert _speakers(nlp, text)[0][1] == "Project on Government Oversight"


@pytest.mark.parametrize("verb", ["reasoned", "recalled", "complained", "conceded", "quipped"])
def test_reporting_verbs_beyond_say_introduce_a_speaker(nlp, verb: str) -> None:
    text = f'Senator Ann Walsh said "we lost the vote". Mayor John Fisher {verb}, "the bridge will not reopen this year."'
    assert _speakers(nlp, text)[-1][1] == "John Fisher"


def test_a_quoted_fragment_is_a_quotation_when_a_reporting_verb_gives_its_speaker(nlp) -> None:
    """News quotes a speaker's own words in fragments ('said the plan was "dead on arrival"');
    a fragment no one is said to have said is a scare quote ('the so-called "reforms"')."""
    speakers = _speakers(nlp, 'Senator Maria Okafor said the budget was "dead wrong". The so-called "reforms" '
                              'passed anyway.')
    assert speakers == [("dead wrong", "Maria Okafor")]


def test_an_unclosed_quotation_before_a_final_paragraph_break_is_no_quotation() -> None:
    """The search for the next paragraph's opening mark ran past the end of the text (an
    IndexError that stopped the whole export; found by the fuzz test)."""
    assert quoted('The minister said: "We will win.\n\n') == []


def test_a_recommendation_in_quotation_marks_has_its_speaker(nlp) -> None:
    text = 'Dr Anna Berg recommended "two doses for every adult over sixty" in her report.'
    assert _speakers(nlp, text) == [("two doses for every adult over sixty", "Anna Berg")]


def test_the_pronoun_a_speaker_is_read_from_is_a_mention_of_the_speaker(nlp) -> None:
    from kg.extract.document import extract
    from kg.link.names import names_of
    from kg.model import Document

    text = 'Maria Lopez arrived in Lima on Monday. "We will win this vote," she said.'
    x = extract(Document(text=text), nlp(text))
    [quote] = x.quotations
    speaker = x.entities[quote.speaker]
    assert speaker.label == "Maria Lopez"
    assert [text[m.begin:m.end] for m in speaker.mentions] == ["Maria Lopez", "she"]
    assert "she" not in names_of(speaker, text)  # the linker never looks the pronoun up
