"""Reading states, priorities, bulk changes and undo/redo (store.library, store.changes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.library import STATE_FILE, Library
from readlist.store.models import Status
from readlist.store.triage import TriageSession


def test_statuses_are_timed_and_remembered(library: Library, home: Path) -> None:
    paper = library.ids()[0]
    library.set_status(paper, Status.TO_READ)
    library.set_status(paper, Status.READING)
    library.toggle_read(paper)
    state = Library.open(home).state(paper)
    assert state.status == Status.READ
    assert [step[0] for step in state.history] == ["to-read", "reading", "read"]
    assert state.status_at == state.history[-1][1]
    library.toggle_read(paper)  # unread: back to where it was
    assert library.state(paper).status == Status.READING


def test_decide_sets_status_and_priority_in_one_undoable_change(library: Library) -> None:
    paper = library.ids()[0]
    change = library.decide(paper, Status.TO_READ, priority=2)
    assert (library.state(paper).status, library.state(paper).priority) == (Status.TO_READ, 2)
    assert change.description.startswith("marked to-read with priority 2")
    library.undo()
    assert (library.state(paper).status, library.state(paper).priority) == (Status.NEW, 0)


def test_bulk_change_is_one_write_and_one_undo(library: Library, home: Path, monkeypatch) -> None:
    ids = library.ids()[:40]
    writes = []
    original = library._state.journal.append
    monkeypatch.setattr(library._state.journal, "append", lambda seq, put: (writes.append(put), original(seq, put))[1])
    change = library.edit_tags(ids, "+bulk")
    assert len(writes) == 1 and len(change.ids) == 40 and len(writes[0]["state"]) == 40
    assert change.description == "tagged (+bulk) 40 papers"
    assert Library.open(home).tag_counts()["bulk"] == 40

    undone, conflicts = library.undo()
    assert conflicts == [] and len(undone.ids) == 40
    assert Library.open(home).tag_counts()["bulk"] == 0
    library.redo()
    assert Library.open(home).tag_counts()["bulk"] == 40


def test_undo_leaves_papers_changed_elsewhere_alone(library: Library, home: Path) -> None:
    a, b = library.ids()[:2]
    library.set_status([a, b], Status.SKIPPED)
    Library.open(home).set_note(b, "changed in another terminal")
    _, conflicts = library.undo()
    assert conflicts == [b]
    assert library.state(a).status == Status.NEW
    assert library.state(b).status == Status.SKIPPED and library.state(b).note == "changed in another terminal"


def test_undo_and_redo_in_order(library: Library) -> None:
    paper = library.ids()[0]
    library.set_note(paper, "one")
    library.set_note(paper, "two")
    library.set_priority(paper, 3)
    assert library.undo()[0].description.startswith("set priority 3")
    assert library.undo()[0].description.startswith("edited the note")
    assert library.state(paper).note == "one"
    library.redo()
    assert library.state(paper).note == "two"
    library.set_title(paper, "new branch")  # a new change ends what could be redone
    assert library.redo() is None
    assert library.undo()[0].description.startswith("retitled")


def test_priority_must_be_known(library: Library) -> None:
    with pytest.raises(ValueError):
        library.set_priority(library.ids()[0], 7)


def test_v01_read_marks_become_statuses(home: Path) -> None:
    import shutil

    from tests.conftest import TEST_DATA

    shutil.copytree(TEST_DATA / "library-v0.1", home)
    library = Library.open(home)
    counts = library.status_counts()
    assert (counts[Status.READ], counts[Status.NEW]) == (2, 96)
    read = [pid for pid, s in library.touched().items() if s.read]
    assert all(library.state(pid).history[0][0] == "read" for pid in read)
    assert "read_at" not in (home / STATE_FILE).read_text()


def test_settings_persist(library: Library, home: Path) -> None:
    library.set_setting("sort", "date")
    assert Library.open(home).setting("sort") == "date"
    assert Library.open(home).setting("missing", "default") == "default"


def test_triage_session_round_trip() -> None:
    session = TriageSession(["a", "b", "c"])
    session.decide("to-read")
    session.decide("skipped")
    session.back()
    assert session.current == "b"
    restored = TriageSession.from_setting(session.to_setting(), {"a", "b", "c"})
    assert restored == session
    restored.revisit("a")
    assert restored.current == "a" and "a" not in restored.decisions
    assert restored.summary() == {"skipped": 1, "undecided": 2}
    assert TriageSession.from_setting({"ids": ["a", "gone"], "position": 5}, {"a"}).ids == ["a"]
    assert TriageSession.from_setting("junk", set()) is None


def test_the_status_counts_follow_every_kind_of_change(library: Library, home: Path, tmp_path: Path) -> None:
    """The tally kept change by change is always what counting every state again gives."""
    import random
    from collections import Counter

    def recounted(lib: Library) -> Counter:
        states = lib.touched()
        counts = Counter(states[pid].status if pid in states else Status.NEW for pid in lib.ids())
        return +counts

    rng = random.Random(14)
    ids = library.ids()
    other = Library(home)  # a second process's writes, read in by refresh
    for step in range(60):
        action = rng.randrange(6)
        if action == 0:
            library.set_status(rng.sample(ids, rng.randint(1, 20)), rng.choice(list(Status)))
        elif action == 1:
            library.toggle_read(rng.choice(ids))
        elif action == 2:
            library.undo()
        elif action == 3:
            library.redo()
        elif action == 4:
            other.set_status(rng.sample(ids, 5), rng.choice(list(Status)))
            library.refresh()
        else:
            listing = tmp_path / f"more{step}.txt"
            listing.write_text(f"Abstract:We present Marsupial{step}Net, a burrowing network.\n", encoding="utf-8")
            library.import_files([listing])
            ids = library.ids()
        assert +library.status_counts() == recounted(library), step
    assert +Library(home).status_counts() == recounted(library)


def test_with_status_keeps_every_other_field() -> None:
    # with_status builds the new state field by field (for speed): a field added later must not be lost
    from dataclasses import fields

    from readlist.store.models import ReaderState

    state = ReaderState(status=Status.TO_READ, priority=2, history=(("to-read", "2026-01-01T00:00:00.000Z"),),
                        tags=("rl",), note="a note", title="Own title", changed="2026-01-01T00:00:00.000Z")
    assert all(getattr(state, f.name) != f.default for f in fields(ReaderState))  # every field set
    read = state.with_status(Status.READ, "2026-02-02T00:00:00.000Z")
    kept = {f.name for f in fields(ReaderState)} - {"status", "history", "changed"}
    assert {name: getattr(read, name) for name in kept} == {name: getattr(state, name) for name in kept}
    assert (read.status, read.history[-1], read.changed) == (
        Status.READ, ("read", "2026-02-02T00:00:00.000Z"), "2026-02-02T00:00:00.000Z")
