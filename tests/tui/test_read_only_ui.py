"""A library that cannot be written opens read-only: the header says so, each
change is refused in one line, and nothing on disk changes."""

from __future__ import annotations

from pathlib import Path

import orjson

from readlist.store.library import STATE_FILE, Library
from readlist.store.migrations import CURRENT
from readlist.tui.app import ReadlistApp


async def test_a_newer_library_opens_read_only_and_refuses_changes_in_one_line(home: Path, clipboard) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    library.set_note(paper_id, "the reader's note")
    data = orjson.loads((home / STATE_FILE).read_bytes())
    data["_meta"]["schema"]["schema"] = 9
    (home / STATE_FILE).write_bytes(orjson.dumps(data))
    before = {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and p.name != ".readlist.lock"}

    app = ReadlistApp(Library.open(home))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert app.screen.sub_title.startswith("read-only · 97 shown / 97")
        [opening] = [n for n in app.notifications_shown if n.title == "Library"]
        assert opening.message == ("state.json was written by a newer readlist (schema 9; this one reads "
                                   f"{CURRENT['state']}): library opened read-only, nothing is changed (a newer "
                                   "readlist can change it).")
        await pilot.press("r")
        await pilot.pause()
        [refused] = [n for n in app.notifications_shown if n.title == "Not saved"]
        assert refused.message.startswith("Read/unread “")  # the change refused, then why
        assert refused.message.endswith(f"{home}: not saved: library opened read-only (state.json was written by a "
                                        f"newer readlist (schema 9; this one reads {CURRENT['state']}))")
        assert "\n" not in refused.message
        assert not app.library.state(paper_id).read
        assert app.library.state(paper_id).note == "the reader's note"
    assert {p: p.read_bytes() for p in home.rglob("*") if p.is_file() and p.name != ".readlist.lock"} == before


async def test_a_writable_library_has_no_read_only_mark(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert "read-only" not in app.screen.sub_title
