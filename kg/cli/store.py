"""``kg push``, ``kg query`` and ``kg serve``: the graphs in a SPARQL store."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.common import errors_exit, rdf_format_option
from kg.cli.common import say as _say
from kg.errors import KgError

__all__ = ["push_cmd", "query_cmd", "serve_cmd", "push_paths"]


def _endpoint_options(f):
    for option in reversed([
        click.option("--endpoint", required=True, metavar="URL",
                     help="The store's SPARQL endpoint (Oxigraph .../query, Virtuoso .../sparql, ...)."),
        click.option("--update-url", default=None, metavar="URL", help="SPARQL Update URL if not derivable."),
        click.option("--gsp-url", default=None, metavar="URL", help="Graph Store Protocol URL if not derivable."),
        click.option("--auth", "auth_kind", type=click.Choice(["basic", "digest"]), default=None,
                     help="How to send KG_USER/KG_PASSWORD (or ~/.netrc); KG_TOKEN is sent as a bearer token."),
        click.option("--insecure", is_flag=True, help="Do not verify TLS certificates."),
        click.option("--follow-redirects", is_flag=True,
                     help="Follow a redirect to the same host and port (same method and body); others are errors."),
        click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True,
                     help="Graph Store Protocol PUT per graph, or SPARQL Update (DROP + INSERT DATA, "
                          "whole graphs per request)."),
        click.option("--max-request-bytes", default=1_000_000, show_default=True,
                     help="Largest SPARQL Update request body."),
        click.option("--max-request-triples", type=int, default=None,
                     help="Most triples in one SPARQL Update request (Virtuoso refuses large ones) "
                          "[default: 5000 for Oxigraph, else 500]."),
        click.option("--connections", type=click.IntRange(1, 16), default=None,
                     help="Requests in flight at once, each on its own kept-alive connection "
                          "[default: 2 for Oxigraph, else 1]."),
        click.option("--state", "state_file", type=click.Path(dir_okay=False, path_type=Path),
                     default=Path(".kg-push-state.json"), show_default=True,
                     help="Remembers what was pushed, so a re-run pushes only missing or changed graphs."),
        click.option("--verify", is_flag=True, help="Count each graph's triples on the server after pushing."),
        click.option("--force", is_flag=True, help="Push every graph even if the state file says it is there."),
    ]):
        f = option(f)
    return f


def push_paths(paths: list[str], endpoint: str, update_url, gsp_url, auth_kind, insecure, method, max_request_bytes,
          state_file, verify, force, quiet: bool = False, max_request_triples: int | None = None,
          rdf_format: str | None = None, follow_redirects: bool = False, connections: int | None = None) -> None:
    from kg.rdf.named_graphs import iter_named_graphs
    from kg.store.push import Endpoint, Pusher

    ep = Endpoint.for_server(endpoint, update_url, gsp_url, auth_kind, insecure, follow_redirects)
    pusher = Pusher(ep, method, max_request_bytes, state_file, max_request_triples, connections=connections)
    report = pusher.push(iter_named_graphs(paths, rdf_format), verify=verify, force=force)
    _say(f"{len(report.pushed)} graphs pushed ({report.triples} triples, {report.requests} requests, "
         f"method {pusher.method}), {len(report.unchanged)} unchanged, in {report.seconds:.1f}s"
         + (f"; verified {len(report.verified)} graphs" if verify else ""), quiet)


@click.command("push")
@click.argument("data", nargs=-1, required=True)
@_endpoint_options
@rdf_format_option
def push_cmd(data: tuple[str, ...], **options) -> None:
    """Push exported graphs (an export folder, .trig, .nq or .ttl files, - for stdin) to a SPARQL store, replacing
    each article's named graph, so pushing again never duplicates anything.

    Credentials: KG_USER and KG_PASSWORD (with --auth basic|digest), KG_TOKEN, or ~/.netrc."""
    with errors_exit():
        push_paths(list(data), **options)


@click.command("query")
@click.argument("args", nargs=-1)
@click.option("-f", "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Read the query from a file (e.g. queries/who-said-what.rq).")
@click.option("--endpoint", default=None, metavar="URL", help="Query this SPARQL endpoint instead of files.")
@click.option("--follow-redirects", is_flag=True,
              help="With --endpoint: follow a redirect to the same host and port; others are errors.")
@click.option("-o", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True, help="Result format for SELECT.")
@rdf_format_option
def query_cmd(args: tuple[str, ...], query_file: Path | None, endpoint: str | None, follow_redirects: bool,
              fmt: str, rdf_format: str | None) -> None:
    """Run SPARQL over exported files (kg query QUERY DATA... or -f FILE DATA...; - reads DATA from
    stdin) with an embedded Oxigraph, or over --endpoint URL. CONSTRUCT/DESCRIBE print N-Triples."""
    from kg.store.query import query_endpoint, query_files, read_query, render

    with errors_exit():
        text, data = (None, list(args)) if query_file else ((args[0] if args else None), list(args[1:]))
        query = read_query(text, query_file)
        if endpoint:
            result = query_endpoint(query, endpoint, follow_redirects)
        elif data:
            result = query_files(query, data, rdf_format)
        else:
            raise KgError("give exported files to query or --endpoint URL")
    text = render(result, fmt)
    click.echo(text, nl=not text.endswith("\n"))


@click.command("serve")
@click.argument("data", nargs=-1, required=True)
@click.option("--port", type=int, default=None, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--location", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Keep the store in this folder (default: a temporary one).")
@click.option("--writable", is_flag=True, help="Accept SPARQL Update and Graph Store writes (default: read-only).")
def serve_cmd(data: tuple[str, ...], port: int | None, location: Path | None, writable: bool) -> None:
    """Load an export into an Oxigraph store and serve it on 127.0.0.1 with Oxigraph's query page."""
    from kg.store.serve import serve

    with errors_exit():
        serve(list(data), port, location, say=lambda m: click.echo(m), writable=writable)
