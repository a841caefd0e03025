"""Readers: every input format, and every kind of bad input gets one clear error naming the file."""
from __future__ import annotations

import gzip
import io
import json
import os
import sys
from datetime import date

import pytest

from kg.errors import InputError
from kg.model import Document
from kg.read import parse_date, read_paths, split_title


def read(*paths, **kw):
    return list(read_paths([str(p) for p in paths], **kw))


def docs(results):
    return [r for r in results if isinstance(r, Document)]


def errors(results):
    return [r for r in results if isinstance(r, InputError)]


def test_text_file_title_and_body(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Storm hits coast\n\nA storm hit the coast on Monday.\nMore text.", encoding="utf-8")
    [d] = read(f)
    assert d.title == "Storm hits coast"
    assert d.text == "A storm hit the coast on Monday.\nMore text."
    assert d.id == "a"


def test_text_first_line_that_is_a_sentence_is_not_a_title(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("A storm hit the coast on Monday.\nIt was strong.", encoding="utf-8")
    [d] = read(f)
    assert d.title is None
    assert d.text.startswith("A storm hit")


def test_markdown_heading_is_the_title(tmp_path):
    f = tmp_path / "a.md"
    f.write_text("# Big news\n\nBody text here.", encoding="utf-8")
    [d] = read(f)
    assert (d.title, d.text) == ("Big news", "Body text here.")


def test_json_object_with_aliases_and_unknown_keys(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"headline": "H", "datePublished": "2025-11-30", "source": "Wire", "body": "Text.",
                             "url": "https://example.org/a", "whatever": [1, 2]}), encoding="utf-8")
    [d] = read(f)
    assert (d.title, d.published, d.publisher, d.text, d.url) == ("H", date(2025, 11, 30), "Wire", "Text.",
                                                                  "https://example.org/a")


def test_json_list_and_content_field(tmp_path):
    f = tmp_path / "a.json"
    f.write_text(json.dumps([{"id": 1, "content": "One."}, {"id": "b", "text": "Two."}]), encoding="utf-8")
    assert [(d.id, d.text) for d in docs(read(f))] == [("1", "One."), ("b", "Two.")]


def test_jsonl_truncated_line_in_the_middle_is_one_error_and_the_rest_reads(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "1", "text": "One."}\n{"id": "2", "text": "Tw\n{"id": "3", "text": "Three."}\n',
                 encoding="utf-8")
    res = read(f)
    assert [d.id for d in docs(res)] == ["1", "3"]
    [e] = errors(res)
    assert e.where == f"{f}:2" and "malformed JSON" in e.message


def test_json_wrong_types_named_with_line(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"id": "1", "text": 42}\n{"id": "2", "title": ["x"], "text": "ok"}\n[1]\n', encoding="utf-8")
    res = read(f)
    msgs = [(e.where, e.message) for e in errors(res)]
    assert msgs[0] == (f"{f}:1", "field 'text' must be a string, got int")
    assert msgs[1] == (f"{f}:2", "field 'title' must be a string, got list")
    assert msgs[2][0] == f"{f}:3" and "expected a JSON object" in msgs[2][1]


def test_json_record_without_text(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"title": "x"}', encoding="utf-8")
    [e] = errors(read(f))
    assert "no article text" in e.message and e.where == str(f)


def test_ambiguous_date_keeps_the_article_with_a_note(tmp_path):
    f = tmp_path / "a.json"
    f.write_text('{"text": "Body.", "date": "03-02-2009"}', encoding="utf-8")
    [d] = read(f)
    assert d.published is None and "03-02-2009" in d.notes[0]


@pytest.mark.parametrize("value,expected", [("2025-11-30", date(2025, 11, 30)), ("November 3, 2024", date(2024, 11, 3)),
                                            ("3 Nov 2024", date(2024, 11, 3))])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_html_main_text_and_metadata(tmp_path):
    f = tmp_path / "a.html"
    body = " ".join(["The minister announced new measures on Tuesday in the capital."] * 5)
    f.write_text(f"<html><head><title>Minister acts</title><meta property='og:url' content='https://example.org/m'>"
                 f"</head><body><script>var x = 1;</script><article><h1>Minister acts</h1><p>{body}</p>"
                 f"<p>{body}</p></article></body></html>", encoding="utf-8")
    [d] = read(f)
    assert d.title == "Minister acts"
    assert "announced new measures" in d.text and "var x" not in d.text


def test_html_with_scripts_and_no_body(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<html><head><script>alert(1)</script></head></html>", encoding="utf-8")
    [e] = errors(read(f))
    assert e.where == str(f)


@pytest.mark.parametrize("content,needle", [
    (b"", "empty"), (b"   \n\t  \n", "empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"),
    (b"caf\xc3", "not valid UTF-8 at byte 3"), (b"Z\xfcrich is a city.", "not valid UTF-8 at byte 1"),
])
def test_bad_bytes_get_one_clear_error(tmp_path, content, needle):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    [e] = read(f)
    assert isinstance(e, InputError) and needle in e.message and e.where == str(f)


def test_utf16_with_bom_reads(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Title here\n\nZürich voted on Sunday.".encode("utf-16"))
    [d] = read(f)
    assert d.text == "Zürich voted on Sunday."


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_reads(tmp_path, codec):
    """Issue 19, point 10: it was reported as 'binary'."""
    f = tmp_path / "a.txt"
    f.write_bytes("Title here\n\nZürich voted on Sunday.".encode(codec))
    [d] = read(f)
    assert d.text == "Zürich voted on Sunday."


def test_latin1_with_encoding_option(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("Zürich voted on Sunday.".encode("latin-1"))
    [d] = read(f, encoding="latin-1")
    assert d.text == "Zürich voted on Sunday."


def test_missing_path_and_unsupported_suffix(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    res = read(tmp_path / "nope.txt", tmp_path / "a.pdf")
    assert [e.where for e in errors(res)] == [str(tmp_path / "nope.txt"), str(tmp_path / "a.pdf")]


def test_unreadable_file(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("x y z. " * 3)
    f.chmod(0)
    try:
        res = read(f)
        if os.geteuid() == 0:  # root reads anything; the case still must not crash
            assert docs(res)
        else:
            [e] = errors(res)
            assert "cannot read" in e.message
    finally:
        f.chmod(0o644)


def test_folder_is_read_recursively_in_order_skipping_hidden_and_unknown(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article body.")
    (tmp_path / "1.json").write_text('{"text": "First article body."}')
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / "notes.csv").write_text("a,b")
    assert [d.text for d in docs(read(tmp_path))] == ["First article body.", "Second article body."]


def test_gzipped_jsonl(tmp_path):
    f = tmp_path / "a.jsonl.gz"
    f.write_bytes(gzip.compress(b'{"text": "One."}\n{"text": "Two."}\n'))
    assert [d.text for d in docs(read(f))] == ["One.", "Two."]


def test_stdin_is_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "From stdin."}')))
    [d] = read("-")
    assert d.text == "From stdin." and d.source == "<stdin>"


def test_published_option_fills_only_missing_dates(tmp_path):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "A.", "date": "2020-01-01"}\n{"text": "B."}\n')
    got = [d.published for d in docs(read(f, published=date(2025, 11, 30)))]
    assert got == [date(2020, 1, 1), date(2025, 11, 30)]


def test_max_bytes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("word " * 100)
    [e] = read(f, max_bytes=100)
    assert "--max-bytes" in e.message


def test_split_title_keeps_offsets_of_body():
    title, body = split_title("Title\n\nBody starts here.")
    assert title == "Title" and body == "Body starts here."


def test_jsonl_streams_with_a_per_record_size_limit(tmp_path):
    f = tmp_path / "big.jsonl"
    with open(f, "w", encoding="utf-8") as fh:
        for i in range(2000):
            fh.write(json.dumps({"id": str(i), "text": f"Article number {i} about the economy."}) + "\n")
        fh.write(json.dumps({"id": "huge", "text": "x " * 5000}) + "\n")
        fh.write(json.dumps({"id": "last", "text": "The end."}) + "\n")
    res = read(f, max_bytes=2000)  # far smaller than the file: the limit is per record
    assert len(docs(res)) == 2001 and docs(res)[-1].id == "last"
    [e] = errors(res)
    assert e.where == f"{f}:2001" and "--max-bytes" in e.message


def test_binary_and_utf16_jsonl_are_reported_once_or_decoded(tmp_path):
    b = tmp_path / "bin.jsonl"
    b.write_bytes(b"\x00\x01\x02" * 5000)
    [e] = read(b)
    assert "binary" in e.message
    u = tmp_path / "u16.jsonl"
    u.write_bytes('{"text": "Zürich voted."}\n'.encode("utf-16"))
    [d] = read(u)
    assert d.text == "Zürich voted."
