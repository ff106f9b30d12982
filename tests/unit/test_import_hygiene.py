"""store/ never imports Textual; the command-line sub-commands do not either."""

from __future__ import annotations

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
