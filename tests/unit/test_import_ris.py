"""The RIS importer on exports of Zotero, Google Scholar, EndNote and a PubMed
converter, on a messy file, and on each quirk alone."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
import rispy

from readlist.store.importers import detect, read_file, ris
from readlist.store.importers.base import ParseResult
from readlist.store.library import Library
from readlist.store.models import Paper
from readlist.store.text import read_text
from tests.conftest import ROOT, SEEDS, TEST_DATA

RIS = TEST_DATA / "ris"
FIXTURES = sorted(RIS.iterdir())


def parse(text: str | None = None, *, fixture: str = "", clean: bool = False) -> ParseResult:
    """``text`` (named ``inline.ris``) or the fixture file ``fixture``, parsed; with
    ``clean``, checked to have no rejected record and no warning."""
    source = str(RIS / fixture) if fixture else "inline.ris"
    result = ris.parse(read_text(Path(source)) if text is None else text, source)
    if clean:
        assert result.rejected == [] and result.warnings == [], [str(e) for e in result.rejected + result.warnings]
    return result


def only_paper(text: str) -> Paper:
    [paper] = parse(text, clean=True).papers
    return paper


def fields(paper: Paper) -> dict:
    """The fields of a paper that an importer decides (not id, keys, added time)."""
    return {
        "title": paper.title, "authors": list(paper.authors), "date": paper.date,
        "arxiv_id": paper.arxiv_id, "doi": paper.doi, "url": paper.url, "venue": paper.venue,
        "entry_type": paper.entry_type, "citation_key": paper.citation_key, "keywords": list(paper.keywords),
    }


def problems(errors) -> list[tuple[int | None, str]]:
    return [(error.line, error.reason) for error in errors]


# -- the fixtures, value by value --------------------------------------------


def test_zotero_export() -> None:
    result = parse(fixture="zotero_export.ris", clean=True)
    assert result.format == "ris"
    alphafold, resnet, mistral = result.papers
    assert fields(alphafold) == {
        "title": "Highly accurate protein structure prediction with AlphaFold",
        "authors": ["John Jumper", "Richard Evans", "Alexander Pritzel", "Tim Green", "Demis Hassabis"],
        "date": "2021-08", "arxiv_id": "", "doi": "10.1038/s41586-021-03819-2",
        "url": "https://www.nature.com/articles/s41586-021-03819-2", "venue": "Nature", "entry_type": "jour",
        "citation_key": "",
        "keywords": ["Computational biophysics", "Machine learning", "Protein structure predictions"],
    }
    assert alphafold.abstract.startswith("Proteins are essential to life, and understanding")
    assert alphafold.abstract.endswith("even in cases in which no similar structure is known.")
    assert alphafold.source == "zotero_export.ris" and alphafold.source_format == "ris"
    assert fields(resnet) == {
        "title": "Deep Residual Learning for Image Recognition",
        "authors": ["Kaiming He", "Xiangyu Zhang", "Shaoqing Ren", "Jian Sun"],
        "date": "2016-06-27", "arxiv_id": "", "doi": "10.1109/cvpr.2016.90",
        "url": "https://ieeexplore.ieee.org/document/7780459",
        "venue": "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)", "entry_type": "conf",
        "citation_key": "", "keywords": ["Complexity theory", "Image recognition", "Training"],
    }
    assert fields(mistral) == {
        "title": "Mistral 7B",
        "authors": ["Albert Q. Jiang", "Alexandre Sablayrolles", "Arthur Mensch", "Chris Bamford"],
        "date": "2023-10-10", "arxiv_id": "2310.06825", "doi": "10.48550/arxiv.2310.06825",
        "url": "http://arxiv.org/abs/2310.06825", "venue": "arXiv", "entry_type": "gen", "citation_key": "",
        "keywords": ["Computer Science - Artificial Intelligence", "Computer Science - Computation and Language",
                     "Computer Science - Machine Learning"],
    }


def test_google_scholar_one_record() -> None:
    [paper] = parse(fixture="scholar.ris", clean=True).papers
    assert fields(paper) == {
        "title": "Attention is all you need",
        "authors": ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit", "Llion Jones",
                    "Aidan N Gomez", "Łukasz Kaiser", "Illia Polosukhin"],
        "date": "2017", "arxiv_id": "", "doi": "", "url": "",
        "venue": "Advances in neural information processing systems", "entry_type": "jour", "citation_key": "",
        "keywords": [],
    }


def test_endnote_export_named_txt() -> None:
    alphago, book = parse(fixture="endnote_export.txt", clean=True).papers
    assert fields(alphago) == {
        "title": "Mastering the game of Go without human knowledge",
        "authors": ["David Silver", "Julian Schrittwieser", "Karen Simonyan"],
        "date": "2017-10-19", "arxiv_id": "", "doi": "10.1038/nature24270",
        "url": "https://doi.org/10.1038/nature24270",  # UR, not the internal-pdf:// L1
        "venue": "Nature", "entry_type": "jour", "citation_key": "412", "keywords": [],
    }
    # A book's title is BT; the editor (A2) is not an author; the publisher is the venue.
    assert fields(book) == {
        "title": "Deep Learning", "authors": ["Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"],
        "date": "2016", "arxiv_id": "", "doi": "", "url": "http://www.deeplearningbook.org",
        "venue": "MIT Press", "entry_type": "book", "citation_key": "413", "keywords": [],
    }


def test_pubmed_style_export() -> None:
    lecun, esteva, guide = parse(fixture="pubmed.ris", clean=True).papers
    assert fields(lecun) == {
        "title": "Deep learning.", "authors": ["Yann LeCun", "Yoshua Bengio", "Geoffrey Hinton"],
        "date": "2015-05-28", "arxiv_id": "", "doi": "10.1038/nature14539",  # from M3
        "url": "http://www.ncbi.nlm.nih.gov/pubmed/26017442", "venue": "Nature", "entry_type": "jour",
        "citation_key": "26017442", "keywords": [],
    }
    # N2 is the abstract; its indented continuation lines are joined with spaces.
    assert lecun.abstract == (
        "Deep learning allows computational models that are composed of multiple processing layers to learn "
        "representations of data with multiple levels of abstraction. These methods have dramatically improved "
        "the state-of-the-art in speech recognition, visual object recognition, object detection and many other "
        "domains such as drug discovery and genomics."
    )
    assert esteva.authors[2] == "Roberto A Novoa" and esteva.date == "2017-02-02"
    assert esteva.doi == "10.1038/nature21056"
    assert list(esteva.keywords) == [
        "Deep Learning", "Dermoscopy", "Skin Neoplasms/classification", "Skin Neoplasms/diagnosis",
    ]
    assert (guide.date, guide.doi, guide.venue) == ("2019-01", "10.1038/s41591-018-0316-z", "Nature medicine")
    assert len(guide.authors) == 10 and guide.authors[-1] == "Jeff Dean"


def test_messy_file() -> None:
    """BOM, CRLF, a header, one space before the dash, an unwrapped continuation
    line, a blank line and an unknown tag inside a record, a stray ER, no final ER."""
    text = read_text(RIS / "messy.ris")
    assert "\r\n" in text
    result = ris.parse("\ufeff" + text, "messy.ris")  # read_text drops the BOM: give it back
    assert problems(result.rejected) == [(20, "record 2: no title, DOI or arXiv id")]
    assert str(result.rejected[0]) == "messy.ris:20: record 2: no title, DOI or arXiv id"
    assert result.warnings == []
    gpt3, instruct = result.papers
    assert fields(gpt3) == {
        "title": "Language Models are Few-Shot Learners",  # the first TI
        "authors": ["Tom B. Brown", "Benjamin Mann", "Nick Ryder"],
        "date": "2020-02",  # DA 2020/02/30: no such day
        "arxiv_id": "", "doi": "", "url": "", "venue": "", "entry_type": "jour", "citation_key": "",
        "keywords": ["language models", "few-shot learning", "GPT-3"],
    }
    assert gpt3.abstract == (
        "Recent work has demonstrated substantial gains on many NLP tasks and benchmarks by pre-training on a "
        "large corpus of text followed by fine-tuning on a specific task."
    )
    assert fields(instruct) == {
        "title": "Training language models to follow instructions with human feedback",
        "authors": ["Long Ouyang"], "date": "2022-03-04", "arxiv_id": "2203.02155", "doi": "", "url": "",
        "venue": "OpenAI", "entry_type": "rprt", "citation_key": "", "keywords": ["RLHF"],
    }


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_line_endings_do_not_change_what_is_read(path: Path) -> None:
    text = read_text(path).replace("\r\n", "\n")
    variants = [text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), "\ufeff" + text]

    def read(variant: str):
        result = ris.parse(variant, str(path))
        return [replace(p, added="") for p in result.papers], problems(result.rejected)

    first = read(variants[0])
    assert first[0]
    assert all(read(variant) == first for variant in variants[1:])


# -- detection ------------------------------------------------------------------


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_is_detected_as_ris(path: Path) -> None:
    text = read_text(path)
    assert ris.sniff(text) == 90
    assert detect(text, str(path)) is ris.IMPORTER


def test_a_txt_file_is_imported_as_ris_end_to_end(tmp_path: Path, empty_library: Library) -> None:
    path = tmp_path / "My References.txt"
    shutil.copy(RIS / "zotero_export.ris", path)
    result = read_file(path)
    assert result.format == "ris" and len(result.papers) == 3
    [report] = empty_library.import_files([path])
    assert (report.format, report.added, report.rejected) == ("ris", 3, [])
    mistral = next(entry.paper for entry in empty_library.entries() if entry.paper.arxiv_id == "2310.06825")
    assert mistral.keywords == (  # KW lines become keywords, not the reader's tags
        "Computer Science - Artificial Intelligence", "Computer Science - Computation and Language",
        "Computer Science - Machine Learning",
    )
    assert empty_library.state(mistral.id).tags == () and not empty_library.touched()


@pytest.mark.parametrize(
    "path",
    [*sorted(SEEDS.glob("*.txt")), *sorted((TEST_DATA / "bibtex").glob("*.bib")),
     *sorted((TEST_DATA / "csl").iterdir()), *sorted((TEST_DATA / "hf").iterdir()),
     *sorted((TEST_DATA / "markdown").iterdir()), ROOT / "data" / "catalogue.json"],
    ids=lambda p: p.name,
)
def test_sniff_is_zero_for_other_formats(path: Path) -> None:
    assert ris.sniff(read_text(path)) == 0


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("TY  - JOUR\nTI  - A\nER  - \n", 90),
        ("TY - JOUR\r\nTI - A\r\nER -\r\n", 90),
        ("\n\nProvider: x\nTY  - JOUR\nTI  - A\n", 70),  # cut short: no ER
        ("TY  - JOUR\n", 0),  # a lone TY line is not enough
        ("TI  - A\nTY  - JOUR\nER  - \n", 0),  # the first tag must be TY
        ("ER  - \n", 0),
        ("# How to export\n\n```\nTY  - JOUR\nTI  - A\nER  - \n```\n", 0),  # RIS quoted in Markdown
        ('[{"title": "TY  - JOUR"}]', 0),
        ("@article{k,\n  title = {TY - JOUR},\n}\n", 0),
        ("", 0),
    ],
)
def test_sniff_scores(text: str, score: int) -> None:
    assert ris.sniff(text) == score


# -- each quirk alone -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "date"),
    [
        ("PY  - 2020///", "2020"),
        ("DA  - 2020/03/01/", "2020-03-01"),
        ("DA  - 2020/03/01/Spring", "2020-03-01"),
        ("DA  - 2020/03", "2020-03"),
        ("DA  - 2020/3/1", "2020-03-01"),
        ("DA  - 2020-03-01", "2020-03-01"),
        ("Y1  - 2019/05/21/", "2019-05-21"),
        ("Y1  - 2020/00/00", "2020"),
        ("DA  - 2020/13/01", "2020"),
        ("DA  - 2021/02/29", "2021-02"),
        ("DA  - 2020 Mar 15", "2020-03-15"),
        ("DA  - 2020\nPY  - 2020/06/02", "2020-06-02"),  # the most precise wins
        ("DA  - 2021/08//\nPY  - 2021", "2021-08"),
        ("PY  - 2020\nDA  - MAR 15", "2020-03-15"),  # Web of Science
        ("PY  - 2020\nDA  - MAR", "2020-03"),
        ("DA  - MAR 15", ""),
        ("PY  - in press", ""),
        ("Y2  - 2024/01/15/", ""),  # the access date is not the paper's
    ],
)
def test_dates(lines: str, date: str) -> None:
    assert only_paper(f"TY  - JOUR\nTI  - A paper\n{lines}\nER  - \n").date == date


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Jumper, John", "John Jumper"),
        ("LeCun,Yann", "Yann LeCun"),
        ("King, Martin Luther, Jr.", "Martin Luther King Jr."),
        ("van der Maaten, Laurens", "Laurens van der Maaten"),
        ("DeepMind", "DeepMind"),
        ("Yoshua Bengio", "Yoshua Bengio"),
        ("Belkin, M", "M Belkin"),
        ("Hinton,", "Hinton"),
    ],
)
def test_author_names(name: str, shown: str) -> None:
    assert only_paper(f"TY  - JOUR\nTI  - A paper\nAU  - {name}\nER  - \n").authors == (shown,)


def test_au_then_a1_are_authors_each_once_and_a2_is_not() -> None:
    paper = only_paper(
        "TY  - CHAP\nTI  - A chapter\nA1  - Doe, Jane\nAU  - Roe, Richard\nA2  - Editor, Ed\n"
        "AU  - Doe, Jane\nBT  - The Book\nER  - \n"
    )
    assert paper.authors == ("Richard Roe", "Jane Doe")
    assert paper.venue == "The Book" and paper.entry_type == "chap"


@pytest.mark.parametrize(
    ("lines", "doi", "arxiv_id"),
    [
        ("DO  - https://doi.org/10.1000/ABC", "10.1000/abc", ""),
        ("DI  - 10.1000/xyz", "10.1000/xyz", ""),
        ("UR  - https://example.org/paper; https://dx.doi.org/10.1000/xyz", "10.1000/xyz", ""),
        ("L2  - https://doi.org/10.1000/xyz", "10.1000/xyz", ""),
        ("M3  - doi: 10.1000/xyz", "10.1000/xyz", ""),
        ("M3  - Journal Article", "", ""),
        ("DO  - 10.48550/arXiv.2401.01234", "10.48550/arxiv.2401.01234", "2401.01234"),
        ("L1  - https://arxiv.org/pdf/2401.01234v2.pdf", "", "2401.01234"),
        ("UR  - https://arxiv.org/abs/hep-th/9901001", "", "hep-th/9901001"),
        ("N1  - arXiv:2401.01234 [cs]", "", "2401.01234"),
        ("M3  - arXiv: 2401.01234", "", "2401.01234"),
        ("N1  - Published 2024; 12 pages", "", ""),
    ],
)
def test_identifiers(lines: str, doi: str, arxiv_id: str) -> None:
    paper = only_paper(f"TY  - JOUR\nTI  - A paper\n{lines}\nER  - \n")
    assert (paper.doi, paper.arxiv_id) == (doi, arxiv_id)


def test_a_record_with_only_an_identifier_is_kept() -> None:
    paper = only_paper("TY  - GEN\nUR  - https://arxiv.org/abs/2401.01234\nER  - \n")
    assert (paper.title, paper.arxiv_id, paper.url) == ("arXiv:2401.01234", "2401.01234",
                                                        "https://arxiv.org/abs/2401.01234")


def test_url_prefers_ur_and_skips_local_files() -> None:
    text = "TY  - JOUR\nTI  - A\nL1  - file:///C:/papers/a.pdf\nL2  - https://example.org/full\nER  - \n"
    assert only_paper(text).url == "https://example.org/full"
    text = "TY  - JOUR\nTI  - A\nL2  - https://example.org/full\nUR  - https://example.org/a\nER  - \n"
    assert only_paper(text).url == "https://example.org/a"


def test_venue_order_and_publisher_last() -> None:
    assert only_paper("TY  - JOUR\nTI  - A\nPB  - Springer\nJF  - Full\nJO  - Abbrev\nER  - \n").venue == "Abbrev"
    assert only_paper("TY  - JOUR\nTI  - A\nPB  - Springer\nER  - \n").venue == "Springer"


def test_titles_t1_ct_and_bt_only_for_books() -> None:
    assert only_paper("TY  - JOUR\nT1  - One\nER  - \n").title == "One"
    assert only_paper("TY  - UNPB\nCT  - Unpublished\nER  - \n").title == "Unpublished"
    result = parse("TY  - CHAP\nBT  - A Book\nER  - \n")
    assert problems(result.rejected) == [(1, "record 1: no title, DOI or arXiv id")]


def test_continuation_lines_join_titles_and_add_keywords() -> None:
    paper = only_paper(
        "TY  - JOUR\nTI  - MixHop: Higher-Order Graph Convolutional Architectures via Sparsified\n"
        "      Neighborhood Mixing\nKW  - graphs\n  convolution\nAB  - First line,\n\nUS - based second line.\n"
        "ER  - \n"
    )
    assert paper.title == "MixHop: Higher-Order Graph Convolutional Architectures via Sparsified Neighborhood Mixing"
    assert paper.keywords == ("graphs", "convolution")
    assert paper.abstract == "First line, US - based second line."  # "US" is no RIS tag


def test_empty_values_and_unknown_tags_are_ignored() -> None:
    paper = only_paper("TY  - JOUR\nTI  - A\nVL  - \nDO  - \nZZ  - whatever\nQ1  - x\nKW  - ;\nER  - \n")
    assert (paper.doi, paper.keywords, paper.title) == ("", (), "A")


def test_missing_er_between_records_and_records_in_a_row() -> None:
    result = parse("TY  - JOUR\nTI  - One\nTY  - JOUR\nTI  - Two\nER  - \nTY  - JOUR\nTI  - Three")
    assert [p.title for p in result.papers] == ["One", "Two", "Three"]
    assert result.rejected == [] and result.warnings == []


def test_tag_lines_outside_records_give_one_warning_per_run() -> None:
    result = parse("TI  - Orphan\nAU  - Nobody\n\nTY  - JOUR\nTI  - A\nER  - \nPY  - 2020\nTY  - JOUR\nTI  - B\n")
    assert [p.title for p in result.papers] == ["A", "B"]
    assert problems(result.warnings) == [
        (1, "2 tag lines outside a record (no TY before them): ignored"),
        (7, "a tag line outside a record (no TY before them): ignored"),
    ]


def test_rejected_records_name_their_number_and_line_and_the_others_import() -> None:
    text = "\n".join([
        "TY  - JOUR", "TI  - First", "ER  - ", "",
        "TY  - JOUR", "AU  - Doe, J", "ER  - ", "",
        "TY  - JOUR", "TI  - Third", "ER  - ",
    ])
    result = parse(text)
    assert [p.title for p in result.papers] == ["First", "Third"]
    assert problems(result.rejected) == [(5, "record 2: no title, DOI or arXiv id")]


def test_a_record_rispy_fails_on_is_rejected_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    real = rispy.RisParser.parse

    def failing(self, text: str):
        if "Bad" in text:
            raise KeyError("end_of_reference")
        return real(self, text)

    monkeypatch.setattr(rispy.RisParser, "parse", failing)
    result = parse("TY  - JOUR\nTI  - Good\nER  - \nTY  - JOUR\nTI  - Bad\nER  - \n")
    assert [p.title for p in result.papers] == ["Good"]
    assert problems(result.rejected) == [(4, "record 2: not readable as RIS ('end_of_reference')")]


def test_text_without_records_gives_nothing() -> None:
    for text in ("", "\n\n", "just words\n", "ER  - \n"):
        result = parse(text)
        assert (result.papers, result.rejected) == ([], [])


def test_blank_lines_are_sniffed_in_linear_time() -> None:
    # ^\s* (the pattern of Markdown code blocks) tried every line of 30,000 blank ones to its end: some 10 s
    record = "TY  - JOUR\nTI  - A title\nER  - \n"
    started = time.perf_counter()
    assert ris.sniff(record + "\n" * 30_000 + record) == 90
    assert time.perf_counter() - started < 2
