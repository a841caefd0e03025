"""The quality harness (bench/quality.py) runs end to end on a slice of every set, keeps its
metrics in [0, 1], and turns missing data into 'skipped' rows instead of crashing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from loadscript import load

REPO = Path(__file__).resolve().parents[1]
EVAL_DIR = REPO.parent / "shared" / "eval"
SCRIPT = REPO / "bench" / "quality.py"

quality = load(SCRIPT, "bench_quality")


def _rows(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data["wall_seconds"], (int, float))
    return data["rows"]


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="../shared/eval is absent (evaluation data lives beside the repo)")
def test_quick_run_scores_every_set(tmp_path: Path) -> None:
    out = tmp_path / "quality.json"
    assert quality.main(["--quick", "--json-out", str(out)]) == 0
    rows = _rows(out)
    assert {r["set"] for r in rows} == set(quality.SETS)
    for row in rows:
        assert row["status"] in ("ok", "skipped", "not available"), row
        assert isinstance(row["seconds"], (int, float)) and row["seconds"] >= 0
        if row["status"] != "ok":
            assert row["note"], row
            continue
        assert row["size"] and all(isinstance(v, int) for v in row["size"].values()), row
        computed = [v for v in row["metrics"].values() if v is not None]
        assert computed, row
        assert all(isinstance(v, (int, float)) and 0.0 <= v <= 1.0 for v in computed), row
    linking = [r for r in rows if r["name"].endswith(": linking")]
    assert linking and all(r["status"] in ("ok", "not available") for r in linking)
    assert not (tmp_path / "quality.json.tmp").exists()


def test_missing_eval_dir_gives_skipped_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "eval"
    empty.mkdir()
    out = tmp_path / "quality.json"
    assert quality.main(["--quick", "--eval-dir", str(empty), "--json-out", str(out)]) == 0
    rows = _rows(out)
    assert {r["set"] for r in rows} == set(quality.SETS)
    assert all(r["status"] == "skipped" and "missing" in r["note"] for r in rows), rows
    assert {r["split"] for r in rows if r["set"] == "conll"} == {"dev", "test"}
    assert "skipped: " in capsys.readouterr().out


def test_split_and_only_select_rows(tmp_path: Path) -> None:
    empty = tmp_path / "eval"
    empty.mkdir()
    out = tmp_path / "q.json"
    assert quality.main(["--split", "dev", "--only", "conll,polnear", "--eval-dir", str(empty),
                         "--json-out", str(out)]) == 0
    rows = _rows(out)
    assert {(r["set"], r["split"]) for r in rows} == {("conll", "dev"), ("polnear", "dev")}
    with pytest.raises(SystemExit):
        quality.main(["--only", "nosuchset", "--eval-dir", str(empty), "--json-out", str(out)])


def test_conll_reader_decodes_iob1_with_docstart_after(tmp_path: Path) -> None:
    path = tmp_path / "eng.mini"
    path.write_text("EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\n"
                    "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nJohn NNP I-NP B-PER\n\n"
                    "-DOCSTART- -X- O O\n\nLONDON NNP I-NP I-LOC\n\n-DOCSTART- -X- O O\n", encoding="utf-8")
    docs = quality.read_conll(path)
    assert [d.text for d in docs] == ["EU rejects German\nPeter Blackburn John", "LONDON"]
    mentions = {(docs[0].text[b:e], t) for b, e, t in docs[0].gold}
    assert mentions == {("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PER"), ("John", "PER")}


def test_conll_scores_a_peoples_adjective_of_a_place_as_misc() -> None:
    """'German' is a mention of Germany in our layer and MISC in CoNLL; 'Germany' stays LOC."""
    import sys

    from handdocs import make_doc

    conll = sys.modules["quality_sets.conll"]
    doc = make_doc("German/ADJ/amod/1 cars/NOUN/nsubj/2 left/VERB/ROOT/2 Germany/PROPN/dobj/2 ./PUNCT/punct/2",
                   ents=[(0, 1, "NORP"), (3, 4, "GPE")])
    assert {(doc.text[b:e], t) for b, e, t in conll.layer_mentions(doc)} == {("German", "MISC"), ("Germany", "LOC")}


def test_direct_quotation_needs_marks_at_both_ends() -> None:
    text = 'He said "we will win," and added that they would not lose.'
    inner = (text.index("we"), text.index(",\""))
    assert quality.is_direct(text, [inner])
    assert not quality.is_direct(text, [(text.index("they"), len(text) - 1)])


def test_one_to_one_matching_uses_each_span_once() -> None:
    # (0,10) overlaps both gold spans by 4; it takes the first, so (5,8) gets the second.
    assert quality.one_to_one([[(0, 10)], [(5, 8)]], [[(0, 4)], [(6, 12)]]) == [(0, 0), (1, 1)]
    assert quality.one_to_one([[(0, 10)]], [[(0, 4)], [(6, 12)]]) == [(0, 0)]


def test_linking_and_mention_recall_on_a_hand_built_document() -> None:
    from kg.model import Document, Entity, Extraction, Span

    text = "Angela Merkel met Denver, Colorado officials and he smiled."
    doc = {"text": text, "evaluation_span": [0, len(text)], "labels": [
        {"id": 0, "span": [0, 13], "entity_id": "Q567"},
        {"id": 1, "span": [18, 34], "entity_id": "Q16554", "children": [2, 3]},
        {"id": 2, "span": [18, 24], "entity_id": "Q16554", "parent": 1},
        {"id": 3, "span": [26, 34], "entity_id": "Q1261", "parent": 1},
        {"id": 4, "span": [49, 51], "entity_id": "Q567", "coref": True},
    ]}
    x = Extraction(Document(text=text), entities={
        "p": Entity("p", "Person", "Angela Merkel", [Span(0, 13)], qid="Q567"),
        "l": Entity("l", "Location", "Denver", [Span(18, 24)], qid="Q5"),
    })
    recall, counts = quality.mention_recall([doc], [x])
    assert counts == {"gold_mentions": 2}  # the nested parts and the pronoun are not counted
    assert recall == {"recall_exact": 1.0, "recall_overlap": 1.0}  # 'Denver' is a nested part of the gold span
    assert quality.linking_scores([doc], [x]) == {"p": 0.5, "r": 0.25, "f1": 0.3333}
