"""A full backup of a library: every paper, the reader's state and settings, in one JSON file.

The file is one JSON object (RFC 8259), UTF-8, written by orjson with
two-space indentation::

    {
      "format": "readlist-backup",
      "version": 1,
      "exported": "2026-11-22T11:34:16.042Z",
      "settings": {"saved_searches": [...], ...},
      "states": {"<paper id>": {<ReaderState.to_doc()>}, ...},
      "papers": [{"id": ..., "title": ..., "abstract": ..., <every other Paper field>}, ...]
    }

``format`` and ``version`` come first so that a reader (and
:func:`store.importers.backup.sniff`) knows the file from its first bytes.
Papers are in library order, each record's fields in :class:`Paper` order;
states and settings are sorted by key. Two backups of the same library are
therefore byte-identical but for ``exported``. :mod:`store.importers.backup`
reads the file back, ids and all.
"""

from __future__ import annotations

from typing import Any

import orjson

from readlist.store.library import Library
from readlist.store.models import STORED_FIELDS, Paper, now_iso

FORMAT = "readlist-backup"
#: The version written; :mod:`store.importers.backup` refuses newer ones.
VERSION = 1


def paper_record(paper: Paper) -> dict[str, Any]:
    """Every field of ``paper`` (id and abstract included), JSON-ready, in field order."""
    return {name: getattr(paper, name) for name in STORED_FIELDS}


def _settings(library: Library) -> dict[str, Any]:
    """Every setting stored with the library, by name, sorted."""
    return dict(sorted(library.settings().items()))


def export_backup(library: Library) -> bytes:
    """A backup of ``library`` (see the module docstring).

    Args:
        library: the library; its abstracts are loaded if not yet.

    Returns:
        The file's bytes: UTF-8 JSON ending with a newline.

    Raises:
        StorageError: the abstracts had to be read and could not be.
    """
    backup = {
        "format": FORMAT,
        "version": VERSION,
        "exported": now_iso(),
        "settings": _settings(library),
        "states": {paper_id: state.to_doc() for paper_id, state in sorted(library.touched().items())},
        "papers": [paper_record(entry.paper) for entry in library.entries()],
    }
    return orjson.dumps(backup, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
