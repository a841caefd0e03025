"""What every command shares: messages to stderr, errors as one line and an exit code, dates."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import click

from kg.errors import KgError
from kg.read import parse_date

__all__ = ["say", "date_option", "errors_exit", "rdf_format_option", "rdf_format_callback"]


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


def rdf_format_callback(_ctx, _param, value: str | None) -> str | None:
    from kg.rdf.write import format_named

    if value is None:
        return None
    if (fmt := format_named(value)) is None:
        raise click.BadParameter(f"{value!r} is not an RDF format (turtle, trig, nquads, nt, json-ld, xml, "
                                 "an extension or a media type)")
    return fmt


rdf_format_option = click.option(
    "--data-format", "rdf_format", default=None, metavar="FORMAT", callback=rdf_format_callback,
    help="RDF format of stdin (-) or of files without a known extension: turtle, trig, nquads, nt, json-ld, xml "
         "(default: sniffed).")
