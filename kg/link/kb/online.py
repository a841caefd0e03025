"""Asking the Wikidata query service for what the local base lacks, politely, and keeping the answers.

One request at a time, a descriptive User-Agent, a 60 s timeout, ``Retry-After`` honoured on
429 and backoff on 5xx (the query service bans clients that ignore it). Every answer is
written into the local base, and every name asked is remembered, so a later ``--offline`` run
sees exactly what the online run saw: warm once, commit the base file, run CI offline.
Queries are built from rdflib terms (``Literal(...).n3()``), never by pasting user text.
"""
from __future__ import annotations

import email.utils
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rdflib import Literal, URIRef

from kg.errors import KgError
from kg.labels import normalise_label
from kg.link.kb.store import CONTEXT_PROPS, KbWriter

__all__ = ["WdqsClient", "OnlineError", "WIKIDATA_SPARQL", "USER_AGENT", "names_query", "items_query"]

WIKIDATA_SPARQL = "https://query.wikidata.org/sparql"
USER_AGENT = "newskg/0.1 (https://w3id.org/newskg; news knowledge-graph exporter) python-urllib"
WD = "http://www.wikidata.org/entity/"
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
PREFIX bd: <http://www.bigdata.com/rdf#>
PREFIX mwapi: <https://www.mediawiki.org/ontology#API/>
"""


class OnlineError(KgError):
    code = "E030"


def names_query(names: Iterable[str], limit: int = 100) -> str:
    """Items whose English label or alias is exactly one of ``names``."""
    values = " ".join(Literal(n, lang="en").n3() for n in sorted(set(names)))
    return (PREFIXES + "SELECT DISTINCT ?item WHERE {\n  VALUES ?name { " + values + " }\n"
            "  { ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name }\n}\nLIMIT " + str(int(limit)))


def search_query(name: str, limit: int = 10) -> str:
    """Fuzzy matches through the query service's mwapi EntitySearch (exists only on WDQS)."""
    return (PREFIXES + "SELECT ?item WHERE {\n  SERVICE wikibase:mwapi {\n"
            "    bd:serviceParam wikibase:endpoint \"www.wikidata.org\" ; wikibase:api \"EntitySearch\" ;\n"
            "      mwapi:search " + Literal(name).n3() + " ; mwapi:language \"en\" .\n"
            "    ?item wikibase:apiOutputItem mwapi:item .\n  }\n}\nLIMIT " + str(int(limit)))


def items_query(qids: Iterable[str]) -> str:
    """Everything the base keeps about these items, in the query service's RDF shape."""
    items = " ".join(URIRef(WD + q).n3() for q in sorted(set(qids)))
    props = " ".join(URIRef("http://www.wikidata.org/prop/direct/" + p).n3() for p in ("P31", "P279", *CONTEXT_PROPS))
    return (PREFIXES + "CONSTRUCT {\n  ?item rdfs:label ?l ; skos:altLabel ?a ; schema:description ?d ;\n"
            "        wikibase:sitelinks ?n ; ?wdt ?o .\n  ?o wdt:P279 ?parent .\n} WHERE {\n"
            "  VALUES ?item { " + items + " }\n  VALUES ?wdt { " + props + " }\n"
            "  { ?item rdfs:label ?l FILTER(LANG(?l) = \"en\") }\n"
            "  UNION { ?item skos:altLabel ?a FILTER(LANG(?a) = \"en\") }\n"
            "  UNION { ?item schema:description ?d FILTER(LANG(?d) = \"en\") }\n"
            "  UNION { ?item wikibase:sitelinks ?n }\n"
            "  UNION { ?item ?wdt ?o OPTIONAL { ?o wdt:P279 ?parent FILTER(?wdt = wdt:P31) } }\n}")


@dataclass
class WdqsClient:
    endpoint: str = WIKIDATA_SPARQL
    user_agent: str = USER_AGENT
    timeout: float = 60.0
    max_retries: int = 4
    sleep: Callable[[float], None] = time.sleep

    def request(self, query: str, accept: str) -> bytes:
        """POST one query; waits out 429s (Retry-After) and retries 5xx and connection errors."""
        body = urllib.parse.urlencode({"query": query}).encode()
        delay = 1.0
        for attempt in range(self.max_retries + 1):
            req = urllib.request.Request(self.endpoint, data=body, method="POST", headers={
                "User-Agent": self.user_agent, "Accept": accept,
                "Content-Type": "application/x-www-form-urlencoded"})
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return resp.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 429 or exc.code >= 500:
                    if attempt == self.max_retries:
                        raise OnlineError(f"{self.endpoint} answered {exc.code} {exc.reason} after "
                                          f"{attempt + 1} tries") from None
                    wait = _retry_after(exc.headers.get("Retry-After")) if exc.code == 429 else None
                    self.sleep(wait if wait is not None else delay)
                    delay *= 2
                    continue
                detail = exc.read(500).decode("utf-8", "replace")
                raise OnlineError(f"{self.endpoint} refused the query: {exc.code} {exc.reason}: {detail}") from None
            except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
                if attempt == self.max_retries:
                    raise OnlineError(f"cannot reach {self.endpoint}: {getattr(exc, 'reason', exc)}") from None
                self.sleep(delay)
                delay *= 2
        raise OnlineError(f"no answer from {self.endpoint}")  # pragma: no cover

    def select_items(self, query: str) -> list[str]:
        import json

        data = json.loads(self.request(query, "application/sparql-results+json"))
        qids = []
        for row in data.get("results", {}).get("bindings", []):
            value = row.get("item", {}).get("value", "")
            if value.startswith(WD) and value[len(WD):].startswith("Q"):
                qids.append(value[len(WD):])
        return qids

    def fetch(self, names: list[str], fuzzy: bool = False) -> list:
        """KbItems for the items named exactly (and, with ``fuzzy``, found by EntitySearch)."""
        from kg.link.kb.rdf_sources import iter_rdf

        qids = self.select_items(names_query(names)) if names else []
        if fuzzy:
            for name in names:
                try:
                    qids += self.select_items(search_query(name))
                except OnlineError:
                    break  # a server without the mwapi service (anything but WDQS)
        if not qids:
            return []
        return list(iter_rdf(self.request(items_query(qids), "application/n-triples"), "application/n-triples"))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class OnlineFiller:
    """Before the linker asks the base about names, fetch those never asked before and store them."""

    def __init__(self, kb_path: str, client: WdqsClient, fuzzy: bool = False) -> None:
        self.kb_path = kb_path
        self.client = client
        self.fuzzy = fuzzy

    def fill(self, names: Iterable[str]) -> int:
        import sqlite3

        db = sqlite3.connect(self.kb_path)
        db.execute("CREATE TABLE IF NOT EXISTS asked (norm TEXT PRIMARY KEY)")
        fresh = sorted({n for n in names if normalise_label(n)
                        and not db.execute("SELECT 1 FROM asked WHERE norm = ?", (normalise_label(n),)).fetchone()})
        db.close()
        if not fresh:
            return 0
        items = self.client.fetch(fresh, self.fuzzy)
        writer = KbWriter(self.kb_path)
        writer.add_all(items)
        writer.db.executemany("INSERT OR IGNORE INTO asked VALUES (?)", [(normalise_label(n),) for n in fresh])
        writer.close()
        return len(items)
