"""Decoding readers' files and normalising text (store.text)."""

from __future__ import annotations

import codecs

import pytest

from readlist.store.errors import InputError
from readlist.store.text import clean, decode, match_key, read_text, trim_note


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Abstract:caf\xc3\xa9", "Abstract:café"),
        (codecs.BOM_UTF8 + b"Abstract:x", "Abstract:x"),
        (codecs.BOM_UTF16_LE + "Abstract:ü".encode("utf-16-le"), "Abstract:ü"),
        (codecs.BOM_UTF16_BE + "Abstract:ü".encode("utf-16-be"), "Abstract:ü"),
        (codecs.BOM_UTF32_LE + "Abstract:ü".encode("utf-32-le"), "Abstract:ü"),
        ("@misc{k, title={Über}}\n".encode("utf-16-le"), "@misc{k, title={Über}}\n"),  # no BOM
        ("@misc{k, title={Über}}\n".encode("utf-16-be"), "@misc{k, title={Über}}\n"),
    ],
)
def test_decode_accepts_utf8_and_bom_marked_encodings(data: bytes, expected: str) -> None:
    assert decode(data, "f.txt") == expected


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"", "empty file", None),
        (b"  \n\r\n\t", "empty file", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text", None),
        (b"line one\nline two caf\xe9\n", "not UTF-8 text (byte 0xe9)", 2),
    ],
)
def test_decode_refuses_with_the_file_and_line(data: bytes, reason: str, line: int | None) -> None:
    with pytest.raises(InputError) as caught:
        decode(data, "bad.txt")
    assert caught.value.reason == reason
    assert caught.value.line == line
    assert str(caught.value).startswith("bad.txt")


def test_read_text_names_a_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        read_text(tmp_path / "missing.txt")


def test_read_text_refuses_a_folder(tmp_path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_clean_maps_odd_spaces_and_drops_zero_width() -> None:
    assert clean("\ufeff a\u00a0b\u2009c\u202fd\te\u200bf  g ") == "a b c d ef g"


def test_match_key_ignores_case_punctuation_and_spacing() -> None:
    assert match_key("ReasonGen-R1:  a Two-stage…") == match_key("reasongen r1 a two stage")
    assert match_key("Ｆｕｌｌｗｉｄｔｈ") == "fullwidth"


def test_match_key_reads_scripts_as_their_characters() -> None:
    # the title cleaner writes n^{5/2} as n⁵ᐟ² (issue 15); before it, it was n^(5/2)
    assert match_key("An n⁵ᐟ² algorithm") == match_key("An n^(5/2) algorithm") == "ann52algorithm"
    assert match_key("𝒪(n) and xᵢ") == match_key("O(n) and x_i")


@pytest.mark.parametrize(("note", "trimmed"), [
    ("Idea\n", "Idea"),  # an editor's final newline
    ("Idea\n\nmore\n\n  \n\t\n", "Idea\n\nmore"),
    ("Idea\r\n\r\nmore\r\n\r\n", "Idea\r\n\r\nmore"),  # inner line endings kept as typed
    ("  indented\n\n\nlast line  ", "  indented\n\n\nlast line  "),  # nothing at the end to trim
    ("last line  \n", "last line  "),
    ("\n\n  \n", ""),
    ("", ""),
])
def test_a_note_loses_only_its_trailing_blank_lines(note: str, trimmed: str) -> None:
    assert trim_note(note) == trimmed
