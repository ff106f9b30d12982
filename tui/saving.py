"""Saving the reader's changes without ever blocking the UI thread on the lock.

Every change the TUI makes (a status, a priority, tags, a note, a title, a
triage decision, undo and redo, a setting) goes through :meth:`Saver.save`:

- When nothing is waiting, the change is tried at once on the UI thread with a
  short wait for the library's lock (:data:`QUICK_WAIT`): the normal case is
  immediate and synchronous, its ``done`` callback runs before ``save`` returns.
- When the lock is busy (another readlist imports, or this one's own import
  holds the library), the change, and every change after it until the queue
  is empty again, goes to an ordered queue. One worker thread (group
  ``"changes"``) applies them one after the other, waiting for the lock there,
  and runs each ``done`` on the UI thread. The order of the library's undo
  history is the order the keys were typed.
- While the queue is not empty the screens show a waiting line (the app's
  :meth:`~readlist.tui.app.ReadlistApp.show_waiting`) and the list keeps
  working. If the lock stays busy for :attr:`Saver.patience` seconds, the
  changes still queued are reported as not saved (one line each, or a summary)
  and the screen shows what is really stored.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from textual.worker import get_current_worker

from readlist.store.errors import LibraryBusyError, ReadlistError, StorageError
from readlist.store.library import Library
from readlist.store.text import plural

if TYPE_CHECKING:
    from readlist.tui.app import ReadlistApp

#: How long a change tried on the UI thread waits for the lock before it is queued (seconds).
QUICK_WAIT = 0.05
#: How long queued changes wait for the lock, counted from the last one saved, before
#: they are reported as not saved (seconds).
PATIENCE = 120.0
#: The saving worker tries the lock this often (seconds), so that quitting stops its wait.
RETRY_EVERY = 0.25
#: Most unsaved changes listed one per line; more are summed up.
LISTED = 8

Outcome = Literal["saved", "queued", "failed"]


class _Stopped(Exception):
    """The saving worker was cancelled (the app is ending)."""


@dataclass(frozen=True)
class Pending:
    """One change waiting to be saved.

    Attributes:
        run: the library call; runs under the library's lock, returns a result.
        done: called on the UI thread with ``run``'s result once it is saved.
        what: the change in a few words, for the report when it cannot be saved.
        title: the title of that report's notification.
        quiet: a failure is not reported (a convenience such as the query history).
        undone: called on the UI thread when the change could not be saved,
            to take back what the screen did ahead of it (e.g. triage moving on).
    """

    run: Callable[[], Any]
    done: Callable[[Any], None]
    what: str
    title: str = "Not saved"
    quiet: bool = False
    undone: Callable[[], None] | None = None


class Saver:
    """The app's one queue of changes (see the module docstring).

    Args:
        app: the app, for notifications, announcing and the worker thread.
        library: the library the changes are made to.
    """

    def __init__(self, app: ReadlistApp, library: Library) -> None:
        self.app = app
        self.library = library
        self.patience = PATIENCE
        """How long queued changes wait for the lock (seconds); tests shorten it."""
        self._queue: deque[Pending] = deque()
        self._mutex = threading.Lock()
        self._draining = False

    @property
    def pending(self) -> int:
        """How many changes are waiting to be saved (0 when none)."""
        with self._mutex:
            return len(self._queue)

    def save(self, run: Callable[[], Any], done: Callable[[Any], None] = lambda _: None, *, what: str,
             title: str = "Not saved", quiet: bool = False, undone: Callable[[], None] | None = None) -> Outcome:
        """Save a change now, or queue it behind the changes waiting (UI thread only).

        Args: see :class:`Pending`.

        Returns:
            ``"saved"`` (``done`` has run), ``"queued"`` (``done`` runs once it is
            saved), or ``"failed"`` (reported; ``undone`` is not called, since
            the screen did nothing ahead of a change that failed at once).
        """
        pending = Pending(run, done, what, title, quiet, undone)
        with self._mutex:
            busy = self._draining
        if not busy:
            try:
                with self.library.wait_for_lock(QUICK_WAIT):
                    result = run()
            except LibraryBusyError:
                pass  # queued below
            except ReadlistError as error:
                self._report_failure(pending, error)
                return "failed"
            else:
                done(result)
                return "saved"
        with self._mutex:
            self._queue.append(pending)
            start = not self._draining
            self._draining = True
        if start:
            self.app.run_worker(self._drain, thread=True, group="changes", name="saving changes",
                                exit_on_error=False)
        self.app.show_waiting()
        return "queued"

    # -- the worker thread -------------------------------------------------------------

    def _drain(self) -> None:
        """Save the queued changes in order, waiting for the lock (worker thread)."""
        deadline = time.monotonic() + self.patience
        while True:
            with self._mutex:
                if not self._queue:
                    self._draining = False
                    break
                pending = self._queue[0]
            try:
                result = self._run_when_free(pending, deadline)
            except LibraryBusyError as error:
                with self._mutex:
                    dropped = list(self._queue)
                    self._queue.clear()
                    self._draining = False
                self._on_ui(self._gave_up, dropped, error)
                return
            except _Stopped:
                return  # the app is ending (it warned about unsaved changes before quitting)
            except Exception as error:
                failure = error if isinstance(error, ReadlistError) else StorageError(
                    self.library.home, f"not saved: {type(error).__name__}: {error}")
                with self._mutex:
                    self._queue.popleft()
                self._on_ui(self._failed_later, pending, failure)
                continue
            deadline = time.monotonic() + self.patience  # the lock was ours: wait afresh for the next
            with self._mutex:
                self._queue.popleft()
            self._on_ui(self._saved_later, pending, result)
        self._on_ui(self.app.show_waiting)

    def _run_when_free(self, pending: Pending, deadline: float) -> Any:
        """Run ``pending`` once the lock is free, trying in short waits so that the
        app ending stops the wait; :class:`LibraryBusyError` once ``deadline`` passed."""
        worker = get_current_worker()
        while True:
            wait = min(RETRY_EVERY, max(deadline - time.monotonic(), 0.0))
            try:
                with self.library.wait_for_lock(wait):
                    return pending.run()
            except LibraryBusyError:
                if time.monotonic() >= deadline:
                    raise
            if worker.is_cancelled:
                raise _Stopped

    def _on_ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback`` on the UI thread and wait for it (the order of changes
        on screen is the order they were saved); nothing if the app has ended."""
        with contextlib.suppress(RuntimeError):  # the app is not running any more
            self.app.call_from_thread(callback, *args)

    # -- back on the UI thread ---------------------------------------------------------

    def _saved_later(self, pending: Pending, result: Any) -> None:
        self.app.show_waiting()
        pending.done(result)

    def _failed_later(self, pending: Pending, error: ReadlistError) -> None:
        self.app.show_waiting()
        if pending.undone is not None:
            pending.undone()
        self._report_failure(pending, error)

    def _report_failure(self, pending: Pending, error: ReadlistError) -> None:
        if not pending.quiet:
            self.app.notify(f"{pending.what}: {error}", title=pending.title, severity="error", timeout=10,
                            markup=False)
        self.app.announce()  # show what is really stored

    def _gave_up(self, dropped: list[Pending], error: LibraryBusyError) -> None:
        """The lock stayed busy: report every queued change as not saved, in one notification."""
        self.app.show_waiting()
        for pending in dropped:
            if pending.undone is not None:
                pending.undone()
        shown = [p.what for p in dropped if not p.quiet]
        if shown:
            lines = [f"  {what}" for what in shown[:LISTED]]
            if len(shown) > LISTED:
                lines.append(f"  … and {len(shown) - LISTED} more")
            self.app.notify(
                f"{plural(len(shown), 'change')} not saved, {error.reason.removeprefix('not saved: ')} "
                f"for {self.patience:g} s:\n" + "\n".join(lines),
                title="Not saved", severity="error", timeout=30, markup=False,
            )
        self.app.announce()
