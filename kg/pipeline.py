"""The pipeline: read -> annotate -> extract -> link -> map -> validate -> write.

``Exporter.graphs`` is the library entry point (documents in, graphs out);
``Exporter.export`` adds reading files and writing an export folder, one batch at a time.
"""
from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph
from spacy.tokens import Doc

from kg.annotate import LONG_ARTICLE_CHARS, load_model, model_label, parse_long
from kg.errors import ExitCode, InputError, KgError
from kg.extract import extract
from kg.files import (BackgroundWriter, atomic_writer, background_writer, make_folder, remove_stale_parts,
                      remove_unlisted, write_json)
from kg.link import make_linker
from kg.model import Document, Extraction
from kg.rdf.iris import IriMinter
from kg.rdf.mapping import RunInfo, map_extraction, map_triples
from kg.rdf.vocab import DATA, ONTOLOGY_FILE, PLOVER_FILE
from kg.rdf.write import graph_as_turtle, turtle_as_trig
from kg.read import DEFAULT_MAX_BYTES, read_paths
from kg.validate import Report, load_shapes, validate_graph

__all__ = ["Exporter", "ExportResult", "ArticleResult", "Exported", "Producer", "export", "TRIG_NAME", "MANIFEST_NAME",
           "SHARDS_DIR"]

TRIG_NAME = "newskg.trig"
SHARDS_DIR = "shards"  # the Dask engine's N-Quads, one per input partition
MANIFEST_NAME = "manifest.json"
ErrorHandler = Callable[[KgError], None]
DEFAULT_ARTICLE_TIMEOUT = 60.0


@dataclass
class ArticleResult:
    source: str
    iri: str
    file: str
    triples: int
    events: int
    quotations: int
    entities: int


@dataclass
class Exported:
    """One article mapped, serialised and checked, ready to be written: what a worker process
    sends back (plain data, picklable), so every engine writes through the same code."""

    source: str
    doc_id: str | None
    iri: str
    turtle: str
    triples: int
    events: int
    quotations: int
    entities: int
    report: Report | None = None


Producer = Callable[[Iterable[Document], ErrorHandler], Iterable[Exported]]


@dataclass
class ExportResult:
    articles: list[ArticleResult] = field(default_factory=list)
    errors: list[KgError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    seconds: float = 0.0
    validated: bool = True

    @property
    def triples(self) -> int:
        return sum(a.triples for a in self.articles)

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.ERROR
        if self.validated and not self.report.conforms():
            return ExitCode.NOT_CONFORMING
        return ExitCode.OK


class Exporter:
    """Holds what is loaded once per process: the spaCy model, the shapes, the IRI minter."""

    def __init__(self, model: str | None = None, base: str = str(DATA), batch_size: int = 32,
                 validate: bool = True, shapes: list[str] | None = None, kb: str | Path | None = None,
                 link_threshold: float | None = None, online: str | None = None,
                 article_timeout: float = DEFAULT_ARTICLE_TIMEOUT, link: bool = True) -> None:
        # what another process needs to build the same exporter (kg.scale.processes, spawned)
        self.options = {"model": model, "base": base, "batch_size": batch_size, "validate": validate,
                        "shapes": shapes, "kb": kb, "link_threshold": link_threshold, "online": online,
                        "article_timeout": article_timeout, "link": link}
        self.article_timeout = article_timeout
        self.nlp = load_model(model)
        self.linker = self._linker()
        self.minter = IriMinter(base)
        self.batch_size = batch_size
        self.validate = validate
        self.shapes = load_shapes(shapes) if validate else None
        from kg import __version__

        self.run = RunInfo(software_version=__version__, model=model_label(self.nlp), base=self.minter.base)

    def _linker(self):
        o = self.options
        return make_linker(o["kb"], o["link_threshold"], o["online"]) if o["link"] else None

    def reopen(self) -> None:
        """Open again what a forked process must not share with its parent: the knowledge
        base's SQLite connection (SQLite forbids using a connection across fork)."""
        self.linker = self._linker()

    def extractions(self, documents: Iterable[Document], on_error: ErrorHandler | None = None) -> Iterator[Extraction]:
        """Extractions in input order; an article whose parse and extraction outlast
        ``article_timeout`` is reported to ``on_error`` and skipped, the rest go on. A long article
        is parsed on its own, in pieces, inside its time limit; the others in batches."""
        for spacy_doc, document in self._parsed(documents):
            try:
                with time_limit(self.article_timeout, document.source):
                    if spacy_doc is None:
                        spacy_doc = parse_long(self.nlp, document.text)
                    x = extract(document, spacy_doc)
                    if self.linker is not None:
                        self.linker.link(x, document.text)
            except KgError as exc:
                if on_error is None:
                    raise
                on_error(exc)
                continue
            yield x

    def _parsed(self, documents: Iterable[Document]) -> Iterator[tuple[Doc | None, Document]]:
        """(Doc, document) in input order; None for a long article, which ``extractions`` parses."""
        batch: list[Document] = []
        for document in documents:
            if len(document.text) > LONG_ARTICLE_CHARS:
                yield from self._batch(batch)
                batch = []
                yield None, document
                continue
            batch.append(document)
            if len(batch) == self.batch_size:
                yield from self._batch(batch)
                batch = []
        yield from self._batch(batch)

    def _batch(self, batch: list[Document]) -> Iterator[tuple[Doc, Document]]:
        pairs = ((d.text, d) for d in batch)
        yield from self.nlp.pipe(pairs, as_tuples=True, batch_size=self.batch_size)

    def screened(self, items: Iterable[Document | KgError], on_error: ErrorHandler,
                 warn: Callable[[str], None]) -> Iterator[Document]:
        """The documents the pipeline can take, from what a reader gave: its errors, and an article
        longer than the model takes, go to ``on_error``; its notes on what it left out are warnings.
        Both engines (one process, Dask partitions) read through it, so they report alike."""
        for item in items:
            if isinstance(item, Document) and len(item.text) > self.nlp.max_length:
                item = InputError(f"article of {len(item.text)} characters is longer than the model takes "
                                  f"({self.nlp.max_length}); split it into parts", item.source)
            if isinstance(item, KgError):
                on_error(item)
                continue
            for note in item.notes:
                warn(f"{item.source}: {note}")
            yield item

    def graphs(self, documents: Iterable[Document],
               on_error: ErrorHandler | None = None) -> Iterator[tuple[Extraction, Graph]]:
        for x in self.extractions(documents, on_error):
            yield x, map_extraction(x, self.minter, self.run)

    def exported(self, documents: Iterable[Document], on_error: ErrorHandler) -> Iterator[Exported]:
        """Each article's graph as Turtle, with its counts and (fast) validation report. The graph
        is made once, as its statements (``map_triples``): no rdflib store unless pySHACL or
        rdflib's writer needs one."""
        for x in self.extractions(documents, on_error):
            graph = map_triples(x, self.minter, self.run)
            report = validate_graph(graph, self.shapes, fast=True) if self.validate else None
            yield Exported(source=x.document.source, doc_id=x.document.id, iri=str(graph.identifier),
                           turtle=graph_as_turtle(graph), triples=len(graph), events=len(x.events),
                           quotations=len(x.quotations), entities=len(x.entities), report=report)

    def export(self, inputs: Iterable[str], out_dir: Path, published: date | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, encoding: str | None = None,
               on_error: ErrorHandler | None = None, on_warning: Callable[[str], None] | None = None,
               on_article: Callable[[ArticleResult], None] | None = None,
               producer: Producer | None = None) -> ExportResult:
        """Read ``inputs``, export each article into ``out_dir`` in input order. ``producer``
        turns documents into ``Exported`` articles (default ``self.exported``, in this process;
        ``kg.scale.processes`` gives one over worker processes)."""
        started = time.perf_counter()
        result = ExportResult(validated=self.validate)

        def warn(message: str) -> None:
            result.warnings.append(message)
            if on_warning:
                on_warning(message)

        def failed(exc: KgError) -> None:
            result.errors.append(exc)
            if on_error:
                on_error(exc)

        documents = self.screened(read_paths(inputs, published=published, max_bytes=max_bytes, encoding=encoding),
                                  failed, warn)
        make_folder(out_dir)
        remove_stale_parts(out_dir)
        names: set[str] = set()
        # the article files are written beside this thread (their fsync is the disk's time, not
        # ours) and are all whole before the TriG file is renamed into place, as before
        with atomic_writer(out_dir / TRIG_NAME) as trig, background_writer() as files:
            for item in (producer or self.exported)(first_copies(documents, self.minter, warn), failed):
                article = self._write_article(item, out_dir, names, files)
                trig.write(turtle_as_trig(item.iri, item.turtle))
                if item.report is not None:  # fast: the offset constraints in Python, the same findings (tested)
                    result.report.extend(item.report)
                result.articles.append(article)
                if on_article:
                    on_article(article)
        self._write_vocabularies(out_dir)
        self._write_manifest(result, out_dir)
        _remove_stale_articles(out_dir, {a.file for a in result.articles}, warn)
        result.seconds = time.perf_counter() - started
        return result

    @staticmethod
    def _write_article(item: Exported, out_dir: Path, names: set[str], files: BackgroundWriter) -> ArticleResult:
        name = _file_stem(item.doc_id, item.iri)
        if name in names:
            name = f"{name}-{item.iri.rsplit('/', 1)[-1][:10]}"
        names.add(name)
        path = out_dir / "articles" / f"{name}.ttl"
        files.write_text(item.turtle, path)
        return ArticleResult(source=item.source, iri=item.iri, file=str(path.relative_to(out_dir)),
                             triples=item.triples, events=item.events, quotations=item.quotations,
                             entities=item.entities)

    @staticmethod
    def _write_vocabularies(out_dir: Path) -> None:
        for src in (ONTOLOGY_FILE, PLOVER_FILE):
            with atomic_writer(out_dir / "ontology" / src.name, "wb") as fh:
                fh.write(src.read_bytes())

    def _write_manifest(self, result: ExportResult, out_dir: Path) -> None:
        manifest = {"software_version": self.run.software_version, "model": self.run.model,
                    "base": self.run.base, "articles": [a.__dict__ for a in result.articles],
                    "errors": [str(e) for e in result.errors], "warnings": result.warnings}
        write_json(out_dir / MANIFEST_NAME, manifest)


def _remove_stale_articles(out_dir: Path, written: set[str], warn: Callable[[str], None]) -> None:
    """An export folder's articles/ holds this export's articles only: files a previous export
    (or a killed one) left there, which the new manifest does not list, are removed, so the
    folder, its TriG file and its manifest say the same (issue 19, point 10); so are the shards
    of an earlier export by the Dask engine."""
    stale = remove_unlisted(out_dir, ("articles/*.ttl", f"{SHARDS_DIR}/*.nq"), written)
    if stale:
        folders = ", ".join(sorted({str(p.parent) for p in stale}))
        warn(f"{folders}: removed {len(stale)} files of an earlier export that this one does not hold")


def first_copies(documents: Iterable[Document], minter: IriMinter, warn: Callable[[str], None]) -> Iterator[Document]:
    """Each article once, its first copy: one article, one graph, even if input twice (same IRI:
    same URL, or same text without one); later copies are skipped with a warning."""
    seen: dict[str, str] = {}  # article IRI -> source
    for doc in documents:
        iri = str(minter.article(doc))
        if iri in seen:
            warn(f"{doc.source}: {duplicate_note(seen[iri])}")
            continue
        seen[iri] = doc.source
        yield doc


def duplicate_note(first: str) -> str:
    """The warning for an article given again (same IRI: same URL, or same text without one)."""
    return f"same article (URL or text) as {first}; skipped, the first one is kept"


class ArticleTimeout(KgError):
    code = "E003"


@contextmanager
def time_limit(seconds: float, where: str) -> Iterator[None]:
    """Stop one article's extraction after ``seconds`` (main thread only; elsewhere no limit)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(_signum, _frame):
        raise ArticleTimeout(f"parsing and extraction took longer than {seconds:g}s (--article-timeout); skipped", where)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _file_stem(doc_id: str | None, iri: str) -> str:
    if doc_id:
        stem = re.sub(r"[^\w.-]+", "_", doc_id, flags=re.ASCII).strip("._")[:80]
        if stem:
            return stem
    return iri.rsplit("/", 1)[-1]


def export(inputs: Iterable[str], out_dir: str | Path, **options) -> ExportResult:
    """Export articles from files/folders into ``out_dir`` with default settings (library shortcut)."""
    export_keys = {"published", "max_bytes", "encoding", "on_error", "on_warning", "on_article"}
    exporter = Exporter(**{k: v for k, v in options.items() if k not in export_keys})
    return exporter.export(inputs, Path(out_dir), **{k: v for k, v in options.items() if k in export_keys})


