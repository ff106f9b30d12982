"""File names with any bytes import, and every message shows them on one line
(store.errors.printable)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from readlist.store.errors import printable
from readlist.store.library import Library

BIB = "@article{k,\n  title = {Wombat Attention for Burrowing Transformers},\n  year = {2024},\n}\n"


def test_printable_escapes_what_would_break_a_line() -> None:
    assert printable("refs.bib") == "refs.bib"
    assert printable("café – ü.bib") == "café – ü.bib"
    assert printable("new\nline.bib") == "new\\nline.bib"
    assert printable(os.fsdecode(b"caf\xe9\xff.bib")) == "caf\\xe9\\xff.bib"
    assert printable("a\x1b[31mred\tx\r\u202egnp.bib") == "a\\x1b[31mred\\tx\\r\\u202egnp.bib"
    assert printable("\ud800") == "\\ud800"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system must allow any bytes in names")
def test_names_with_any_bytes_import_and_report_on_one_line(tmp_path: Path, home: Path) -> None:
    library = Library.open(home)
    odd = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"caf\xe9\xff.bib"))
    newline = str(tmp_path / "two\nlines.bib")
    Path(odd).write_text(BIB, encoding="utf-8")
    Path(newline).write_text(BIB.replace("Wombat", "Koala").replace("{k,", "{l,"), encoding="utf-8")
    reports = library.import_files([Path(odd), Path(newline)])
    assert [r.error for r in reports] == [None, None]
    assert [r.summary() for r in reports] == [
        f"{tmp_path}/caf\\xe9\\xff.bib: 1 added, 0 merged, 0 skipped, 0 rejected (bibtex)",
        f"{tmp_path}/two\\nlines.bib: 1 added, 0 merged, 0 skipped, 0 rejected (bibtex)",
    ]
    again = Library.open(home)  # stored, and read back from disk
    sources = {e.paper.source for e in again.entries() if e.title.endswith("for Burrowing Transformers")}
    assert sources == {"caf\\xe9\\xff.bib", "two\\nlines.bib"}
    catalogue = (home / "catalogue.json").read_bytes()
    assert "caf\\\\xe9\\\\xff.bib" in catalogue.decode("utf-8")  # valid UTF-8 JSON
    json.loads(catalogue)


def test_errors_about_odd_names_are_one_line(tmp_path: Path, home: Path) -> None:
    bad = tmp_path / "bad\nname.bib"
    bad.write_bytes(b"\x00\x01binary")
    [report] = Library.open(home).import_files([bad])
    assert report.summary() == f"{tmp_path}/bad\\nname.bib: binary file, not text (nothing imported)"
