"""Libraries that cannot be written, upgrades that cannot be written, newer schemas,
deleted files, documents of the wrong shape: nothing the reader made is lost, and
the reader is told what happened in one line."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import orjson
import pytest

from readlist.store import backups
from readlist.store.errors import ReadOnlyError, StorageError
from readlist.store.journal import encode
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.migrations import CURRENT
from readlist.store.models import Status
from readlist.store.state_file import JOURNAL_FILE
from tests.conftest import TEST_DATA
from tests.unit.faults import Faults

V01 = TEST_DATA / "library-v0.1"
MAIN = (CATALOGUE_FILE, ABSTRACTS_FILE, STATE_FILE)
WOMBAT = "Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n"


def files_of(home: Path) -> dict[str, bytes]:
    """Every file under the library folder (backups too), by relative path; the lock aside."""
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file() and p.name != ".readlist.lock"}


def shown(library: Library) -> tuple:
    """What the reader sees of a library: papers, their states, their abstracts."""
    return (tuple(library.ids()), {pid: library.state(pid) for pid in library.ids()},
            {pid: library.abstract(pid) for pid in library.ids()})


def temp_files(home: Path) -> list[Path]:
    return [p for p in home.rglob("*.tmp")]


# -- upgrades that cannot be written --------------------------------------------------


def _upgraded_reference(tmp_path: Path) -> tuple[dict[str, bytes], tuple]:
    reference = tmp_path / "reference"
    shutil.copytree(V01, reference)
    library = Library(reference)
    return {name: (reference / name).read_bytes() for name in MAIN}, shown(library)


@pytest.mark.parametrize(("code", "reason"), [(errno.ENOSPC, "disk full"), (errno.EROFS, "read-only file system"),
                                              (errno.EACCES, "permission denied")])
def test_an_upgrade_failing_at_any_step_keeps_the_old_files_and_opens_read_only(
        tmp_path: Path, code: int, reason: str) -> None:
    upgraded, expected = _upgraded_reference(tmp_path)
    counting_home = tmp_path / "counting"
    shutil.copytree(V01, counting_home)
    with Faults() as counting:
        Library(counting_home)
    assert counting.calls > 10
    read_only_openings = 0
    for at in range(1, counting.calls + 1):
        home = tmp_path / f"library-{at}"
        shutil.copytree(V01, home)
        with Faults(code, at=at) as faults:
            library = Library(home)
        assert faults.hit
        assert shown(library) == expected, faults.failed  # every paper and read mark, upgraded in memory
        assert not list(home.glob("*.corrupt-*")), "a failed write is not damage"
        assert not any("could not be read" in notice for notice in library.notices)
        assert not temp_files(home)
        for name in MAIN:  # each file is the old one or the new one, never anything else
            on_disk = (home / name).read_bytes() if (home / name).exists() else None
            assert on_disk in (upgraded[name], (V01 / name).read_bytes() if (V01 / name).exists() else None), name
        if library.read_only is not None:
            read_only_openings += 1
            assert library.read_only == reason
            [notice] = [n for n in library.notices if "library opened read-only" in n]
            assert notice.startswith(f"{reason}: library opened read-only, nothing is changed (the upgrade of "
                                     f"catalogue.json (schema 1 to 3) and state.json (schema 1 to {CURRENT['state']}) "
                                     "could not be written"), notice
            before = files_of(home)
            with pytest.raises(ReadOnlyError, match=f"not saved: library opened read-only \\({reason}\\)"):
                library.set_note(library.ids()[0], "refused")
            assert files_of(home) == before
        else:  # the failure was in a backup copy or the folder's fsync, after the upgrade was written
            assert {name: (home / name).read_bytes() for name in MAIN} == upgraded
        again = Library(home)  # space freed: the upgrade goes through
        assert again.read_only is None and shown(again) == expected
        assert {name: (home / name).read_bytes() for name in MAIN} == upgraded
    assert read_only_openings > 5


def test_an_upgrade_on_a_full_disk_keeps_the_readers_marks_after_space_is_freed(home: Path) -> None:
    shutil.copytree(V01, home)
    with Faults(errno.ENOSPC, at=1, only="write"):
        library = Library.open(home)
    assert library.read_only == "disk full"
    read = [pid for pid in library.ids() if library.state(pid).read]
    assert read and len(library) == 98
    reopened = Library.open(home)
    assert reopened.read_only is None
    assert [pid for pid in reopened.ids() if reopened.state(pid).status == Status.READ] == read
    assert any(f"Upgraded state.json from schema 1 to {CURRENT['state']}" in n for n in reopened.notices)


# -- read-only folders --------------------------------------------------------------


def test_a_read_only_mount_opens_read_only_and_touches_nothing(library: Library, home: Path, monkeypatch) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, "kept")
    before = files_of(home)
    real_statvfs = os.statvfs

    class ReadOnlyMount:
        def __init__(self, path):
            self._real = real_statvfs(path)
            self.f_flag = self._real.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", ReadOnlyMount)
    readonly = Library.open(home)
    assert readonly.read_only == "read-only file system"
    assert readonly.notices == [f"{home}: read-only file system: library opened read-only, nothing is changed."]
    assert readonly.entry(paper_id).note == "kept"
    for change in (lambda: readonly.set_note(paper_id, "x"), lambda: readonly.set_status(paper_id, Status.READ),
                   lambda: readonly.set_setting("sort", "date"), lambda: readonly.add_papers([])):
        with pytest.raises(ReadOnlyError):
            change()
    assert readonly.add_papers([], dry_run=True).added == []  # a dry run still works
    assert files_of(home) == before


def test_a_damaged_file_in_a_read_only_folder_is_shown_from_its_backup_and_left_alone(
        library: Library, home: Path, monkeypatch) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, "in the backup")
    (home / STATE_FILE).write_bytes(b"{ damaged")
    before = files_of(home)
    monkeypatch.setattr("readlist.store.library._unwritable", lambda home: "read-only file system")
    readonly = Library.open(home)
    assert readonly.entry(paper_id).note == "in the backup"
    assert readonly.read_only == "read-only file system"
    [notice] = [n for n in readonly.notices if n.startswith(STATE_FILE)]
    assert "It is left as it is (read-only file system). Showing the backup of" in notice
    assert files_of(home) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders (the simulated tests cover it)")
def test_a_really_read_only_folder_opens_read_only(library: Library, home: Path) -> None:
    home.chmod(0o555)
    try:
        readonly = Library.open(home)
        assert readonly.read_only == "permission denied"
    finally:
        home.chmod(0o755)


# -- newer schemas ---------------------------------------------------------------------


def _bump_schema(path: Path, kind: str) -> None:
    if path.suffix == ".jsonl":
        lines = path.read_bytes().splitlines(keepends=True)
        table, doc_id, doc = orjson.loads(lines[0])
        assert (table, doc_id) == ("_meta", "schema")
        lines[0] = orjson.dumps([table, doc_id, {**doc, "schema": CURRENT[kind] + 1}]) + b"\n"
        path.write_bytes(b"".join(lines))
        return
    data = orjson.loads(path.read_bytes())
    data["_meta"]["schema"]["schema"] = CURRENT[kind] + 1
    path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(("name", "kind"), [(CATALOGUE_FILE, "catalogue"), (STATE_FILE, "state"),
                                            (ABSTRACTS_FILE, "abstracts")])
def test_a_newer_library_opens_read_only_from_its_own_files_never_an_older_backup(
        library: Library, home: Path, tmp_path: Path, name: str, kind: str) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, "in the backups too")
    (tmp_path / "extra.txt").write_text(WOMBAT)
    library.import_files([tmp_path / "extra.txt"])
    library.set_note(paper_id, "written by the newer readlist")
    _bump_schema(home / name, kind)
    before = files_of(home)

    newer = Library.open(home)
    reason = f"{name} was written by a newer readlist (schema {CURRENT[kind] + 1}; this one reads {CURRENT[kind]})"
    assert newer.read_only == reason
    assert f"{reason}: library opened read-only, nothing is changed (a newer readlist can change it)." in newer.notices
    assert newer.entry(paper_id).note == "written by the newer readlist"
    assert len(newer) == 98 and newer.abstract(newer.ids()[-1]).startswith("We present WombatNet")
    with pytest.raises(ReadOnlyError):
        newer.set_note(paper_id, "refused")
    assert files_of(home) == before  # nothing set aside, restored or rewritten


# -- deleted files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", MAIN)
def test_a_deleted_file_with_backups_is_restored_with_a_notice(library: Library, home: Path, tmp_path: Path,
                                                               name: str) -> None:
    (tmp_path / "extra.txt").write_text(WOMBAT)
    library.import_files([tmp_path / "extra.txt"])
    paper_id = library.ids()[0]
    library.set_note(paper_id, "the newest note")
    expected = shown(library)
    (home / name).unlink()

    reopened = Library.open(home)
    assert shown(reopened) == expected
    [notice] = reopened.notices
    newest = backups.backups_of(home, name)[0]
    assert notice.startswith(f"{name} was missing: restored the backup of {backups.backup_time(newest)} "
                             f"({backups.FOLDER}/{newest.name}, ")
    assert (home / name).exists() and reopened.read_only is None
    assert Library.open(home).notices == []


def test_a_deleted_file_without_backups_is_reported(library: Library, home: Path) -> None:
    library.set_note(library.ids()[0], "gone")
    shutil.rmtree(home / backups.FOLDER)
    (home / STATE_FILE).unlink()
    reopened = Library.open(home)
    assert reopened.notices == [f"{STATE_FILE} was missing and has no backup: started a new, empty state file."]


# -- documents of the wrong shape ---------------------------------------------------------


def _edit(path: Path, change) -> None:
    data = orjson.loads(path.read_bytes())
    change(data)
    path.write_bytes(orjson.dumps(data))


@pytest.mark.parametrize(("table", "bad"), [("state", {"tags": 7}), ("state", "not a state"),
                                            ("state", {"history": [["read"]]}), ("journal", {"tags": 7}),
                                            ("journal", "not a state"), ("papers", 7),
                                            ("papers", {"title": "x", "authors": 7}), ("papers", {"votes": 2})])
def test_a_document_of_the_wrong_shape_is_set_aside_and_the_rest_opens(library: Library, home: Path,
                                                                        table: str, bad: object) -> None:
    first, second = library.ids()[:2]
    library.set_note(first, "note one")
    library.set_note(second, "note two")
    name = CATALOGUE_FILE if table == "papers" else STATE_FILE
    if table == "state":  # in the snapshot
        library.compact_state()
        _edit(home / name, lambda data: data[table].__setitem__(first, bad))
    elif table == "journal":  # in a line of the journal, well formed (written by a buggy or newer readlist)
        with open(home / JOURNAL_FILE, "ab") as journal:
            journal.write(encode(3, {"state": {first: bad}}))
        table = "state"
    else:
        _edit(home / name, lambda data: data[table].__setitem__(first, bad))

    reopened = Library.open(home)
    [notice] = reopened.notices
    assert notice.startswith(f"{name}: 1 {'reader' if table == 'state' else 'paper'}")
    assert f"of the wrong shape ({first}: " in notice and "set aside in" in notice and "the rest opened" in notice
    [aside] = home.glob(f"{name}.bad-*.json")
    assert aside.name in notice
    assert orjson.loads(aside.read_bytes())[table] == {first: bad}  # kept exactly as it was
    assert reopened.entry(second).note == "note two"
    if table == "state":
        assert reopened.state(first).note == ""
    else:
        assert first not in reopened and len(reopened) == 96
    assert Library.open(home).notices == []  # set aside once, not on every open
    assert reopened.set_note(second, "still works")


def test_an_abstract_of_the_wrong_shape_is_set_aside(library: Library, home: Path) -> None:
    paper_id = library.ids()[0]
    path = home / ABSTRACTS_FILE
    lines = path.read_bytes().splitlines(keepends=True)
    lines = [orjson.dumps(["abstracts", paper_id, {"abstract": 7}]) + b"\n" if orjson.loads(line)[1] == paper_id
             else line for line in lines]
    path.write_bytes(b"".join(lines))
    reopened = Library.open(home)
    [notice] = reopened.notices
    assert notice.startswith(f"{ABSTRACTS_FILE}: 1 abstract of the wrong shape ({paper_id}: 'abstract' is 7")
    assert reopened.abstract(paper_id) == "" and reopened.abstract(reopened.ids()[1])


def test_a_schema_record_of_the_wrong_shape_is_damage_and_the_backup_is_restored(library: Library,
                                                                                 home: Path) -> None:
    _edit(home / CATALOGUE_FILE, lambda data: data["_meta"].__setitem__("schema", "three"))
    reopened = Library.open(home)
    assert len(reopened) == 97
    [notice] = reopened.notices
    assert notice.startswith("catalogue.json could not be read: has no valid schema record "
                             "(_meta.schema is 'three', not an object).")


# -- every failing step of a write leaves the old or the new state ------------------------


def _note(library: Library) -> None:
    library.set_note(library.ids()[0], "new note")


def _import(library: Library) -> None:
    library.add_papers(library_papers())


def _setting(library: Library) -> None:
    library.set_setting("sort", "date")


def library_papers():
    from readlist.store.importers import build_paper

    return [build_paper(source="t.txt", source_format="test", title=f"Fault paper {n}",
                        abstract=f"An abstract about faults number {n}.") for n in range(3)]


def _observed(home: Path) -> tuple:
    library = Library(home)
    return (len(library), library.state(library.ids()[0]).note, library.setting("sort"),
            library.abstract(library.ids()[-1]))


@pytest.mark.parametrize("operation", [_note, _import, _setting], ids=["note", "import", "setting"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS])
def test_a_write_failing_at_any_step_leaves_the_old_or_the_new_state_and_says_which(
        tmp_path: Path, operation, code: int) -> None:
    base = tmp_path / "base"
    Library.open(base).set_note(Library(base).ids()[0], "old note")
    old = _observed(base)
    counting = tmp_path / "counting"
    shutil.copytree(base, counting)
    library = Library(counting)
    with Faults() as faults:
        operation(library)
    new = _observed(counting)
    assert new != old and faults.calls >= 2  # a change of the state: the journal line's write and fsync
    for at in range(1, faults.calls + 1):
        home = tmp_path / f"at-{at}"
        shutil.copytree(base, home)
        library = Library(home)
        with Faults(code, at=at) as injected:
            try:
                operation(library)
            except StorageError as error:
                said = "not saved"
                assert "not saved" in str(error) and "\n" not in str(error)
            else:
                said = "saved"
        assert injected.hit
        assert _observed(home) == (old if said == "not saved" else new), (at, injected.failed)
        assert not temp_files(home) and not list(home.glob("*.corrupt-*"))
        assert Library(home).notices == []
