"""``readlist open ID [--pdf] [--print]``, run as a real process with a recording ``$BROWSER``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readlist.store.importers.base import build_paper
from readlist.store.library import Library
from tests.conftest import ROOT


def readlist_open(home: Path, *args: str, browser: str | None) -> subprocess.CompletedProcess[str]:
    """Run ``readlist open ARGS`` with ``$BROWSER`` = ``browser``, or with no browser
    to be found at all (nor a clipboard: nothing on the PATH, no display)."""
    env = {k: v for k, v in os.environ.items() if k not in ("BROWSER", "DISPLAY", "WAYLAND_DISPLAY")}
    env["READLIST_HOME"] = str(home)
    if browser is None:
        env["PATH"] = ""
    else:
        env["BROWSER"] = browser
    return subprocess.run([sys.executable, "-m", "readlist.tui.cli", "open", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def papers(home: Path) -> dict[str, str]:
    """Three papers with links and one bundled paper without, by name -> id."""
    library = Library.open(home)
    made = {
        "wombat": build_paper(source="t.bib", source_format="test", title="Wombat nets", arxiv_id="2501.01234"),
        "echidna": build_paper(source="t.bib", source_format="test", title="Echidna graphs", doi="10.5555/echidna"),
        "quokka": build_paper(source="t.bib", source_format="test", title="Quokka maps",
                              url="https://example.org/quokka.pdf"),
    }
    library.add_papers(made.values())
    return {"bundled": library.ids()[0], **{name: paper.id for name, paper in made.items()}}


@pytest.fixture
def browser(tmp_path: Path) -> tuple[str, Path]:
    """A browser command that appends its argument to a file, and that file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{log}"\n')
    script.chmod(0o755)
    return str(script), log


def test_opens_the_page_or_pdf_by_id_prefix_arxiv_id_or_doi(home, papers, browser) -> None:
    command, log = browser
    for args in ([papers["wombat"]], [papers["wombat"], "--pdf"], ["arXiv:2501.01234v2"],
                 ["https://doi.org/10.5555/ECHIDNA"], [papers["quokka"][:8], "--pdf"]):
        result = readlist_open(home, *args, browser=command)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", ""), args
    assert log.read_text().splitlines() == [
        "https://arxiv.org/abs/2501.01234", "https://arxiv.org/pdf/2501.01234", "https://arxiv.org/abs/2501.01234",
        "https://doi.org/10.5555/echidna", "https://example.org/quokka.pdf",
    ]


def test_print_prints_the_url_and_opens_nothing(home, papers, browser) -> None:
    command, log = browser
    result = readlist_open(home, papers["echidna"], "--print", browser=command)
    assert (result.returncode, result.stdout) == (0, "https://doi.org/10.5555/echidna\n")
    assert not log.exists()


def test_without_a_browser_the_url_is_printed(home, papers) -> None:
    result = readlist_open(home, papers["wombat"], "--pdf", browser=None)
    assert (result.returncode, result.stdout) == (0, "https://arxiv.org/pdf/2501.01234\n")
    assert result.stderr.startswith("readlist: no web browser found")
    assert result.stderr.count("\n") == 1


def test_a_browser_that_fails_leaves_the_url_printed(home, papers) -> None:
    result = readlist_open(home, papers["quokka"], browser="false")
    assert (result.returncode, result.stdout) == (0, "https://example.org/quokka.pdf\n")
    assert result.stderr.startswith("readlist: the browser did not start")


@pytest.mark.parametrize(("name", "args", "error"), [
    (None, ["zzz"], "readlist: no paper with id 'zzz' in the library"),
    (None, ["2501.99999"], "readlist: no paper with id '2501.99999' in the library"),
    ("bundled", [], "readlist: no link known for paper {id}"),
    ("bundled", ["--pdf"], "readlist: no link known for paper {id}"),
    ("echidna", ["--pdf"], "readlist: no PDF known for paper {id}; without --pdf it opens its page"),
])
def test_errors_are_one_line_and_exit_1(home, papers, browser, name, args, error) -> None:
    command, log = browser
    result = readlist_open(home, *([papers[name]] if name else []), *args, browser=command)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [error.format(id=papers.get(name))]
    assert not log.exists()
