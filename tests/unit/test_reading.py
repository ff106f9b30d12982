"""Only regular files are read, and only up to a size (store.reading).

Devices, FIFOs and sockets are real ones: ``/dev/zero``, ``/dev/urandom``, a FIFO
made with ``os.mkfifo`` and a Unix socket bound to a path. Each read runs in a
thread given a few seconds, so a read that blocks fails the test instead of
hanging it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from readlist.store.errors import InputError
from readlist.store.importers import read_file
from readlist.store.reading import (
    MAX_CONFIG_BYTES,
    MAX_IMPORT_BYTES,
    MissingFileError,
    read_config_text,
    read_regular_file,
    size_text,
)
from readlist.store.services import load_service_config
from readlist.tui.app import binding_sections_ids
from readlist.tui.config import load_config

T = TypeVar("T")
LIMIT_SECONDS = 5


def within(call: Callable[[], T], seconds: float = LIMIT_SECONDS) -> T:
    """``call()``'s result (or exception), failing the test if it takes longer than ``seconds``."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # handed to the test below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s: it blocked"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def special_files(fifo: Path, unix_socket: Path) -> list[tuple[Path, str]]:
    found = [(fifo, "a FIFO"), (unix_socket, "a socket"), (Path("/dev/zero"), "a character device")]
    if Path("/dev/urandom").exists():
        found.append((Path("/dev/urandom"), "a character device"))
    return found


def refused(call: Callable[[], object]) -> InputError:
    with pytest.raises(InputError) as caught:
        within(call)
    message = str(caught.value)
    assert "\n" not in message
    return caught.value


# -- importing -----------------------------------------------------------------


def test_devices_fifos_and_sockets_are_refused_at_once(fifo: Path, unix_socket: Path) -> None:
    for path, kind in special_files(fifo, unix_socket):
        error = refused(lambda path=path: read_file(path))
        assert str(error) == f"{path}: not a regular file ({kind})"


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    assert str(refused(lambda: read_file(tmp_path))) == f"{tmp_path}: is a folder, not a file"
    with pytest.raises(MissingFileError, match="no such file"):
        read_file(tmp_path / "nope.bib")


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "huge.bib"
    with big.open("wb") as handle:  # sparse: no disk used, but stat says 512 MiB + 1
        handle.truncate(MAX_IMPORT_BYTES + 1)
    error = refused(lambda: read_file(big))
    assert str(error) == f"{big}: too large (over 512 MiB; a file to import may be at most 512 MiB)"


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_bytes(b"x" * 1000)
    assert read_regular_file(path, 1000) == b"x" * 1000
    assert read_regular_file(path, 5000) == b"x" * 1000
    with pytest.raises(InputError, match="too large"):
        read_regular_file(path, 999)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_longer_than_its_size_says_is_still_capped() -> None:
    # /proc files say they are 0 bytes long: only reading shows how long they are
    assert len(read_regular_file(Path("/proc/self/status"), 1 << 20)) > 100
    with pytest.raises(InputError, match="grew past 100 bytes while read"):
        read_regular_file(Path("/proc/self/status"), 100)


def test_sizes_in_messages() -> None:
    assert size_text(MAX_IMPORT_BYTES) == "512 MiB"
    assert size_text(MAX_CONFIG_BYTES) == "1 MiB"
    assert size_text(95 * 10**6) == "90.6 MiB"
    assert size_text(300) == "300 bytes"
    assert size_text(2 << 30) == "2 GiB" and size_text(1536) == "1.5 KiB"


# -- config.toml ---------------------------------------------------------------

IDS, THEMES = set(binding_sections_ids()), {"textual-dark", "nord"}


def test_a_fifo_or_device_as_config_is_one_problem_and_the_defaults(fifo: Path) -> None:
    for path, kind in ((fifo, "a FIFO"), (Path("/dev/zero"), "a character device")):
        config = within(lambda path=path: load_config(path, binding_ids=IDS, themes=THEMES))
        assert config.problems == [f"{path}: not a regular file ({kind}); using the defaults"]
        assert config.keymap == {} and config.theme is None
        services = within(lambda path=path: load_service_config(path))
        assert services.problems == [f"{path}: not a regular file ({kind}); using the default services"]


def test_a_config_over_1_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\n' + "# padding\n" * (MAX_CONFIG_BYTES // 10), encoding="utf-8")
    config = within(lambda: load_config(path, binding_ids=IDS, themes=THEMES))
    assert config.theme is None
    assert config.problems == [f"{path}: too large (over 1 MiB; config.toml may be at most 1 MiB); using the defaults"]
    assert load_service_config(path).problems[0].startswith(f"{path}: too large")


def test_config_text_allows_a_bom_and_names_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbftheme = "nord"\n')
    assert read_config_text(path) == 'theme = "nord"\n'
    assert load_config(path, binding_ids=IDS, themes=THEMES).theme == "nord"
    path.write_bytes(b'theme = "nord"\n# caf\xe9\n')
    with pytest.raises(InputError) as caught:
        read_config_text(path)
    assert str(caught.value) == f"{path}:2: not UTF-8 text (byte 0xe9)"
