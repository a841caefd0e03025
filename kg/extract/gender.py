"""Which persons of an article the text itself calls he or she, so a pronoun goes to a person it
can name ('Thomas' sister pleaded with him to send Gloria to a doctor, but he replied' is Thomas).

Evidence, all from the article: an honorific or a kinship word before a mention ('Mrs Sam',
'his wife Manju Sam', 'daughter Gloria'), and the personal pronouns of sentences in which that
person is the only one named, after the mention. A person with no evidence, or with as much
for one as the other, has no gender here and stays a candidate for every pronoun.
"""
from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["person_genders", "pronoun_gender"]

MALE_WORDS = frozenset("mr sir lord king prince husband son father brother boy man uncle nephew grandfather".split())
FEMALE_WORDS = frozenset("""mrs ms miss dame lady queen princess wife daughter mother sister girl woman aunt niece
grandmother""".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())


def pronoun_gender(word: str) -> str | None:
    word = word.lower()
    return "m" if word in MALE_PRONOUNS else "f" if word in FEMALE_PRONOUNS else None


def person_genders(doc: Doc, mentions: dict[str, list[tuple[int, int]]]) -> dict[str, str]:
    """``mentions``: person key -> its mentions' character spans. Returns key -> 'm' or 'f'."""
    votes: dict[str, dict[str, int]] = {key: {"m": 0, "f": 0} for key in mentions}
    by_sentence: dict[int, set[str]] = {}
    first_in_sentence: dict[tuple[int, str], int] = {}
    for key, spans in mentions.items():
        for begin, _end in spans:
            span = doc.char_span(begin, begin + 1, alignment_mode="expand")
            if span is None or not len(span):
                continue
            token = span[0]
            _titled(doc, token.i, key, votes)
            sent = token.sent.start
            by_sentence.setdefault(sent, set()).add(key)
            first_in_sentence[(sent, key)] = min(first_in_sentence.get((sent, key), token.i), token.i)
    for sent_start, keys in by_sentence.items():
        if len(keys) != 1:
            continue
        key = next(iter(keys))
        for token in doc[sent_start].sent:
            if token.i > first_in_sentence[(sent_start, key)] and (g := pronoun_gender(token.text)):
                votes[key][g] += 1
    return {key: "m" if v["m"] > v["f"] else "f" for key, v in votes.items() if v["m"] != v["f"]}


def _titled(doc: Doc, i: int, key: str, votes: dict[str, dict[str, int]]) -> None:
    """'Mrs Sam', 'his wife Manju Sam', 'daughter, Gloria': the word right before the name."""
    j = i - 1
    while j >= 0 and doc[j].text in (",", "."):
        j -= 1
    if j < 0:
        return
    word = doc[j].lower_.rstrip(".")
    if word in MALE_WORDS:
        votes[key]["m"] += 3
    elif word in FEMALE_WORDS:
        votes[key]["f"] += 3
