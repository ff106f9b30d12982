"""A big library's abstracts read from their file when asked (store.abstract_file)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.abstract_file import AbstractReader
from readlist.store.library import ABSTRACTS_FILE, Library
from readlist.store.migrations import CURRENT

META = {"schema": CURRENT["abstracts"], "kind": "abstracts"}


def test_a_few_or_most_abstracts_read_as_loaded(library: Library) -> None:
    ids = library.ids()
    loaded = library.abstracts_of(ids)
    reader = AbstractReader.open(library.home / ABSTRACTS_FILE, META)
    assert reader is not None and reader.current()
    few = [ids[40], "no-such-paper", ids[3]]  # a pread each, in the order asked
    assert reader.texts(few) == [loaded[40], "", loaded[3]]
    assert reader.texts(ids[::-1]) == loaded[::-1]  # most of them: one pass down the file


@pytest.mark.parametrize("damage", [
    lambda lines: lines[1:],  # no schema record
    lambda lines: [*lines, b'["papers","x",{"title":"t"}]'],  # a line of another table
    lambda lines: [*lines, b'["abstracts","a\\u0062c",{"abstract":"escaped id"}]'],
    lambda lines: [*lines[:-1], lines[-1][:-3]],  # the last line cut short
])
def test_a_file_not_plainly_as_written_is_not_read_this_way(library: Library, damage) -> None:
    path = library.home / ABSTRACTS_FILE
    lines = path.read_bytes().split(b"\n")[:-1]
    path.write_bytes(b"\n".join(damage(lines)) + b"\n")
    assert AbstractReader.open(path, META) is None


def test_a_reader_of_a_file_replaced_since_reads_nothing(library: Library, home: Path) -> None:
    reader = AbstractReader.open(home / ABSTRACTS_FILE, META)
    assert reader is not None
    other = Library.open(home)
    other.import_files([_abstract_file(home.parent / "one.txt")])
    assert not reader.current()
    assert reader.texts(library.ids()[:2]) is None


def _abstract_file(path: Path) -> Path:
    path.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    return path
