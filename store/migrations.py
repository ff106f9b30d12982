"""Schema versions of the library files, and how older files are upgraded.

Each library file records its kind and schema version in its ``_meta`` table
(``{"_meta": {"schema": {"kind": "state", "schema": 1}}}``). Opening a file of
an older schema upgrades it in memory, one version at a time, and writes it
back (after a backup); the reader's data is carried over unchanged.

History:

- catalogue 1 (v0.1): papers keyed by id.
- catalogue 2: each paper also stores its match keys (``keys``), so opening a
  library of 100,000 papers does not recompute them from every abstract.
- state 1 (v0.1): read mark, tags, note, title, change times per touched paper.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from store.identity import match_keys

Data = dict[str, dict[str, Any]]

#: The schema version this code writes, per kind of file.
CURRENT = {"catalogue": 2, "state": 1}


def _catalogue_1_to_2(data: Data) -> Data:
    for doc in data.get("papers", {}).values():
        doc["keys"] = match_keys(
            arxiv_id=doc.get("arxiv_id", ""), doi=doc.get("doi", ""), title=doc.get("title", ""),
            title_derived=bool(doc.get("title_derived")), abstract=doc.get("abstract", ""),
        )
    return data


#: ``(kind, version) -> function`` upgrading data of that version to the next.
STEPS: dict[tuple[str, int], Callable[[Data], Data]] = {
    ("catalogue", 1): _catalogue_1_to_2,
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
