"""store/ never imports Textual; the command-line sub-commands do not either."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

CODE = """
import sys
import readlist.store.library, readlist.store.search, readlist.store.importers
import readlist.store.exporters.markdown, readlist.store.bundled
import readlist.tui.cli
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


def test_store_and_cli_do_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_the_repository_folders_are_not_importable_under_their_own_names() -> None:
    """Installed, the folders are ``readlist.store``, ``readlist.tui`` and ``readlist.data``;
    ``import store`` from the repository root fails with a message saying so."""
    for name in ("store", "tui", "data"):
        result = subprocess.run([sys.executable, "-c", f"import {name}"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode != 0
        assert f"readlist.{name}" in result.stderr



LAZY = """
import json, sys
from pathlib import Path

def heavy():
    return sorted({name.split(".")[0] for name in sys.modules} & {"bibtexparser", "rispy", "pylatexenc"})

import readlist.store.library
stages = {"format modules at start-up": sorted(
    name for name in sys.modules if name.startswith("readlist.store.importers.") and not name.endswith(".base"))}
stages["start-up"] = heavy()
from readlist.store.importers import read_file, registry
for path in sorted(Path("tests/data").rglob("*")):
    if path.is_file():
        for importer in registry():
            importer.sniff(path.read_text(encoding="utf-8"))
for path in ("tests/data/csl/zotero_export.json", "tests/data/markdown/milestones-table.md"):
    read_file(Path(path))
stages["sniffing every fixture, reading CSL-JSON and Markdown"] = heavy()
read_file(Path("tests/data/ris/zotero_export.ris"))
stages["then reading RIS"] = heavy()
read_file(Path("tests/data/bibtex/dblp.bib"))
stages["then reading BibTeX"] = heavy()
print(json.dumps(stages))
"""


def test_format_modules_load_on_first_use_and_their_libraries_with_a_file_of_their_format() -> None:
    """Start-up imports no format module; detecting a format imports no large library
    (bibtexparser, rispy and pylatexenc take some 60 ms together); each comes with its format."""
    result = subprocess.run([sys.executable, "-c", LAZY], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {
        "format modules at start-up": [],
        "start-up": [],
        "sniffing every fixture, reading CSL-JSON and Markdown": [],
        "then reading RIS": ["rispy"],
        "then reading BibTeX": ["bibtexparser", "pylatexenc", "rispy"],
    }


HEAVY = """
import sys
import readlist.tui.app, readlist.tui.cli, readlist.store.view, readlist.store.sorting, readlist.store.stats
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & {"sklearn", "scipy", "numpy", "plotext",
                                                                 "textual_plotext"})))
"""


def test_start_up_imports_neither_scikit_learn_nor_plotext() -> None:
    """TF-IDF, the for-you model and the statistics chart are imported when first used, never at start-up."""
    result = subprocess.run([sys.executable, "-c", HEAVY], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
