"""The bundled catalogue: building it from the seeds, and reading it back.

``data/catalogue.json`` holds the papers of ``data/seeds/*.txt`` after import
and de-duplication, in this form::

    {"format": "readlist-catalogue", "version": 1,
     "papers": [{"id": "...", "title": "...", ...}, ...]}

Rebuild it with ``python scripts/build_catalogue.py`` after changing a seed or
an importer; a test fails when the shipped file is out of date.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import orjson

import readlist.data as data
from readlist.store.errors import StorageError
from readlist.store.importers import parse_text
from readlist.store.models import Paper
from readlist.store.text import decode

FORMAT = "readlist-catalogue"


def build_catalogue(seeds: list[tuple[str, bytes]]) -> bytes:
    """The ``catalogue.json`` content for the given seed files.

    Args:
        seeds: ``(file name, file bytes)`` pairs, in the order to import them.

    Returns:
        Pretty-printed JSON; papers in seed order, each once (first seen wins).

    Raises:
        InputError: a seed file cannot be read.
    """
    papers: dict[str, dict] = {}
    for name, raw in seeds:
        for paper in parse_text(decode(raw, name), name).papers:
            doc = paper.to_doc()
            del doc["added"], doc["keys"]  # set when the paper enters a library
            papers.setdefault(paper.id, {"id": paper.id, **doc, "abstract": paper.abstract})
    document = {"format": FORMAT, "version": 1, "papers": list(papers.values())}
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def build_from_package() -> bytes:
    """:func:`build_catalogue` over the seeds shipped in the ``data`` package."""
    return build_catalogue([(f.name, f.read_bytes()) for f in data.seed_files()])


@cache
def seed_names() -> frozenset[str]:
    """The file names of the shipped seeds: the ``Paper.source`` of the bundled papers."""
    return frozenset(f.name for f in data.seed_files())


def load_bundled() -> tuple[str, list[Paper]]:
    """The shipped catalogue: its content digest and its papers.

    Raises:
        StorageError: the file is missing or damaged (a broken installation).
    """
    source = data.catalogue_file()
    try:
        raw = source.read_bytes()
        document = orjson.loads(raw)
        papers = [Paper.from_doc(doc.pop("id"), doc) for doc in document["papers"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise StorageError(Path(str(source)), f"bundled catalogue is damaged: {error}") from error
    return hashlib.sha256(raw).hexdigest()[:16], papers
