"""Fixtures shared by every test: a library in a temporary folder, the seed files.

No test touches the reader's real library: ``READLIST_HOME`` points into
``tmp_path`` for the whole test session.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from readlist.store.library import Library
from tests.recorded_server import RecordedServer

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "readlist-home"
    monkeypatch.setenv("READLIST_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """readlist's HTTP client trusts the environment's proxies: none may stand between it
    and the tests' server on 127.0.0.1."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server() -> Iterator[RecordedServer]:
    """A real HTTP server on 127.0.0.1 with no routes yet (:mod:`tests.recorded_server`):
    tests add their own, or the recorded services with ``serve_recorded(server)``."""
    with RecordedServer() as running:
        yield running


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO named like a paper file; afterwards a reader stuck opening it is let go."""
    path = tmp_path / "papers.bib"
    os.mkfifo(path)
    yield path
    with contextlib.suppress(OSError):  # nobody is waiting
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    """A listening Unix socket named like a paper file."""
    path = tmp_path / "papers.json"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listening:
        listening.bind(str(path))
        listening.listen()
        yield path


@pytest.fixture
def home(_isolated_home: Path) -> Path:
    """The library folder of this test (``$READLIST_HOME``)."""
    return _isolated_home


@pytest.fixture
def library(home: Path) -> Library:
    """A library in ``home`` holding the bundled catalogue (97 papers)."""
    return Library.open(home)


@pytest.fixture
def empty_library(home: Path) -> Library:
    """A library in ``home`` with no papers."""
    return Library.open(home, bundled=False)


@pytest.fixture
def seed_paths() -> list[Path]:
    """The real seed files, sorted by name."""
    return sorted(SEEDS.glob("*.txt"))


def pytest_report_header() -> str:
    """Say which copy of readlist the tests run against (an editable install runs this checkout)."""
    import readlist.store

    return f"readlist: {Path(readlist.store.__file__).parent.parent}"
