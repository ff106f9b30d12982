"""``readlist doctor``: what is the state of a library folder, and what would opening do?

:func:`diagnose` reads every library file and backup without changing anything
(no lock taken, nothing written, nothing set aside) and says, one line each:
each file's schema and size, the journal of the reader's state (how many
changes opening applies, damaged or cut lines), the documents of the wrong shape
(:mod:`store.shapes`), what opening would restore and from which backup, what
it would upgrade, whether the library would open read-only, and the files
opening set aside earlier (kept until the reader removes them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from readlist.store import backups
from readlist.store.errors import DamagedFileError, NewerSchemaError
from readlist.store.files import MAIN_TABLE, newest_good_backup, read_checked, snapshot_seq
from readlist.store.journal import Journal
from readlist.store.migrations import CURRENT
from readlist.store.shapes import WHAT, bad_documents
from readlist.store.state_file import JOURNAL_FILE
from readlist.store.text import plural

#: The library files: name -> (kind, JSON Lines).
FILES = {"catalogue.json": ("catalogue", False), "abstracts.jsonl": ("abstracts", True),
         "state.json": ("state", False)}


@dataclass
class Diagnosis:
    """What :func:`diagnose` found.

    Attributes:
        lines: the report, one line per finding.
        problems: how many findings need the reader's attention (or opening's repair).
    """

    lines: list[str] = field(default_factory=list)
    problems: int = 0

    def say(self, line: str, *, problem: bool = False) -> None:
        self.lines.append(line)
        self.problems += problem


def _restore_line(home: Path, name: str, kind: str, lines: bool) -> str:
    found = newest_good_backup(home, name, kind, lines=lines)
    if found is None:
        return "no readable backup: opening would start a new, empty file"
    backup, data, _ = found
    count = len(data.get(MAIN_TABLE[kind], {}))
    return (f"opening would restore the backup of {backups.backup_time(backup)} "
            f"({backups.FOLDER}/{backup.name}, {plural(count, WHAT[MAIN_TABLE[kind]])})")


def diagnose(home: Path) -> Diagnosis:
    """Examine the library in ``home`` without changing anything (see the module)."""
    report = Diagnosis()
    report.say(f"library: {home}")
    if not home.is_dir():
        report.say(f"{home}: no library folder here (opening would create one)")
        return report
    if not os.access(home, os.W_OK):
        report.say(f"{home}: not writable: the library would open read-only", problem=True)
    present = [name for name in FILES if (home / name).exists()]
    state_seq: int | None = None  # the last change the state's snapshot holds, when it can be read
    for name, (kind, lines) in FILES.items():
        path = home / name
        if not path.exists():
            if present or backups.backups_of(home, name):
                report.say(f"{name}: missing; {_restore_line(home, name, kind, lines)}",
                           problem=bool(backups.backups_of(home, name)) or name != "abstracts.jsonl")
            continue
        try:
            data, version = read_checked(path, kind, lines=lines)
            if kind == "state":
                state_seq = snapshot_seq(data, path)
        except NewerSchemaError as newer:
            report.say(f"{name} {newer.reason}: the library would open read-only", problem=True)
            continue
        except DamagedFileError as damage:
            report.say(f"{name}: damaged ({damage.reason}); opening would set it aside as {name}.corrupt-<time> "
                       f"and {_restore_line(home, name, kind, lines).removeprefix('opening would ')}", problem=True)
            continue
        except OSError as error:
            report.say(f"{name}: cannot be read ({error.strerror})", problem=True)
            continue
        table = MAIN_TABLE[kind]
        docs = data.get(table, {})
        line = f"{name}: schema {version}, {plural(len(docs), WHAT[table])}, {path.stat().st_size:,} bytes"
        if version < CURRENT[kind]:
            line += f"; opening would upgrade it to schema {CURRENT[kind]}"
        report.say(line)
        for table_name in {table, "settings"}:
            bad = bad_documents(table_name, data.get(table_name, {}))
            for doc_id, reason in bad.items():
                report.say(f"{name}: {WHAT[table_name]} {doc_id} is of the wrong shape ({reason}); opening would "
                           f"set it aside in {name}.bad-<time>.json", problem=True)
    if state_seq is None:  # missing or damaged: opening would restore this backup, then apply the journal
        found = newest_good_backup(home, "state.json", "state", lines=False)
        state_seq = snapshot_seq(found[1], found[0]) if found else 0
    _journal(home, report, state_seq)
    for name in FILES:
        kept = backups.backups_of(home, name)
        good = sum(1 for backup in kept if _readable(backup, *FILES[name]))
        if kept:
            report.say(f"backups of {name}: {len(kept)} ({good} readable), the newest of "
                       f"{backups.backup_time(kept[0])}")
        for original in backups.originals_of(home, name):
            report.say(f"kept from an upgrade: {backups.FOLDER}/{original.name}")
    for aside in backups.set_aside_files(home):
        report.say(f"set aside earlier (kept until you remove it): {aside.name}, {aside.stat().st_size:,} bytes")
    return report


def _journal(home: Path, report: Diagnosis, base: int) -> None:
    """Say what the journal of the reader's state holds beyond change ``base``
    (the snapshot's), and what of it opening would drop."""
    journal = Journal(home / JOURNAL_FILE)
    try:
        records = journal.read_new()
    except OSError as error:
        report.say(f"{JOURNAL_FILE}: cannot be read ({error.strerror})", problem=True)
        return
    if not journal.path.exists():
        return
    newer = sum(1 for record in records if record.seq > base)
    report.say(f"{JOURNAL_FILE}: {plural(newer, 'change')} after the snapshot in state.json "
               f"({journal.size():,} bytes); opening applies them")
    if journal.damaged:
        lines = ", ".join(map(str, journal.damaged[:5])) + (", ..." if len(journal.damaged) > 5 else "")
        report.say(f"{JOURNAL_FILE}: {plural(len(journal.damaged), 'damaged line')} ({lines}); opening would skip "
                   f"them and keep the journal as it is in {JOURNAL_FILE}.corrupt-<time>", problem=True)
    if journal.tail():
        report.say(f"{JOURNAL_FILE}: its last line is cut short (a readlist killed while writing a change it "
                   "never reported saved); opening drops it")


def _readable(path: Path, kind: str, lines: bool) -> bool:
    try:
        read_checked(path, kind, lines=lines)
    except (DamagedFileError, OSError):
        return False
    return True
