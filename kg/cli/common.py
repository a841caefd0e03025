"""What every command shares: messages to stderr, errors as one line and an exit code, dates."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from kg.errors import KgError
from kg.read import parse_date

__all__ = ["say", "date_option", "errors_exit"]


def say(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(message, err=True)


def date_option(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except KgError as exc:
        raise click.BadParameter(exc.message) from None
    return parsed.date() if hasattr(parsed, "date") and callable(parsed.date) else parsed


@contextmanager
def errors_exit() -> Iterator[None]:
    """A library error ends the command with one line on stderr and the error's exit code."""
    try:
        yield
    except KgError as exc:
        say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
