"""ELEVANT's counting rules (bench/elevant_rules.py) on hand-made documents: each case is one
rule that makes our figures comparable to the published ones."""
from __future__ import annotations

from pathlib import Path

from loadscript import load

rules = load(Path(__file__).resolve().parents[1] / "bench" / "elevant_rules.py", "elevant_rules")


def label(i: int, span: tuple[int, int], qid: str, name: str = "Name", **more) -> dict:
    return {"id": i, "span": list(span), "entity_id": qid, "name": name, **more}


def counts(text: str, labels: list[dict], predictions: dict) -> tuple[int, int, int]:
    c = rules.score_document(text, labels, predictions)
    return sum(c.tp[k] for k in ("named", "other")), sum(c.fp[k] for k in ("named", "other")), \
        sum(c.fn[k] for k in ("named", "other"))


def test_word_boundary_widens_to_whole_words_but_not_an_opening_quote() -> None:
    assert rules.word_boundary((0, 6), "Albert's birthplace is Ulm.") == (0, 8)
    assert rules.word_boundary((1, 7), '"Hearts" is a song.') == (0, 8)
    assert rules.word_boundary((1, 7), '"Hearts and Flowers" is a song.') == (1, 7)


def test_a_prediction_matches_gold_after_widening() -> None:
    text = "Trump's visit."
    assert counts(text, [label(0, (0, 7), "Q22686")], {(0, 5): "Q22686"}) == (1, 0, 0)
    assert counts(text, [label(0, (0, 7), "Q22686")], {(0, 5): "Q1"}) == (0, 1, 1)


def test_optional_and_descriptive_gold_never_count_against_a_right_link() -> None:
    text = "On Friday the party met."
    labels = [label(0, (3, 9), "DATETIME", type="DATETIME"), label(1, (14, 19), "Q1", "party", desc=True)]
    assert counts(text, labels, {(14, 19): "Q1"}) == (0, 0, 0)
    assert counts(text, labels, {}) == (0, 0, 0)
    assert counts(text, labels, {(14, 19): "Q2"}) == (0, 1, 0)


def test_unknown_gold_costs_only_when_linked() -> None:
    text = "Erin Purcell spoke."
    labels = [label(0, (0, 12), "<NIL>", "Unknown")]
    assert counts(text, labels, {(0, 12): None}) == (0, 0, 0)
    assert counts(text, labels, {(0, 12): "Q5"}) == (0, 1, 0)


def test_nested_gold_counts_once_through_its_children() -> None:
    text = "Denver, Colorado is high."
    labels = [label(0, (0, 16), "Q1", children=[1, 2]), label(1, (0, 6), "Q16554", parent=0),
              label(2, (8, 16), "Q1261", parent=0)]
    assert counts(text, labels, {(0, 6): "Q16554", (8, 16): "Q1261"}) == (1, 0, 0)
    assert counts(text, labels, {(0, 16): "Q1"}) == (1, 0, 0)
    assert counts(text, labels, {(0, 6): "Q16554"}) == (0, 0, 1)  # Colorado missed
    assert counts(text, labels, {}) == (0, 0, 1)


def test_coreference_is_counted_apart_and_a_stray_link_is_a_false_positive() -> None:
    text = "Obama said he would go to Paris."
    labels = [label(0, (0, 5), "Q76"), label(1, (11, 13), "Q76", coref=True)]
    c = rules.score_document(text, labels, {(0, 5): "Q76", (26, 31): "Q90"})
    assert (c.tp["named"], c.fn["coref"], c.fp["named"]) == (1, 1, 1)
    scores = rules.score_corpus([(text, labels, {(0, 5): "Q76"}, None)])
    assert scores["entity"]["f1"] == 1.0 and scores["all"]["recall"] == 0.5


def test_predictions_outside_the_evaluated_span_are_ignored() -> None:
    text = "Paris. Rome."
    c = rules.score_document(text, [], {(0, 5): "Q90", (7, 11): "Q220"}, evaluation_span=(6, 12))
    assert sum(c.fp.values()) == 1
