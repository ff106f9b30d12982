"""Opening trusts a file version found whole before (store.shape_stamps), and only that."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from readlist.store import files, shape_stamps
from readlist.store.importers import build_paper
from readlist.store.library import CATALOGUE_FILE, Library
from readlist.store.shape_stamps import STAMPS_FILE, ShapeStamps


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tables whose documents opening checks, in order (the real check still runs)."""
    seen: list[str] = []
    real = files.bad_documents

    def counting(table, docs):
        seen.append(table)
        return real(table, docs)

    monkeypatch.setattr(files, "bad_documents", counting)
    return seen


def test_an_unchanged_catalogue_is_checked_once(library: Library, home: Path, checked: list[str]) -> None:
    Library.open(home)
    assert "papers" not in checked
    assert Library.open(home).ids() == library.ids()


def test_a_catalogue_changed_by_another_hand_is_checked_again(library: Library, home: Path,
                                                              checked: list[str]) -> None:
    first = library.ids()[0]
    data = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    data["papers"][first]["authors"] = 7
    (home / CATALOGUE_FILE).write_bytes(orjson.dumps(data))  # in place: same inode
    reopened = Library.open(home)
    assert checked.count("papers") == 1
    assert first not in reopened and "of the wrong shape" in reopened.notices[0]


def test_our_own_write_is_known_whole(library: Library, home: Path, checked: list[str]) -> None:
    library.add_papers([build_paper(source="t.txt", source_format="test", title="Stamped paper")])
    reopened = Library.open(home)
    assert "papers" not in checked and len(reopened) == 98


@pytest.mark.parametrize("content", [b"not json", b'{"rules": "other", "files": {}}', b"[]"])
def test_a_stamps_file_not_of_these_rules_means_check(library: Library, home: Path, checked: list[str],
                                                       content: bytes) -> None:
    (home / STAMPS_FILE).write_bytes(content)
    assert len(Library.open(home)) == 97
    assert checked.count("papers") == 1
    assert orjson.loads((home / STAMPS_FILE).read_bytes())["rules"] == shape_stamps.RULES  # written anew


def test_a_read_only_library_neither_trusts_nor_writes_stamps(library: Library, home: Path, checked: list[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (home / STAMPS_FILE).unlink()
    real_statvfs = os.statvfs

    class ReadOnlyMount:  # as tests/unit/test_read_only.py: statvfs says the mount is read-only
        def __init__(self, path):
            self.f_flag = real_statvfs(path).f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", ReadOnlyMount)
    reopened = Library.open(home)
    assert reopened.read_only == "read-only file system" and checked.count("papers") == 1
    assert not (home / STAMPS_FILE).exists()


def test_a_stamp_is_of_one_file_version(tmp_path: Path) -> None:
    stamps = ShapeStamps(tmp_path)
    stamps.record("catalogue.json", "papers", (1, 2, 3))
    again = ShapeStamps(tmp_path)
    assert again.is_whole("catalogue.json", "papers", (1, 2, 3))
    assert not again.is_whole("catalogue.json", "papers", (1, 2, 4))
    assert not again.is_whole("catalogue.json", "abstracts", (1, 2, 3))
    assert not again.is_whole("catalogue.json", "papers", None)
