"""Importing from the TUI: the file dialog, the worker, the report."""

from __future__ import annotations

from pathlib import Path

from readlist.tui.screens.import_files import ImportScreen
from readlist.tui.screens.library import LibraryScreen
from readlist.tui.widgets.filter_bar import FilterBar
from readlist.tui.widgets.paper_list import PaperList

SIZE = (120, 40)


async def test_import_a_file_typed_in_the_dialog(make_app, tmp_path: Path) -> None:
    source = tmp_path / "new papers.txt"
    source.write_text(
        "MIT\nAbstract:We present WombatNet, a marsupial-inspired network for burrowing through text.\n"
        "Abstract:We introduce KoalaNet, a sleepy network that answers every question eventually.\n"
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path").value = f'"{source}"'  # a path with a space, quoted
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.library) == 99
        assert app.screen.query_one(PaperList).ids[-2:] == app.library.ids()[-2:]
        assert any(n.title == "Imported" and "2 added" in n.message for n in app.notifications_shown)
        await pilot.press("slash", *"koalanet")
        await pilot.pause()
        assert len(app.screen.query_one(PaperList).ids) == 1  # the search index knows the new papers
        app.screen.query_one(FilterBar).value = 'source:"new papers" added:<1h'  # and where they came from
        await pilot.pause()
        assert app.screen.query_one(PaperList).ids == app.library.ids()[-2:]
        app.screen.query_one(FilterBar).value = '-source:"new papers.txt"'
        await pilot.pause()
        assert len(app.screen.query_one(PaperList).ids) == 97


async def test_a_bad_file_is_reported_and_changes_nothing(make_app, tmp_path: Path) -> None:
    bad = tmp_path / "photo.bin"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one("#import-path").value = str(bad)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.library) == 97
        assert any(n.title == "Import failed" and "binary file" in n.message for n in app.notifications_shown)


async def test_the_dialog_completes_paths(make_app, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "references.bib").write_text("@misc{x, title={X}}")
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", *"ref")
        await pilot.pause()
        assert app.screen.query_one("#import-path")._suggestion == "references.bib"
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_files_picked_in_the_tree_add_up(make_app, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "a.bib").write_text("@misc{a, title={Aardvark Attention}, eprint={2501.00001}}\n")
    (folder / "b.bib").write_text("@misc{b, title={Badger Bandits}, eprint={2501.00002}}\n")
    monkeypatch.chdir(folder)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i", "tab")
        await pilot.pause(0.3)  # the tree loads the folder in a worker
        box = app.screen.query_one("#import-path")
        await pilot.press("down", "enter")  # a.bib (the root is line 0)
        await pilot.pause()
        assert box.value == str(folder / "a.bib") and app.screen.focused is box
        await pilot.press("tab", "down", "enter")  # the tree's cursor moved on to b.bib
        await pilot.pause()
        assert box.value == f"{folder / 'a.bib'} {folder / 'b.bib'}"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.library) == 99


async def test_records_sharing_an_arxiv_id_under_other_titles_are_kept_with_a_warning(make_app) -> None:
    from tests.conftest import TEST_DATA

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        app.screen.query_one("#import-path").value = str(TEST_DATA / "identity" / "shared_arxiv.bib")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(app.library) == 97 + 4
        shown = [n for n in app.notifications_shown if n.title == "Imported"]
        assert len(shown) == 1 and shown[0].severity == "warning"
        assert "shared_arxiv.bib:12: shares arXiv 2106.10270 with shared_arxiv.bib:2 but has a different title" \
            in shown[0].message
