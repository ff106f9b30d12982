"""A library written by v0.1 opens in this version with nothing lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from readlist.store import backups
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.migrations import CURRENT
from tests.conftest import TEST_DATA

V01 = TEST_DATA / "library-v0.1"


def test_v01_library_upgrades_with_nothing_lost(home: Path) -> None:
    shutil.copytree(V01, home)
    old_catalogue = orjson.loads((V01 / CATALOGUE_FILE).read_bytes())["papers"]
    old_state = orjson.loads((V01 / STATE_FILE).read_bytes())["state"]

    library = Library.open(home)
    assert any("Upgraded catalogue.json from schema 1 to 3" in n for n in library.notices)

    # every paper, with every field, and every bit of reader state
    assert library.ids() == list(old_catalogue)
    for paper_id, doc in old_catalogue.items():
        paper = library.paper(paper_id)
        for name, value in doc.items():
            got = getattr(paper, name)
            assert (list(got) if isinstance(got, tuple) else got) == value, (paper_id, name)
        assert paper.keys  # the new field is filled
    for paper_id, doc in old_state.items():
        state = library.state(paper_id)
        assert (state.read, list(state.tags), state.note, state.title) == (
            doc["read"], doc["tags"], doc["note"], doc["title"],
        )
    wombat = library.entry(library.ids()[-1])
    assert wombat.note == "imported by the reader"

    # abstracts now live in their own file, and the catalogue holds none
    stored = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    assert set(stored) == {"_meta", "papers"}
    assert not any("abstract" in doc for doc in stored["papers"].values())
    assert stored["_meta"]["schema"]["schema"] == CURRENT["catalogue"]
    lines = (home / ABSTRACTS_FILE).read_bytes().splitlines()
    assert len(lines) == 1 + len(old_catalogue)  # the schema record, then one per paper

    # the old files are kept for good in the backups, and re-importing still dedupes
    for name in (CATALOGUE_FILE, STATE_FILE):
        [original] = backups.originals_of(home, name)
        assert original.read_bytes() == (V01 / name).read_bytes()
    assert library.add_bundled().added == []
    assert len(Library.open(home)) == 98
