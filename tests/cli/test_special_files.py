"""``readlist import`` of devices, FIFOs, sockets and oddly named files, and a config.toml
that is a FIFO or too big, as real processes: each must finish within seconds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readlist.store.reading import MAX_CONFIG_BYTES
from tests.conftest import ROOT

BIB = "@article{k,\n  title = {Wombat Attention for Burrowing Transformers},\n  year = {2024},\n}\n"


def readlist(home: Path, *args: str | bytes) -> subprocess.CompletedProcess[str]:
    """Run readlist, failing (not hanging) if it takes more than 20 seconds."""
    env = {**os.environ, "READLIST_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "readlist.tui.cli", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, errors="replace", timeout=20,
    )


def special_files(fifo: Path, unix_socket: Path) -> list[tuple[Path, str]]:
    found = [(Path("/dev/zero"), "a character device"), (fifo, "a FIFO"), (unix_socket, "a socket")]
    if Path("/dev/urandom").exists():
        found.append((Path("/dev/urandom"), "a character device"))
    return found


def test_import_of_a_device_fifo_or_socket_says_so_in_one_line(home: Path, fifo: Path, unix_socket: Path) -> None:
    readlist(home, "list")
    for path, kind in special_files(fifo, unix_socket):
        result = readlist(home, "import", str(path))
        assert result.returncode == 1, (path, result.stderr)
        assert result.stderr == f"{path}: not a regular file ({kind}) (nothing imported)\n"
        assert result.stdout == ""
    assert len(readlist(home, "list").stdout.splitlines()) == 97


def test_one_refused_file_does_not_stop_the_others(home: Path, fifo: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.bib"
    good.write_text(BIB)
    result = readlist(home, "import", "/dev/zero", str(good), str(fifo))
    assert result.returncode == 1
    assert result.stdout == f"{good}: 1 added, 0 merged, 0 skipped, 0 rejected (bibtex)\n"
    assert len(result.stderr.splitlines()) == 2 and "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the file system must allow any bytes in names")
def test_odd_file_names_import_and_each_report_is_one_line(home: Path, tmp_path: Path) -> None:
    odd = os.path.join(os.fsencode(tmp_path), b"refs\xff.bib")
    with open(odd, "w", encoding="utf-8") as handle:
        handle.write(BIB)
    newline = tmp_path / "new\nline.bib"
    newline.write_text(BIB.replace("Wombat", "Koala").replace("{k,", "{l,"))
    result = readlist(home, "import", os.fsdecode(odd), str(newline))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{tmp_path}/refs\\xff.bib: 1 added, 0 merged, 0 skipped, 0 rejected (bibtex)",
        f"{tmp_path}/new\\nline.bib: 1 added, 0 merged, 0 skipped, 0 rejected (bibtex)",
    ]
    assert len(readlist(home, "list", "burrowing").stdout.splitlines()) == 2
    assert len(readlist(home, "list", "source:refs").stdout.splitlines()) == 1


@pytest.mark.parametrize("kind", ["fifo", "too big"])
def test_a_config_that_is_a_fifo_or_too_big_does_not_stop_readlist(home: Path, kind: str) -> None:
    home.mkdir(parents=True)
    config = home / "config.toml"
    if kind == "fifo":
        os.mkfifo(config)
    else:
        config.write_text("[follow]\nhuggingface = true\n" + "# padding\n" * MAX_CONFIG_BYTES)
    assert len(readlist(home, "list").stdout.splitlines()) == 97
    result = readlist(home, "fetch")  # reads [follow] of config.toml
    assert result.returncode == 2, result.stderr
    problem = f"{config}: not a regular file (a FIFO)" if kind == "fifo" else f"{config}: too large (10 MiB"
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_export_never_replaces_a_fifo_or_socket(home: Path, fifo: Path, unix_socket: Path) -> None:
    for target, kind in ((fifo, "a FIFO"), (unix_socket, "a socket")):
        result = readlist(home, "export", "--format", "bibtex", "-o", str(target))
        assert result.returncode == 1
        assert result.stderr == f"readlist: {target}: not a regular file ({kind}); not written over\n"
    assert fifo.is_fifo() and unix_socket.is_socket()
