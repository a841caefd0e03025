"""``kg kb``: the local Wikidata knowledge base the linker reads."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from kg.cli.common import errors_exit
from kg.cli.common import say as _say
from kg.errors import ExitCode

__all__ = ["kb_group"]


@click.group("kb")
def kb_group() -> None:
    """Build and inspect the local Wikidata knowledge base used for linking."""


PRESETS = ("news",)  # kg.link.kb.presets.PRESETS (a test checks they agree), so --help imports no library


@kb_group.command("build")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The knowledge-base file to write (SQLite).")
@click.option("--types", "keep_types", default=None,
              help="Keep only these coarse types, comma-separated (Person,Organization,Location,Group,Other).")
@click.option("--preset", type=click.Choice(PRESETS), default=None,
              help="Keep only a selection of full Wikidata JSON dumps (news: people with a position, team or "
                   "employer, organisations, populous places, items with many sitelinks; thresholds in "
                   "kg/link/kb/presets.py). Resumable: run the same command again after a crash or Ctrl-C and "
                   "it goes on where it stopped.")
def kb_build_cmd(sources: tuple[str, ...], output: Path, keep_types: str | None, preset: str | None) -> None:
    """Build a knowledge base from Wikidata JSON dumps (.json, .json.bz2/.gz), RDF (.ttl, .nt; dump or
    query-service shape), a SPARQL endpoint URL (CONSTRUCT) or a TSV (qid, label, aliases, types).

    With --preset the sources are full JSON dumps (latest-all.json.bz2), read as a stream with
    progress on stderr (items read, kept, items/s) and a checkpoint every 100,000 lines in
    .OUTPUT.partial beside the output, which is renamed into place when complete."""
    from kg.link.kb.build import build_kb
    from kg.link.kb.preset_build import build_preset
    from kg.link.kb.presets import preset_named

    types = keep_types.split(",") if keep_types else None
    with errors_exit():
        if preset:
            try:
                stats = build_preset(list(sources), output, preset_named(preset), types, on_progress=_progress())
            except KeyboardInterrupt:
                _say("\ninterrupted: run the same command again to go on from the last checkpoint")
                sys.exit(ExitCode.INTERRUPTED)
        else:
            stats = build_kb(list(sources), output, types, on_progress=lambda msg: _say(msg))
    _say(f"{stats} -> {output}")


@kb_group.command("fetch")
@click.option("--preset", type=click.Choice(PRESETS), required=True,
              help="The selection to fetch (news: as for `kg kb build --preset news`).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The knowledge-base file to write (SQLite).")
@click.option("--endpoint", default="https://query.wikidata.org/sparql", show_default=True,
              help="A SPARQL endpoint in the Wikidata query service's RDF shape.")
@click.option("--page-size", type=click.IntRange(1, 100_000), default=5_000, show_default=True,
              help="Items per CONSTRUCT query (keep each query well inside the service's 60 s).")
@click.option("--types", "keep_types", default=None,
              help="Keep only these coarse types, comma-separated (Person,Organization,Location,Group,Other).")
def kb_fetch_cmd(preset: str, output: Path, endpoint: str, page_size: int, keep_types: str | None) -> None:
    """Build a knowledge base from a SPARQL query service: the preset's selection, by paged CONSTRUCT
    queries, one at a time, each with a 60 s timeout, waiting out HTTP 429 (Retry-After). The base is
    written under a temporary name and renamed when complete; a failed page leaves no base."""
    from kg.link.kb.fetch import fetch_kb
    from kg.link.kb.presets import preset_named

    with errors_exit():
        stats = fetch_kb(endpoint, output, preset_named(preset), page_size=page_size,
                         keep_types=keep_types.split(",") if keep_types else None, on_progress=_progress())
    _say(f"{stats} -> {output}")


def _progress() -> Callable[[str], None]:
    """Progress lines on stderr; on a terminal each progress line overwrites the last (a one-line
    progress display), and other messages start a line of their own below it."""
    if not sys.stderr.isatty():
        return lambda msg: _say(msg)
    open_line = False

    def show(msg: str) -> None:
        nonlocal open_line
        progress = ": line " in msg or msg.startswith("page ")
        sys.stderr.write(("\r\x1b[K" + msg) if progress else (("\n" if open_line else "") + msg + "\n"))
        sys.stderr.flush()
        open_line = progress

    return show
