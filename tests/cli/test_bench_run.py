"""``benchmarks/run.py``, issue 14's harness: its arguments, its screen reading, and one cheap run.

Nothing here times anything: the run checks that a table comes out, not its figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import BUNDLED, label, parse_rows, parse_sizes, title_rows
from tests.conftest import ROOT


def test_sizes_are_read_with_k_and_m_and_97_is_the_bundled_catalogue() -> None:
    assert parse_sizes("97, 1k,10K,2m,500") == [BUNDLED, 1_000, 10_000, 2_000_000, 500]
    assert [label(size) for size in parse_sizes("97,1k,100k,1500")] == ["97", "1k", "100k", "1500"]


@pytest.mark.parametrize("text", ["1x", "k", "0", "", ",", "-5"])
def test_a_bad_size_is_a_one_line_error_naming_the_option(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="--sizes"):
        parse_sizes(text)


def test_rows_come_in_the_table_order_and_an_unknown_one_is_named() -> None:
    assert parse_rows("rss,startup") == ["startup", "rss"]
    with pytest.raises(argparse.ArgumentTypeError, match="unknown startp"):
        parse_rows("startp,keys")


def test_title_rows_finds_each_title_once_per_line_and_nothing_else() -> None:
    beginnings = {"Attention is all you nee", "Diffusion models beat GA"}
    lines = ["readlist — 2 shown", " •  Diffusion models beat GANs on image…  ▎▊ Diffusion models beat GANs",
             " •  Attention is all you need                ", "Attention is all you ne"]
    assert title_rows(lines, beginnings) == ("Diffusion models beat GA", "Attention is all you nee")


def test_a_bad_argument_exits_2_with_one_line(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "ten"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "--sizes: 'ten' is not a size" in done.stderr.splitlines()[-1]


@pytest.mark.skipif(not (importlib.util.find_spec("pexpect") and importlib.util.find_spec("pyte")),
                    reason="needs the bench extra (pexpect, pyte)")
def test_a_start_up_run_at_97_papers_prints_a_table(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "97", "--runs", "1", "--rows", "startup",
         "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, cwd=tmp_path, timeout=240, env={**os.environ, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("**readlist benchmarks**") and "Python" in lines[0] and "load" in lines[0]
    assert lines[2].startswith("| papers | figure | readlist | reference |")
    [row] = [line for line in lines if line.startswith("| 97 |")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "start-up to first list frame"
    low, middle, high = (float(value) for value in cells[2].removesuffix(" s").split(" / "))
    assert 0 < low == middle == high  # one run: min, median and max are that run
    assert cells[3].startswith("hello-world Textual app")
    assert cells[5].endswith("×")
