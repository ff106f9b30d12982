"""The library on disk: bundled catalogue, reader state, persistence (store.library)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import orjson
import pytest

from readlist.store.errors import StorageError, UnknownPaperError
from readlist.store.importers import build_paper
from readlist.store.journal import Record, decode
from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE, STATE_FILE, Library, upgrade_name
from readlist.store.migrations import CURRENT
from readlist.store.state_file import JOURNAL_FILE


def test_first_open_loads_the_97_bundled_papers(library: Library, home: Path) -> None:
    assert len(library) == 97
    assert library.unread_count() == 97
    assert (home / CATALOGUE_FILE).exists()


def test_changes_are_on_disk_before_the_call_returns(library: Library, home: Path) -> None:
    first, second = library.ids()[:2]
    library.toggle_read(first)
    library.edit_tags(first, "+rl +video")
    library.set_note(second, "# Idea\n\nTry *this*.\n")
    library.set_title(second, "My own title")

    reopened = Library.open(home)
    assert reopened.entry(first).read
    assert reopened.entry(first).tags == ("rl", "video")
    assert reopened.entry(second).note == "# Idea\n\nTry *this*.\n"
    assert reopened.entry(second).title == "My own title"
    assert not reopened.entry(second).title_is_derived
    assert reopened.unread_count() == 96
    assert reopened.tag_counts() == {"rl": 1, "video": 1}


def test_reopening_and_reimporting_never_resets_the_readers_state(library: Library, home: Path, seed_paths) -> None:
    paper_id = library.ids()[0]
    library.set_read(paper_id, True)
    library.set_tags(paper_id, ["keep"])
    library.set_note(paper_id, "keep me")
    library.set_title(paper_id, "Kept title")
    state_before = (home / STATE_FILE).read_bytes()

    reports = Library.open(home).import_files(seed_paths)
    assert [r.added for r in reports] == [0, 0, 0, 0, 0]
    assert sum(r.skipped for r in reports) == 101  # per file: the 4 papers in two files count twice

    again = Library.open(home)
    assert len(again) == 97
    entry = again.entry(paper_id)
    assert (entry.read, entry.tags, entry.note, entry.title) == (True, ("keep",), "keep me", "Kept title")
    assert (home / STATE_FILE).read_bytes() == state_before


def test_a_keypress_writes_the_state_file_only(library: Library, home: Path) -> None:
    catalogue = home / CATALOGUE_FILE
    stamp = catalogue.stat().st_mtime_ns
    library.toggle_read(library.ids()[3])
    assert catalogue.stat().st_mtime_ns == stamp


def test_bundled_catalogue_is_added_once(home: Path) -> None:
    Library.open(home)
    stamp = (home / CATALOGUE_FILE).stat().st_mtime_ns
    Library.open(home)
    assert (home / CATALOGUE_FILE).stat().st_mtime_ns == stamp


def test_clearing_a_title_restores_the_catalogue_title(library: Library) -> None:
    paper_id = library.ids()[0]
    derived = library.entry(paper_id).title
    library.set_title(paper_id, "Mine")
    library.set_title(paper_id, "  ")
    assert library.entry(paper_id).title == derived
    assert library.entry(paper_id).title_is_derived


def test_unknown_ids_raise(library: Library) -> None:
    with pytest.raises(UnknownPaperError):
        library.toggle_read("nope")


def test_import_reports_added_skipped_and_rejected(empty_library: Library, tmp_path: Path, seed_paths) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("Abstract:" + "A long enough abstract about things. " * 3 + "\nAbstract:\n")
    reports = empty_library.import_files([seed_paths[0], seed_paths[1], broken, tmp_path / "missing.txt"])
    assert [(r.added, r.skipped, len(r.rejected)) for r in reports[:3]] == [(10, 0, 0), (6, 4, 0), (1, 0, 1)]
    assert reports[2].rejected[0].line == 2
    assert reports[3].error is not None and "missing.txt: no such file" in str(reports[3].error)
    assert "10 added, 0 merged, 0 skipped, 0 rejected (abstract-lines)" in reports[0].summary()


def test_a_bad_file_leaves_the_library_unchanged(library: Library, home: Path, tmp_path: Path) -> None:
    before = {name: (home / name).read_bytes() for name in (CATALOGUE_FILE, STATE_FILE)}
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\xff" * 100)
    [report] = library.import_files([bad])
    assert report.error is not None
    assert {name: (home / name).read_bytes() for name in before} == before


def test_a_failed_write_changes_nothing_in_memory_or_on_disk(library: Library, home: Path, monkeypatch) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, "saved")
    before = (home / STATE_FILE).read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StorageError, match="not saved: disk full"):
        library.set_note(paper_id, "lost")
    monkeypatch.undo()

    assert library.entry(paper_id).note == "saved"
    assert (home / STATE_FILE).read_bytes() == before
    assert not list(home.glob("*.tmp"))
    library.toggle_read(paper_id)  # still usable afterwards
    assert library.entry(paper_id).read
    assert Library.open(home).entry(paper_id).note == "saved"


def test_a_change_is_one_journal_line_and_the_snapshot_small_and_readable(library: Library, home: Path) -> None:
    paper_id = library.ids()[0]
    snapshot = (home / STATE_FILE).read_bytes()
    library.set_note(paper_id, "hello")
    assert (home / STATE_FILE).read_bytes() == snapshot  # not rewritten per change
    [line] = (home / JOURNAL_FILE).read_bytes().splitlines()
    assert decode(line) == Record(1, {"state": {paper_id: library.state(paper_id).to_doc()}})
    assert library.compact_state()
    state = orjson.loads((home / STATE_FILE).read_bytes())
    assert list(state["state"]) == [paper_id]
    assert state["_meta"] == {"schema": {"schema": CURRENT["state"], "kind": "state"}, "journal": {"seq": 1}}
    assert (home / JOURNAL_FILE).read_bytes() == b""
    assert Library(home).state(paper_id).note == "hello"


def test_another_process_changes_are_picked_up_by_refresh(library: Library, home: Path) -> None:
    other = Library.open(home)
    paper_id = library.ids()[4]
    other.set_note(paper_id, "from the other process")
    assert library.entry(paper_id).note == ""
    before = library.generation
    assert library.refresh()
    assert library.entry(paper_id).note == "from the other process"
    assert library.generation > before
    assert not library.refresh()


def test_a_write_merges_what_another_process_wrote_meanwhile(library: Library, home: Path) -> None:
    other = Library.open(home)
    a, b = library.ids()[:2]
    other.set_note(a, "other's note")
    other.edit_tags(b, "+theirs")
    library.edit_tags(b, "+mine")  # applied to the fresh state: both tags survive
    library.toggle_read(a)
    again = Library.open(home)
    assert again.entry(a).note == "other's note" and again.entry(a).read
    assert again.entry(b).tags == ("mine", "theirs")


def test_big_libraries_read_abstracts_from_their_file_when_asked(library: Library, home: Path, monkeypatch) -> None:
    import readlist.store.library as library_module

    expected = library.abstracts_of(library.ids())
    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    monkeypatch.setattr(library_module, "HOLD_ABSTRACTS_UP_TO", 0)
    lazy = Library.open(home)
    assert not lazy.abstracts_loaded and not lazy.abstracts_ready
    first = lazy.ids()[0]
    assert lazy.entry(first, with_abstract=False).paper.abstract == ""
    assert lazy.entry(first).paper.abstract.startswith("Although chain-of-thought")
    assert lazy.abstracts_ready and not lazy.abstracts_loaded  # read from the file, not loaded
    assert lazy.abstracts_of(lazy.ids()[::-1]) == expected[::-1]
    assert [entry.paper.abstract for entry in lazy.entries()] == expected
    plan = lazy.add_papers([build_paper(source="t.txt", source_format="test", title="New one",
                                        abstract="Fresh words.")])
    # written (the whole file loaded to be written anew), then let go of: read from the file again
    assert not lazy.abstracts_loaded and lazy.abstracts_ready
    assert lazy.abstract(plan.added[0]) == "Fresh words."
    assert Library.open(home).abstracts_of(lazy.ids())[-1] == "Fresh words."
    assert lazy.abstracts_of(lazy.ids())[:-1] == expected


def test_enriching_a_big_library_writes_the_abstracts_it_found(library: Library, home: Path, monkeypatch) -> None:
    import readlist.store.library as library_module

    [bare] = library.add_papers([build_paper(source="t.txt", source_format="test", title="Only a title",
                                             arxiv_id="2501.00001")]).added
    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    monkeypatch.setattr(library_module, "HOLD_ABSTRACTS_UP_TO", 0)
    lazy = Library.open(home)
    found = build_paper(source="arxiv", source_format="arxiv", title="Only a title", arxiv_id="2501.00001",
                        abstract="Found on arXiv.")
    assert lazy.fill_papers({bare: found}) == [bare]
    assert not lazy.abstracts_loaded
    assert Library.open(home).abstract(bare) == "Found on arXiv."


def test_a_middling_library_loads_its_abstracts_in_the_background_and_keeps_them(library: Library, home: Path,
                                                                                 monkeypatch) -> None:
    import readlist.store.library as library_module

    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)  # not at open, but held once loaded
    lazy = Library.open(home)
    assert not lazy.abstracts_loaded
    lazy.prepare_abstracts()
    assert lazy.abstracts_loaded
    lazy.add_papers([build_paper(source="t.txt", source_format="test", title="Kept", abstract="Kept words.")])
    assert lazy.abstracts_loaded  # not let go of: searching them in memory is faster


def test_a_big_librarys_abstracts_follow_another_process(library: Library, home: Path, monkeypatch) -> None:
    import readlist.store.library as library_module

    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    monkeypatch.setattr(library_module, "HOLD_ABSTRACTS_UP_TO", 0)
    lazy = Library.open(home)
    lazy.prepare_abstracts()
    assert lazy.abstracts_ready and not lazy.abstracts_loaded
    plan = library.add_papers([build_paper(source="t.txt", source_format="test", title="Theirs",
                                           abstract="Written by the other process.")])
    assert not lazy.abstracts_ready  # the file changed under it
    [added] = plan.added
    assert lazy.abstract(added) == "Written by the other process."


def test_a_damaged_line_makes_a_big_library_load_and_restore_its_abstracts(library: Library, home: Path,
                                                                           monkeypatch) -> None:
    import readlist.store.library as library_module

    expected = library.abstracts_of(library.ids())
    monkeypatch.setattr(library_module, "LOAD_ABSTRACTS_AT_ONCE", 0)
    monkeypatch.setattr(library_module, "HOLD_ABSTRACTS_UP_TO", 0)
    path = home / ABSTRACTS_FILE
    lines = path.read_bytes().split(b"\n")
    lines[5] = lines[5][:40]  # cut short in the middle, as another program might leave it
    path.write_bytes(b"\n".join(lines))
    lazy = Library.open(home)
    assert lazy.abstracts_of(lazy.ids()) == expected  # from the newest good backup
    assert lazy.abstracts_loaded and any("could not be read" in notice for notice in lazy.notices)


def test_a_library_folder_deleted_under_a_running_app_keeps_what_is_in_memory(library: Library, home: Path) -> None:
    import shutil

    paper = library.ids()[0]
    library.set_note(paper, "written before the folder went")
    shutil.rmtree(home)
    assert library.refresh() is False
    assert len(library) == 97 and library.state(paper).note == "written before the folder went"
    home.mkdir()
    library.edit_tags(paper, "+after")  # the write brings the reader's state back to disk
    again = Library.open(home)
    assert again.state(paper).note == "written before the folder went"
    assert again.state(paper).tags == ("after",)


def test_a_half_written_upgrade_file_is_cleaned_up_at_the_next_open(library: Library, home: Path) -> None:
    # killed while an upgrade wrote its new state file (write_atomic's temporary file of the staged one)
    half = home / f".{upgrade_name(STATE_FILE)}.im1p5a9b.tmp"
    half.write_bytes(b'{"_meta": {"sch')
    staged = home / upgrade_name(STATE_FILE)
    staged.write_bytes(b"{}")
    Library.open(home)
    assert not half.exists() and not staged.exists()
