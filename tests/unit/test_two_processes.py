"""Two real processes writing to one library lose none of each other's changes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from readlist.store.library import Library
from tests.conftest import ROOT

WRITER = """
import sys
from readlist.store.library import Library
name, steps = sys.argv[1], int(sys.argv[2])
library = Library.open()
ids = library.ids()
shared, own = ids[0], ids[1 if name == "a" else 2]
for step in range(steps):
    library.edit_tags(shared, f"+{name}{step}")       # both edit the same paper
    library.set_note(own, f"{name} wrote {step}")     # and one paper each
    if step % 10 == 0:
        library.toggle_read(shared)
print("done", flush=True)
"""

STEPS = 40


def test_two_writers_lose_nothing(home: Path) -> None:
    Library.open(home)  # create it first, so both start from the same catalogue
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, name, str(STEPS)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    library = Library.open(home)
    ids = library.ids()
    expected = {f"{name}{step}" for name in "ab" for step in range(STEPS)}
    assert set(library.state(ids[0]).tags) == expected
    assert library.state(ids[1]).note == f"a wrote {STEPS - 1}"
    assert library.state(ids[2]).note == f"b wrote {STEPS - 1}"
    toggles = 2 * len(range(0, STEPS, 10))
    assert library.state(ids[0]).read == (toggles % 2 == 1)


def test_cli_import_while_another_process_holds_the_library(home: Path, tmp_path: Path) -> None:
    tui_side = Library.open(home)
    paper = tmp_path / "new.txt"
    paper.write_text("Abstract:We present WombatNet, a marsupial-inspired network for burrowing.\n")
    env = {**os.environ, "READLIST_HOME": str(home), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "readlist.tui.cli", "import", str(paper)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert "1 added" in result.stdout
    tui_side.set_note(tui_side.ids()[0], "written after the import")  # must not drop the new paper
    again = Library.open(home)
    assert len(again) == 98
    assert again.state(again.ids()[0]).note == "written after the import"
    assert tui_side.refresh() is False and len(tui_side) == 98  # already re-read while writing
