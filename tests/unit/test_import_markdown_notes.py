"""Dates and venues from the note that ends a bullet or paragraph item of a Markdown list
(store.importers.markdown_notes, used by store.importers.markdown_list).

``dated-bullets.md`` holds one item per shape of note; ``awesome-visual-rl.md`` and
``awesome-unified-generation.md`` are real awesome lists (see tests/data/SOURCES.md)
whose bullets end in ``(Mon. YYYY, venue)``, ``(YYYY, venue)`` or ``(Mon. YYYY)``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from readlist.store.dates import parse_date
from readlist.store.importers import markdown_list
from readlist.store.importers.markdown_notes import note_date, trailing_note
from readlist.store.text import read_text

DATA = Path(__file__).resolve().parent.parent / "data" / "markdown"


def parse(name: str):
    path = DATA / name
    return markdown_list.parse(read_text(path), str(path))


@pytest.mark.parametrize(("line", "date", "venue"), [
    ("Title (Jun. 2025, CVPR)", "Jun. 2025", "CVPR"),
    ("Title (May. 2025, arXiv)", "May. 2025", "arXiv"),
    ("Title (June. 2025, ICML)", "June. 2025", "ICML"),
    ("Title (Sept. 2024, NeurIPS)", "Sept. 2024", "NeurIPS"),
    ("Title (Mar. 2025, CVPR 25' Best Student Paper Honorable Mention)", "Mar. 2025",
     "CVPR 25' Best Student Paper Honorable Mention"),
    ("Title (2024, ICLR Spotlight)", "2024", "ICLR Spotlight"),
    ("Title (CVPR, 2024)", "2024", "CVPR"),
    ("Title (Oct. 2024)", "Oct. 2024", ""),
    ("Title (2023)", "2023", ""),
    ("Title (2023.05, ACL)", "2023-05", "ACL"),
    ("Title (CVPR 2025)", "2025", "CVPR 2025"),
    ("Title [NeurIPS 2023]", "2023", "NeurIPS 2023"),
    ("Title, ICML 2024", "2024", "ICML 2024"),
    ("Title (Jl. 2025, Blog)", "2025", "Blog"),  # a month spelt oddly: its year
    # showlab/Awesome-Video-Diffusion writes a comma after the month
    ("Title (Oct., 2025)", "Oct. 2025", ""),
    ("Title (Dec., 2023, CVPR)", "Dec. 2023", "CVPR"),
    ("Title (ICML, 2024)", "2024", "ICML"),
    ("Title (Oct., 2025 | CVPR 2026)", "Oct. 2025", "CVPR 2026"),
    ("Title (2024 | NeurIPS 2024)", "2024", "NeurIPS 2024"),
])
def test_a_trailing_note_gives_date_and_venue(line: str, date: str, venue: str) -> None:
    note = trailing_note(line)
    assert note is not None and (note.date, note.venue) == (date, venue)
    assert line[: note.start].rstrip(" ,") == "Title"


@pytest.mark.parametrize("line", [
    "Title (Hugging Face)",  # no year
    "Title (code)",
    "Title (ICML oral) more words",  # not at the end
    "A survey, with a comma",
    "",
])
def test_a_line_without_a_note_gives_none(line: str) -> None:
    assert trailing_note(line) is None


def test_note_dates_are_read_by_parse_date_or_reduced_to_the_year() -> None:
    for text in ("Jun. 2025", "June. 2025", "May. 2025", "Sept. 2024", "Dec 2023"):
        assert note_date(text) == text and parse_date(text).year is not None
    assert note_date("2025.6") == "2025-06"
    assert note_date("Jl. 2025") == "2025"
    assert note_date("CVPR 2025") == ""  # a venue, not a month


def test_each_shape_of_note_in_a_list_gives_date_and_venue() -> None:
    result = parse("dated-bullets.md")
    assert result.rejected == [] and result.warnings == []
    got = {p.title: (p.date, p.venue) for p in result.papers}
    assert got == {
        "Month and Venue Paper": ("Jun. 2025", "CVPR"),
        "Plus Marker Paper": ("May. 2025", "arXiv"),
        "Full Month Name Paper": ("June. 2025", "ICML"),
        "September Abbreviated Paper": ("Sept. 2024", "NeurIPS"),
        "Award Venue Paper": ("Mar. 2025", "CVPR 25' Best Student Paper Honorable Mention"),
        "Year And Venue Paper": ("2024", "ICLR Spotlight"),
        "Date Alone Paper": ("Oct. 2024", ""),
        "Year Alone Paper": ("2023", ""),
        "Venue With Year Paper": ("2025", "CVPR 2025"),
        "Odd Month Paper": ("2025", "Blog"),
        "Not A Note Paper": ("", ""),
        # the title of a plain item stops before its note
        "Plain Title Paper": ("2022", "ECCV"),
        "Square Bracket Paper": ("2023", "NeurIPS 2023"),
        "Comma Venue Paper": ("2024", "ICML 2024"),
        # a venue the item gives otherwise (in italics) stays; the note adds the month
        "Earlier Note Kept Paper": ("May. 2024", "ICLR 2024"),
        # paragraphs that start with their title
        "Bold Paragraph Paper": ("Jan. 2025", "AAAI"),
        "Linked Paragraph Paper": ("Feb. 2025", "arXiv"),
        # HTML links, badges and <details> in a list
        "Anchor Paper": ("Mar. 2025", "ACL"),
        "Bold HTML Paper": ("", ""),
        "Details Paper": ("May. 2025", "EMNLP"),
    }
    by_title = {p.title: p for p in result.papers}
    assert by_title["Bold HTML Paper"].arxiv_id == "2504.01252"
    assert by_title["Details Paper"].keywords == ("html in lists",)
    assert by_title["Plain Title Paper"].arxiv_id == "2207.01245"


def test_a_real_list_of_plus_bullets_dates_every_paper() -> None:
    result = parse("awesome-visual-rl.md")
    assert len(result.papers) == 223 and result.rejected == []
    assert all(parse_date(p.date) is not None or p.date.isdigit() for p in result.papers)
    assert all(p.date for p in result.papers)
    by_id = {p.arxiv_id: p for p in result.papers if p.arxiv_id}
    assert (by_id["2503.07365"].date, by_id["2503.07365"].venue) == ("Mar. 2025", "")  # (Mar. 2025)
    assert (by_id["2406.02081"].date, by_id["2406.02081"].venue) == ("2024", "ICML")  # (2024, ICML)
    assert (by_id["2410.03618"].date, by_id["2410.03618"].venue) == ("2025", "ICLR oral")
    assert by_id["2503.07365"].title.startswith("MM-Eureka: Exploring the Frontiers")


def test_a_real_list_of_indented_bullets_gives_dates_and_venues() -> None:
    result = parse("awesome-unified-generation.md")
    assert len(result.papers) == 59 and result.rejected == [] and result.warnings == []
    assert all(p.date and p.venue for p in result.papers)
    by_id = {p.arxiv_id: p for p in result.papers}
    assert (by_id["2310.01218"].date, by_id["2310.01218"].venue) == ("Oct. 2023", "ICLR")
    assert (by_id["2405.09818"].date, by_id["2405.09818"].venue) == ("May 2024", "arXiv")
    assert by_id["2506.18871"].date == "June. 2025"
    assert by_id["2412.03069"].keywords == ("unified tokenizer",)


# --- "et al." in author lines ------------------------------------------------------------------


def test_an_author_line_ending_in_et_al_says_so() -> None:
    assert markdown_list.author_names("Jason Wei, Xuezhi Wang et al.") == (["Jason Wei", "Xuezhi Wang"], True)
    assert markdown_list.author_names("Shuofei Qiao et al.") == (["Shuofei Qiao"], True)
    assert markdown_list.author_names("Jie Huang, Kevin Chen-Chuan Chang") == (["Jie Huang", "Kevin Chen-Chuan Chang"],
                                                                            False)
    assert markdown_list.author_names("Landscape and Method Selection") == ([], False)


def test_an_authors_column_drops_et_al_from_the_last_name() -> None:
    text = (
        "| Title | Authors |\n|---|---|\n"
        "| [Some Long Paper Title](https://arxiv.org/abs/2401.00001) | Ada Lovelace, Alan Turing et al. |\n"
    )
    (paper,) = markdown_list.parse(text, "list.md").papers
    assert paper.authors == ("Ada Lovelace", "Alan Turing")
    assert paper.et_al is True
