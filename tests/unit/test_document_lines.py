"""A library file with a document per line (store.document_lines): any JSON reader
reads it as before, and reading it a piece at a time gives what one parse gives."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist.store import document_lines as layout
from readlist.store.document_lines import document_lines, parse_document_lines
from readlist.store.library import CATALOGUE_FILE, Library

#: Strings that look like the layout's own marks: newlines, braces, quotes, colons.
TRICKY = st.text(alphabet='\n\r"\\{}:, ab\u00e9\U0001f600', max_size=12)
VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | TRICKY,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY, inner, max_size=3),
                      max_leaves=8)
TABLES = st.dictionaries(TRICKY, st.dictionaries(TRICKY, VALUES, max_size=6), max_size=4)


@settings(max_examples=300, deadline=None)
@given(data=TABLES, piece=st.integers(1, 64))
def test_read_in_pieces_it_is_what_one_parse_gives(data, piece) -> None:
    raw = b"".join(document_lines(data))
    assert orjson.loads(raw) == data  # plain JSON for any reader
    old, layout.PIECE = layout.PIECE, piece  # small pieces: many cuts
    try:
        parsed = parse_document_lines(raw)
    finally:
        layout.PIECE = old
    assert parsed == data or (parsed is None and not data)  # ({} alone is parsed whole)
    if parsed is not None:
        assert list(parsed) == list(data) and all(list(parsed[t]) == list(data[t]) for t in data)  # same order


@settings(max_examples=300, deadline=None)
@given(data=TABLES.filter(bool), cut=st.integers(0, 10_000), byte=st.sampled_from(b'\n",:{}[]x '))
def test_a_damaged_file_is_never_read_otherwise_than_one_parse_reads_it(data, cut, byte) -> None:
    raw = b"".join(document_lines(data))
    at = cut % len(raw)
    for damaged in (raw[:at], raw[:at] + raw[at + 1:], raw[:at] + bytes([byte]) + raw[at + 1:],
                    raw[:at] + bytes([byte]) + raw[at:]):  # cut short, a byte lost, changed, added
        parsed = parse_document_lines(damaged)
        if parsed is not None:  # laid out as written: then it must be valid JSON, and read the same
            assert parsed == orjson.loads(damaged)


def test_a_compact_file_of_an_older_readlist_is_parsed_whole() -> None:
    assert parse_document_lines(orjson.dumps({"papers": {"a": {"title": "x"}}})) is None


@pytest.mark.parametrize("size", [1, 2000, 5000])
def test_the_catalogue_is_written_a_paper_per_line_and_read_back(home, size) -> None:
    from readlist.store.models import Paper

    library = Library.open(home)
    library.add_papers([Paper(id=f"p{n:05d}", title=f"Paper number {n}", keys=(f"title:{n}",)) for n in range(size)])
    raw = (home / CATALOGUE_FILE).read_bytes()
    lines = raw.split(b"\n")
    assert sum(line.startswith(b'"p0') for line in lines) == size  # one line per paper
    assert parse_document_lines(raw) == orjson.loads(raw)
    assert Library.open(home).stored_papers() == orjson.loads(orjson.dumps(library.stored_papers()))
