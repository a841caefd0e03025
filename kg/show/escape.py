"""The one escape for every string from the graph, which is user data: the page's HTML and its
SVG both take it, so there is one place to get it right."""
from __future__ import annotations

import html

__all__ = ["esc"]


def esc(value: object) -> str:
    """Text from the graph, safe in element content and in quoted attribute values."""
    return html.escape(str(value), quote=True)
