"""Plain text and Markdown articles: the first line is the title when it reads like one."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document
from kg.read.decode import Result

__all__ = ["read_text", "read_markdown", "split_title"]

_TITLE_MAX_CHARS = 200


def read_text(text: str, name: str, markdown: bool = False) -> Iterator[Result]:
    title, body = split_title(text, markdown)
    if not body.strip():
        yield InputError("no article text after the title line", name)
        return
    yield Document(text=body, id=Path(name).name.split(".")[0] if name != "<stdin>" else None,
                   title=title, source=name)


def read_markdown(text: str, name: str) -> Iterator[Result]:
    return read_text(text, name, markdown=True)


def split_title(text: str, markdown: bool = False) -> tuple[str | None, str]:
    """The first line is the title when it reads like one: short, not a sentence, text after it."""
    stripped = text.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    candidate = first.strip()
    if markdown:
        candidate = candidate.lstrip("#").strip()
    looks_like_title = (
        0 < len(candidate) <= _TITLE_MAX_CHARS
        and rest.strip() != ""
        and not candidate.endswith((".", ",", ";", ":"))
        and len(candidate.split()) <= 30
    )
    if not looks_like_title:
        return None, text
    return candidate, rest.lstrip("\n")
