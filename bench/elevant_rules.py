"""End-to-end linking scores under ELEVANT's counting rules, so that our figures sit beside the
published ones (ELEVANT, ad-freiburg/elevant, evaluation mode "InKB": unknown entities ignored).

Written from ELEVANT's documented behaviour, not copied from it. The rules that matter:

- Spans match exactly, or after widening to word boundaries (letters, digits and ``'"_`` on
  either side): a prediction of 'Albert' matches gold "Albert's".
- Optional gold (``optional``, ``desc``, dates and quantities) never counts against a system: a
  correct link there is ignored, a missing one is no false negative, a wrong link is a false
  positive.
- Unknown gold (``<NIL>``, ``Unknown...``): linking it to a QID is a false positive; leaving
  it unlinked costs nothing.
- Nested gold ('Denver, Colorado' with children 'Denver' and 'Colorado'): the root counts once,
  as a hit when its own span is linked right or every path below it is; children are not counted
  on their own unless a sibling was found and they were not.
- Categories: coreference gold (flag ``coref``, or a pronoun / 'the ...' form when unflagged)
  is counted apart; ``entity`` is named + non-named mentions, ``all`` adds coreference.

Not modelled (each touches a handful of labels): optional parents with non-optional children,
and the predicted entity's own name for the named/other split of false positives (the mention
text stands in for it).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Counts", "score_document", "score_corpus", "word_boundary"]

Span = tuple[int, int]
CATEGORIES = ("named", "other", "coref")
PRONOUNS = frozenset("""i me my mine myself you your yours yourself yourselves he him his himself she her
hers herself it its itself we us our ours ourselves they them their theirs themselves who whom whose
this that these those""".split())
COREF_PREFIXES = ("the ", "this ", "that ", "these ", "those ", "my ", "your ", "his ", "her ", "its ",
                  "our ", "their ")


@dataclass
class Counts:
    tp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    fp: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    fn: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))

    def add(self, other: Counts) -> None:
        for mine, theirs in ((self.tp, other.tp), (self.fp, other.fp), (self.fn, other.fn)):
            for key, value in theirs.items():
                mine[key] += value

    def f1(self, categories: Iterable[str]) -> dict[str, float]:
        cats = tuple(categories)
        tp, fp, fn = (sum(d[c] for c in cats) for d in (self.tp, self.fp, self.fn))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def word_boundary(span: Span, text: str) -> Span:
    """Widen a span to the whole words it touches; a lone opening quote is not taken in."""
    def inside(i: int) -> bool:
        return text[i].isalnum() or text[i] in "'\"_"

    b, e = span
    while b > 0 and inside(b - 1):
        b -= 1
    while e < len(text) - 1 and inside(e):
        e += 1
    if text[b:b + 1] == '"' and '"' not in text[b + 1:e]:
        b += 1
    return b, e


def _known(entity_id: str | None) -> bool:
    return bool(entity_id and re.fullmatch(r"Q\d+", entity_id))


def _optional(label: Mapping) -> bool:
    kinds = set(str(label.get("type") or "").split("|")) | {label.get("entity_id")}
    return bool(label.get("optional") or label.get("desc") or kinds & {"DATETIME", "QUANTITY"})


def _named(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and letters[0].isupper() and name != "Unknown"


def _coref_form(text: str) -> bool:
    lower = text.lower()
    if lower in PRONOUNS:
        return True
    return any(lower.startswith(p) and len(text) > len(p) and not text[len(p)].isupper() for p in COREF_PREFIXES)


def _category(text: str, label: Mapping | None) -> str:
    if label is not None and label.get("coref") is not None:
        return "coref" if label["coref"] else ("named" if _named(label.get("name") or "") else "other")
    if _coref_form(text):
        return "coref"
    name = (label.get("name") or "") if label is not None else text
    return "named" if _named(name) else "other"


def _link_outcome(label: Mapping, predicted: str | None, found: bool) -> set[str]:
    """'tp', 'fp', 'fn' for one gold label and the link predicted on its span (None: no link)."""
    gold = label.get("entity_id")
    if _optional(label):
        return {"fp"} if _known(predicted) and predicted != gold else set()
    if not _known(gold):
        return {"fp"} if _known(predicted) else set()
    if not found or not _known(predicted):
        return {"fn"}
    return {"tp"} if predicted == gold else {"fn", "fp"}


class _Document:
    def __init__(self, text: str, labels: list[Mapping], predictions: Mapping[Span, str | None]):
        self.text = text
        self.labels = {lab["id"]: lab for lab in labels}
        self.predictions = dict(predictions)
        self.predictions.update({word_boundary(s, text): q for s, q in predictions.items()})
        self.factor: dict[int, int] = {}

    def prediction(self, label: Mapping) -> tuple[bool, str | None]:
        span = tuple(label["span"])
        for key in (span, word_boundary(span, self.text)):
            if key in self.predictions:
                return True, self.predictions[key]
        return False, None

    def _right(self, label: Mapping) -> bool:
        found, predicted = self.prediction(label)
        if found and predicted is None and not _known(label.get("entity_id")):
            return True  # an unlinked prediction on unknown gold is right
        return found and predicted == label.get("entity_id")

    def determine_factor(self, label_id: int, siblings_pass: bool = False) -> int:
        """Whether a label counts on its own (1) or through its descendants (0)."""
        label = self.labels[label_id]
        if self._right(label):
            if not siblings_pass:
                self.factor[label_id] = 1
            return 1
        best_child = max((self.determine_factor(c) for c in label.get("children") or ()), default=0)
        if label.get("parent") is None:
            factor = int(best_child == 0)
        else:
            factor = self._child_factor(label, best_child, siblings_pass)
        if not siblings_pass:
            self.factor[label_id] = factor
        return max(best_child, factor)

    def _child_factor(self, label: Mapping, best_child: int, siblings_pass: bool) -> int:
        if best_child:
            return 0
        found, _ = self.prediction(label)
        parent = self.labels[label["parent"]]
        if found:
            same = word_boundary(tuple(parent["span"]), self.text) == word_boundary(tuple(label["span"]), self.text)
            return int(not same)
        if siblings_pass:
            return 0
        others = [s for s in parent.get("children") or () if s != label["id"]]
        return int(any(self.determine_factor(s, siblings_pass=True) > 0 for s in others))

    def outcome(self, label: Mapping) -> set[str]:
        found, predicted = self.prediction(label)
        return _link_outcome(label, predicted, found)

    def descendant_outcomes(self, label: Mapping) -> set[str]:
        out: set[str] = set()
        for child_id in label.get("children") or ():
            child = self.labels[child_id]
            out |= self.descendant_outcomes(child)
            if self.factor.get(child_id, 0):
                out |= self.outcome(child)
        return out


def score_document(text: str, labels: list[Mapping], predictions: Mapping[Span, str | None],
                   evaluation_span: Span | None = None) -> Counts:
    """Counts for one document. ``predictions`` maps each predicted mention span to its QID, or to
    None when the mention was found but left unlinked."""
    doc, counts = _Document(text, labels, predictions), Counts()
    roots = [lab for lab in labels if lab.get("parent") is None]
    for root in roots:
        doc.determine_factor(root["id"])
    for label in roots + [lab for lab in labels if lab.get("parent") is not None]:
        factor = doc.factor.get(label["id"], 0)
        category = _category(text[label["span"][0]:label["span"][1]], label)
        outcome = doc.outcome(label) if factor else _from_children(doc.descendant_outcomes(label))
        if label.get("parent") is None:
            counts.tp[category] += "tp" in outcome
            counts.fn[category] += "fn" in outcome
        counts.fp[category] += factor != 0 and "fp" in outcome
    gold_spans = {s for lab in labels for s in (tuple(lab["span"]), word_boundary(tuple(lab["span"]), text))}
    lo, hi = evaluation_span or (0, len(text))
    for span, predicted in predictions.items():
        if span in gold_spans or word_boundary(span, text) in gold_spans or not _known(predicted):
            continue
        if lo <= span[0] and span[1] <= hi:
            counts.fp[_category(text[span[0]:span[1]], None)] += 1
    return counts


def _from_children(outcomes: set[str]) -> set[str]:
    if "fn" in outcomes:
        return {"fn"}
    return {"tp"} if outcomes == {"tp"} else set()


def score_corpus(docs: Iterable[tuple[str, list[Mapping], Mapping[Span, str | None], Span | None]]) -> dict:
    """F1 per category group over documents (text, labels, predictions, evaluation span)."""
    total = Counts()
    for text, labels, predictions, span in docs:
        total.add(score_document(text, labels, predictions, span))
    return {"entity": total.f1(("named", "other")), "named": total.f1(("named",)),
            "all": total.f1(CATEGORIES), "counts": {"tp": total.tp, "fp": total.fp, "fn": total.fn}}
