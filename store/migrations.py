"""Schema versions of the library files, and how older files are upgraded.

Each library file records its kind and schema version in its ``_meta`` table
(``{"_meta": {"schema": {"kind": "state", "schema": 1}}}``). Opening a library
with files of an older schema upgrades them in memory, one version at a time,
writes every new file beside the old one, and only then switches to them (the
old files are kept in ``backups/``; see ``Library._upgrade``). If a new file
cannot be written, the old ones stay as they are and the library opens
read-only from the upgraded data in memory. The reader's data is carried over
unchanged; documents of the wrong shape are carried over as they are (and set
aside once the library opens, see :mod:`store.shapes`).

History:

- catalogue 1 (v0.1): papers keyed by id.
- catalogue 2: each paper also stores its match keys (``keys``), so opening a
  library of 100,000 papers does not recompute them from every abstract.
- catalogue 3: abstracts move to their own file, ``abstracts.jsonl`` (kind
  ``abstracts``), loaded after the list is on screen: a catalogue of 100,000
  papers is a quarter of the size to parse at start-up. The upgrade leaves
  them in an ``abstracts`` table of the catalogue, which the library moves to
  the new file and then drops (see ``Library._move_abstracts_out``).
- abstracts 1: ``{"abstract": text}`` per paper id.
- state 1 (v0.1): read mark, tags, note, title, change times per touched paper.
- state 2: a status (new, to-read, reading, read, skipped) with the history of
  its changes, and a priority, instead of the read mark. Papers marked read
  stay read (since their ``read_at``); the others become new.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from readlist.store.identity import match_keys

Data = dict[str, dict[str, Any]]

#: The schema version this code writes, per kind of file.
CURRENT = {"catalogue": 3, "abstracts": 1, "state": 2}

#: Table of an upgraded catalogue holding abstracts still to move to their own file.
ABSTRACTS_TO_MOVE = "abstracts"


def _catalogue_1_to_2(data: Data) -> Data:
    for doc in data.get("papers", {}).values():
        if not isinstance(doc, dict):
            continue  # of the wrong shape: set aside when the library opens
        try:
            doc["keys"] = match_keys(
                arxiv_id=doc.get("arxiv_id", ""), doi=doc.get("doi", ""), title=doc.get("title", ""),
                title_derived=bool(doc.get("title_derived")), abstract=doc.get("abstract", ""),
            )
        except (TypeError, AttributeError):  # a field of the wrong type: the shape check names it
            doc["keys"] = []
    return data


def _catalogue_2_to_3(data: Data) -> Data:
    papers = data.get("papers", {})
    data[ABSTRACTS_TO_MOVE] = {
        paper_id: {"abstract": doc.pop("abstract", "")} for paper_id, doc in papers.items() if isinstance(doc, dict)
    }
    return data


def _state_1_to_2(data: Data) -> Data:
    for doc in data.get("state", {}).values():
        if not isinstance(doc, dict):
            continue
        read, read_at = doc.pop("read", False), doc.pop("read_at", None)
        doc["status"] = "read" if read else "new"
        doc["history"] = [["read", read_at or doc.get("changed") or ""]] if read else []
        doc["priority"] = 0
    return data


#: ``(kind, version) -> function`` upgrading data of that version to the next.
STEPS: dict[tuple[str, int], Callable[[Data], Data]] = {
    ("catalogue", 1): _catalogue_1_to_2,
    ("catalogue", 2): _catalogue_2_to_3,
    ("state", 1): _state_1_to_2,
}


def upgrade(kind: str, data: Data, version: int) -> Data:
    """Upgrade the data of a ``kind`` file from ``version`` to :data:`CURRENT`.

    Raises:
        ValueError: no path from ``version`` (a version this code never wrote).
    """
    while version < CURRENT[kind]:
        step = STEPS.get((kind, version))
        if step is None:
            raise ValueError(f"no upgrade from {kind} schema {version}")
        data = step(data)
        version += 1
        data.setdefault("_meta", {}).setdefault("schema", {})["schema"] = version
    return data
