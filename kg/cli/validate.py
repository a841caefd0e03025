"""``kg validate``: RDF files against the SHACL shapes, as a gate for CI."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from rdflib import Graph

from kg.cli.common import errors_exit, rdf_format_option
from kg.cli.common import say as _say
from kg.errors import ExitCode, KgError
from kg.files import atomic_writer
from kg.rdf.named_graphs import iter_named_graphs
from kg.validate import SHAPES_FILE, Report, load_shapes, validate_graph
from kg.validate.report import FORMATS as REPORT_FORMATS

__all__ = ["validate_cmd"]


@click.command("validate")
@click.argument("data", nargs=-1, type=click.Path())
@click.option("--endpoint", default=None, metavar="URL",
              help="Validate the article graphs a SPARQL store holds (each graph with an nk:Article), as it returns them.")
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
@click.option("--fast/--full", default=True, show_default=True,
              help="--fast checks in Python what it can decide exactly (mention offsets, counts) and leaves the rest "
                   "to pySHACL (graphs that break other constraints, shapes beyond our subset): the same findings, "
                   "several times faster. --full runs pySHACL on everything.")
@click.option("--union/--per-graph", default=True, show_default=True,
              help="--union judges the graphs as one merged store would: nodes several graphs describe (linked "
                   "entities) are checked on all they say together. --per-graph checks each graph alone.")
@rdf_format_option
@click.option("-q", "--quiet", is_flag=True, help="Print errors only on stderr (the report still goes to stdout).")
def validate_cmd(data: tuple[str, ...], shapes: tuple[str, ...], only_shapes: bool, fmt: str, output: Path | None,
                 fail_on: str, allow_warnings: bool, fast: bool, union: bool, rdf_format: str | None, quiet: bool,
                 endpoint: str | None) -> None:
    """Check RDF files (.ttl .trig .nq .nt .jsonld), folders of them (an export folder: its
    article graphs) or stdin (-) against the SHACL shapes, each named graph on its own.

    Exit code: 0 conforms, 1 does not conform, 2 error (unreadable file, bad syntax, missing shapes).
    """
    import time

    from kg.validate.report import render
    from kg.validate.union import UnionCheck

    started = time.perf_counter()
    report, files = Report(), {}
    try:
        if only_shapes and not shapes:
            raise KgError("--only-shapes needs -s SHAPES")
        shapes_graph = load_shapes(list(shapes) if only_shapes else [str(SHAPES_FILE), *shapes])
        if not data and not endpoint:
            raise KgError("give RDF files, folders, - (stdin) or --endpoint URL")
        merged = UnionCheck(shapes_graph, fast) if union else None
        for path, graph in _graphs(data, rdf_format, endpoint):
            files[str(graph.identifier)] = path
            report.extend(validate_graph(graph, shapes_graph, fast=fast))
            if merged is not None:
                merged.add(graph)
        if merged is not None:
            report = merged.verdict(report)
    except KgError as exc:
        _say(f"error: {exc}")
        sys.exit(int(ExitCode.ERROR))
    text = render(report, fmt, files)
    if output is not None:
        with errors_exit(), atomic_writer(output) as fh:
            fh.write(text + "\n")
    elif text:
        click.echo(text)
    fail_on = "warning" if not allow_warnings else fail_on
    conforms = report.conforms(fail_on)
    _say(f"{'conforms' if conforms else 'does not conform'}: {len(report.violations)} violations, "
         f"{len(report.warnings)} warnings, {len(data) + bool(endpoint)} inputs, {report.graphs} graphs, "
         f"{time.perf_counter() - started:.1f}s", quiet)
    sys.exit(int(ExitCode.OK if conforms else ExitCode.NOT_CONFORMING))


def _graphs(data: tuple[str, ...], rdf_format: str | None, endpoint: str | None) -> Iterator[tuple[str, Graph]]:
    for path in data:
        for graph in iter_named_graphs([path], rdf_format, vocabularies=not Path(path).is_dir()):
            yield path, graph
    if endpoint:
        from kg.store.dump import article_graphs_at

        for graph in article_graphs_at(endpoint):
            yield endpoint, graph
