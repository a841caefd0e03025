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
