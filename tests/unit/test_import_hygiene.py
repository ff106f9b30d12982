"""store/ never imports Textual; the command-line sub-commands do not either."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CODE = """
import sys
import store.library, store.search, store.importers, store.exporters.markdown, store.bundled
import tui.cli
loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
print(",".join(loaded))
"""


def test_store_and_cli_do_not_import_textual() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CODE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
