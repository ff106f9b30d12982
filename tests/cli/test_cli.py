"""The ``readlist`` command line, run as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readlist.store.library import Library
from tests.conftest import ROOT


def readlist(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READLIST_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "readlist.tui.cli", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=60,
    )


def test_version_and_help(home: Path) -> None:
    assert readlist(home, "--version").stdout.strip() == "readlist 0.1.0"
    usage = readlist(home, "--help").stdout
    for command in ("list", "export", "import"):
        assert command in usage


def test_list_shows_the_97_bundled_papers(home: Path) -> None:
    result = readlist(home, "list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 97
    assert lines[0].endswith(
        "• ReasonGen-R1: a two-stage framework that first imbues an autoregressive image generator…"
    )


def test_list_json_has_the_documented_fields(home: Path) -> None:
    library = Library.open(home)
    gir = next(e for e in library.entries() if e.title.startswith("GIR-Bench"))
    library.edit_tags(gir.id, "benchmark")
    library.set_note(gir.id, "check the eval")
    library.set_read(gir.id, True)
    library.set_priority(gir.id, 2)

    result = readlist(home, "list", "gir bench", "--json")
    first = json.loads(result.stdout.splitlines()[0])
    assert first == {
        "id": gir.id, "title": gir.title, "status": "read", "priority": 2, "tags": ["benchmark"], "keywords": [],
        "note": "check the eval", "date": "Oct 13", "votes": 3, "org": "HKUST",
        "authors_count": None, "et_al": False, "link": "",
    }
    every = [json.loads(line) for line in readlist(home, "list", "--json").stdout.splitlines()]
    assert len(every) == 97 and len({p["id"] for p in every}) == 97


def test_import_reports_counts_and_exit_status(home: Path, tmp_path: Path, seed_paths) -> None:
    readlist(home, "list")  # creates the library with the bundled papers
    new = tmp_path / "new.txt"
    new.write_text("Stanford\nAbstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    result = readlist(home, "import", str(seed_paths[0]), str(new))
    assert result.returncode == 0, result.stderr
    assert f"{seed_paths[0]}: 0 added, 0 merged, 10 skipped, 0 rejected" in result.stdout
    assert f"{new}: 1 added, 0 merged, 0 skipped, 0 rejected" in result.stdout
    assert len(readlist(home, "list").stdout.splitlines()) == 98

    missing = readlist(home, "import", str(tmp_path / "nope.bib"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"{tmp_path / 'nope.bib'}: no such file (nothing imported)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty file"),
        (b"\x00\x01\x02", "binary file"),
        (b"caf\xe9\n", "not UTF-8"),
        (b"hello\n", "unknown format"),
    ],
)
def test_import_of_bad_files_fails_cleanly(home: Path, tmp_path: Path, content: bytes, message: str) -> None:
    readlist(home, "list")
    before = {p.name: p.read_bytes() for p in home.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = readlist(home, "import", str(bad))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in home.rglob("*") if p.is_file()} == before


def test_export_writes_the_notes(home: Path, tmp_path: Path) -> None:
    library = Library.open(home)
    paper_id = library.ids()[5]
    library.set_note(paper_id, "A note worth keeping.")
    out = tmp_path / "notes.md"
    result = readlist(home, "export", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert f"## {library.entry(paper_id).title}" in text
    assert "A note worth keeping." in text
    assert "exported markdown: 1 paper to" in result.stderr
    assert readlist(home, "export").stdout == text


def test_a_damaged_library_file_is_set_aside_and_reported(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "state.json").write_text("{ broken")
    result = readlist(home, "list")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 97
    [kept] = home.glob("state.json.corrupt-*")
    assert kept.read_text() == "{ broken"
    missing, warning = result.stderr.strip().splitlines()  # a state file without its catalogue: both said
    assert missing == "readlist: warning: catalogue.json was missing and has no backup: started a new, empty " \
                      "catalogue file."
    assert warning.startswith("readlist: warning: state.json could not be read: is not valid JSON")
    assert kept.name in warning and "No readable backup" in warning


def test_list_takes_the_query_language_and_reports_bad_queries(home: Path) -> None:
    library = Library.open(home)
    library.edit_tags(library.ids()[:3], "+first3")
    result = readlist(home, "list", "tag:first3", "-status:read", "--json")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == library.ids()[:3]
    either = readlist(home, "list", "-tag:first3", "OR", "tag:first3", "--json")  # "-tag" first stays first
    assert either.returncode == 0 and len(either.stdout.splitlines()) == 97
    bad = readlist(home, "list", "votes:>=many")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "readlist: query error: 'votes:>=many' (at 1): expected a number after >="


def test_list_shows_what_the_tui_shows_skipped_papers_sort_and_limit(home: Path) -> None:
    """The TUI hides skipped papers; so does ``readlist list`` (saying how many), and
    ``--all`` or ``status:skipped`` lists them; ``--sort`` takes the TUI's orders, ``-`` reverses."""
    from readlist.store.models import Status

    library = Library.open(home)
    skipped = library.ids()[:2]
    library.set_status(skipped, Status.SKIPPED)

    shown = readlist(home, "list")
    assert len(shown.stdout.splitlines()) == 95
    assert not any(line.startswith(tuple(skipped)) for line in shown.stdout.splitlines())
    assert shown.stderr.strip() == "readlist: 2 skipped papers not listed (--all or status:skipped lists them)"
    assert len(readlist(home, "list", "--all").stdout.splitlines()) == 97
    asked = readlist(home, "list", "status:skipped")
    assert [line[:12] for line in asked.stdout.splitlines()] == skipped and asked.stderr == ""

    listed = readlist(home, "list", "--sort", "votes", "--json").stdout.splitlines()
    by_votes = [json.loads(line)["votes"] for line in listed]
    known = [v for v in by_votes if v is not None]
    assert known == sorted(known, reverse=True) and by_votes[len(known):] == [None] * (len(by_votes) - len(known))
    fewest = readlist(home, "list", "--sort", "-votes", "--limit", "3", "--json")  # "-votes": not an option
    assert [json.loads(line)["votes"] for line in fewest.stdout.splitlines()] == sorted(known)[:3]
    bad = readlist(home, "list", "--sort", "sideways")
    assert bad.returncode == 2 and "'sideways' is not one of added, date" in bad.stderr
    assert readlist(home, "list", "--limit", "0").returncode == 2


def test_import_many_formats_with_a_dry_run_first(home: Path, tmp_path: Path) -> None:
    from tests.conftest import TEST_DATA

    files = [str(TEST_DATA / name) for name in (
        "bibtex/zotero.bib", "bibtex/dblp.bib", "hf/daily_papers.json", "csl/zotero_export.json",
        "markdown/awesome-reasoning.md")]
    readlist(home, "list")
    dry = readlist(home, "import", "--dry-run", *files)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.count("would be added") == 5
    assert len(readlist(home, "list").stdout.splitlines()) == 97  # nothing changed
    done = readlist(home, "import", *files)
    formats = [line.rsplit("(", 1)[1].rstrip(")") for line in done.stdout.splitlines()]
    assert formats == ["bibtex", "bibtex", "hf-json", "csl-json", "markdown-list"]
    added = sum(int(line.split(": ")[1].split()[0]) for line in done.stdout.splitlines())
    assert len(readlist(home, "list").stdout.splitlines()) == 97 + added
    again = readlist(home, "import", *files)
    assert all(" 0 added" in line for line in again.stdout.splitlines())


def test_export_formats(home: Path, tmp_path: Path) -> None:
    import bibtexparser

    library = Library.open(home)
    library.edit_tags(library.ids()[:3], "+keep")
    library.set_note(library.ids()[0], "a note")
    bib = readlist(home, "export", "tag:keep", "--format", "bibtex")
    assert len(bibtexparser.parse_string(bib.stdout).entries) == 3
    vault = tmp_path / "vault"
    result = readlist(home, "export", "--format", "vault", "-o", str(vault))
    assert "3 written" in result.stderr and len(list(vault.glob("*.md"))) == 3
    assert "0 written, 0 updated, 3 unchanged" in readlist(home, "export", "--format", "vault", "-o", str(vault)).stderr
    assert readlist(home, "export", "--format", "vault").returncode == 2
    positional = tmp_path / "vault2"
    assert "3 written" in readlist(home, "export", "tag:keep", "--format", "vault", str(positional)).stderr
    first = tmp_path / "vault3"  # the folder right after `vault`, the query after it
    result = readlist(home, "export", "--format", "vault", str(first), "tag:keep", "is:noted")
    assert "1 written" in result.stderr and len(list(first.glob("*.md"))) == 1
    backup = tmp_path / "backup.json"
    readlist(home, "export", "--format", "json", "-o", str(backup))
    fresh = tmp_path / "new-machine"
    restored = readlist(fresh, "import", str(backup))
    assert "3 reader states restored" in restored.stdout
    again = Library.open(fresh)
    assert again.state(library.ids()[0]).note == "a note" and again.tag_counts()["keep"] == 3
    grouped = readlist(home, "export", "--group-by", "tag")
    assert "## \\#keep" in grouped.stdout


def test_export_format_follows_the_output_path(home: Path, tmp_path: Path) -> None:
    library = Library.open(home)
    library.edit_tags(library.ids()[:2], "+keep")
    readlist(home, "export", "tag:keep", "-o", str(tmp_path / "refs.bib"))
    assert (tmp_path / "refs.bib").read_text().count("@") == 2
    result = readlist(home, "export", "-o", str(tmp_path / "vault") + "/")
    assert "2 written" in result.stderr and len(list((tmp_path / "vault").glob("*.md"))) == 2
    readlist(home, "export", "-o", str(tmp_path / "all.json"))
    assert json.loads((tmp_path / "all.json").read_text())["format"] == "readlist-backup"
    readlist(home, "export", "-o", str(tmp_path / "notes.txt"))
    assert (tmp_path / "notes.txt").read_text().count("\n## ") == 2
    blocked = tmp_path / "file"
    blocked.write_text("x")
    failed = readlist(home, "export", "--format", "vault", "-o", str(blocked / "sub"))
    assert failed.returncode == 1 and "cannot make the vault folder" in failed.stderr


def test_without_a_terminal_the_tui_does_not_start_and_says_what_to_do(home: Path) -> None:
    result = readlist(home)  # stdin and stdout are pipes here
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("readlist: no terminal here") and result.stderr.count("\n") == 1


def test_an_unknown_query_field_exits_2_naming_the_fields(home: Path) -> None:
    result = readlist(home, "list", "foo:bar")
    assert result.returncode == 2
    assert "no field 'foo:'" in result.stderr and "author" in result.stderr


def test_import_takes_a_folder_and_lists_what_it_skipped(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "refs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.bib").write_text("@article{a, title={Kangaroo networks}}\n")
    (folder / "sub" / "b.ris").write_text("TY  - JOUR\nTI  - Wombat transformers\nER  - \n")
    (folder / "paper.pdf").write_bytes(b"%PDF-1.4\n\x00\x01\x02binary")
    (folder / ".hidden.bib").write_text("@article{h, title={Hidden}}\n")
    result = readlist(home, "import", str(folder))
    assert result.returncode == 0, result.stderr
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == [
        str(folder / "a.bib"), str(folder / "sub" / "b.ris")]
    assert result.stderr.startswith(f"skipped: {folder / 'paper.pdf'}")
    listed = readlist(home, "list", "kangaroo OR wombat").stdout.splitlines()
    assert len(listed) == 2


def test_import_warns_of_records_sharing_an_arxiv_id_and_list_json_says_et_al(home: Path) -> None:
    from tests.conftest import TEST_DATA

    bib = TEST_DATA / "identity" / "shared_arxiv.bib"
    result = readlist(home, "import", str(bib))
    assert result.returncode == 0, result.stderr
    assert f"{bib}: 4 added, 0 merged, 0 skipped, 0 rejected, 1 repeated in the file, 2 warnings" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if line.startswith("  warning: ")]
    assert warnings[0] == (
        '  warning: shared_arxiv.bib:12: shares arXiv 2106.10270 with shared_arxiv.bib:2 but has a different title '
        '("Scaling Vision Transformers", not "How to train your ViT? Data, Augmentation, and Regularizati…"); '
        "kept both, the arXiv id only on shared_arxiv.bib:2, whose link names it")
    assert len(warnings) == 2
    lines = readlist(home, "list", "source:shared", "--json").stdout.splitlines()
    listed = {p["title"]: p for p in map(json.loads, lines)}
    vit16 = listed["An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"]
    assert (vit16["authors_count"], vit16["et_al"]) == (2, True)
    assert listed["Scaling Vision Transformers"]["et_al"] is False
    again = readlist(home, "import", str(bib))
    assert f"{bib}: 0 added, 0 merged, 4 skipped" in again.stdout
