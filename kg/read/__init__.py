"""Reading: files, folders and stdin in; ``Document`` objects (or the ``InputError`` that says why
not) out.

Every reader yields ``Document | InputError``, so one bad file or record never stops a batch:
the caller reports the error and goes on. One module per input format: ``text`` (.txt, .md),
``json_records`` (.json, .jsonl), ``html`` (.html by trafilatura), ``warc`` (.warc, .arc);
``decode`` turns bytes into text strictly, ``dates`` reads publication dates, ``paths`` walks
files and folders and picks the reader by extension (all also gzipped). A new format is a
module here and one entry in ``paths.SUFFIXES``.
"""
from kg.read.dates import parse_date
from kg.read.html import html_document
from kg.read.paths import DEFAULT_MAX_BYTES, SUFFIXES, format_of, read_bytes, read_file, read_paths, read_stream
from kg.read.text import split_title

__all__ = ["read_paths", "read_file", "read_stream", "read_bytes", "parse_date", "html_document", "split_title", "format_of",
           "SUFFIXES", "DEFAULT_MAX_BYTES"]
