"""The Obsidian vault export (store.exporters.vault)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
import yaml

from readlist.store.errors import StorageError
from readlist.store.exporters.vault import (
    MARKER,
    export_vault,
    front_matter,
    safe_file_stem,
    yaml_scalar,
)
from readlist.store.importers.base import build_paper
from readlist.store.library import Library

FORBIDDEN = set('<>:"/\\|?*#^[]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
OLD = 1_000_000_000  # a file time long past, to see which files an export rewrote


def add(library: Library, title: str, **fields) -> str:
    """Add one paper and return its id."""
    paper = build_paper(source="t.txt", source_format="test", title=title, **fields)
    report = library.add_papers([paper])
    assert report.added == [paper.id]
    return paper.id


def md_files(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.glob("*.md")}


def split(path: Path) -> tuple[str, str]:
    """A vault file's front matter (without the --- lines) and the rest."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    return head, body


def file_of(folder: Path, paper_id: str) -> Path:
    found = [p for p in folder.glob("*.md") if f'\nid: "{paper_id}"\n' in p.read_text(encoding="utf-8")]
    assert len(found) == 1
    return found[0]


def age(folder: Path) -> None:
    for path in folder.iterdir():
        os.utime(path, ns=(OLD * 10**9, OLD * 10**9))


def assert_safe(name: str) -> None:
    stem = name.removesuffix(".md")
    assert not FORBIDDEN & set(name), name
    assert not any(unicodedata.category(c) == "Cc" for c in name), name
    assert stem == stem.strip(" .") and not stem.startswith("."), name
    assert stem.split(".")[0].strip().upper() not in RESERVED, name
    assert len(name) <= 100 and len(name.encode()) <= 255, name
    assert unicodedata.is_normalized("NFC", name)


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """The vault folder (beside the library's folder, not yet created)."""
    return tmp_path / "vault"


# -- file names ------------------------------------------------------------------


def test_safe_file_stem() -> None:
    assert safe_file_stem("ReasonGen-R1: a two-stage framework") == "ReasonGen-R1 - a two-stage framework"
    assert safe_file_stem('a<b>c"d/e\\f|g?h*i#j^k[l]') == "abcd-e-f-ghijk(l)"
    assert safe_file_stem("CON") == "_CON"
    assert safe_file_stem("nul.txt") == "_nul.txt"
    assert safe_file_stem("com1") == "_com1"
    assert safe_file_stem("Console") == "Console"
    assert safe_file_stem("  ..hidden. . ") == "hidden"
    assert safe_file_stem("tab\there\x00\x1f\u202egnp.exe") == "tab here gnp.exe"
    assert safe_file_stem("???") == "Untitled"
    assert safe_file_stem("Cafe\u0301") == "Café"  # NFC
    long = safe_file_stem("word " * 60)
    assert long.endswith("word…") and len(long) <= 80
    wide = safe_file_stem("漢" * 300)
    assert len(wide.encode()) <= 200 and wide.endswith("…")


def test_every_bundled_paper_gets_a_safe_unique_file(library: Library, vault: Path) -> None:
    # a title with markup: the reader's own, as the bundled titles are plain text now (issue 15)
    library.set_title(library.ids()[10], r"Uni$\textbf{F}^2$ace: a/b <c>")
    report = export_vault(library.entries(), vault)
    names = md_files(vault)
    assert (report.written, report.updated, report.unchanged, report.skipped) == (97, 0, 0, [])
    assert len(names) == 97
    for name in names:
        assert_safe(name)
    tricky = next(e for e in library.entries() if "$" in e.title)
    derived = next(e for e in library.entries() if e.title.endswith("…"))
    assert f"{safe_file_stem(tricky.title)} ({tricky.id[:8]}).md" in names
    assert f"{safe_file_stem(derived.title)} ({derived.id[:8]}).md" in names


def test_odd_titles_get_safe_unique_names(library: Library, vault: Path) -> None:
    con = add(library, "CON")
    long = add(library, "A " + "very " * 58 + "long title")  # 300 characters
    control = add(library, "Bell\x07 and tab\t: odd . ")
    case = library.ids()[:2]
    library.set_title(case[0], "Attention Is All You Need")
    library.set_title(case[1], "ATTENTION IS ALL YOU NEED")
    chars = library.ids()[2:5]
    for paper_id, title in zip(chars, ["A/B: test?", "A\\B: test*", "A|B: test<>"], strict=True):
        library.set_title(paper_id, title)
    export_vault(library.entries(), vault)
    names = md_files(vault)
    assert len(names) == 100
    assert len({n.casefold() for n in names}) == 100  # unique on case-insensitive disks too
    for name in names:
        assert_safe(name)
    assert file_of(vault, con).name == f"_CON ({con[:8]}).md"
    assert file_of(vault, long).name.endswith(f"… ({long[:8]}).md")
    assert file_of(vault, control).name == f"Bell and tab - odd ({control[:8]}).md"
    assert {file_of(vault, i).name.split(" (")[0] for i in chars} == {"A-B - test"}


def test_two_papers_whose_names_collide_get_the_full_id(library: Library, vault: Path) -> None:
    entry = library.entry(library.ids()[0])
    vault.mkdir()
    squatter = vault / f"{safe_file_stem(entry.title)} ({entry.id[:8]}).md"
    squatter.write_text("the reader's own file, not readlist's\n")
    export_vault([entry], vault)
    assert squatter.read_text() == "the reader's own file, not readlist's\n"
    assert file_of(vault, entry.id).name == f"{safe_file_stem(entry.title)} ({entry.id}).md"


def test_a_paper_whose_both_names_are_taken_is_skipped(library: Library, vault: Path) -> None:
    entry = library.entry(library.ids()[0])
    vault.mkdir()
    squatters = [vault / f"{safe_file_stem(entry.title)} ({suffix}).md" for suffix in (entry.id[:8], entry.id)]
    for path in squatters:
        path.write_text("not readlist's\n")
    report = export_vault([entry], vault)
    assert report.skipped == [squatters[1]] and report.written == 0
    assert [p.read_text() for p in squatters] == ["not readlist's\n"] * 2


def test_a_folder_that_cannot_be_made_is_a_storage_error(library: Library, vault: Path) -> None:
    vault.write_text("a file, not a folder")
    with pytest.raises(StorageError) as caught:
        export_vault(library.entries(), vault)
    assert "cannot create or list the folder" in str(caught.value)


# -- content ---------------------------------------------------------------------


def test_front_matter_and_body(library: Library, vault: Path) -> None:
    paper_id = add(
        library, 'Über "quotes": a \\ back # hash — 2024-03-01', authors=["Jürgen Müller", "Zoë O'Brien"],
        date="2024-03-01", arxiv_id="2403.01234", doi="10.1000/XYZ", org="ETH Zürich", venue="NeurIPS",
    )
    library.edit_tags(paper_id, "+rl +video-gen")
    library.set_status(paper_id, "reading")
    library.set_priority(paper_id, 2)
    library.set_note(paper_id, "First line\n\n- a list item")
    export_vault(library.entries([paper_id]), vault)
    path = file_of(vault, paper_id)
    head, body = split(path)
    entry = library.entry(paper_id)
    expected = {
        "title": entry.title, "id": paper_id, "arxiv": "2403.01234", "doi": "10.1000/xyz", "url": "",
        "authors": ["Jürgen Müller", "Zoë O'Brien"], "org": "ETH Zürich", "venue": "NeurIPS",
        "date": "2024-03-01", "tags": ["rl", "video-gen"], "status": "reading", "priority": 2,
        "added": entry.paper.added, "changed": entry.state.changed,
    }
    assert head.splitlines()[0] == 'title: "Über \\"quotes\\": a \\\\ back # hash — 2024-03-01"'
    assert 'date: "2024-03-01"' in head  # a string, never a YAML date
    assert "tags:\n  - \"rl\"\n  - \"video-gen\"" in head
    assert yaml.safe_load(head) == expected
    lines = body.splitlines()
    assert lines[1].startswith("# Über")
    assert lines[3].startswith("*2024-03-01 · ETH Zürich") and lines[3].endswith("*")
    assert "First line\n\n- a list item\n\n" + MARKER + "\n" in body
    assert body.endswith(MARKER + "\n")


@pytest.mark.parametrize(
    "value",
    [
        "", "plain", "yes", "no", "null", "~", "1e3", "0x10", "2024-03-01", "12:30", "- dash", "? q", "[x]", "{y}",
        "#c", "&anchor", "*alias", "!tag", "|", ">", "%", "@", "`", "'single'", '"double"', "back\\slash", "a: b",
        "tab\there", "line\nbreak", "cr\rlf", "\x00\x07\x1b\x7f", "\x85nel\u2028ls\u2029ps", "\ufeffbom",
        "\u200bzero width", "émoji 😀", "  spaces  ", "\ud800", "\uffff\ufffe",
    ],
)
def test_yaml_scalars_round_trip(value: str) -> None:
    text = yaml_scalar(value)
    assert text.startswith('"') and text.endswith('"') and "\n" not in text
    assert yaml.safe_load(f"key: {text}\n") == {"key": value}


def test_yaml_front_matter_values() -> None:
    text = front_matter({"s": "x", "n": 3, "z": 0, "none": None, "empty": [], "list": ("a", "b: c")})
    assert text == '---\ns: "x"\nn: 3\nz: 0\nnone: null\nempty: []\nlist:\n  - "a"\n  - "b: c"\n---\n'
    with pytest.raises(TypeError):
        yaml_scalar(True)  # type: ignore[arg-type]
    assert yaml.safe_load(text.strip("-\n")) == {
        "s": "x", "n": 3, "z": 0, "none": None, "empty": [], "list": ["a", "b: c"],
    }


def test_every_bundled_front_matter_parses(library: Library, vault: Path) -> None:
    export_vault(library.entries(), vault)
    titles = {}
    for path in vault.glob("*.md"):
        doc = yaml.safe_load(split(path)[0])
        titles[doc["id"]] = doc["title"]
    assert titles == {e.id: e.title for e in library.entries()}


# -- re-export ---------------------------------------------------------------------


def test_re_export_updates_in_place_and_keeps_the_readers_text(library: Library, vault: Path) -> None:
    first, second = library.ids()[:2]
    library.set_note(first, "Old note")
    export_vault(library.entries(), vault)
    path = file_of(vault, first)
    mine = "\nMy own thoughts, [[links]] and\n\n" + MARKER + " (a marker copied below it)\n\nmore.\n"
    path.write_bytes(path.read_bytes() + mine.encode().lstrip(b"\n"))
    age(vault)
    library.set_note(first, "New note")
    library.set_status(second, "read")
    report = export_vault(library.entries(), vault)
    assert (report.written, report.updated, report.unchanged) == (0, 2, 95)
    assert file_of(vault, first) == path
    text = path.read_text(encoding="utf-8")
    assert "New note" in text and "Old note" not in text
    assert text.endswith(MARKER + mine)
    assert text.count(MARKER) == 2
    changed = {p.name for p in vault.iterdir() if p.stat().st_mtime_ns != OLD * 10**9}
    assert changed == {path.name, file_of(vault, second).name}


def test_second_export_of_the_same_library_rewrites_nothing(library: Library, vault: Path) -> None:
    export_vault(library.entries(), vault)
    before = {p.name: p.read_bytes() for p in vault.iterdir()}
    age(vault)
    report = export_vault(library.entries(), vault)
    assert (report.written, report.updated, report.unchanged) == (0, 0, 97)
    assert {p.name: p.read_bytes() for p in vault.iterdir()} == before
    assert all(p.stat().st_mtime_ns == OLD * 10**9 for p in vault.iterdir())


def test_crlf_text_of_the_reader_is_kept_byte_for_byte(library: Library, vault: Path) -> None:
    paper_id = library.ids()[0]
    export_vault(library.entries([paper_id]), vault)
    path = file_of(vault, paper_id)
    windows = path.read_bytes().replace(b"\n", b"\r\n") + b"Typed on Windows\r\n"
    path.write_bytes(windows)
    library.set_note(paper_id, "A note")
    export_vault(library.entries([paper_id]), vault)
    data = path.read_bytes()
    assert data.endswith(MARKER.encode() + b"\r\nTyped on Windows\r\n")
    assert b"A note" in data


def test_a_retitled_paper_keeps_its_file(library: Library, vault: Path) -> None:
    paper_id = library.ids()[0]
    export_vault(library.entries(), vault)
    path = file_of(vault, paper_id)
    library.set_title(paper_id, "My own title")
    report = export_vault(library.entries(), vault)
    assert report.updated == 1 and len(md_files(vault)) == 97
    assert file_of(vault, paper_id) == path
    assert '\ntitle: "My own title"\n' in path.read_text(encoding="utf-8")


def test_nothing_is_ever_deleted(library: Library, vault: Path) -> None:
    vault.mkdir()
    (vault / "Reader's index.md").write_text("# Index\n")
    (vault / "figure.png").write_bytes(b"\x89PNG")
    export_vault(library.entries(), vault)
    export_vault(library.entries(library.ids()[:3]), vault)  # a smaller selection later
    names = {p.name for p in vault.iterdir()}
    assert {"Reader's index.md", "figure.png"} <= names
    assert len(names) == 99
    assert (vault / "Reader's index.md").read_text() == "# Index\n"


def test_a_file_whose_marker_was_deleted_is_left_alone(library: Library, vault: Path) -> None:
    paper_id = library.ids()[0]
    export_vault(library.entries([paper_id]), vault)
    path = file_of(vault, paper_id)
    edited = path.read_text(encoding="utf-8").replace(MARKER, "My text, where the marker was")
    path.write_text(edited, encoding="utf-8")
    library.set_note(paper_id, "changed")
    report = export_vault(library.entries([paper_id]), vault)
    assert report.skipped == [path]
    assert path.read_text(encoding="utf-8") == edited


def test_a_marker_line_inside_the_note_does_not_split_the_file(library: Library, vault: Path) -> None:
    paper_id = library.ids()[0]
    library.set_note(paper_id, f"before\n{MARKER}\nafter")
    export_vault(library.entries([paper_id]), vault)
    path = file_of(vault, paper_id)
    text = path.read_text(encoding="utf-8")
    assert text.count(MARKER) == 1 and text.endswith(MARKER + "\n")
    assert "before" in text and "after" in text
    report = export_vault(library.entries([paper_id]), vault)
    assert report.unchanged == 1


def test_the_folder_is_created(library: Library, vault: Path) -> None:
    folder = vault / "deep" / "er"
    report = export_vault(library.entries(library.ids()[:2]), folder)
    assert report.written == 2 and len(md_files(folder)) == 2


# -- temporary files -------------------------------------------------------------


def test_an_export_leaves_no_temporary_file(library: Library, vault: Path) -> None:
    entries = list(library.entries())
    export_vault(entries, vault)
    library.set_note(entries[0].id, "changed")
    export_vault(library.entries(), vault)  # updates one file
    assert sorted(p.name for p in vault.iterdir() if not p.name.endswith(".md")) == []
    assert not any(p.name.startswith(".") for p in vault.iterdir())


def test_a_killed_exports_temporary_files_are_removed(library: Library, vault: Path) -> None:
    entries = list(library.entries())
    export_vault(entries, vault)
    name = file_of(vault, entries[0].id).name
    stale = vault / f".{name}.k2j_8x0a.tmp"  # as write_atomic names them (mkstemp: 8 characters)
    fresh = vault / f".{name}.abcdefgh.tmp"  # another export may be writing it right now
    stale.write_text("half a fi")
    fresh.write_text("being writ")
    os.utime(stale, (OLD, OLD))
    mine = {  # the reader's own files, even old ones named almost like ours, are never touched
        ".obsidian.tmp": "workspace", ".notes.md.k2j_8x0a.tmp": "not one of ours", "todo.md.tmp": "mine",
        f".{name}.swp": "vim", f".{name}.k2j_8x0a.tmp.bak": "mine", f"{name[:-3]}.tmp": "mine",
    }
    for other, text in mine.items():
        (vault / other).write_text(text)
        os.utime(vault / other, (OLD, OLD))
    export_vault(entries, vault)
    assert not stale.exists()
    assert fresh.read_text() == "being writ"
    assert {other: (vault / other).read_text() for other in mine} == mine


def test_a_fifo_named_like_a_papers_file_is_refused_not_read(library: Library, vault: Path) -> None:
    entries = list(library.entries())[:1]
    export_vault(entries, vault)
    path = file_of(vault, entries[0].id)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(StorageError, match=r"cannot read: not a regular file \(a FIFO\)"):
        export_vault(entries, vault)
