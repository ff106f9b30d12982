"""Start the real app headless on $READLIST_HOME and time what a reader waits for.

Prints ``FIRST_LIST <seconds>`` as soon as a frame with the paper list drawn
(rows with papers in them) has been produced, then types queries into the
filter one key at a time, timing each keypress until the frame that shows the
new list, waits for the background work (search index, abstracts), and prints
one line of JSON with the figures and the peak resident memory. Used by
``bench_library.py``.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

from textual import events  # noqa: E402

from readlist.store.library import Library  # noqa: E402
from readlist.tui.app import ReadlistApp  # noqa: E402
from readlist.tui.widgets.paper_list import PaperList  # noqa: E402

IMPORTED = time.perf_counter()
TYPED = ["difusion", "unifrok", "model"]

list_drawn = False  # set when the list draws a row; cleared when a frame has shown it
first_frame = asyncio.Event()
frame_after_key: float | None = None
_render_line = PaperList.render_line


def _watching_render_line(self: PaperList, y: int):
    global list_drawn
    if self.ids:
        list_drawn = True
    return _render_line(self, y)


PaperList.render_line = _watching_render_line


async def main() -> None:
    global frame_after_key, list_drawn
    library = Library.open()
    app = ReadlistApp(library)
    display = app._display

    def watching_display(screen, renderable) -> None:
        global frame_after_key, list_drawn
        if renderable is not None and list_drawn:
            if not first_frame.is_set():
                print(f"FIRST_LIST {time.perf_counter() - STARTED:.4f} {time.perf_counter() - IMPORTED:.4f}",
                      flush=True)
                first_frame.set()
            if frame_after_key is None:
                frame_after_key = time.perf_counter()
            list_drawn = False
        display(screen, renderable)

    app._display = watching_display
    async with app.run_test(size=(120, 40)) as pilot:
        await first_frame.wait()
        await app.workers.wait_for_complete()  # the search index and the abstracts
        await pilot.press("slash")
        await pilot.pause(0.3)
        keys = []
        for word in TYPED:
            for key in word:
                list_drawn, frame_after_key = False, None
                start = time.perf_counter()
                app.post_message(events.Key(key, key))
                while frame_after_key is None and time.perf_counter() - start < 5:
                    await asyncio.sleep(0.002)
                keys.append(frame_after_key - start)
                await asyncio.sleep(0.05)  # a quick typist's pace
            await pilot.press("ctrl+u")
            await pilot.pause(0.5)
        await app.workers.wait_for_complete()  # the abstract pass
    print(json.dumps({"keys": keys, "maxrss_mb": round(peak_memory_mb(), 1)}), flush=True)


def peak_memory_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux, VmHWM of /proc/self/status: ``getrusage``'s ``ru_maxrss`` would
    report the *parent's* peak for a process started by fork and exec.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return peak / 1024 if sys.platform == "darwin" else peak  # bytes there, kilobytes on Linux


asyncio.run(main())
