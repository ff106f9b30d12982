"""Importing files into a library: read, merge, report, per file.

:func:`import_files` reads each file with the importer its content calls for
(:mod:`store.importers`), merges its papers into the library
(:meth:`Library.add_papers`; a readlist backup also brings back the reader's
state and settings), and reports per file what was added, merged, skipped
and rejected. A file that cannot be read at all changes nothing. With
``dry_run`` nothing is written and the report says what would happen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readlist.store.collector import freeze_if_many, paused
from readlist.store.errors import InputError, printable
from readlist.store.importers import read_file
from readlist.store.settings import Settings

if TYPE_CHECKING:
    from readlist.store.library import Library

#: The format of a readlist backup (:mod:`store.importers.backup`, not imported here: the
#: format modules are imported only when a file is read).
BACKUP_FORMAT = "readlist-backup"

#: Reports progress: ``(what is being done, done, in all)``, e.g. ``("reading x.bib", 500, 10000)``.
Progress = Callable[[str, int, int], None]



@dataclass
class FileReport:
    """What importing one file did (or would do, in a dry run).

    Attributes:
        source: the path as given.
        format: the format detected, or ``""`` if the file could not be read.
        added: papers new to the library.
        merged: papers already there that got missing fields filled (match keys alone do not count).
        skipped: papers already there with nothing new.
        rejected: records that could not be read, each with its line.
        warnings: notes on records that were read (see :class:`~store.importers.base.ParseResult`),
            then on records that share an arXiv id or DOI under different titles (kept apart).
        duplicates: records that were the same paper as an earlier record of the same file.
        restored: reader's states brought back (from a readlist backup).
        error: why the whole file was refused, or ``None``.
        dry_run: nothing was written.
    """

    source: str
    format: str = ""
    added: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)
    duplicates: int = 0
    restored: int = 0
    error: InputError | None = None
    dry_run: bool = False

    def summary(self) -> str:
        """One line such as ``"refs.bib: 10 added, 2 merged, 3 skipped, 1 rejected (bibtex)"``.

        The file name is shown with odd characters escaped (a line break as
        ``\\n``, a byte that is not UTF-8 as ``\\xff``; see :func:`store.errors.printable`).
        """
        if self.error is not None:
            return f"{self.error} (nothing imported)"
        would = "would be " if self.dry_run else ""
        extra = f", {self.duplicates} repeated in the file" if self.duplicates else ""
        extra += f", {len(self.warnings)} warnings" if self.warnings else ""
        extra += f", {self.restored} reader states restored" if self.restored else ""
        return (
            f"{printable(self.source)}: {self.added} {would}added, {self.merged} {would}merged, "
            f"{self.skipped} skipped, {len(self.rejected)} rejected{extra} ({self.format})"
        )


def import_files(
    library: Library, paths: Iterable[Path], *, dry_run: bool = False, progress: Progress | None = None,
) -> list[FileReport]:
    """Import papers from files, each in any known format.

    Args:
        library: where the papers go.
        paths: the files.
        dry_run: only report what would happen.
        progress: told what is being done, for long imports.

    Returns:
        One report per file, in order.

    Raises:
        StorageError: the library could not be written (the reports of the
            files before it stand; nothing of this file is stored).
    """
    reports = []
    for path in paths:
        path = Path(path)
        report = FileReport(str(path), dry_run=dry_run)
        name = printable(path.name)
        reading = (lambda done, total, name=name: progress(f"reading {name}", done, total)) if progress else None
        with paused():  # the collector would scan the new papers again and again (store.collector)
            try:
                result = read_file(path, progress=reading)
            except InputError as error:
                report.error = error
                reports.append(report)
                continue
            if progress:
                progress(f"storing {name}", 0, len(result.papers))
            # a backup's papers come back as the library they come from kept them (its ids stand)
            plan = library.add_papers(result.papers, dry_run=dry_run, settle=result.format != BACKUP_FORMAT)
        freeze_if_many(len(plan.added) + len(plan.merged))
        report.format = result.format
        report.added, report.merged, report.skipped = len(plan.added), len(plan.merged), len(plan.skipped)
        report.rejected, report.duplicates = result.rejected, len(plan.duplicates)
        report.warnings = [*result.warnings, *plan.warnings]
        if result.states and not dry_run:
            states = {plan.ids.get(pid, pid): state for pid, state in result.states.items()}
            report.restored = len(library.restore_states(states))
        if result.settings and not dry_run:
            Settings(library).restore(result.settings)
        if progress:
            progress(f"stored {name}", len(result.papers), len(result.papers))
        reports.append(report)
    return reports
