"""CoNLL-2003 NER: mention detection and typing on Reuters newswire (dev = eng.testa,
test = eng.testb), span-exact, overall and per type.

Raw spaCy is scored beside our entity layer on the same documents, so a change in the
layer's merging and typing rules shows up against the model it starts from.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import SPLITS, Context, Row, log, skipped
from .scoring import Metrics, prf

CONLL_FILES = {"dev": "eng.testa", "test": "eng.testb"}
CONLL_TYPES = ("PER", "ORG", "LOC", "MISC")
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
                  "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC"}
LAYER_TO_CONLL = {"Person": "PER", "Organization": "ORG", "Location": "LOC", "Group": "MISC"}
Mention = tuple[int, int, str]


@dataclass
class ConllDoc:
    text: str
    gold: set[Mention]


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents end at their -DOCSTART- line in this copy (it follows the document)."""
    docs: list[ConllDoc] = []
    sentences: list[list[tuple[str, str]]] = [[]]
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if parts and parts[0] == "-DOCSTART-":
                if any(sentences):
                    docs.append(_conll_doc([s for s in sentences if s]))
                sentences = [[]]
            elif not parts:
                sentences.append([])
            else:
                sentences[-1].append((parts[0], parts[-1]))
    if any(sentences):
        docs.append(_conll_doc([s for s in sentences if s]))
    return docs


def _conll_doc(sentences: list[list[tuple[str, str]]]) -> ConllDoc:
    """Tokens joined by spaces, sentences by newlines (headlines and datelines have no final
    full stop, so this keeps 'LONDON 1996-08-30' from running into the next sentence)."""
    pieces: list[str] = []
    gold: set[Mention] = set()
    pos = 0
    for sentence in sentences:
        if pieces:
            pieces.append("\n")
            pos += 1
        open_: list = []  # [begin, end, type] of the entity being read
        for k, (token, tag) in enumerate(sentence):
            if k:
                pieces.append(" ")
                pos += 1
            begin, end = pos, pos + len(token)
            pieces.append(token)
            pos = end
            open_ = _iob1_step(open_, tag, begin, end, gold)
        if open_:
            gold.add(tuple(open_))  # type: ignore[arg-type]
    return ConllDoc("".join(pieces), gold)


def _iob1_step(open_: list, tag: str, begin: int, end: int, gold: set[Mention]) -> list:
    """IOB1: I-X continues an X entity, B-X starts a new one right after another X."""
    if tag == "O":
        if open_:
            gold.add(tuple(open_))  # type: ignore[arg-type]
        return []
    prefix, type_ = tag.split("-", 1)
    if open_ and open_[2] == type_ and prefix == "I":
        open_[1] = end
        return open_
    if open_:
        gold.add(tuple(open_))  # type: ignore[arg-type]
    return [begin, end, type_]


def spacy_mentions(doc: Any) -> set[Mention]:
    return {(e.start_char, e.end_char, SPACY_TO_CONLL[e.label_]) for e in doc.ents if e.label_ in SPACY_TO_CONLL}


def layer_mentions(doc: Any) -> set[Mention]:
    """Each mention with its entity's CoNLL type, except a people's adjective: the layer keeps
    'Iraqi' (of 'Iraqi troops') as a mention of Iraq, the place, where CoNLL types the word
    itself MISC; scored as LOC, every such mention was a LOC false positive and a MISC miss."""
    from kg.extract.entities import extract_entities

    layer = extract_entities(doc)
    return {(m.begin, m.end, _conll_type(e.type, doc.text[m.begin:m.end]))
            for e in layer.entities.values() for m in e.mentions}


def _conll_type(layer_type: str, surface: str) -> str:
    from kg.lexicon import country_by_surface

    country = country_by_surface(surface) if layer_type == "Location" else None
    return "MISC" if country is not None and surface in country.demonyms else LAYER_TO_CONLL[layer_type]


def typed_scores(pairs: list[tuple[set[Mention], set[Mention]]]) -> tuple[Metrics, dict]:
    """Span-exact micro P/R/F1 overall and per CoNLL type; ``pairs`` is (system, gold) per doc."""
    counts = {t: [0, 0, 0] for t in ("ALL", *CONLL_TYPES)}
    for system, gold in pairs:
        for t in counts:
            s = system if t == "ALL" else {m for m in system if m[2] == t}
            g = gold if t == "ALL" else {m for m in gold if m[2] == t}
            c = counts[t]
            c[0], c[1], c[2] = c[0] + len(s & g), c[1] + len(s), c[2] + len(g)
    metrics = prf(*counts["ALL"])
    detail = {t: {"tp": c[0], "sys": c[1], "gold": c[2], **prf(*c)} for t, c in counts.items()}
    metrics.update({f"{t}_f1": detail[t]["f1"] for t in CONLL_TYPES})
    return metrics, detail


def bench_conll(ctx: Context) -> list[Row]:
    """Mention detection and typing on newswire, raw spaCy beside our entity layer, so a change
    in the layer's merging/typing rules shows up against the model it starts from."""
    folder = ctx.eval_dir / "conll2003"
    rows: list[Row] = []
    for split in (s for s in SPLITS if ctx.wants(s)):
        path = folder / CONLL_FILES[split]
        if not path.is_file():
            rows.append(skipped("conll", "CoNLL-2003 NER", path, split))
            continue
        rows += _conll_split(ctx, split, path)
    return rows


def _conll_split(ctx: Context, split: str, path: Path) -> list[Row]:
    started = time.perf_counter()
    docs = ctx.take(read_conll(path), 20)
    log(f"conll {split}: {len(docs)} docs")
    raw, ours = [], []
    for cdoc, sdoc in zip(docs, ctx.nlp.pipe([d.text for d in docs], batch_size=32)):
        raw.append((spacy_mentions(sdoc), cdoc.gold))
        ours.append((layer_mentions(sdoc), cdoc.gold))
    seconds = round(time.perf_counter() - started, 2)
    size = {"docs": len(docs), "mentions": sum(len(d.gold) for d in docs)}
    rows = []
    for name, pairs in (("CoNLL-2003 NER: spaCy raw", raw), ("CoNLL-2003 NER: entity layer", ours)):
        metrics, detail = typed_scores(pairs)
        rows.append(Row("conll", name, split, size=size, seconds=seconds, metrics=metrics, detail=detail,
                        note="span-exact; spaCy labels mapped PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, "
                             "NORP/EVENT/WORK_OF_ART/LAW/LANGUAGE/PRODUCT->MISC; layer Group->MISC"))
    return rows
