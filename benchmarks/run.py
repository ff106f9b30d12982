"""Issue 14's benchmark harness: readlist as a reader sees it, each figure beside a reference.

    python benchmarks/run.py                                  # 1k, 10k, 100k papers, 5 runs
    python benchmarks/run.py --sizes 97,1k,10k --runs 3       # 97 = the bundled catalogue alone
    python benchmarks/run.py --sizes 100k --rows startup,keys,rss

Needs the ``bench`` extra (``pip install -e '.[bench]'``). Libraries are built
once (:func:`benchmarks.synthetic.build_library`, in a subprocess) and kept in
``--cache`` (``benchmarks/.cache``); each app session runs on a copy, so
what it changes (the status and bulk rows) never reaches the cache. Every
figure is measured ``--runs`` times with its reference in the same run, the
same way, and printed as one Markdown table: min / median / max, and the
ratio of the medians.

Rows (``--rows``, default all):

- ``startup``: process start until the pseudo-terminal's screen (pyte) shows
  rows of the list; reference: a hello-world Textual app (``hello_app.py``)
  until its text is on screen.
- ``keys``: in the app, ``/`` then words typed one key at a time; each key from
  its write until the screen changes outside the filter box (the list, its
  count): the p95 of a run; reference: the same at 97 papers (the hello app's
  key echo in the notes). Also the final answer: from the last key of a word
  until the screen's last change once the app is idle (abstract pass done).
- ``sort``: ``S`` (reverse the order) until the list's rows are reordered;
  reference: the hello app's key echo.
- ``rss``: the app's peak and current memory (VmHWM / VmRSS of its process)
  after start-up, the sorts and the three searches (before the status and
  bulk changes); reference: the library's
  files on disk.
- ``list`` / ``import``: ``readlist list "<two words>" --json`` and
  ``readlist import <listing>`` as whole processes, CPU seconds and peak RSS
  (``/usr/bin/time``); references: ``grep -i -c`` of the same words over the
  same files, and ``bench_oneshot.py``'s parse-and-write script.
- ``status`` / ``bulk``: in the app (:func:`state_changes`): a status change
  (``w``) before and after every paper was queued (``A``, ``a``, ``y``), each
  to the screen's first change; the bulk change and its undo (``u``) to the
  screen's last change; all undone, so the cached library stays as it was.
  And headless, in a fresh process per run (``bench_state.py``'s measures):
  one status change with all N touched vs with 10 touched; a bulk change of
  all N and its undo.

Nothing is asserted: the figures depend on the machine and its load, which
the table's heading gives.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS = ("startup", "keys", "sort", "rss", "list", "import", "status", "bulk")
#: The rows measured with the app in a pseudo-terminal (they need pexpect and pyte).
TERMINAL_ROWS = frozenset({"startup", "keys", "sort", "rss", "status", "bulk"})
BUNDLED = 0  # the size "97": the bundled catalogue and no synthetic paper
TYPED = ["difusion", "unifrok", "model"]  # three searches, typed one key at a time
TITLE_CHARS = 24  # a list row is recognised by this many characters of a title
KEY_TIMEOUT = 3.0  # a key that changes nothing outside the filter box in this time is counted apart
CTRL_L = "\x0c"  # the filter box's "clear the box, stay here"
APP = [sys.executable, "-m", "readlist.tui.cli"]


# -- sizes and libraries ------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    """``"97,1k,10k,100k"`` -> ``[0, 1000, 10000, 100000]`` (97, the bundled catalogue, is 0 synthetic papers).

    Raises:
        argparse.ArgumentTypeError: a size is not a number with an optional k or m.
    """
    sizes = []
    for part in filter(None, (p.strip().lower() for p in text.split(","))):
        if part == "97":
            sizes.append(BUNDLED)
            continue
        scale = {"k": 1_000, "m": 1_000_000}.get(part[-1], 1)
        digits = part[:-1] if scale > 1 else part
        if not digits.isdigit() or int(digits) == 0:
            raise argparse.ArgumentTypeError(f"--sizes: {part!r} is not a size such as 97, 1k, 10k or 100k")
        sizes.append(int(digits) * scale)
    if not sizes:
        raise argparse.ArgumentTypeError("--sizes: no size given")
    return sizes


def parse_rows(text: str) -> list[str]:
    """``"startup,keys"`` -> ``["startup", "keys"]``, in :data:`ROWS` order.

    Raises:
        argparse.ArgumentTypeError: a name that is not one of :data:`ROWS`.
    """
    asked = {p.strip() for p in text.split(",") if p.strip()}
    unknown = asked - set(ROWS)
    if unknown or not asked:
        raise argparse.ArgumentTypeError(f"--rows: unknown {', '.join(sorted(unknown)) or '(none)'}; "
                                         f"choose from {', '.join(ROWS)}")
    return [row for row in ROWS if row in asked]


def label(size: int) -> str:
    """How a size is printed: 97 for the bundled catalogue, else 1k, 10k, 100k or the number."""
    if size == BUNDLED:
        return "97"
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def library_home(cache: Path, size: int) -> Path:
    return cache / f"library-{label(size)}"


def titles_file(home: Path) -> Path:
    return home.parent / f"{home.name}-titles.txt"


def build(home: Path, size: int) -> None:
    """Build the library of ``size`` synthetic papers (plus the bundled ones) in ``home``,
    its import listing beside it, and the file of title beginnings the screen is searched for.
    Run in a subprocess (``--build``), so this process stays small: a child's peak
    memory is never below its parent's at the fork."""
    from readlist.store.library import Library

    if size == BUNDLED:
        Library.open(home)
    else:
        from benchmarks.bench_oneshot import prepare

        prepare(home, size)
    import orjson

    papers = orjson.loads((home / "catalogue.json").read_bytes())["papers"]
    beginnings = {p["title"][:TITLE_CHARS] for p in papers.values() if len(p.get("title", "")) >= TITLE_CHARS}
    titles_file(home).write_text("\n".join(sorted(beginnings)) + "\n", encoding="utf-8")


def ensure_library(cache: Path, size: int) -> tuple[Path, set[str]]:
    """The cached library of ``size`` (built unless there) and its title beginnings.

    Raises:
        RuntimeError: building it failed.
    """
    home = library_home(cache, size)
    if not titles_file(home).exists():
        print(f"building the library of {label(size)} papers in {home} ...", file=sys.stderr, flush=True)
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, __file__, "--build", str(size), str(home)], check=False)
        if done.returncode:
            raise RuntimeError(f"building {home} failed (exit {done.returncode})")
    return home, set(titles_file(home).read_text(encoding="utf-8").split("\n")) - {""}


def opened_before(home: Path) -> None:
    """Open the library in ``home`` once, untimed, in a process of its own, and
    do what the app's first session does in the background: a reader's library
    has been opened before, so its files' shapes are known whole
    (:mod:`store.shape_stamps`), which a fresh copy's new inodes are not, and
    its abstracts have their word index (:mod:`store.abstract_index`)."""
    subprocess.run([sys.executable, "-c", "import sys; from readlist.store.library import Library; "
                    "library = Library.open(sys.argv[1]); library.prepare_abstracts(); library.index_abstracts()",
                    str(home)], check=True)


def disk_mb(home: Path) -> float:
    """MB of the library's own files (the top folder: catalogue, abstracts, state; not backups)."""
    return sum(p.stat().st_size for p in home.iterdir() if p.is_file()) / 1e6


# -- in the terminal ------------------------------------------------------------------


def title_rows(lines: list[str], beginnings: set[str]) -> tuple[str, ...]:
    """The title beginnings found on the screen, top to bottom (one per line at most)."""
    found = []
    for line in lines:
        for at in range(len(line) - TITLE_CHARS + 1):
            piece = line[at:at + TITLE_CHARS]
            if piece in beginnings:
                found.append(piece)
                break
    return tuple(found)


def time_key(term, key: str, ignore: int | None) -> tuple[float, float | None]:
    """Write ``key``; (``perf_counter()`` of the write, seconds until the screen changed
    on a line other than ``ignore`` (the filter box's), or None after :data:`KEY_TIMEOUT`).
    Then reads until the screen has been still for 0.1 s (a quick typist's pace)."""
    before = list(term.lines)
    sent = term.send(key)
    took = None
    end = sent + KEY_TIMEOUT
    while took is None and time.perf_counter() < end:
        term.pump(end - time.perf_counter())
        if any(a != b for i, (a, b) in enumerate(zip(term.lines, before, strict=True)) if i != ignore):
            took = term.last_change - sent
    while term.pump(0.1):
        pass
    return sent, took


def hello_session(rows: list[str]) -> dict:
    """One run of the hello app: start-up to its greeting, and the echo of each key typed."""
    from benchmarks.hello_app import GREETING
    from benchmarks.terminal import Terminal

    with Terminal([sys.executable, str(ROOT / "benchmarks" / "hello_app.py")], dict(os.environ)) as term:
        seen = term.wait_for(lambda lines: any(GREETING in line for line in lines), 60, "greeting")
        out = {"startup": seen - term.started}
        if {"keys", "sort"} & set(rows):
            term.settle()
            out["echo"] = [t for _, t in (time_key(term, key, None) for key in "".join(TYPED)) if t is not None]
    return out


def app_session(home: Path, beginnings: set[str], rows: list[str]) -> dict:
    """One run of the app on ``home`` in a terminal: the figures of the terminal rows asked for.

    Raises:
        TerminalError: the app ended, or never showed what was waited for.
    """
    from benchmarks.terminal import Terminal

    env = {**os.environ, "READLIST_HOME": str(home)}
    with Terminal(APP, env) as term:
        seen = term.wait_for(lambda lines: len(title_rows(lines, beginnings)) >= 3, 180, "list rows")
        out: dict = {"startup": seen - term.started}
        if not (TERMINAL_ROWS - {"startup"}) & set(rows):
            return out
        term.settle()  # the search index and the abstracts, built in the background
        if "sort" in rows or "rss" in rows:
            out["sort"] = []
            for _ in range(2):  # reversed, and back
                before = title_rows(term.lines, beginnings)
                sent = term.send("S")
                term.wait_for(lambda lines, before=before: title_rows(lines, beginnings) != before, 30,
                              "reordered list")
                out["sort"].append(term.last_change - sent)
                term.settle(quiet=0.3)
        if "keys" in rows or "rss" in rows:
            term.send("/")
            term.wait_for(lambda lines: any("to filter" in line for line in lines), 10, "focused filter box")
            term.settle(quiet=0.3)
            box = next(i for i, line in enumerate(term.lines) if "to filter" in line)
            out["keys"], out["final"], out["missed"] = [], [], 0
            for word in TYPED:
                for key in word:
                    sent, took = time_key(term, key, box)
                    if took is None:
                        out["missed"] += 1
                    else:
                        out["keys"].append(took)
                out["final"].append(term.settle() - sent)
                term.send(CTRL_L)
                term.settle(quiet=0.3)
            term.send("\x1b")  # Esc: back to the list
            term.settle(quiet=0.3)
        out["memory"] = term.memory_mb()  # before the bulk change: after start-up, the sorts, the searches
        if "status" in rows or "bulk" in rows:
            out.update(state_changes(term))
    return out


def first_change(term, keys: str, timeout: float = 30) -> float:
    """Write ``keys``; seconds until the screen's text changes, then read until the app is idle."""
    before = list(term.lines)
    sent = term.send(keys)
    term.wait_for(lambda lines: lines != before, timeout, f"change after {keys!r}")
    took = term.last_change - sent
    term.settle(quiet=0.3)
    return took


def state_changes(term) -> dict:
    """In the app, its list focused: a status change (``w``) of the paper under the cursor, undone;
    every shown paper marked (``A``), queued (``a``, ``y``); the status change again, undone; then
    the bulk change undone (``u``). The changes from the write of their last key (seconds):
    ``single`` to the first change of the screen (the change is saved before the screen shows it),
    ``bulk`` and ``undo`` to its last change before the app is idle (the list and counts redrawn).
    The library is as before at the end."""
    out = {"single_before": first_change(term, "w")}
    first_change(term, "u")
    first_change(term, "A")
    term.send("a")
    term.wait_for(lambda lines: any("papers?" in line for line in lines), 30, "question before the bulk change")
    term.settle(quiet=0.3)
    sent = term.send("y")
    out["bulk_app"] = term.settle() - sent
    term.send("\x1b")  # Esc: clear the marks
    term.settle(quiet=0.3)
    out["single_after"] = first_change(term, "w")
    first_change(term, "u")
    sent = term.send("u")
    out["undo_app"] = term.settle() - sent
    return out


# -- whole commands -------------------------------------------------------------------


def timed_command(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run ``command`` to its end under ``/usr/bin/time``: (user + system CPU seconds, peak RSS in MB).
    (``/usr/bin/time``, a small process, forks the command: its peak is its own.)

    Raises:
        RuntimeError: the command exited with a status other than 0.
    """
    # Output to a real file, not /dev/null: GNU grep stops at its first match when it sees /dev/null.
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report, tempfile.TemporaryFile() as output:
        done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", report.name, *command],
                              stdout=output, stderr=subprocess.PIPE, env=env, check=False)
        if done.returncode:
            error = done.stderr.decode(errors="replace").strip()[-300:]
            raise RuntimeError(f"{' '.join(command)} exited with {done.returncode}: {error}")
        user, system, peak = report.read().split()[-3:]
    return float(user) + float(system), int(peak) / 1024


def oneshot_runs(home: Path, size: int, rows: list[str], scratch: Path) -> dict:
    """One run of each one-shot command asked for and its reference: {name: (cpu, MB)}."""
    from benchmarks.bench_oneshot import QUERY, grep_command

    out = {}
    if "list" in rows:
        env = {**os.environ, "READLIST_HOME": str(home)}
        out["list"] = timed_command([*APP, "list", QUERY, "--json"], env)
        out["grep"] = timed_command(grep_command(home))
    if "import" in rows and size != BUNDLED:
        listing = home.parent / f"{home.name}-listing.txt"
        target = Path(tempfile.mkdtemp(prefix="import-", dir=scratch))
        out["import"] = timed_command([*APP, "--home", str(target / "library"), "import", str(listing)])
        floor = Path(tempfile.mkdtemp(prefix="floor-", dir=scratch))
        out["floor"] = timed_command([sys.executable, str(ROOT / "benchmarks" / "bench_oneshot.py"),
                                      "--parse-and-write", str(listing), str(floor)])
    return out


def state_probe(size: int) -> dict:
    """The headless state figures at ``size`` papers (``bench_state``'s library and measures),
    in this process: medians of single changes (10 touched, all touched), the bulk change and its undo."""
    from benchmarks.bench_state import settle, single_changes, write_catalogue
    from readlist.store.library import Library
    from readlist.store.models import Status

    count = size or 97
    with tempfile.TemporaryDirectory(prefix="bench-state-") as folder:
        home = Path(folder) / "library"
        ids = write_catalogue(home, count)
        library = Library(home)
        library.set_status(ids[:10], Status.TO_READ)
        settle(library)
        ten = single_changes(library, ids[0])
        settle(library)
        start = time.perf_counter()
        library.set_status(ids, Status.TO_READ)
        bulk = time.perf_counter() - start
        settle(library)
        start = time.perf_counter()
        library.undo()
        undo = time.perf_counter() - start
        settle(library)
        library.set_status(ids[10:], Status.READ)
        settle(library)
        every = single_changes(library, ids[0])
    return {"count": count, "ten": statistics.median(ten), "all": statistics.median(every),
            "bulk": bulk, "undo": undo}


def state_runs(size: int) -> dict:
    """:func:`state_probe` in a fresh process (``--state-probe``).

    Raises:
        RuntimeError: the probe failed.
    """
    done = subprocess.run([sys.executable, __file__, "--state-probe", str(size)], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"the state probe at {size} papers failed: {done.stderr.strip()[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- the table --------------------------------------------------------------------------


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def spread(values: list[float], scale: float, digits: int) -> str:
    if not values:
        return "–"
    return " / ".join(f"{v * scale:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))


def ratio(values: list[float], reference: list[float]) -> str:
    if not values or not reference or statistics.median(reference) <= 0:
        return "–"
    return f"{statistics.median(values) / statistics.median(reference):.2f}×"


def machine() -> str:
    """CPU model, cores and RAM of this machine, from /proc (or platform where there is none)."""
    model, ram = platform.processor() or platform.machine(), ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores{ram}"


def commit() -> str:
    """The readlist checkout's commit (short), with ``+changes`` when its tree differs."""
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" +changes" if dirty else "")


class Table:
    """The Markdown table's rows, added figure by figure."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def add(self, size: int, figure: str, values: list[float], reference_name: str, reference: list[float],
            unit: tuple[str, float, int], target: str, notes: str = "") -> None:
        name, scale, digits = unit
        self.rows.append(f"| {label(size)} | {figure} | {spread(values, scale, digits)} {name} | {reference_name} | "
                         f"{spread(reference, scale, digits)} {name} | {ratio(values, reference)} | {target} | "
                         f"{notes} |")


MS, SECONDS, MB = ("ms", 1000, 1), ("s", 1, 2), ("MB", 1, 1)


def collect(sizes: list[int], rows: list[str], runs: int, cache: Path,
            progress: Callable[[str], None]) -> Table:
    """Measure every row at every size, ``runs`` times, each beside its reference; the table."""
    terminal_rows = TERMINAL_ROWS & set(rows)
    libraries = {size: ensure_library(cache, size) for size in sizes}
    if "keys" in rows and BUNDLED not in libraries:
        libraries[BUNDLED] = ensure_library(cache, BUNDLED)
    for home, _ in libraries.values():
        opened_before(home)  # the one-shot commands run on the cached library itself
    sessions: dict[int, list[dict]] = {size: [] for size in libraries}
    hello: list[dict] = []
    oneshot: dict[int, list[dict]] = {size: [] for size in sizes}
    state: dict[int, list[dict]] = {size: [] for size in sizes}
    with tempfile.TemporaryDirectory(prefix="readlist-bench-") as scratch:
        for run in range(runs):
            if terminal_rows:
                progress(f"run {run + 1}/{runs}: hello app")
                hello.append(hello_session(rows))
                for size, (home, beginnings) in libraries.items():
                    progress(f"run {run + 1}/{runs}: the app at {label(size)}")
                    asked = rows if size in sizes else ["keys"]
                    copy = Path(scratch) / f"app-{label(size)}"  # what a session changes stays out of the cache
                    shutil.copytree(home, copy)
                    opened_before(copy)
                    try:
                        sessions[size].append(app_session(copy, beginnings, asked))
                    finally:
                        shutil.rmtree(copy, ignore_errors=True)
            for size in sizes:
                if {"list", "import"} & set(rows):
                    progress(f"run {run + 1}/{runs}: one-shot commands at {label(size)}")
                    oneshot[size].append(oneshot_runs(libraries[size][0], size, rows, Path(scratch)))
                if {"status", "bulk"} & set(rows):
                    progress(f"run {run + 1}/{runs}: state changes at {label(size)}")
                    state[size].append(state_runs(size))
    table = Table()
    echo = [p95(h["echo"]) for h in hello if h.get("echo")]
    echo_median = [statistics.median(h["echo"]) for h in hello if h.get("echo")]
    for size in sizes:
        runs_at = sessions.get(size, [])
        home = libraries[size][0]
        if "startup" in rows:
            table.add(size, "start-up to first list frame", [s["startup"] for s in runs_at],
                      "hello-world Textual app, start to its text", [h["startup"] for h in hello], SECONDS,
                      "≤ 1.2× at 97, ≤ 1.5× at 100k")
        if "keys" in rows:
            keys = [p95(s["keys"]) for s in runs_at if s.get("keys")]
            medians = [statistics.median(s["keys"]) for s in runs_at if s.get("keys")]
            ref = [p95(s["keys"]) for s in sessions[BUNDLED] if s.get("keys")]
            missed = sum(s.get("missed", 0) for s in runs_at)
            notes = (f"{len(TYPED)} words, {sum(map(len, TYPED))} keys a run; median key "
                     f"{spread(medians, 1000, 1)} ms; "
                     f"hello app's key echo p95 {spread(echo, 1000, 1)} ms")
            if missed:
                notes += f"; {missed} keys changed nothing outside the box in {KEY_TIMEOUT:.0f} s (left out)"
            table.add(size, "typed letter → list updated, p95 of a run", keys, "the same at 97 papers", ref, MS,
                      "≤ 1.1×", notes)
            final = [t for s in runs_at for t in s.get("final", [])]
            table.add(size, "last key → final answer (with abstracts)", final, "", [], MS, "≤ 300 ms",
                      "every word of every run; the screen's last change once the app is idle")
        if "sort" in rows:
            table.add(size, "sort reversed (S) → list reordered", [t for s in runs_at for t in s.get("sort", [])],
                      "hello app's key echo (median of a run)", echo_median, MS, "within a frame (~17 ms)",
                      "two presses a run")
        if "rss" in rows:
            peaks = [s["memory"][0] for s in runs_at if "memory" in s]
            now = [s["memory"][1] for s in runs_at if "memory" in s]
            table.add(size, "app peak RSS after start-up, 2 sorts, 3 searches", peaks, "library files on disk",
                      [disk_mb(home)], MB, "≤ 350 MB", f"VmHWM; VmRSS then {spread(now, 1, 0)} MB")
        for name, ref_name, ref_label, target, reference in (
            ("list", "grep", 'readlist list "<two words>" --json', ("≤ 1.0 s", "≤ 300 MB"),
             "grep -i -c, both words, same files"),
            ("import", "floor", "readlist import <listing>", ("≤ 2.0×", "≤ 400 MB"),
             "parse-and-write script (bench_oneshot)"),
        ):
            done = [o for o in oneshot[size] if name in o]
            if done:
                table.add(size, f"{ref_label}: CPU", [o[name][0] for o in done], reference,
                          [o[ref_name][0] for o in done], SECONDS, target[0], "user + system, /usr/bin/time")
                table.add(size, f"{ref_label}: peak RSS", [o[name][1] for o in done], reference,
                          [o[ref_name][1] for o in done], MB, target[1], "/usr/bin/time %M")
        if "status" in rows:
            table.add(size, "one status change (w) in the app, all touched", [s["single_after"] for s in runs_at],
                      "the same before the bulk change", [s["single_before"] for s in runs_at], MS, "≤ 10 ms",
                      "key to the screen's first change; all touched by the bulk change of the next rows; before it "
                      f"{min(size // 10, 1000):,} touched")
        if "bulk" in rows:
            table.add(size, "bulk change in the app (A a y) → screen final", [s["bulk_app"] for s in runs_at], "",
                      [], SECONDS, "≤ 2 s", "every shown paper queued; y to the screen's last change, app idle")
            table.add(size, "its undo in the app (u) → screen final", [s["undo_app"] for s in runs_at], "", [],
                      SECONDS, "≤ 2 s", "u to the screen's last change, app idle")
        if state[size]:
            count = state[size][0]["count"]
            note = f"headless, in-process (bench_state), a fresh library of {count:,} small papers"
            if "status" in rows:
                table.add(size, f"one status change, {count:,} touched", [s["all"] for s in state[size]],
                          "the same, 10 touched", [s["ten"] for s in state[size]], MS, "≤ 10 ms",
                          f"median of 50 changes a run, fsync'd; {note}")
            if "bulk" in rows:
                table.add(size, f"bulk change of {count:,} papers", [s["bulk"] for s in state[size]], "", [],
                          SECONDS, "≤ 2 s", note)
                table.add(size, "its undo", [s["undo"] for s in state[size]], "", [], SECONDS, "≤ 2 s", note)
    return table


def as_installed() -> None:
    """Measure readlist as ``pip install`` leaves it: with its modules compiled to
    bytecode. An editable install under ``PYTHONDONTWRITEBYTECODE`` would
    compile every readlist module on every start (about 0.1 s), which no
    reader's installed copy does, while Textual's own are compiled."""
    import importlib

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("store", "tui", "data"):
        package = importlib.import_module(f"readlist.{name}")
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1k,10k,100k"),
                        help="comma-separated: 97 (the bundled catalogue), 1k, 10k, 100k … (default 1k,10k,100k)")
    parser.add_argument("--runs", type=int, default=5, help="runs of every figure and its reference (default 5)")
    parser.add_argument("--rows", type=parse_rows, default=list(ROWS), help=f"comma-separated: {', '.join(ROWS)}")
    parser.add_argument("--cache", type=Path, default=ROOT / "benchmarks" / ".cache",
                        help="where the libraries are built once and kept (default benchmarks/.cache)")
    parser.add_argument("--build", nargs=2, metavar=("SIZE", "HOME"), help=argparse.SUPPRESS)
    parser.add_argument("--state-probe", type=int, metavar="SIZE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build(Path(args.build[1]), int(args.build[0]))
        return 0
    if args.state_probe is not None:
        print(json.dumps(state_probe(args.state_probe)))
        return 0
    if args.runs < 1:
        parser.error("--runs: at least 1")
    if TERMINAL_ROWS & set(args.rows):
        try:
            import pexpect  # noqa: F401
            import pyte  # noqa: F401
        except ImportError:
            parser.error("the terminal rows need pexpect and pyte: pip install -e '.[bench]'")
    as_installed()
    started, load = time.monotonic(), os.getloadavg()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    try:
        table = collect(args.sizes, args.rows, args.runs, args.cache,
                        lambda line: print(line, file=sys.stderr, flush=True))
    except RuntimeError as error:  # TerminalError too
        print(f"benchmarks/run.py: {error}", file=sys.stderr)
        return 1
    end = os.getloadavg()
    print(f"**readlist benchmarks** ({commit()}), {when}; {machine()}; Python {sys.version.split()[0]}; "
          f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at start, {end[0]:.2f} {end[1]:.2f} {end[2]:.2f} "
          f"at end; {args.runs} runs, min / median / max; took {time.monotonic() - started:.0f} s\n")
    print("| papers | figure | readlist | reference | reference figure | ratio (medians) | target | notes |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(table.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
