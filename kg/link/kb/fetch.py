"""``kg kb fetch --preset NAME``: a preset's selection from a SPARQL query service, page by page.

The Wikidata query service allows one query at a time per client, 60 s per query and 60 s of
query time a minute, and bans clients that ignore its 429s. So the selection is asked for in
PAGES: for each of the preset's rules (``Preset.rules``) a CONSTRUCT whose sub-select takes
``page_size`` items ``ORDER BY ?item LIMIT n OFFSET k`` and whose body gives what the base keeps
about them (labels, aliases, description, sitelinks, P31/P279 and the context facts, one P279
step above their classes), until a page comes back empty. Pages are fetched one after the
other by ``rdf_sources.iter_sparql`` (60 s timeout, 429 + Retry-After waited out, descriptive
User-Agent) and written by ``build.build_from``: under a temporary name, renamed when every page
is in, so a page that fails for good ends the fetch with a ``KbError`` naming the endpoint and
no base. The queries hold only this module's and the preset's QIDs, properties and integers,
spelled through rdflib terms; no user text reaches them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from rdflib import Literal, URIRef

from kg.link.kb.build import BuildStats, build_from
from kg.link.kb.presets import Preset
from kg.link.kb.rdf_sources import CLASS_PROPS, WDT, iter_sparql
from kg.link.kb.store import CONTEXT_PROPS, KbError, KbItem

__all__ = ["fetch_kb", "page_query", "iter_pages", "PAGE_SIZE", "QUERY_TIMEOUT"]

PAGE_SIZE = 5_000
QUERY_TIMEOUT = 60.0  # the query service's own limit per query
PREFIXES = """PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX p: <http://www.wikidata.org/prop/>
PREFIX wikibase: <http://wikiba.se/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
"""
LANGS = ", ".join(Literal(lang).n3() for lang in ("en", "mul"))  # as a SPARQL IN list


def page_query(rule: str, limit: int, offset: int) -> str:
    """One page of one rule: the items ``rule`` selects, in QID order, and what the base keeps."""
    props = " ".join(URIRef(WDT + p).n3() for p in (*CLASS_PROPS, *CONTEXT_PROPS))
    return (PREFIXES + "CONSTRUCT {\n"
            "  ?item rdfs:label ?l ; skos:altLabel ?a ; schema:description ?d ; wikibase:sitelinks ?n ; ?wdt ?o .\n"
            "  ?class wdt:P279 ?parent .\n} WHERE {\n"
            f"  {{ SELECT DISTINCT ?item WHERE {{ {rule} }} ORDER BY ?item LIMIT {int(limit)} OFFSET {int(offset)} }}\n"
            f"  {{ ?item rdfs:label ?l FILTER(LANG(?l) IN ({LANGS})) }}\n"
            f"  UNION {{ ?item skos:altLabel ?a FILTER(LANG(?a) IN ({LANGS})) }}\n"
            f"  UNION {{ ?item schema:description ?d FILTER(LANG(?d) = {Literal('en').n3()}) }}\n"
            "  UNION { ?item wikibase:sitelinks ?n }\n"
            f"  UNION {{ VALUES ?wdt {{ {props} }} ?item ?wdt ?o }}\n"
            "  UNION { ?item wdt:P31 ?class . ?class wdt:P279 ?parent }\n}")


def iter_pages(endpoint: str, preset: Preset, page_size: int = PAGE_SIZE, timeout: float = QUERY_TIMEOUT,
               say: Callable[[str], None] = lambda _msg: None) -> Iterator[KbItem]:
    """Every rule's pages in turn, one query at a time; a rule ends at its first empty page."""
    if page_size < 1:
        raise KbError("the page size must be at least 1", endpoint)
    pages = 0
    for name, rule in preset.rules().items():
        offset = 0
        while True:
            pages += 1
            items = _page(endpoint, page_query(rule, page_size, offset), timeout, f"page {pages} ({name} from {offset})")
            say(f"page {pages}: {name} from {offset:,}: {len(items):,} items")
            if not items:
                break
            yield from items
            offset += page_size


def _page(endpoint: str, query: str, timeout: float, what: str) -> list[KbItem]:
    """One page, whole (a page is a few MB at most), or a KbError saying which page failed."""
    try:
        return list(iter_sparql(endpoint, query, timeout=timeout))
    except KbError as exc:
        raise KbError(f"{what}: {exc.message}", endpoint) from None


def fetch_kb(endpoint: str, out: Path, preset: Preset, page_size: int = PAGE_SIZE,
             keep_types: list[str] | None = None, on_progress: Callable[[str], None] | None = None,
             timeout: float = QUERY_TIMEOUT) -> BuildStats:
    """The preset's selection from ``endpoint`` into a fresh base at ``out``, all or nothing."""
    if not endpoint.startswith(("http://", "https://")):
        raise KbError("the endpoint must be an http(s) URL", endpoint)
    say = on_progress or (lambda _msg: None)
    read = lambda: iter_pages(endpoint, preset, page_size, timeout, say)  # noqa: E731
    return build_from([(endpoint, read)], Path(out), keep_types, say)

