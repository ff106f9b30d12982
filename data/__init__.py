"""The catalogue that ships with readlist, as package data.

``catalogue.json`` is built from the seed files in ``seeds/`` by
``scripts/build_catalogue.py`` (see :mod:`store.bundled`); both ship in the
wheel so a fresh install opens on the same 97 papers.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

if __name__ != "readlist.data":  # the repository's top-level folder imported by mistake
    raise ImportError(f"readlist's data/ is imported as readlist.data (after `pip install -e .`), not as {__name__}")

#: File name of the built catalogue inside this package.
CATALOGUE = "catalogue.json"


def catalogue_file() -> Traversable:
    """The bundled ``catalogue.json`` (readable with ``.read_bytes()``)."""
    return files(__name__).joinpath(CATALOGUE)


def seed_files() -> list[Traversable]:
    """The seed text files the catalogue is built from, sorted by name."""
    seeds = files(__name__).joinpath("seeds")
    return sorted((f for f in seeds.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
