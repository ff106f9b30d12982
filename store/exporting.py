"""Exporting a selection of papers in one of the formats, for the CLI and the TUI.

- ``markdown``: the notes document (:mod:`store.exporters.markdown`);
- ``vault``: one Markdown file per paper in a folder (:mod:`store.exporters.vault`);
- ``bibtex``: BibTeX entries (:mod:`store.exporters.bibtex`);
- ``json``: a backup of the whole library (:mod:`store.exporters.backup`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from readlist.store.atomic import write_atomic
from readlist.store.errors import printable
from readlist.store.exporters.backup import export_backup
from readlist.store.exporters.bibtex import export_bibtex
from readlist.store.exporters.markdown import export_notes, with_notes
from readlist.store.exporters.vault import export_vault
from readlist.store.library import Library
from readlist.store.models import Entry
from readlist.store.reading import check_target
from readlist.store.text import plural

#: The formats, by name.
FORMATS = ("markdown", "vault", "bibtex", "json")


def format_for(path: Path | str) -> str:
    """The format a path asks for: a folder (ending in ``/``) is a vault,
    ``.bib`` BibTeX, ``.json`` a backup, anything else Markdown notes."""
    text = str(path)
    if text.endswith(("/", os.sep)) or Path(text).expanduser().is_dir():
        return "vault"
    return {".bib": "bibtex", ".json": "json"}.get(Path(text).suffix.lower(), "markdown")


@dataclass
class Export:
    """An export's result.

    Attributes:
        payload: the bytes to write, or ``None`` when the export wrote files itself (vault).
        summary: what was exported, in one line (``"3 papers"``, ``"2 written, 1 unchanged …"``).
    """

    payload: bytes | None
    summary: str


def make_export(
    library: Library, entries: Sequence[Entry], fmt: str, *, folder: Path | None = None, everything: bool = False,
    abstracts: bool = False, group_by: str | None = None,
) -> Export:
    """Export ``entries`` (all the library for ``json``) in ``fmt``.

    Args:
        library: the library (``json`` backs all of it up).
        entries: the papers to export, in order.
        fmt: one of :data:`FORMATS`.
        folder: the vault folder (needed for ``vault``).
        everything: markdown and vault: also papers without note or tags.
        abstracts: markdown: add the abstracts (``entries`` must carry them).
        group_by: markdown: ``"tag"`` or ``"status"``.

    Raises:
        ValueError: an unknown format, or a vault without a folder.
        StorageError: a vault file could not be written.
    """
    if fmt == "json":
        return Export(export_backup(library), plural(len(library), "paper") + " and your state")
    if fmt == "bibtex":
        return Export(export_bibtex(entries).encode("utf-8"), plural(len(entries), "paper"))
    chosen = with_notes(entries, everything)
    if fmt == "vault":
        if folder is None:
            raise ValueError("a vault export needs a folder")
        report = export_vault(chosen, folder)
        return Export(None, report.summary())
    if fmt != "markdown":
        raise ValueError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    text = export_notes(chosen, everything=True, abstracts=abstracts, group_by=group_by)
    summary = plural(len(chosen), "paper") if chosen else "0 papers (none of them has a note or tags)"
    return Export(text.encode("utf-8"), summary)


def export_to_path(library: Library, entries: Sequence[Entry], path: str, **options: object) -> str:
    """Export ``entries`` to ``path`` in the format the path asks for (:func:`format_for`).

    ``path`` is the text the reader typed (``~`` is expanded); it stays a string
    because a trailing ``/`` (a vault folder) is part of what it asks for.

    Returns:
        One line saying what was written where.

    Raises:
        InputError: the path is a FIFO, a device or a socket (never replaced).
        StorageError: the file (or a vault file) could not be written.
    """
    fmt = format_for(path)
    target = Path(os.path.expanduser(str(path)))
    if fmt == "vault":
        target.mkdir(parents=True, exist_ok=True)
    else:
        check_target(target)
    result = make_export(library, entries, fmt, folder=target, **options)
    if result.payload is not None:
        write_atomic(target, result.payload)
    return f"{fmt}: {result.summary} → {printable(str(target))}"
