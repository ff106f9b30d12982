"""Records that share an arXiv id or DOI under different titles are kept apart (store.conflicts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.conflicts import titles_agree
from readlist.store.importers import build_paper
from readlist.store.library import Library

DATA = Path(__file__).parent.parent / "data" / "identity"

VIT = "How to train your ViT? Data, Augmentation, and Regularization in Vision Transformers"


def paper(**fields):
    return build_paper(source="refs.bib", source_format="test", **fields)


def by_title(library: Library) -> dict[str, object]:
    return {library.paper(pid).title: library.paper(pid) for pid in library.ids()}


@pytest.mark.parametrize(("first", "second", "agree"), [
    (VIT, "How to Train Your ViT: Data, Augmentation and Regularization in Vision Transformers", True),
    ("Attention Is All You Need", "Attention is all you need.", True),
    ("BERT", "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", True),
    (VIT, "Scaling Vision Transformers", False),
    ("Deep Residual Learning for Image Recognition", "Identity Mappings in Deep Residual Networks", False),
    ("!!!", "Anything at all", True),  # nothing to compare: no disagreement
])
def test_titles_agree(first: str, second: str, agree: bool) -> None:
    assert titles_agree(first, second) is agree
    assert titles_agree(second, first) is agree


def test_bibtex_copied_eprint_keeps_both_and_the_id_goes_to_the_entry_whose_link_names_it(
        empty_library: Library) -> None:
    report, = empty_library.import_files([DATA / "shared_arxiv.bib"])
    assert (report.added, report.merged, report.duplicates) == (4, 0, 1)  # the respelt ViT entry is a duplicate
    assert [str(w) for w in report.warnings] == [
        'shared_arxiv.bib:12: shares arXiv 2106.10270 with shared_arxiv.bib:2 but has a different title '
        '("Scaling Vision Transformers", not "How to train your ViT? Data, Augmentation, and Regularizati…"); '
        "kept both, the arXiv id only on shared_arxiv.bib:2, whose link names it",
        'shared_arxiv.bib:34: shares arXiv 2010.11929 with shared_arxiv.bib:27 but has a different title '
        '("Training data-efficient image transformers & distillation t…", not "An Image is Worth 16x16 Words: '
        'Transformers for Image Recog…"); kept both, the arXiv id on neither',
    ]
    papers = by_title(empty_library)
    assert papers[VIT].arxiv_id == "2106.10270"
    assert papers["Scaling Vision Transformers"].arxiv_id == ""
    deit = papers["Training data-efficient image transformers & distillation through attention"]
    vit16 = papers["An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"]
    assert (deit.arxiv_id, deit.doi, vit16.arxiv_id, vit16.doi) == ("", "", "", "")  # the arXiv DOI goes too
    # the respelt duplicate's "Andreas Steiner and others" fills nothing: the six names came first
    assert len(papers[VIT].authors) == 6 and papers[VIT].et_al is False


def test_ris_both_links_name_the_id_so_neither_keeps_it(empty_library: Library) -> None:
    report, = empty_library.import_files([DATA / "shared_arxiv.ris"])
    assert (report.added, report.merged) == (2, 0)
    assert [str(w) for w in report.warnings] == [
        'shared_arxiv.ris:9: shares arXiv 2106.10270 with shared_arxiv.ris:1 but has a different title '
        '("Scaling Vision Transformers", not "How to train your ViT? Data, Augmentation, and Regularizati…"); '
        "kept both, the arXiv id on neither"]
    assert {p.arxiv_id for p in by_title(empty_library).values()} == {""}


def test_csl_json_shared_doi(empty_library: Library) -> None:
    report, = empty_library.import_files([DATA / "shared_doi.json"])
    assert (report.added, report.merged, len(report.warnings)) == (2, 0, 1)
    assert str(report.warnings[0]).startswith("shared_doi.json:11: shares DOI 10.1038/s41586-021-03819-2 with "
                                              "shared_doi.json:2 but has a different title")
    papers = by_title(empty_library)
    assert papers["Highly accurate protein structure prediction with AlphaFold"].doi == "10.1038/s41586-021-03819-2"
    assert papers["Accurate prediction of protein structures and interactions using a three-track neural "
                  "network"].doi == ""


def test_markdown_list_linking_one_arxiv_page_twice(empty_library: Library) -> None:
    report, = empty_library.import_files([DATA / "shared_arxiv.md"])
    assert (report.added, report.merged) == (3, 0)
    assert [str(w) for w in report.warnings] == [
        'shared_arxiv.md:4: shares arXiv 2106.10270 with shared_arxiv.md:3 but has a different title '
        '("Scaling Vision Transformers", not "How to train your ViT? Data, Augmentation, and Regularizati…"); '
        "kept both, the arXiv id on neither"]


def test_against_the_library_the_library_keeps_the_id_and_a_second_import_is_quiet(
        empty_library: Library) -> None:
    empty_library.add_papers([paper(title=VIT, arxiv_id="2106.10270")])
    report, = empty_library.import_files([DATA / "shared_arxiv.ris"])
    assert (report.added, report.merged, report.skipped) == (1, 1, 0)  # the ViT record brings its authors
    assert [str(w) for w in report.warnings] == [
        'shared_arxiv.ris:9: shares arXiv 2106.10270 with "How to train your ViT? Data, Augmentation, and '
        'Regularizati…" in the library but has a different title ("Scaling Vision Transformers"); kept both']
    papers = by_title(empty_library)
    assert papers[VIT].arxiv_id == "2106.10270" and papers["Scaling Vision Transformers"].arxiv_id == ""
    again, = empty_library.import_files([DATA / "shared_arxiv.ris"])
    assert (again.added, again.merged, again.skipped, again.warnings) == (0, 0, 2, [])


def test_a_record_without_a_title_of_its_own_keeps_the_id(empty_library: Library) -> None:
    # ViT and Scaling share the id under different titles and no link names it: neither keeps it; the
    # record that is only the id (titled "arXiv:2106.10270") has no title to disagree with and keeps it
    plan = empty_library.add_papers([paper(title=VIT, arxiv_id="2106.10270", line=1),
                                     paper(arxiv_id="2106.10270", doi="10.1000/vit", line=5),
                                     paper(title="Scaling Vision Transformers", arxiv_id="2106.10270", line=9)])
    assert len(plan.added) == 3 and plan.duplicates == []
    assert [str(w) for w in plan.warnings] == [
        'refs.bib:9: shares arXiv 2106.10270 with refs.bib:1 but has a different title ("Scaling Vision '
        'Transformers", not "How to train your ViT? Data, Augmentation, and Regularizati…"); kept both, the arXiv '
        "id on neither"]
    papers = by_title(empty_library)
    assert papers[VIT].arxiv_id == papers["Scaling Vision Transformers"].arxiv_id == ""
    assert (papers["arXiv:2106.10270"].arxiv_id, papers["arXiv:2106.10270"].doi) == ("2106.10270", "10.1000/vit")


def test_a_derived_title_agrees_with_any(empty_library: Library) -> None:
    abstract = "We study how data, augmentation and regularization change what vision transformers learn."
    plan = empty_library.add_papers([paper(abstract=abstract, arxiv_id="2106.10270"),
                                     paper(title=VIT, arxiv_id="2106.10270")])
    assert len(plan.added) == 1 and plan.warnings == []
    assert empty_library.paper(plan.added[0]).title == VIT  # the given title fills the derived one


def test_a_backup_and_a_fetch_keep_the_identifiers_they_bring(empty_library: Library, tmp_path: Path) -> None:
    from readlist.store import importing
    from readlist.store.exporters.backup import export_backup
    from readlist.store.importers import backup
    from readlist.store.models import Status

    assert importing.BACKUP_FORMAT == backup.FORMAT
    vit = empty_library.add_papers([paper(title=VIT, arxiv_id="2106.10270")]).added[0]
    # a service's records (settle=False): the id names the paper, whatever the title
    renamed = empty_library.add_papers([paper(title="ViT training recipes (renamed on arXiv)", arxiv_id="2106.10270")],
                                       settle=False)
    assert (renamed.added, renamed.skipped, renamed.warnings) == ([], [vit], [])
    # a backup restored into a library that has the paper under another title: the backup's ids stand,
    # so the reader's state finds its paper
    empty_library.set_status(vit, Status.READING)
    saved = tmp_path / "backup.json"
    saved.write_bytes(export_backup(empty_library))
    other = Library.open(tmp_path / "other", bundled=False)
    assert other.add_papers([paper(title="Scaling Vision Transformers", arxiv_id="2106.10270")]).added == [vit]
    report, = other.import_files([saved])
    assert (report.added, report.warnings, report.restored) == (0, [], 1)
    assert other.ids() == [vit] and other.state(vit).status == Status.READING
