"""Importers on the real seed files, their re-encoded copies, and bad input."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from readlist.store.errors import InputError
from readlist.store.importers import abstract_lines, daily_papers, detect, read_file
from readlist.store.library import Library

DAILY = "003_1d7c4e63e3555458.txt"


def by_title(papers, start: str):
    return next(p for p in papers if p.title.startswith(start))


def test_seed_files_give_101_records_and_97_distinct_papers(seed_paths: list[Path]) -> None:
    counts = {}
    papers = []
    for path in seed_paths:
        result = read_file(path)
        assert result.rejected == []
        counts[path.name] = (result.format, len(result.papers))
        papers += result.papers
    assert counts == {
        "000_ca3239689f25d847.txt": ("abstract-lines", 10),
        "001_9d42cb314fb859d3.txt": ("abstract-lines", 10),
        "002_4c18ad14edf839a5.txt": ("abstract-lines", 10),
        DAILY: ("daily-papers", 61),
        "004_93fded2481c1d715.txt": ("abstract-lines", 10),
    }
    assert len(papers) == 101
    assert len({p.id for p in papers}) == 97


def test_the_four_duplicates_are_the_same_abstracts_in_files_000_and_001(seed_paths) -> None:
    first, second = (read_file(p).papers for p in seed_paths[:2])
    shared = {p.id for p in first} & {p.id for p in second}
    assert len(shared) == 4
    titles = sorted(p.title.split(":")[0] for p in first if p.id in shared)
    assert titles[0].startswith("HiTVideo") and "Phi-4-Mini and Phi-4-Multimodal" in titles


def test_abstract_lines_derive_titles_and_take_the_affiliation_line(seed_paths) -> None:
    papers = read_file(seed_paths[0]).papers
    first = papers[0]
    assert first.title == "ReasonGen-R1: a two-stage framework that first imbues an autoregressive image generator…"
    assert first.title_derived
    assert first.abstract.startswith("Although chain-of-thought reasoning")
    assert first.org == "" and first.date == "" and first.votes is None

    washington = read_file(seed_paths[2]).papers
    assert washington[0].org == "University of Washington"
    assert washington[0].title.startswith("SOAR: Self-Correction")
    assert all(p.org == "" for p in washington[1:])


def test_daily_papers_titles_metadata_and_chrome(seed_paths) -> None:
    papers = read_file(seed_paths[3]).papers
    titles = [p.title for p in papers]
    assert titles[0] == (
        "Unified Multimodal Understanding and Generation Models: Advances, Challenges, and Opportunities"
    )
    assert titles[-1].startswith("PixelRefer: A Unified Framework")
    assert not any(t in {"Daily Papers", "Subscribe", "new", "Dec 10"} for t in titles)
    assert not any(p.title_derived for p in papers)

    mammoth = by_title(papers, "MammothModa2")
    assert (mammoth.authors_count, mammoth.org, mammoth.date, mammoth.votes) == (13, "", "Nov 22", None)
    unifork = by_title(papers, "UniFork")
    assert (unifork.authors_count, unifork.date, unifork.votes) == (8, "Jun 20", 2)
    illume = by_title(papers, "ILLUME: Illuminating")
    assert (illume.date, illume.votes) == ("Dec 9, 2024", 2)
    gir = by_title(papers, "GIR-Bench")
    assert (gir.org, gir.authors_count, gir.date, gir.votes) == ("HKUST", None, "Oct 13", 3)
    assert by_title(papers, "PairUni").org == "ByteDance"
    assert by_title(papers, "Draw-In-Mind").org == "Show Lab"
    assert by_title(papers, "Thinking with Video").org == "OpenMOSS"
    assert by_title(papers, "Envision").org == "OpenDataLab"
    assert by_title(papers, "GPT4Video").date == "Nov 24, 2023"
    no_metadata = by_title(papers, "Visual Generation Tuning")
    assert (no_metadata.date, no_metadata.votes, no_metadata.authors_count) == ("", None, None)
    assert by_title(papers, "UniF²ace").votes == 3


def _variants(raw: bytes) -> dict[str, bytes]:
    text = raw.decode("utf-8")
    return {
        "crlf": text.replace("\n", "\r\n").encode(),
        "cr": text.replace("\n", "\r").encode(),
        "bom": codecs.BOM_UTF8 + raw,
        "utf16": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "nbsp": text.replace(" ", "\u00a0", 50).replace("Abstract:", "Abstract: \t").encode(),
        "trailing-spaces": "\n".join(line + "  \t" for line in text.split("\n")).encode(),
        "blank-lines": text.replace("\n", "\n\n\n").encode(),
    }


@pytest.mark.parametrize("variant", list(_variants(b"x")))
def test_reencoded_seeds_give_the_same_papers(seed_paths, tmp_path: Path, variant: str) -> None:
    for seed in seed_paths:
        original = read_file(seed).papers
        copy = tmp_path / f"{variant}-{seed.name}"
        copy.write_bytes(_variants(seed.read_bytes())[variant])
        papers = read_file(copy).papers
        assert [p.id for p in papers] == [p.id for p in original], (variant, seed.name)
        assert [p.title for p in papers] == [p.title for p in original]
        assert [(p.date, p.votes, p.org) for p in papers] == [(p.date, p.votes, p.org) for p in original]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty.txt: empty file"),
        (b"\x00\x01\x02\x03binary\x00", "empty.txt: binary file, not text"),
        (b"Abstract:caf\xe9 au lait\n", "empty.txt:1: not UTF-8 text (byte 0xe9)"),
        (b"just some words\nand more\n", "empty.txt: unknown format"),
        (b"{\"title\": \"json\"}", "empty.txt: unknown format"),
        (b"Abstract:\n\nAbstract:   \n", "empty.txt:1: no paper could be read (empty abstract)"),
    ],
)
def test_bad_files_give_one_line_errors_naming_the_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_file(path)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(tmp_path / message.split(":")[0])) or text.startswith(message.split(":")[0])
    assert message.split(": ", 1)[1] in text


def test_truncated_daily_listing_keeps_the_complete_papers(seed_paths, tmp_path: Path) -> None:
    text = seed_paths[3].read_text(encoding="utf-8")
    cut = text[: text.index("PixelRefer: A Unified Framework") + 60]  # last title, cut mid-way
    path = tmp_path / "cut.txt"
    path.write_text(cut, encoding="utf-8")
    result = read_file(path)
    assert len(result.papers) == 60
    assert len(result.rejected) == 1
    assert result.rejected[0].reason == "title without an abstract"
    assert result.rejected[0].line == cut.count("\n") + 1


def test_abstract_lines_reject_a_long_line_without_prefix(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Abstract:" + "good " * 40 + "\n" + "broken " * 40 + "\nAbstract:fine too\n")
    result = read_file(path)
    assert len(result.papers) == 1
    assert [e.line for e in result.rejected] == [2, 3]
    assert result.rejected[0].reason == "long line without 'Abstract:' (not an affiliation)"
    assert result.rejected[1].reason.startswith("too little to identify the paper")


def test_consecutive_affiliation_lines_are_joined(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("MIT\nGoogle DeepMind\nAbstract:We propose FooNet, a network for everything.\n")
    assert read_file(path).papers[0].org == "MIT; Google DeepMind"


def test_detect_prefers_the_right_format(seed_paths) -> None:
    assert detect(seed_paths[0].read_text(), "x") is abstract_lines.IMPORTER
    assert detect(seed_paths[3].read_text(), "x") is daily_papers.IMPORTER


@pytest.mark.parametrize("count", ["1" * 5_000, "1" * 20], ids=["5000-digits", "20-digits"])
def test_daily_counts_too_long_to_be_counts_are_not_read(seed_paths, tmp_path: Path, empty_library: Library,
                                                           count: str) -> None:
    # 5,000 digits made int() raise ValueError; 20 digits gave up-votes that the library
    # could not store (StorageError on import)
    path = tmp_path / "daily.txt"
    path.write_text(seed_paths[3].read_text(encoding="utf-8").replace("\nNov 22\n", f"\nNov 22 {count}\n", 1))
    [report] = empty_library.import_files([path])
    assert report.error is None and report.added > 50
    assert all(entry.paper.votes is None or entry.paper.votes < 10**9 for entry in empty_library.entries())
