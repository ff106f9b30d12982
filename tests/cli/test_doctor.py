"""``readlist doctor`` and the commands on a read-only library, run as real processes."""

from __future__ import annotations

from pathlib import Path

import orjson

from readlist.store import backups
from readlist.store.library import CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.state_file import JOURNAL_FILE
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
           f"(backups/{newest.name}, 0 reader's states)" in lines  # the library's first: no change since
    journal = (home / JOURNAL_FILE).stat().st_size
    assert f"state.journal: 1 change after the snapshot in state.json ({journal:,} bytes); opening applies them" \
        in lines
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


def test_doctor_reports_damaged_and_cut_journal_lines_and_opening_keeps_the_rest(home: Path) -> None:
    library = Library.open(home)
    first, second, third = library.ids()[:3]
    library.set_note(first, "one")
    library.set_note(second, "two")
    library.set_note(third, "three")
    raw = (home / JOURNAL_FILE).read_bytes()
    lines = raw.splitlines(keepends=True)
    damaged = lines[1].replace(b"two", b"tw0")  # the CRC no longer matches
    (home / JOURNAL_FILE).write_bytes(lines[0] + damaged + lines[2] + lines[2][:20])  # and a cut last line

    result = readlist(home, "doctor")
    assert result.returncode == 1
    said = result.stdout.splitlines()
    assert "state.journal: 1 damaged line (2); opening would skip them and keep the journal as it is in " \
           "state.journal.corrupt-<time>" in said
    assert any(line.startswith("state.journal: its last line is cut short") for line in said)

    reopened = Library.open(home)
    assert [reopened.state(pid).note for pid in (first, second, third)] == ["one", "", "three"]
    [notice] = reopened.notices
    [kept] = home.glob(f"{JOURNAL_FILE}.corrupt-*")
    assert notice == (f"state.journal: 1 damaged line (2) could not be read; the changes they held are lost, the "
                      f"others kept (the journal as it was is kept as {kept.name}).")
    assert kept.read_bytes() == lines[0] + damaged + lines[2] + lines[2][:20]
    assert (home / JOURNAL_FILE).read_bytes() == b""  # compacted at once: the damage is not met again
    assert Library.open(home).notices == []
    assert readlist(home, "doctor").returncode == 0
