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
- state 3: keywords are no longer tags. Earlier imports gave each new paper
  its source keywords (BibTeX ``keywords``, arXiv subjects, a list's section
  heading) as the reader's tags; they stay the paper's ``keywords`` in the
  catalogue, and the tags only the import gave are dropped from the state
  (see :func:`import_only_tags`). A tag the reader set or kept stays.
- state 4: ``state.json`` is a snapshot beside a journal of the changes since,
  ``state.journal`` (:mod:`store.state_file`), and records the number of the
  last change it holds (``_meta.journal``; none yet after the upgrade). The
  documents are unchanged. A readlist reading schema 3 would not see the
  journal's changes, so it must open such a library read-only.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from readlist.store.identity import match_keys
from readlist.store.models import seconds_of
from readlist.store.tags import normalise_tags

Data = dict[str, dict[str, Any]]

#: The schema version this code writes, per kind of file.
CURRENT = {"catalogue": 3, "abstracts": 1, "state": 4}

#: Table of an upgraded catalogue holding abstracts still to move to their own file.
ABSTRACTS_TO_MOVE = "abstracts"


#: How long after a paper was added (``Paper.added``) an import may have
#: written its state: ``added`` is taken before the catalogue and abstracts
#: are written, the state after (seconds at 100,000 papers). A state changed
#: later than this was changed by the reader.
IMPORT_WINDOW = 120.0


def _catalogue_1_to_2(data: Data, papers: Mapping[str, Any]) -> Data:
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


def _catalogue_2_to_3(data: Data, papers: Mapping[str, Any]) -> Data:
    papers = data.get("papers", {})
    data[ABSTRACTS_TO_MOVE] = {
        paper_id: {"abstract": doc.pop("abstract", "")} for paper_id, doc in papers.items() if isinstance(doc, dict)
    }
    return data


def _state_1_to_2(data: Data, papers: Mapping[str, Any]) -> Data:
    for doc in data.get("state", {}).values():
        if not isinstance(doc, dict):
            continue
        read, read_at = doc.pop("read", False), doc.pop("read_at", None)
        doc["status"] = "read" if read else "new"
        doc["history"] = [["read", read_at or doc.get("changed") or ""]] if read else []
        doc["priority"] = 0
    return data


def import_only_tags(state: Any, paper: Any) -> bool:
    """Whether the tags of a stored ``state`` are exactly what an import of
    readlist up to state schema 2 gave the new ``paper`` (its catalogue
    document) from its keywords, and nothing the reader did since.

    All of these must hold, else the tags are the reader's (when unsure, they
    stay): the tags are the paper's keywords as tags (:func:`normalise_tags`),
    no more and no fewer (a reader who removed or added one kept the rest);
    the state has nothing else (status new, no history, priority, note or
    title of the reader's); and it was last changed when the paper was added,
    within :data:`IMPORT_WINDOW` (a reader's later tag edit, even one undone
    to the same tags by hand, moves ``changed``).
    """
    if type(state) is not dict or type(paper) is not dict:
        return False
    tags, keywords = state.get("tags"), paper.get("keywords")
    if type(tags) is not list or not tags or type(keywords) is not list:
        return False
    if not all(type(tag) is str for tag in tags) or not all(type(word) is str for word in keywords):
        return False
    if sorted(set(tags)) != list(normalise_tags(keywords)):
        return False
    if (state.get("status", "new") != "new" or state.get("history") or state.get("priority", 0) != 0
            or state.get("note") or state.get("title") is not None):
        return False
    changed, added = seconds_of(state.get("changed")), seconds_of(paper.get("added"))
    return changed is not None and added is not None and 0 <= changed - added <= IMPORT_WINDOW


def _state_2_to_3(data: Data, papers: Mapping[str, Any]) -> Data:
    for paper_id, doc in data.get("state", {}).items():
        if import_only_tags(doc, papers.get(paper_id)):
            doc["tags"] = []  # still the paper's keywords; ``changed`` stays: the reader changed nothing
    return data


def _state_3_to_4(data: Data, papers: Mapping[str, Any]) -> Data:
    return data  # the same documents; the journal starts empty


#: ``(kind, version) -> function`` upgrading data of that version to the next;
#: each is given the data and the catalogue's papers (as upgraded), by id.
STEPS: dict[tuple[str, int], Callable[[Data, Mapping[str, Any]], Data]] = {
    ("catalogue", 1): _catalogue_1_to_2,
    ("catalogue", 2): _catalogue_2_to_3,
    ("state", 1): _state_1_to_2,
    ("state", 2): _state_2_to_3,
    ("state", 3): _state_3_to_4,
}


def upgrade(kind: str, data: Data, version: int, papers: Mapping[str, Any] | None = None) -> Data:
    """Upgrade the data of a ``kind`` file from ``version`` to :data:`CURRENT`.

    Args:
        kind: ``"catalogue"``, ``"abstracts"`` or ``"state"``.
        data: the file's tables.
        version: its schema version.
        papers: the catalogue's paper documents by id, at the current schema
            (the state's upgrade to 3 reads their keywords and ``added``).

    Raises:
        ValueError: no path from ``version`` (a version this code never wrote).
    """
    papers = papers if papers is not None else {}
    while version < CURRENT[kind]:
        step = STEPS.get((kind, version))
        if step is None:
            raise ValueError(f"no upgrade from {kind} schema {version}")
        data = step(data, papers)
        version += 1
        data.setdefault("_meta", {}).setdefault("schema", {})["schema"] = version
    return data
