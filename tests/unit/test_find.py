"""Library.find: the paper a reader names by id, id prefix, arXiv id or DOI."""

from __future__ import annotations

import pytest

from readlist.store.errors import AmbiguousPaperError, UnknownPaperError
from readlist.store.importers.base import build_paper
from readlist.store.library import Library


def add(library: Library, title: str, **fields: str) -> str:
    paper = build_paper(source="t.bib", source_format="test", title=title, **fields)
    assert library.add_papers([paper]).added == [paper.id]
    return paper.id


def test_by_id_prefix_arxiv_id_and_doi(empty_library: Library) -> None:
    library = empty_library
    new = add(library, "New style", arxiv_id="2501.01234")
    old = add(library, "Old style", arxiv_id="hep-th/9901001")
    doi = add(library, "A journal paper", doi="10.5555/Journal.42")
    assert library.find(new) == new
    assert library.find(f"  {doi.upper()} ") == doi
    for ref in ("2501.01234", "arXiv:2501.01234v3", "https://arxiv.org/abs/2501.01234", "10.48550/arXiv.2501.01234"):
        assert library.find(ref) == new, ref
    assert library.find("hep-th/9901001v2") == old
    for ref in ("10.5555/journal.42", "https://doi.org/10.5555/JOURNAL.42", "doi:10.5555/journal.42"):
        assert library.find(ref) == doi, ref


def test_a_unique_prefix_names_its_paper_and_a_shared_one_says_so(empty_library: Library) -> None:
    ids = [add(empty_library, f"Paper number {n}") for n in range(40)]
    first = ids[0]
    unique = next(first[:n] for n in range(1, 13) if sum(i.startswith(first[:n]) for i in ids) == 1)
    assert empty_library.find(unique) == first
    shared = next(i[0] for i in ids if sum(j.startswith(i[0]) for j in ids) > 1)  # 40 ids, 16 first digits
    with pytest.raises(AmbiguousPaperError, match=rf"'{shared}' starts the ids of \d+ papers"):
        empty_library.find(shared)


@pytest.mark.parametrize("ref", ["", "zzz", "2501.99999", "10.1/nothing", "0123456789abcdef"])
def test_an_unknown_reference_is_named(empty_library: Library, ref: str) -> None:
    add(empty_library, "Only one", arxiv_id="2501.01234")
    with pytest.raises(UnknownPaperError) as raised:
        empty_library.find(ref)
    assert str(raised.value) == f"no paper with id {ref!r} in the library"
