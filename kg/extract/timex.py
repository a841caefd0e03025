"""Time expressions normalised against the publication date.

The result is an ``(lexical value, xsd datatype)`` pair: ``date``, ``gYearMonth``, ``gYear``, or
``gMonthDay`` when the text gives no year and the article has no date. A year is never invented:
without an anchor, anything relative ("Thursday", "last month") has no value. ``event_date``
says which of a sentence's time expressions dates an event: one governing its trigger.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

__all__ = ["normalise_time", "event_date", "MONTHS"]

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
Value = tuple[str, str]

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
PATTERNS = [
    re.compile(rf"^{_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})$"),
    re.compile(rf"^{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?$"),
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?$"),
    re.compile(rf"^{_MONTH}(?:,?\s+(?:of\s+)?{_YEAR})?$"),
    re.compile(rf"^{_YEAR}$"),
]
_LEAD = re.compile(r"^(?:on|in|since|by|from|until|during|the|early|late|mid|earlier|later)\s+", re.I)


def _clean(text: str) -> str:
    text = " ".join(text.replace("’", "'").split()).strip(" ,.").lower()
    previous = None
    while previous != text:
        previous = text
        text = _LEAD.sub("", text)
    return text.replace("-", " ") if not re.match(r"^\d{4}-\d{2}-\d{2}$", text) else text


def _month_year(month: int, anchor: date) -> int:
    """News reports the past: a month later than the anchor's month is last year's."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _month_day(month: int, day: int, anchor: date) -> date | None:
    try:
        candidate = date(anchor.year, month, day)
    except ValueError:
        return None
    if candidate > anchor + timedelta(days=31):  # 'December 30' in a January article
        try:
            candidate = date(anchor.year - 1, month, day)
        except ValueError:
            return None
    return candidate


def _absolute(text: str, anchor: date | None) -> Value | None:
    for pattern in PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        if "m" in g and g.get("m"):
            try:
                return date(int(g["year"]), int(g["m"]), int(g["d"])).isoformat(), "date"
            except ValueError:
                return None
        month = MONTHS.get(g["month"].rstrip(".")[:4] if g.get("month") else "", None) if g.get("month") else None
        if g.get("month") and month is None:
            month = MONTHS.get(g["month"][:3])
        year = int(g["year"]) if g.get("year") else None
        day = int(g["day"]) if g.get("day") else None
        return _combine(year, month, day, anchor)
    return None


def _combine(year: int | None, month: int | None, day: int | None, anchor: date | None) -> Value | None:
    if day is not None and month is not None:
        if not 1 <= day <= 31:
            return None
        if year is not None:
            try:
                return date(year, month, day).isoformat(), "date"
            except ValueError:
                return None
        if anchor is not None:
            d = _month_day(month, day, anchor)
            return (d.isoformat(), "date") if d else None
        return f"--{month:02d}-{day:02d}", "gMonthDay"
    if month is not None:
        if year is None and anchor is None:
            return None  # xsd:gMonth is not in the contract, and a year would be invented
        y = year if year is not None else _month_year(month, anchor)  # type: ignore[arg-type]
        return f"{y:04d}-{month:02d}", "gYearMonth"
    if year is not None and 1000 <= year <= 2999:
        return f"{year:04d}", "gYear"
    return None


def _relative(text: str, anchor: date) -> Value | None:
    """The value of a time expression relative to ``anchor``, or None where it falls outside
    the years 1 to 9999 ('999999 days ago'): no date the contract holds, not an article's error."""
    try:
        value = _relative_value(text, anchor)
    except (OverflowError, ValueError):
        return None
    if value is not None and not 1 <= int(value[0].split("-")[0] or 0) <= 9999:
        return None
    return value


def _relative_value(text: str, anchor: date) -> Value | None:
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening", "now"):
        return anchor.isoformat(), "date"
    if text in ("yesterday", "last night"):
        return (anchor - timedelta(days=1)).isoformat(), "date"
    if text == "tomorrow":
        return (anchor + timedelta(days=1)).isoformat(), "date"
    m = re.match(r"^(?:(last|this|next|past)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                 r"(?:\s+(?:morning|afternoon|evening|night))?$", text)
    if m:
        which, weekday = m.group(1), WEEKDAYS[m.group(2)]
        delta = (anchor.weekday() - weekday) % 7
        if which == "next":
            return (anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)).isoformat(), "date"
        if which == "last" and delta == 0:
            delta = 7
        return (anchor - timedelta(days=delta)).isoformat(), "date"
    m = re.match(r"^(last|this|next|past)\s+(week|month|year)$", text)
    if m:
        step = {"last": -1, "past": -1, "this": 0, "next": 1}[m.group(1)]
        unit = m.group(2)
        if unit == "year":
            return f"{anchor.year + step:04d}", "gYear"
        if unit == "month":
            month_index = anchor.year * 12 + anchor.month - 1 + step
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "gYearMonth"
        return None  # a week is not a value the contract can hold
    m = re.match(r"^(\w+)\s+(days?|weeks?|months?|years?)\s+ago$", text)
    if m:
        n = _number(m.group(1))
        if n is None:
            return None
        unit = m.group(2).rstrip("s")
        if unit == "day":
            return (anchor - timedelta(days=n)).isoformat(), "date"
        if unit == "year":
            return f"{anchor.year - n:04d}", "gYear"
        if unit == "month":
            month_index = anchor.year * 12 + anchor.month - 1 - n
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "gYearMonth"
    return None


_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def normalise_time(expression: str, anchor: date | None) -> Value | None:
    """Normalise one time expression; None when it has no value the contract can hold."""
    text = _clean(expression)
    if not text:
        return None
    value = _absolute(text, anchor)
    if value is None and anchor is not None:
        value = _relative(text, anchor)
    return value


def event_date(trigger: Token, sent: SpacySpan, published: date | None, other_triggers: set[int]) -> tuple[str, str] | None:
    """A time expression in the trigger's own phrase, else one governing the whole sentence."""
    dates = [e for e in sent.ents if e.label_ in ("DATE",) and _governs_the_clause(e.root, trigger)]
    subtree = {t.i for t in trigger.subtree}
    own = [e for e in dates if e.root.i in subtree]
    shared = [e for e in dates if not any(a.i in other_triggers and a.i != trigger.i for a in e.root.ancestors)]
    for ent in own or shared:
        value = normalise_time(ent.text, published)
        if value is not None:
            return value
    return None


def _governs_the_clause(date_root: Token, trigger: Token) -> bool:
    """'condemned the 1994 genocide', 'last year's election': a date that modifies another noun is
    that noun's, not the time of what the clause tells."""
    head = date_root.head
    return not (head.i != trigger.i and head.pos_ in ("NOUN", "PROPN")
                and date_root.dep_ in ("compound", "nummod", "amod", "poss", "nmod"))
