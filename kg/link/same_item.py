"""One node per Wikidata item within an article: the entities that link to the same item merge.

'USAF' and 'American military' may both link to Q11211; left apart they would give the item's
IRI two types and two link confidences in one graph. The item's type in the base decides the
merged node's type (it is a fact of the item, so every article agrees on it); where the base
knows no type of ours, the article's type stands. References from events and quotations follow
the merge.
"""
from __future__ import annotations

from kg.model import ENTITY_TYPES, Entity, Extraction

__all__ = ["merge_same_items"]


def merge_same_items(x: Extraction, item_types: dict[str, str]) -> None:
    """``item_types``: QID -> the base's coarse type of the item. Changes ``x`` in place."""
    by_qid: dict[str, Entity] = {}
    renamed: dict[str, str] = {}
    for key, entity in list(x.entities.items()):
        if entity.qid is None:
            continue
        if item_types.get(entity.qid) in ENTITY_TYPES:
            entity.type = item_types[entity.qid]
        kept = by_qid.setdefault(entity.qid, entity)
        if kept is not entity:
            _absorb(kept, entity)
            renamed[key] = kept.key
            del x.entities[key]
    if renamed:
        _follow(x, renamed)


def _absorb(kept: Entity, other: Entity) -> None:
    kept.mentions = sorted(set(kept.mentions) | set(other.mentions))
    kept.roles = sorted(set(kept.roles) | set(other.roles))
    if other.confidence is not None and (kept.confidence is None or other.confidence > kept.confidence):
        kept.confidence = other.confidence


def _follow(x: Extraction, renamed: dict[str, str]) -> None:
    def ref(key: str | None) -> str | None:
        return renamed.get(key, key) if key else key

    def refs(keys: list[str]) -> list[str]:
        return list(dict.fromkeys(renamed.get(k, k) for k in keys))

    for ev in x.events:
        ev.actors = refs(ev.actors)
        ev.recipients = [k for k in refs(ev.recipients) if k not in ev.actors]
        ev.location, ev.according_to = ref(ev.location), ref(ev.according_to)
    for q in x.quotations:
        q.speaker = ref(q.speaker)
