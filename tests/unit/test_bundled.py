"""The shipped catalogue (data/, store.bundled)."""

from __future__ import annotations

import readlist.data as data
from readlist.store.bundled import build_from_package, load_bundled


def test_shipped_catalogue_is_built_from_the_shipped_seeds() -> None:
    # Fails when a seed or an importer changed without `python scripts/build_catalogue.py`.
    assert data.catalogue_file().read_bytes() == build_from_package()


def test_shipped_catalogue_has_97_distinct_papers() -> None:
    digest, papers = load_bundled()
    assert len(papers) == 97
    assert len({p.id for p in papers}) == 97
    assert len(digest) == 16
    assert sum(p.title_derived for p in papers) == 36
