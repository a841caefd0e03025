"""Publication dates as publishers write them, read without guessing."""
from __future__ import annotations

import email.utils
import re
from datetime import date, datetime

from kg.errors import InputError

__all__ = ["parse_date"]

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_UNAMBIGUOUS_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%Y%m%d")


def parse_date(value: str) -> date | datetime:
    """ISO 8601, RFC 2822 or a spelled-out month; '03-02-2009' (day or month first?) is an error, not a guess."""
    value = value.strip()
    try:
        if _DATE_RE.match(value):
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    for fmt in _UNAMBIGUOUS_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        raise InputError(f"date {value!r} is not ISO 8601 (YYYY-MM-DD) or another unambiguous form") from None
