"""Entity-layer rules on sentences written for the tests (the real model parses them)."""
from __future__ import annotations

from kg.extract.entities import extract_entities


def test_a_union_of_states_is_one_organisation_under_its_name(nlp) -> None:
    layer = extract_entities(nlp("The European Union banned the airline. The EU said the ban stays."))
    unions = [e for e in layer.entities.values() if e.label == "European Union"]
    assert [(e.type, len(e.mentions)) for e in unions] == [("Organization", 2)]


def _types(nlp, text: str) -> dict[str, str]:
    return {e.label: e.type for e in extract_entities(nlp(text)).entities.values()}


def test_the_kind_of_place_before_a_name_makes_it_a_place(nlp) -> None:
    types = _types(nlp, "Shells landed near the town of Hwacheon on Tuesday.")
    assert types.get("Hwacheon") == "Location"


def test_a_place_after_a_place_and_a_comma_is_a_place_but_not_a_speaker(nlp) -> None:
    types = _types(nlp, "The factory in Tarbes, Occitanie, closed on Monday. In Lyon, Dupont said the union "
                        "would appeal.")
    assert types.get("Occitanie") == "Location"
    assert types.get("Dupont") != "Location"


def test_a_national_body_named_with_and_without_its_country_is_one_organisation(nlp) -> None:
    text = ("The United States Air Force signed a contract with Boeing. "
            "Critics said the Air Force paid too much.")
    layer = extract_entities(nlp(text))
    orgs = sorted(e.label for e in layer.entities.values() if e.type == "Organization")
    assert orgs == ["Boeing", "United States Air Force"]


def test_a_surname_two_persons_share_names_the_one_the_story_names_most(nlp) -> None:
    text = ("Ana Silva won the election in Lima on Sunday. Voters cheered Ana Silva in the capital. "
            "Her brother, Pedro Silva, said the family was proud. Silva will travel to Quito on Monday.")
    layer = extract_entities(nlp(text))
    surname_at = text.rindex("Silva will")
    [owner] = [e.label for e in layer.entities.values() if any(m.begin == surname_at for m in e.mentions)]
    assert owner == "Ana Silva"


def test_a_title_case_headline_clause_is_no_name(nlp) -> None:
    text = "Rebels Seized a Police Station Near Goma, Officials Say\n\nRebels seized a police station near Goma on Monday."
    labels = {e.label for e in extract_entities(nlp(text)).entities.values()}
    assert not any(" " in label and any(w in label.split() for w in ("Seized", "Say")) for label in labels)


def test_a_capital_the_model_takes_for_a_person_is_a_place(nlp) -> None:
    types = _types(nlp, "Drones struck Kyiv overnight, officials said. Protesters marched in Dakar on Friday.")
    assert (types.get("Kyiv"), types.get("Dakar")) == ("Location", "Location")
