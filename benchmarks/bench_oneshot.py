"""The one-shot commands as whole processes, each beside a plain reference, at N papers.

    python benchmarks/bench_oneshot.py                    # 100,000 papers, 5 runs each
    python benchmarks/bench_oneshot.py --papers 10000 --runs 3
    python benchmarks/bench_oneshot.py --before /path/to/other/venv/bin/readlist

It builds a library of the bundled papers and N synthetic ones
(:func:`benchmarks.synthetic.build_library`, in a temporary folder, or
``--home`` to keep and reuse one), then runs, as separate processes:

- ``readlist list "diffusion transfomer" --json``, beside ``grep -i`` of the
  same two words over the same files (``catalogue.json``, ``abstracts.jsonl``);
- ``readlist import`` of the N-paper listing into a new library, beside a
  plain script that parses the same listing and writes the same data
  (:func:`parse_and_write`: split the lines, group each paper's lines, write
  a catalogue and the abstracts with orjson; no merging, no checks).

For each it prints the CPU time (user + system, from the operating system's
accounting of the child, as ``/usr/bin/time`` gives it) and the peak resident
memory, as min / median / max over the runs, and the ratio of the medians to
the reference's. ``--before`` runs the same commands with another readlist
(say one installed from an older commit) and prints its figures beside.
Nothing is asserted: timings vary with the machine's load.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "diffusion transfomer"
TARGETS = {"list": (1.0, 300), "import": (2.0, 400)}  # issue 14: CPU s (or ratio for import), MB


def measure(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``command`` to its end, output discarded: (user + system CPU seconds, peak RSS in MB).

    Raises:
        RuntimeError: it exited with a status other than 0.
    """
    with tempfile.TemporaryFile() as output:  # not /dev/null: GNU grep stops at its first match there
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}: {error.strip()[-300:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def series(make: callable, runs: int) -> tuple[list[float], list[float]]:
    """CPU seconds and peak MB of ``runs`` runs of the command ``make()`` returns (made anew each run)."""
    cpu, peak = [], []
    for _ in range(runs):
        seconds, megabytes = measure(*make())
        cpu.append(seconds)
        peak.append(megabytes)
    return cpu, peak


def spread(values: list[float], unit: str, digits: int) -> str:
    return "/".join(f"{v:.{digits}f}" for v in (min(values), statistics.median(values), max(values))) + f" {unit}"


_DATE = re.compile(r"^[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?(?: \d+)?$")
_AUTHORS = re.compile(r"^\S?\s*\d+ authors?$")


def parse_and_write(listing: Path, folder: Path) -> int:
    """The reference for an import: parse a Daily Papers listing as plainly as can be
    and write its papers (title, metadata lines, time) and abstracts with orjson.

    Returns:
        The number of papers written.
    """
    import orjson

    lines = [line.strip() for line in listing.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    papers, now = {}, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    i = next(i for i, line in enumerate(lines) if len(line) >= 120) - 1
    while i + 1 < len(lines):
        title, abstract, i, meta = lines[i], lines[i + 1], i + 2, []
        while i < len(lines) and (lines[i] == "·" or _DATE.match(lines[i]) or _AUTHORS.match(lines[i])
                                  or (i + 1 < len(lines) and lines[i + 1] == "·")):
            meta.append(lines[i])
            i += 1
        paper_id = hashlib.blake2b(title.encode(), digest_size=6).hexdigest()
        papers[paper_id] = ({"title": title, "meta": meta, "added": now}, abstract)
    (folder / "catalogue.json").write_bytes(orjson.dumps({"papers": {k: doc for k, (doc, _) in papers.items()}}))
    with open(folder / "abstracts.jsonl", "wb") as out:
        out.writelines(orjson.dumps(["abstracts", k, {"abstract": a}], option=orjson.OPT_APPEND_NEWLINE)
                       for k, (_, a) in papers.items())
    return len(papers)


def prepare(home: Path, papers: int) -> Path:
    """A library of ``papers`` synthetic papers in ``home`` (built unless there), and its listing."""
    listing = home.parent / f"{home.name}-listing.txt"
    if not (home / "catalogue.json").exists() or not listing.exists():
        sys.path.insert(0, str(ROOT))
        from benchmarks.synthetic import build_library

        print(f"building a library of {papers:,} papers in {home} ...", file=sys.stderr, flush=True)
        build_library(home, papers, listing)
    return listing


def figures(readlist: list[str], home: Path, listing: Path, scratch: Path, runs: int) -> dict[str, tuple]:
    """The list and import figures of one readlist command line (``[python, -m, ...]`` or a script)."""
    env = {**os.environ, "READLIST_HOME": str(home)}
    listed = series(lambda: ([*readlist, "list", *QUERY.split(), "--json"], env), runs)
    counter = iter(range(runs))

    def fresh_import() -> tuple[list[str], dict[str, str]]:
        target = scratch / f"import-{next(counter)}-{time.monotonic_ns()}"
        return [*readlist, "--home", str(target), "import", str(listing)], os.environ.copy()

    imported = series(fresh_import, runs)
    return {"list": listed, "import": imported}


def grep_command(home: Path) -> list[str]:
    """The one-shot query's reference: a grep for either word of :data:`QUERY` over the library's files."""
    files = [str(home / "catalogue.json"), str(home / "abstracts.jsonl")]
    return ["grep", "-i", "-c", *(arg for word in QUERY.split() for arg in ("-e", word)), *files]


def references(home: Path, listing: Path, scratch: Path, runs: int) -> dict[str, tuple]:
    grep = grep_command(home)
    floor = [sys.executable, __file__, "--parse-and-write", str(listing), str(scratch)]
    return {"list": series(lambda: (grep, None), runs), "import": series(lambda: (floor, None), runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home", type=Path, help="library folder to build once and reuse")
    parser.add_argument("--readlist", help="the readlist to measure (default: this checkout's, via this Python)")
    parser.add_argument("--before", help="another readlist to measure the same way, shown beside")
    parser.add_argument("--parse-and-write", nargs=2, type=Path, metavar=("LISTING", "FOLDER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse_and_write:
        parse_and_write(*args.parse_and_write)
        return
    with tempfile.TemporaryDirectory(prefix="readlist-bench-") as temp:
        home = args.home or Path(temp) / f"library-{args.papers}"
        listing = prepare(home, args.papers)
        scratch = Path(temp) / "scratch"
        scratch.mkdir()
        now = [args.readlist] if args.readlist else [sys.executable, "-m", "readlist.tui.cli"]
        measured = {"readlist": figures(now, home, listing, scratch, args.runs)}
        if args.before:
            measured["before"] = figures([args.before], home, listing, scratch, args.runs)
        reference = references(home, listing, scratch, args.runs)
        shutil.rmtree(scratch, ignore_errors=True)
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.papers:,} papers (+ the bundled ones), {args.runs} runs each, min/median/max; "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load {load}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    names = {"list": f'readlist list "{QUERY}" --json', "import": "readlist import (the listing)"}
    refs = {"list": "grep -i, same words and files", "import": "parse-and-write script"}
    for key in ("list", "import"):
        ref_cpu, ref_peak = reference[key]
        print(f"\n{names[key]}")
        print(f"  {'reference: ' + refs[key]:44s} {spread(ref_cpu, 's', 2):24s} {spread(ref_peak, 'MB', 0)}")
        for who, result in measured.items():
            cpu, peak = result[key]
            ratio = statistics.median(cpu) / statistics.median(ref_cpu)
            print(f"  {who:44s} {spread(cpu, 's', 2):24s} {spread(peak, 'MB', 0):20s} "
                  f"{ratio:5.1f}x the reference's CPU")
        cpu_target, mb_target = TARGETS[key]
        unit = "x the reference's CPU" if key == "import" else "s CPU"
        print(f"  {'target (issue 14, at 100k)':44s} <= {cpu_target} {unit}, <= {mb_target} MB")


if __name__ == "__main__":
    main()
