"""``readlist doctor`` and the commands on a read-only library, run as real processes."""

from __future__ import annotations

from pathlib import Path

import orjson

from readlist.store import backups
from readlist.store.library import CATALOGUE_FILE, STATE_FILE, Library
from tests.cli.test_cli import readlist


def _tree(home: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(home.rglob("*")) if p.is_file() and p.name != ".readlist.lock"}


def test_doctor_says_what_opening_would_do_and_changes_nothing(home: Path) -> None:
    library = Library.open(home)
    paper_id = library.ids()[0]
    library.set_note(paper_id, "kept")
    (home / STATE_FILE).unlink()
    data = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    data["papers"][paper_id] = 7
    (home / CATALOGUE_FILE).write_bytes(orjson.dumps(data))
    (home / "catalogue.json.corrupt-20261122T120000000000Z").write_bytes(b"{ old damage")
    before = _tree(home)

    result = readlist(home, "doctor")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    newest = backups.backups_of(home, STATE_FILE)[0]
    assert f"state.json: missing; opening would restore the backup of {backups.backup_time(newest)} " \
           f"(backups/{newest.name}, 1 reader's state)" in lines
    assert f"catalogue.json: paper {paper_id} is of the wrong shape (is 7, not an object); opening would set it " \
           "aside in catalogue.json.bad-<time>.json" in lines
    assert "set aside earlier (kept until you remove it): catalogue.json.corrupt-20261122T120000000000Z, " \
           "12 bytes" in lines
    assert _tree(home) == before

    Library.open(home)  # repairs
    result = readlist(home, "doctor")
    assert result.returncode == 0, result.stdout
    assert any(line.startswith("set aside earlier (kept until you remove it): catalogue.json.bad-")
               for line in result.stdout.splitlines())


def test_commands_on_a_newer_library_read_but_do_not_write(home: Path, tmp_path: Path) -> None:
    Library.open(home)
    data = orjson.loads((home / CATALOGUE_FILE).read_bytes())
    data["_meta"]["schema"]["schema"] = 4
    (home / CATALOGUE_FILE).write_bytes(orjson.dumps(data))
    before = _tree(home)
    extra = tmp_path / "extra.txt"
    extra.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")

    listed = readlist(home, "list")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 97
    imported = readlist(home, "import", str(extra))
    assert imported.returncode == 1
    reason = "catalogue.json was written by a newer readlist (schema 4; this one reads 3)"
    assert imported.stderr.splitlines() == [
        f"readlist: warning: {reason}: library opened read-only, nothing is changed (a newer readlist can change it).",
        f"readlist: {home}: not saved: library opened read-only ({reason})",
    ]
    assert readlist(home, "import", "--dry-run", str(extra)).returncode == 0
    assert _tree(home) == before
    assert readlist(home, "doctor").stdout.splitlines()[1] == f"{reason}: the library would open read-only"
