"""Fuzz the readers (issue 19): every reader, for every format, gzipped or not, yields only
``Document`` or ``InputError`` for any input (one bad file or record never stops a batch) --
about 2,800 generated cases (tests/fuzz_inputs.py); and the bugs the fuzz found, each a
regression test that failed before its fix."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import Document
from kg.read import SUFFIXES, format_of, read_bytes, read_file, read_stream
from fuzz_inputs import (
    FORMATS,
    FUZZ,
    GOOD,
    GZIP,
    NOISE,
    bucket,
    checked,
    damaged,
    html_files,
    json_files,
    jsonl_files,
    text_files,
    warc_bytes,
    warc_files,
)


# ---- property 1: readers ----------------------------------------------------------------------


def gzipped(data: bytes, how: str, at: int) -> bytes:
    """The file as a .gz holds it: compressed whole, or compressed and then damaged at ``at``."""
    packed = gzip.compress(data, mtime=0)
    if how == "damaged":
        i = at % len(packed)
        packed = packed[:i] + bytes([packed[i] ^ 0x55]) + packed[i + 1:]
    return packed


def read_every_way(data: bytes, folder: Path, suffix: str, gz: str, at: int, max_bytes: int) -> int:
    """``data`` through read_bytes and read_stream in every format (and sniffed), and through
    read_file as a file named ``fuzz<suffix>`` (gzipped as ``gz`` says); the number of documents."""
    n = 0
    for fmt in [None, *FORMATS]:
        n += len(checked(read_bytes(data, f"fuzz.{fmt}", fmt), f"fuzz.{fmt}"))
        stream = io.BufferedReader(io.BytesIO(data))  # peekable, as files and stdin are
        n += len(checked(read_stream(stream, f"fuzz.{fmt}", fmt, max_bytes), f"fuzz.{fmt}"))
    path = folder / ("fuzz" + suffix + (".gz" if gz != "no" else ""))
    path.write_bytes(gzipped(data, gz, at) if gz != "no" else data)
    assert format_of(path) == SUFFIXES[suffix]
    return n + len(checked(read_file(path, max_bytes), str(path)))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


READ_ARGS = {"suffix": st.sampled_from(sorted(SUFFIXES)), "gz": GZIP, "at": st.integers(0, 1 << 16),
             "max_bytes": st.sampled_from([20 * 1024 * 1024, 20 * 1024 * 1024, 4096, 64, 1])}


def fuzz_readers(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    event(f"documents read (every way): {bucket(read_every_way(data, folder, suffix, gz, at, max_bytes))}")


@settings(FUZZ, max_examples=700)
@given(data=NOISE, **READ_ARGS)
def test_readers_take_any_bytes(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


@settings(FUZZ, max_examples=500)
@given(data=damaged(st.one_of(text_files(), text_files(markdown=True))), **READ_ARGS)
def test_readers_take_any_text_file(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


@settings(FUZZ, max_examples=500)
@given(data=damaged(json_files()), **READ_ARGS)
def test_readers_take_any_json_file(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


@settings(FUZZ, max_examples=400)
@given(data=damaged(jsonl_files()), **READ_ARGS)
def test_readers_take_any_jsonl_file(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


@settings(FUZZ, max_examples=300)
@given(data=damaged(html_files()), **READ_ARGS)
def test_readers_take_any_html_file(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


@settings(FUZZ, max_examples=400)
@given(data=damaged(warc_files()), **READ_ARGS)
def test_readers_take_any_warc_file(folder: Path, data: bytes, suffix: str, gz: str, at: int, max_bytes: int) -> None:
    fuzz_readers(folder, data, suffix, gz, at, max_bytes)


# ---- the check can fail ----------------------------------------------------------------------


def test_the_reader_check_catches_a_value_that_is_neither() -> None:
    """A reader's stray exception object, or a text UTF-8 cannot hold, fails the reader property."""
    with pytest.raises(AssertionError):
        checked([ValueError("boom")], "fuzz.txt")
    with pytest.raises(AssertionError):
        checked([Document(text="a \udc80 b")], "fuzz.txt")


# ---- what the fuzz found (each failed before its fix) ------------------------------------------

DAMAGED_GZIP = bytes.fromhex("1f8b0800000000000003") + b"\x07" + bytes(8)  # deflate block type 3: reserved


@pytest.mark.parametrize("name", ["a.txt.gz", "a.jsonl.gz", "a.json.gz", "a.html.gz"])
def test_a_gzip_file_with_damaged_deflate_data_is_an_error_not_a_crash(tmp_path: Path, name: str) -> None:
    """gzip lets zlib.error (not an OSError) through on a damaged deflate stream; read_file let it escape."""
    (tmp_path / name).write_bytes(DAMAGED_GZIP)
    [err] = list(read_file(tmp_path / name))
    assert isinstance(err, InputError) and "damaged gzip data" in str(err) and name in str(err)


def test_read_bytes_reads_a_warc_as_read_stream_does() -> None:
    """'warc' is one of the formats SUFFIXES names, yet read_bytes raised KeyError for it."""
    pages = [("resource", f"https://news.example/{i}", "", "text/plain", f"{GOOD} ({i})".encode()) for i in range(2)]
    data = warc_bytes(pages, True, "2024-05-02T08:15:00Z")
    from_bytes = checked(read_bytes(data, "a.warc.gz", "warc"), "a.warc.gz")
    from_stream = checked(read_stream(io.BufferedReader(io.BytesIO(data)), "a.warc.gz", "warc"), "a.warc.gz")
    assert from_bytes == from_stream
    assert [d.url for d in from_bytes] == ["https://news.example/0", "https://news.example/1"]
