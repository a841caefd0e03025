"""``kg show``: picks the articles and where their pages go; what a page shows is
``load_articles`` and ``render_page``'s business (``kg.show``)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kg.errors import ExitCode, KgError
from kg.files import atomic_writer
from kg.show import ArticlePage, load_articles, render_page

__all__ = ["show_cmd"]


def _choices(pages: list[ArticlePage]) -> str:
    return "\n".join(f"  {p.stem}\t{p.iri}\t{p.headline or ''}" for p in pages)


def _select(pages: list[ArticlePage], wanted: str) -> ArticlePage | None:
    for p in pages:
        if wanted in (str(p.iri), p.stem, p.identifier, str(p.iri).rsplit("/", 1)[-1]):
            return p
    return None


def _readable(path: Path) -> None:
    """Pages are for reading: the umask's permissions, not the temporary file's 0600."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(int(ExitCode.ERROR))


@click.command("show")
@click.argument("input_path", metavar="INPUT")
@click.option("-o", "--output", default=None,
              help="Page to write (.html), or a folder for one page per article; default: stdout.")
@click.option("--article", "wanted", default=None, metavar="IRI_OR_ID",
              help="The article to show when INPUT holds several (IRI, ID or page name).")
@click.option("--kb", type=click.Path(dir_okay=False), default=None,
              help="Raw articles only: link entities to Wikidata with this knowledge base.")
@click.option("--model", default=None, help="Raw articles only: the spaCy model.")
def show_cmd(input_path: str, output: str | None, wanted: str | None, kb: str | None, model: str | None) -> None:
    """Write a self-contained HTML page per article: highlighted text, event timeline, actor
    graph (inline SVG) and quotations, all read from the RDF graph.

    INPUT is an export (folder, .trig, .ttl) or raw articles (.txt, .json, .jsonl, .html),
    which are run through the pipeline first (not validated)."""
    errors: list[KgError] = []

    def on_error(exc: KgError) -> None:
        errors.append(exc)
        click.echo(f"error: {exc}", err=True)

    try:
        pages = load_articles(input_path, kb=kb, model=model, on_error=on_error,
                              on_note=lambda note: click.echo(f"note: {note}", err=True))
    except KgError as exc:
        _fail(str(exc))
    if not pages:
        _fail(f"no articles in {input_path}")

    if wanted is not None:
        page = _select(pages, wanted)
        if page is None:
            _fail(f"no article {wanted!r} in {input_path}; the articles are:\n{_choices(pages)}")
        pages = [page]

    to_folder = output not in (None, "-") and (
        Path(output).is_dir() or output.endswith(("/", "\\"))
        or Path(output).suffix.lower() not in (".html", ".htm", ".xhtml"))
    if not to_folder and len(pages) > 1:
        _fail(f"{input_path} holds {len(pages)} articles; pick one with --article or give -o a folder. "
              f"The articles are:\n{_choices(pages)}")

    if output in (None, "-"):
        click.echo(render_page(pages[0]), nl=False)
    else:
        for page in pages:
            path = Path(output) / f"{page.stem}.html" if to_folder else Path(output)
            try:
                with atomic_writer(path) as fh:
                    fh.write(render_page(page))
            except KgError as exc:
                _fail(str(exc))
            _readable(path)
            click.echo(f"{path}: {len(page.events)} events, {len(page.quotations)} quotations, "
                       f"{len(page.entities)} entities", err=True)
    if errors:
        sys.exit(int(ExitCode.ERROR))
