"""Event rules on sentences written for the tests (the real model parses them)."""
from __future__ import annotations

from datetime import date

import pytest

from kg.extract.document import extract
from kg.model import Document


@pytest.mark.parametrize("text, expected", [
    ("Rwanda condemned the 1994 genocide on Monday.", ("2024-04-08", "date")),
    ("Rwanda condemned the 1994 genocide.", None),
])
def test_a_date_that_modifies_another_noun_does_not_date_the_event(nlp, text: str, expected) -> None:
    x = extract(Document(text=text, published=date(2024, 4, 9)), nlp(text))
    assert [(e.type, e.date) for e in x.events] == [("ACCUSE", expected)]


def _locations(nlp, text: str) -> list[tuple[str, str | None]]:
    x = extract(Document(text=text), nlp(text))
    return [(e.type, x.entities[e.location].label if e.location else None) for e in x.events]


@pytest.mark.parametrize("text, expected", [
    # a place on the trigger, one phrase down, and the place a 'town of' phrase names
    ("Russia met Ukraine in Istanbul on Monday.", ("CONSULT", "Istanbul")),
    ("Rebels killed three soldiers in a gunbattle in northern Mali.", ("ASSAULT", "Mali")),
    ("Soldiers attacked a checkpoint near the town of Kandahar.", ("ASSAULT", "Kandahar")),
    # a place that situates the actor: 'police in Lyon arrested'
    ("Police in Paris arrested twelve protesters on Friday.", ("COERCE", "Paris")),
])
def test_an_event_is_located_where_its_phrases_say(nlp, text: str, expected) -> None:
    assert expected in _locations(nlp, text)


def test_a_place_inside_another_clause_does_not_locate_the_event(nlp) -> None:
    located = _locations(nlp, "Germany condemned the attack after officials said it began in Mali.")
    assert ("ACCUSE", None) in located


def _types(nlp, text: str) -> list[str]:
    return [e.type for e in extract(Document(text=text), nlp(text)).events]


@pytest.mark.parametrize("text, expected", [
    ("Prime Minister Maria Silva told reporters that she felt the talks had gone well.", []),
    ("Prime Minister Maria Silva told the protesters to leave the square.", ["REQUEST"]),
    ("Prime Minister Maria Silva told reporters that the army must leave the city.", ["REQUEST"]),
])
def test_telling_asks_only_with_an_infinitive_or_an_obligation(nlp, text: str, expected: list[str]) -> None:
    assert [t for t in _types(nlp, text) if t == "REQUEST"] == expected


@pytest.mark.parametrize("text", [
    "Brazil raised taxes in order to balance the budget.",
    "Top opposition presidential candidate Maria Silva won the first round.",
])
def test_a_fixed_phrase_or_a_modifier_tells_no_event(nlp, text: str) -> None:
    assert not {"REQUEST", "REJECT"} & set(_types(nlp, text))


def _dyads(nlp, text: str) -> list[tuple[str, list[str], list[str]]]:
    x = extract(Document(text=text), nlp(text))
    label = lambda k: x.entities[k].label  # noqa: E731
    return [(e.type, [label(a) for a in e.actors], [label(r) for r in e.recipients]) for e in x.events]


@pytest.mark.parametrize("text, expected", [
    # a reciprocal verb with a coordinated subject: each meets the other
    ("Russia and Ukraine met in Istanbul on Monday.", ("CONSULT", ["Russia"], ["Ukraine"])),
    # the one a passive verb of forcing or asking makes act is the actor of the infinitive
    ("In May, Maxime Bernier was forced to resign as foreign minister.", ("RETREAT", ["Maxime Bernier"], [])),
])
def test_who_acts_when_the_subject_is_not_one_plain_name(nlp, text: str, expected) -> None:
    assert expected in _dyads(nlp, text)


@pytest.mark.parametrize("text, expected", [
    ("Russia's invasion of Georgia shocked the markets.", ("ASSAULT", ["Russia"], ["Georgia"])),
    ("Daniel Scioli, backed by President Cristina Kirchner, won the first round.",
     ("SUPPORT", ["Cristina Kirchner"], ["Daniel Scioli"])),
])
def test_the_recipient_of_a_noun_or_a_participle(nlp, text: str, expected) -> None:
    assert expected in _dyads(nlp, text)


def test_a_light_verbs_phrases_are_its_nouns(nlp) -> None:
    text = "Maria Silva gave her full support on Friday to Ahmed Mohamed."
    x = extract(Document(text=text), nlp(text))
    support = [e for e in x.events if "support" in [text[m.begin:m.end] for m in e.mentions]]
    assert [[x.entities[r].label for r in e.recipients] for e in support] == [["Ahmed Mohamed"]]


@pytest.mark.parametrize("text, expected", [
    ("Pakistan threatened to break off diplomatic relations with Chile.", ("THREATEN", ["Pakistan"], ["Chile"])),
    ("Iran threatened to attack Iraq on Monday.", ("THREATEN", ["Iran"], ["Iraq"])),
])
def test_a_threat_to_act_is_made_to_whom_the_act_would_be_done(nlp, text: str, expected) -> None:
    assert expected in _dyads(nlp, text)


def test_a_threat_takes_its_acts_kind_as_mode(nlp) -> None:
    text = "Iran threatened to attack Iraq on Monday."
    assert [(e.type, e.mode) for e in extract(Document(text=text), nlp(text)).events] == [("THREATEN", "violence")]


@pytest.mark.parametrize("text, expected", [
    ("Finland will give Tanzania a grant next year.", "AGREE"),
    ("Iraq said it would release the prisoners on Friday.", "AGREE"),
    ("Finland gave Tanzania a grant last year.", "AID"),
])
def test_a_cooperative_act_told_as_to_come_is_a_pledge(nlp, text: str, expected: str) -> None:
    assert expected in _types(nlp, text)


def test_a_quantity_of_people_acts_as_those_people(nlp) -> None:
    located = _dyads(nlp, "Thousands of Iraqi Kurds demonstrated in the city of Kirkuk on Sunday.")
    assert [(t, a) for t, a, _ in located] == [("PROTEST", ["Kurds"])]


def test_a_peoples_machines_of_war_act_for_its_country(nlp) -> None:
    assert ("ASSAULT", ["Israel"], ["Jericho"]) in _dyads(nlp, "Israeli tanks fired four shells at targets in Jericho.")


@pytest.mark.parametrize("text", [
    "The Central Bank of Russia encouraged Sberbank to lend the money to smaller banks.",
    "Jusman Syafii Djamal recommended that Garuda Indonesia should not buy aircraft from Airbus.",
])
def test_encouraging_or_recommending_an_act_is_a_request(nlp, text: str) -> None:
    assert "REQUEST" in _types(nlp, text)


def test_cracking_down_is_coercion(nlp) -> None:
    assert ("COERCE", ["China"], ["protesters"]) in _dyads(nlp, "China cracked down on protesters in Hong Kong.")


@pytest.mark.parametrize("text, expected", [
    ("The plan was killed by Germany in March.", [("SANCTION", "discontinue")]),
    ("France killed the proposal on Monday.", [("SANCTION", "discontinue")]),
    ("Rebels killed three soldiers in Mali.", [("ASSAULT", None)]),
])
def test_killing_a_proposal_ends_it_and_hurts_no_one(nlp, text: str, expected) -> None:
    x = extract(Document(text=text), nlp(text))
    assert [(e.type, e.mode) for e in x.events] == expected


def _typed_events(nlp, text: str) -> list[tuple[str, str | None, list[str], list[str]]]:
    x = extract(Document(text=text), nlp(text))
    return [(e.type, e.mode, [x.entities[k].label for k in e.actors], [x.entities[k].label for k in e.recipients])
            for e in x.events]


def test_saying_what_another_must_do_is_a_request_to_it(nlp) -> None:
    events = _typed_events(nlp, "Germany said on Monday that Poland must release the two journalists.")
    assert ("REQUEST", ["Germany"], ["Poland"]) in [(t, a, r) for t, _, a, r in events]
    assert not any(t == "CONCEDE" for t, *_ in events)  # the release is what is asked, not an event


def test_saying_what_one_did_is_no_request(nlp) -> None:
    assert not any(t == "REQUEST" for t, *_ in _typed_events(nlp, "Germany said Poland released the journalists."))


@pytest.mark.parametrize("text, expected", [
    ("Protesters blocked the main road into Nairobi on Friday.", [("PROTEST", "obstruct")]),
    ("Kenyan police blocked the main road into Nairobi on Friday.", [("COERCE", None)]),
])
def test_civilians_blocking_a_road_protest_and_the_police_coerce(nlp, text: str, expected) -> None:
    assert [(t, m if t == "PROTEST" else None) for t, m, *_ in _typed_events(nlp, text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Belgium threatened on Monday to close its border.", ["THREATEN"]),
    ("Kenya will close its border with Uganda unless Uganda pays its debts.", ["THREATEN"]),
    ("Bishop Anna Lind called for sanctions against Chad.", ["REQUEST"]),
])
def test_threats_and_calls_need_no_one_named_as_their_recipient(nlp, text: str, expected) -> None:
    assert [t for t, *_ in _typed_events(nlp, text)][:1] == expected


def test_a_verb_and_the_noun_it_tells_the_act_with_are_one_event(nlp) -> None:
    text = "Chile sent aid to Peru on Friday."
    x = extract(Document(text=text), nlp(text))
    [event] = x.events
    assert (event.type, [x.entities[k].label for k in event.recipients]) == ("AID", ["Peru"])
    assert sorted(text[m.begin:m.end] for m in event.mentions) == ["aid", "sent"]


@pytest.mark.parametrize("text, expected", [
    ("Chile is ready to withdraw its troops from Peru.", "AGREE"),
    ("Chile is willing to send aid to Peru.", "AGREE"),
])
def test_an_act_one_is_ready_or_willing_to_do_is_a_pledge(nlp, text: str, expected: str) -> None:
    assert [t for t, *_ in _typed_events(nlp, text)][:1] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Chile said it is ready to withdraw its troops from Peru.", [("AGREE", ["Chile"])]),
    ("Maria Lopez said they would attack Chile.", []),  # 'they' is never one person
])
def test_a_reported_it_or_they_is_the_speaker_when_it_can_be(nlp, text: str, expected) -> None:
    assert [(t, a) for t, _, a, _ in _typed_events(nlp, text)] == expected


def test_two_subjects_of_a_verb_that_holds_a_meeting_noun_meet_each_other(nlp) -> None:
    events = _typed_events(nlp, "Chile and Peru renewed negotiations on Monday.")
    assert [(t, a, r) for t, _, a, r in events] == [("CONSULT", ["Chile"], ["Peru"])]


def test_a_proper_noun_modifier_in_brackets_names_its_head(nlp) -> None:
    events = _typed_events(nlp, "The Andean Development Corporation (CAF) board agreed to fund a railway in Peru.")
    assert events and events[0][2][0] == "Andean Development Corporation"


def test_a_denial_after_the_accusation_does_not_negate_it(nlp) -> None:
    text = "Chad accused Niger of arming the rebels, a charge Niamey denies."
    x = extract(Document(text=text), nlp(text))
    assert [(e.type, e.negated) for e in x.events if e.type == "ACCUSE"] == [("ACCUSE", False)]


@pytest.mark.parametrize("text, expected", [
    ("The ministry declined to comment on the report, Peru said.", []),
    ("Peru declined to release the two prisoners.", ["REJECT"]),
])
def test_declining_to_comment_is_no_rejection(nlp, text: str, expected) -> None:
    assert [t for t, *_ in _typed_events(nlp, text) if t == "REJECT"] == expected


@pytest.mark.parametrize("text", [
    # a noun act told by the verb it is the object of: 'will extend' the curfew
    "President Obama announced on Sunday that he will extend the curfew in Baghdad.",
    # an intent told as a state: 'is prepared to', inside what was announced
    "Peru's government announced that it is prepared to impose martial law.",
])
def test_a_coercive_act_announced_as_to_come_is_a_threat(nlp, text: str) -> None:
    events = extract(Document(text=text), nlp(text)).events
    assert "THREATEN" in [e.type for e in events]
    assert "COERCE" not in [e.type for e in events]


def test_an_act_already_done_stays_the_act(nlp) -> None:
    text = "President Obama announced on Sunday that he extended the curfew in Baghdad."
    assert [e.type for e in extract(Document(text=text), nlp(text)).events] == ["COERCE"]
