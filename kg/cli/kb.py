"""``kg kb``: the local Wikidata knowledge base the linker reads."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import errors_exit
from kg.cli.common import say as _say

__all__ = ["kb_group"]


@click.group("kb")
def kb_group() -> None:
    """Build and inspect the local Wikidata knowledge base used for linking."""


@kb_group.command("build")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The knowledge-base file to write (SQLite).")
@click.option("--types", "keep_types", default=None,
              help="Keep only these coarse types, comma-separated (Person,Organization,Location,Group,Other).")
def kb_build_cmd(sources: tuple[str, ...], output: Path, keep_types: str | None) -> None:
    """Build a knowledge base from Wikidata JSON dumps (.json, .json.bz2/.gz), RDF (.ttl, .nt; dump or
    query-service shape), a SPARQL endpoint URL (CONSTRUCT) or a TSV (qid, label, aliases, types)."""
    from kg.link.kb.build import build_kb

    with errors_exit():
        stats = build_kb(list(sources), output, keep_types.split(",") if keep_types else None,
                         on_progress=lambda msg: _say(msg))
    _say(f"{stats} -> {output}")
