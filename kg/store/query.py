"""SPARQL over exported files (embedded Oxigraph) or over an endpoint, results as a table, CSV, TSV or JSON."""
from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.rdf.named_graphs import iter_named_graphs

__all__ = ["QueryError", "Result", "query_files", "query_endpoint", "render", "load_store"]


class QueryError(KgError):
    code = "E060"


READ_ONLY = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass
class Result:
    kind: str  # select | ask | graph
    variables: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    graph: str | None = None  # N-Triples for CONSTRUCT/DESCRIBE


def load_store(paths: list[str], rdf_format: str | None = None) -> ox.Store:
    """An in-memory store holding each graph of the export under its own name, and their union
    as the default graph."""
    store = ox.Store()
    for g in iter_named_graphs(paths, rdf_format):
        data = g.serialize(format="nt").encode("utf-8")
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(g.identifier)))
        # the default graph is the set union: an entity told by two articles matches once
        store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def _term(t) -> str | None:
    if t is None:
        return None
    return t.value


def query_files(query: str, paths: list[str], rdf_format: str | None = None) -> Result:
    store = load_store(paths, rdf_format)
    try:
        res = store.query(query)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(res, ox.QueryBoolean):
        return Result("ask", [], [], boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variables = [v.value for v in res.variables]
        return Result("select", variables, [[_term(sol[v]) for v in variables] for sol in res])
    triples = "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in res)
    return Result("graph", [], [], graph=triples)


def query_endpoint(query: str, url: str, follow_redirects: bool = False) -> Result:
    from SPARQLWrapper import JSON, N3

    sw = _sparql_wrapper(url, follow_redirects)
    sw.setQuery(query)
    sw.setMethod("POST")
    kind = sw.queryType
    if kind not in READ_ONLY:  # POSTed to an update URL, SPARQLWrapper would run it (issue 19, point 5)
        raise QueryError(f"kg query runs read-only queries (SELECT, ASK, CONSTRUCT, DESCRIBE), not {kind}; "
                         "use kg push to change a store", url)
    try:
        if kind in ("CONSTRUCT", "DESCRIBE"):
            sw.setReturnFormat(N3)
            data = sw.query().convert()
            return Result("graph", [], [], graph=data.decode("utf-8") if isinstance(data, bytes) else str(data))
        sw.setReturnFormat(JSON)
        data = sw.query().convert()
    except KgError:
        raise
    except urllib.error.HTTPError as exc:
        body = exc.read(2000).decode("utf-8", "replace").strip()
        raise QueryError(f"{url} answered {exc.code} {exc.reason}: {body[:500]}") from None
    except Exception as exc:  # SPARQLWrapper raises its own hierarchy and urllib's
        raise QueryError(f"{url}: {exc}") from None
    if "boolean" in data:
        return Result("ask", [], [], boolean=bool(data["boolean"]))
    variables = data["head"]["vars"]
    rows = [[b.get(v, {}).get("value") for v in variables] for b in data["results"]["bindings"]]
    return Result("select", variables, rows)


def _sparql_wrapper(url: str, follow_redirects: bool):
    """SPARQLWrapper sending through an opener with newskg's redirect policy: its own goes
    through urllib's global opener, which re-sends a POSTed query as a bodiless GET elsewhere."""
    from SPARQLWrapper import SPARQLWrapper

    from kg.store.redirects import RedirectPolicy

    opener = urllib.request.build_opener(RedirectPolicy(follow_redirects, QueryError, "kg query"))

    class Wrapper(SPARQLWrapper):
        def _query(self):  # noqa: D102 - SPARQLWrapper's one place that opens the connection
            request = self._createRequest()
            return opener.open(request, timeout=self.timeout or None), self.returnFormat

    return Wrapper(url, agent="newskg/0.1 (https://w3id.org/newskg) query")


def render(result: Result, fmt: str) -> str:
    if result.kind == "ask":
        return json.dumps({"boolean": result.boolean}) if fmt == "json" else str(result.boolean).lower()
    if result.kind == "graph":
        return result.graph or ""
    if fmt == "json":
        return json.dumps([dict(zip(result.variables, row)) for row in result.rows], indent=1, ensure_ascii=False)
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
        return out.getvalue()
    return _table(result)


def _table(result: Result) -> str:
    cells = [result.variables] + [["" if v is None else v.replace("\n", " ") for v in row] for row in result.rows]
    widths = [min(60, max(len(r[i]) for r in cells)) for i in range(len(result.variables))]
    lines = ["  ".join(c[:60].ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + f"\n({len(result.rows)} rows)"


def read_query(text: str | None, file: Path | None) -> str:
    if file is not None:
        try:
            return file.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read query: {exc.strerror}", str(file)) from None
    if not text:
        raise QueryError("give a query or -f FILE")
    return text
