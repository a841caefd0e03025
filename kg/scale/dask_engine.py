"""Scale-out on Dask: input partitions in, one N-Quads shard per partition out.

Each partition is a file, or a byte range of a large JSON Lines file, so no process ever holds
the corpus. The spaCy model is loaded once per worker process (a module-level cache, never
pickled: see TRAPS.md). A shard is named after its partition and written to a temporary name,
then renamed, so a retried task rewrites its own shard and nothing is duplicated; an article
given twice is kept where it first appears, as in the single-process engine; the manifest lists
the shards with their counts.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.errors import KgError
from kg.files import atomic_writer, remove_unlisted, write_json
from kg.model import Document
from kg.pipeline import SHARDS_DIR, TRIG_NAME
from kg.rdf.write import graph_as_nquads
from kg.read import DEFAULT_MAX_BYTES, format_of, read_paths

__all__ = ["Partition", "plan_partitions", "process_partition", "drop_later_copies", "export_dask", "SHARDS_DIR"]

DEFAULT_PARTITION_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Partition:
    index: int
    path: str
    start: int = 0
    end: int | None = None  # None: the whole file

    @property
    def name(self) -> str:
        key = f"{self.path}|{self.start}|{self.end}"
        return f"part-{self.index:05d}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"


def plan_partitions(inputs: list[str], partition_bytes: int = DEFAULT_PARTITION_BYTES) -> list[Partition]:
    """Files in a stable order; plain .jsonl files larger than ``partition_bytes`` split into byte ranges."""
    files: list[str] = []
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            files += [str(f) for f in sorted(p.rglob("*")) if f.is_file() and format_of(f) is not None
                      and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        else:
            files.append(raw)
    parts: list[Partition] = []
    for f in files:
        size = os.path.getsize(f) if os.path.isfile(f) else 0
        if f.endswith((".jsonl", ".ndjson")) and size > partition_bytes:
            for start in range(0, size, partition_bytes):
                parts.append(Partition(len(parts), f, start, min(start + partition_bytes, size)))
        else:
            parts.append(Partition(len(parts), f))
    return parts


def _range_documents(part: Partition, max_bytes: int) -> Iterator[Document | KgError]:
    """The records whose line starts inside [start, end): a line straddling a boundary belongs to
    the partition where it starts."""
    from kg.read.json_records import jsonl_record

    with open(part.path, "rb") as fh:
        fh.seek(part.start)
        if part.start > 0:
            fh.seek(part.start - 1)
            if fh.read(1) != b"\n":
                fh.readline()  # the rest of a line that began in the previous partition
        while fh.tell() < (part.end or 0):
            offset = fh.tell()
            raw = fh.readline(max_bytes + 1)
            if not raw:
                break
            where = f"{part.path}@{offset}"
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(1 << 20)
                yield KgError(f"line larger than --max-bytes ({max_bytes} bytes)", where)
                continue
            try:
                yield from jsonl_record(raw.decode("utf-8").rstrip("\r\n"), where)
            except UnicodeDecodeError as exc:
                yield KgError(f"not valid UTF-8 at byte {exc.start} of the line", where)


_EXPORTERS: dict[tuple, object] = {}  # per worker process: the model is loaded once, never shipped


def _exporter(options: dict):
    from kg.pipeline import Exporter

    key = tuple(sorted(options.items()))
    if key not in _EXPORTERS:
        _EXPORTERS[key] = Exporter(**options)
    return _EXPORTERS[key]


def process_partition(part: Partition, out_dir: str, options: dict, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Export one partition into its own shard; safe to run twice (same name, temp and rename).
    ``graphs`` lists (article IRI, source, triples, violations) for the driver's duplicate pass."""
    from kg.pipeline import first_copies
    from kg.validate import validate_graph

    exporter = _exporter(options)
    errors: list[str] = []
    warnings: list[str] = []
    items = _range_documents(part, max_bytes) if part.end is not None else read_paths([part.path], max_bytes=max_bytes)

    def failed(exc: KgError) -> None:
        errors.append(str(exc))

    shard = Path(out_dir) / SHARDS_DIR / f"{part.name}.nq"
    graphs: list[tuple[str, str, int, int]] = []
    with atomic_writer(shard) as fh:
        for x, graph in exporter.graphs(first_copies(exporter.screened(items, failed, warnings.append), exporter.minter,
                                                     warnings.append), failed):
            fh.write(graph_as_nquads(graph))
            violations = len(validate_graph(graph, exporter.shapes, fast=True).violations) if exporter.validate else 0
            graphs.append((str(graph.identifier), x.document.source, len(graph), violations))
    return {"partition": asdict(part), "shard": str(shard.relative_to(out_dir)), "articles": len(graphs),
            "triples": sum(g[2] for g in graphs), "violations": sum(g[3] for g in graphs), "errors": errors,
            "warnings": warnings, "graphs": graphs}


def drop_later_copies(out_dir: Path, results: list[dict]) -> None:
    """An article in two partitions stays in the first one's shard only, as the single-process
    engine keeps the first copy: the later shards are rewritten without its graph (temp, rename)."""
    from kg.pipeline import duplicate_note

    first: dict[str, str] = {}
    for r in sorted(results, key=lambda r: r["partition"]["index"]):
        doomed: set[str] = set()
        for iri, source, triples, violations in r.pop("graphs"):
            if iri not in first:
                first[iri] = source
                continue
            doomed.add(iri)
            r["warnings"].append(f"{source}: {duplicate_note(first[iri])}")
            r["articles"], r["triples"], r["violations"] = r["articles"] - 1, r["triples"] - triples, \
                r["violations"] - violations
        if doomed:
            _drop_graphs(out_dir / r["shard"], doomed)


def _drop_graphs(shard: Path, iris: set[str]) -> None:
    endings = tuple(f" <{iri}> .\n" for iri in iris)
    with open(shard, encoding="utf-8") as src, atomic_writer(shard) as out:
        for line in src:
            if not line.endswith(endings):
                out.write(line)


def export_dask(inputs: list[str], out_dir: Path, options: dict, scheduler: str | None = None, workers: int = 2,
                partition_bytes: int = DEFAULT_PARTITION_BYTES, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    """Run every partition as a Dask task on ``scheduler`` (an address) or a local cluster of
    ``workers`` processes; returns the manifest, also written as ``manifest.json``."""
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = plan_partitions(inputs, partition_bytes)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        bag = db.from_sequence(parts, npartitions=max(1, len(parts)))
        results = bag.map(process_partition, str(out_dir), options, max_bytes).compute()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    results.sort(key=lambda r: r["partition"]["index"])
    drop_later_copies(out_dir, results)
    _copy_vocabularies(out_dir)
    stale = remove_unlisted(out_dir, (f"{SHARDS_DIR}/*.nq", "articles/*.ttl", TRIG_NAME), {r["shard"] for r in results})
    earlier = [f"{out_dir}: removed {len(stale)} files of an earlier export that this one does not hold"] if stale else []
    manifest = {"engine": "dask", "scheduler": scheduler or f"LocalCluster({workers} processes)",
                "partitions": len(parts), "shards": results,
                "articles": sum(r["articles"] for r in results), "triples": sum(r["triples"] for r in results),
                "violations": sum(r["violations"] for r in results),
                "errors": [e for r in results for e in r["errors"]],
                "warnings": [w for r in results for w in r["warnings"]] + earlier,
                "seconds": round(time.perf_counter() - started, 2)}
    write_json(out_dir / "manifest.json", manifest)
    return manifest


def _copy_vocabularies(out_dir: Path) -> None:
    from kg.rdf.vocab import ONTOLOGY_FILE, PLOVER_FILE

    for src in (ONTOLOGY_FILE, PLOVER_FILE):
        with atomic_writer(out_dir / "ontology" / src.name, "wb") as fh:
            fh.write(src.read_bytes())
