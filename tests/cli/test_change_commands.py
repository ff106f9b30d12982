"""``readlist tag``, ``mark``, ``priority`` and ``note``, run as real processes; ``u`` in
the TUI undoes what they did."""

from __future__ import annotations

import json
from pathlib import Path

from readlist.store.library import Library
from readlist.tui.app import ReadlistApp
from tests.cli.test_cli import readlist


def listed(home: Path, *query: str) -> list[dict]:
    return [json.loads(line) for line in readlist(home, "list", "--json", "--all", *query).stdout.splitlines()]


def test_tag_adds_and_removes_on_what_the_query_lists(home: Path) -> None:
    assert readlist(home, "tag", "title:unifork", "+rl", "+video").stdout == (
        "tagged 1 paper; u in readlist undoes it\n")
    result = readlist(home, "tag", "tag:rl", "-video", "+later")  # -video is an edit, not a query's NOT
    assert result.returncode == 0, result.stderr
    [paper] = listed(home, "tag:rl")
    assert paper["title"].startswith("UniFork") and paper["tags"] == ["later", "rl"]
    again = readlist(home, "tag", "title:unifork", "+rl")
    assert again.stdout == "tagged 0 papers (1 paper had it already)\n"


def test_mark_priority_and_note(home: Path) -> None:
    assert readlist(home, "mark", "read", '"reasongen"').stdout.startswith("marked read 1 paper")
    assert readlist(home, "priority", "2", "title:unifork").stdout.startswith("gave priority 2 to 1 paper")
    [read] = listed(home, "status:read")
    assert read["title"].startswith("ReasonGen-R1")
    assert listed(home, "priority:2")[0]["title"].startswith("UniFork")
    noted = readlist(home, "note", read["id"][:6], "compare", "with", "GRPO")
    assert noted.returncode == 0, noted.stderr
    assert readlist(home, "note", read["id"]).stdout == "compare with GRPO\n"


def test_dry_run_changes_nothing_and_bad_arguments_say_why(home: Path) -> None:
    dry = readlist(home, "mark", "skipped", "diffusion", "--dry-run")
    assert dry.returncode == 0 and len(dry.stdout.splitlines()) > 1
    assert listed(home, "status:skipped") == []
    assert readlist(home, "tag", "diffusion").returncode == 2  # no edits
    assert readlist(home, "tag", "+rl").returncode == 2  # no query
    assert readlist(home, "mark", "done", "x").returncode == 2  # not a status
    assert readlist(home, "priority", "7", "x").returncode == 2
    nothing = readlist(home, "mark", "read", "zzzzqqqq")
    assert (nothing.returncode, nothing.stderr) == (1, "readlist: no paper matches 'zzzzqqqq'\n")
    assert readlist(home, "note", "nosuchid", "x").returncode == 1


async def test_u_in_the_tui_undoes_what_the_command_line_did(home: Path) -> None:
    readlist(home, "mark", "read", '"reasongen"')
    app = ReadlistApp(Library.open(home))
    async with app.run_test() as pilot:
        [paper_id] = [p["id"] for p in listed(home, "status:read")]
        assert app.library.state(paper_id).read
        readlist(home, "tag", "title:unifork", "+rl")  # while the app runs
        app.check_disk()
        await pilot.pause()
        await pilot.press("u")  # the newest: the tag
        await pilot.pause()
        assert "rl" not in app.library.state(_id(home, "UniFork")).tags
        assert app.library.state(paper_id).read  # the older change is still there
        await pilot.press("u")  # then the mark
        await pilot.pause()
        assert not app.library.state(paper_id).read
    assert listed(home, "status:read") == [] and listed(home, "tag:rl") == []


def _id(home: Path, title_start: str) -> str:
    return next(p["id"] for p in listed(home) if p["title"].startswith(title_start))


def test_list_json_gives_keywords_apart_from_tags(home: Path, tmp_path: Path) -> None:
    bib = tmp_path / "kw.bib"
    bib.write_text("@article{k, title={Kernel tricks}, keywords={kernels, Machine Learning}}\n")
    assert readlist(home, "import", str(bib)).returncode == 0
    [paper] = listed(home, "keyword:kernels")
    assert (paper["keywords"], paper["tags"]) == (["kernels", "Machine Learning"], [])
