"""Merging papers that are already in the library (store.merge via Library.add_papers)."""

from __future__ import annotations

from pathlib import Path

from readlist.store.exporting import make_export
from readlist.store.importers import build_paper
from readlist.store.library import CATALOGUE_FILE, STATE_FILE, Library
from readlist.store.models import Status


def paper(**fields):
    return build_paper(source="refs.bib", source_format="test", **fields)


def reasongen(library: Library) -> str:
    return next(pid for pid in library.ids() if library.title_of(pid).startswith("ReasonGen-R1"))


def test_a_known_paper_fills_gaps_and_keeps_the_readers_state(library: Library) -> None:
    target = reasongen(library)
    abstract = library.abstract(target)
    library.set_status(target, Status.READING)
    library.edit_tags(target, "+mine")
    library.set_note(target, "my note")
    before = library.state(target)

    incoming = paper(
        title="ReasonGen-R1: CoT for Autoregressive Image generation models through SFT and RL",
        abstract=abstract, authors=["Yu Zhang", "Yunqi Li"], arxiv_id="2505.24875", date="2025-05-30",
        venue="arXiv", keywords=["reasoning"],
    )
    plan = library.add_papers([incoming])
    assert (plan.added, plan.merged, plan.skipped) == ([], [target], [])
    assert plan.ids[incoming.id] == target
    merged = library.paper(target)
    assert merged.title.startswith("ReasonGen-R1: CoT") and not merged.title_derived  # a real title beats a derived one
    assert (merged.arxiv_id, merged.date, merged.authors, merged.venue) == (
        "2505.24875", "2025-05-30", ("Yu Zhang", "Yunqi Li"), "arXiv")
    assert merged.keywords == ("reasoning",)
    assert library.state(target) == before  # tags, note, status untouched: keywords don't become tags here

    # now findable by its arXiv id: the same paper again, its title spelt another way, adds only that
    # title's match key, which is no merge (nothing shown changed)
    respelt = paper(title="ReasonGen R1 - CoT for autoregressive image generation models through SFT & RL",
                    arxiv_id="arXiv:2505.24875v2")
    again = library.add_papers([respelt])
    assert (again.added, again.merged, again.skipped) == ([], [], [target]) and again.warnings == []
    assert library.paper(target).title.startswith("ReasonGen-R1: CoT")  # never overwritten
    assert set(respelt.keys) <= set(library.paper(target).keys)
    # the same arXiv id under a title that does not agree: another paper, kept apart, with a warning
    other = paper(title="Another title for it", arxiv_id="arXiv:2505.24875v2", line=7)
    apart = library.add_papers([other])
    assert len(apart.added) == 1 and apart.merged == [] and apart.skipped == []
    assert [str(w) for w in apart.warnings] == [
        'refs.bib:7: shares arXiv 2505.24875 with "ReasonGen-R1: CoT for Autoregressive Image generation model…"'
        ' in the library but has a different title ("Another title for it"); kept both']
    kept = library.paper(apart.added[0])
    assert (kept.title, kept.arxiv_id) == ("Another title for it", "")
    assert library.paper(target).arxiv_id == "2505.24875"


def test_merging_never_overwrites_a_value(library: Library) -> None:
    gir = next(pid for pid in library.ids() if library.title_of(pid).startswith("GIR-Bench"))
    original = library.paper(gir)
    plan = library.add_papers([paper(title=original.title, org="Somewhere Else", date="2025-10-13", votes=99,
                                     doi="10.1234/gir")])
    assert plan.merged == [gir]
    merged = library.paper(gir)
    assert (merged.org, merged.date, merged.votes) == ("HKUST", "Oct 13", 3)  # kept
    assert merged.doi == "10.1234/gir"  # filled


def test_keywords_stay_keywords_of_new_papers_never_tags(empty_library: Library) -> None:
    new = paper(title="A New Paper on Wombats", keywords=["Marsupials", "burrowing"])
    empty_library.add_papers([new])
    assert empty_library.paper(new.id).keywords == ("Marsupials", "burrowing")
    assert empty_library.state(new.id).tags == () and not empty_library.touched()
    assert not empty_library.tag_counts()
    assert empty_library.history.to_undo() is None  # importing is not an undoable change


def test_notes_and_tags_export_of_an_import_holds_only_what_the_reader_tagged_or_noted(
        empty_library: Library, tmp_path: Path) -> None:
    bib = tmp_path / "arxiv.bib"
    bib.write_text("".join(
        f"@misc{{p{n}, title = {{Imported Paper Number {n}}}, "
        f"keywords = {{Computer Science - Machine Learning, Statistics - Machine Learning}}}}\n" for n in range(6)))
    empty_library.import_files([bib])
    assert make_export(empty_library, list(empty_library.entries()), "markdown").summary == (
        "0 papers (none of them has a note or tags)")
    first, second, *_ = empty_library.ids()
    empty_library.edit_tags(first, "+mine")
    empty_library.set_note(second, "Worth a look.")
    export = make_export(empty_library, list(empty_library.entries()), "markdown")
    assert export.summary == "2 papers"
    assert empty_library.state(first).tags == ("mine",)


def test_duplicates_within_a_file_merge_into_the_first(empty_library: Library) -> None:
    first = paper(title="Deep Wombats", arxiv_id="2401.00001")
    second = paper(title="Deep Wombats", abstract="An abstract that the first copy did not have at all.",
                   doi="10.1000/w")
    plan = empty_library.add_papers([first, second])
    assert plan.added == [first.id] and plan.merged == [] and plan.skipped == []
    assert plan.duplicates == [second.id]  # counted, so the report adds up
    stored = empty_library.paper(first.id)
    assert stored.doi == "10.1000/w" and stored.abstract.startswith("An abstract")


def test_different_arxiv_ids_or_dois_are_different_papers(empty_library: Library) -> None:
    shared = "A placeholder abstract that a listing copied under every one of its papers."
    batch = [paper(title=f"Paper {n}", abstract=shared, arxiv_id=f"2501.0000{n}") for n in range(1, 4)]
    batch += [paper(title="Same Title", doi="10.1000/a"), paper(title="Same Title", doi="10.1000/b")]
    plan = empty_library.add_papers(batch)
    assert len(plan.added) == 5 and plan.duplicates == []
    # an arXiv DOI does not conflict with the publisher's DOI of the same paper
    again = empty_library.add_papers([paper(title="Same Title", doi="10.48550/arxiv.2501.09999")])
    assert again.added == [] and again.duplicates == []


def test_a_shared_abstract_alone_does_not_join_different_titles(empty_library: Library) -> None:
    shared = "No abstract is available for this paper yet; see the publisher's page."
    plan = empty_library.add_papers([paper(title="Wombats in Space", abstract=shared),
                                     paper(title="Koalas at Sea", abstract=shared),
                                     paper(title="Wombats in space", abstract=shared)])  # same title: same paper
    assert len(plan.added) == 2 and len(plan.duplicates) == 1


def test_a_dry_run_writes_nothing(library: Library, home: Path) -> None:
    before = {name: (home / name).read_bytes() for name in (CATALOGUE_FILE, STATE_FILE)}
    plan = library.add_papers([paper(title="Brand New Paper", keywords=["x"]),
                               paper(title=library.title_of(library.ids()[40]), doi="10.9999/x")], dry_run=True)
    assert len(plan.added) == 1 and len(plan.merged) == 1
    assert {name: (home / name).read_bytes() for name in before} == before
    assert len(library) == 97
