"""Opening a URL in the reader's web browser, for ``o``/``O`` and ``readlist open``.

The browser is the standard library's choice (:func:`webbrowser.get`), which
honours ``$BROWSER`` (a command, or several separated by ``os.pathsep``). Two
kinds of browser need different handling under a full-screen terminal UI:

- one that **shares the terminal** and is waited for: a command in ``$BROWSER``
  (webbrowser runs it with the terminal's stdin/stdout and waits for it to
  exit), and the console browsers webbrowser finds itself (lynx, w3m, links,
  elinks). It may be a console browser, so the TUI hands it the terminal
  (``App.suspend``) until it exits; a ``$BROWSER`` command that ends in
  ``%s &`` (``BROWSER='firefox %s &'``) is started in the background instead;
- one that is **started in the background** (xdg-open, gio, Firefox, Chrome,
  macOS ``open``, Windows' default browser): it must not block the UI nor write
  over the screen. webbrowser's ``BackgroundBrowser`` (xdg-open, gio, ``%s &``
  commands) leaves the child on the terminal's stdout and stderr, where a
  launcher's warnings would draw over the TUI, so :func:`open_in` starts those
  commands itself with stdin, stdout and stderr on ``/dev/null``; the others
  already do that.

No Textual here: the command line uses it too, and must start fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import webbrowser

from readlist.store.errors import ReadlistError

#: How long to wait for a background launcher to fail before taking it as started (seconds).
LAUNCH_WAIT = 2.0


class NoBrowser(ReadlistError):
    """No web browser can be started here (e.g. over ssh, or on a headless machine)."""


def find_browser() -> webbrowser.BaseBrowser:
    """The browser webbrowser would use (``$BROWSER`` first).

    Raises:
        NoBrowser: webbrowser knows of none.
    """
    try:
        return webbrowser.get()
    except webbrowser.Error as error:
        raise NoBrowser(f"no web browser found ({error}; set $BROWSER to choose one)") from None


def needs_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """True when ``browser`` runs on the terminal and is waited for (see the
    module's docstring), so a full-screen UI must hand it the terminal."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return False
    if isinstance(browser, webbrowser.GenericBrowser):
        return True
    return isinstance(browser, webbrowser.UnixBrowser) and not browser.background


def open_in(browser: webbrowser.BaseBrowser, url: str) -> bool:
    """Open ``url`` in ``browser``; blocks while a browser that needs the
    terminal runs, and at most :data:`LAUNCH_WAIT` seconds for the others.

    Returns:
        True when the browser started (and, for one that is waited for,
        exited with status 0); False when it could not be run or failed.
        Never raises for a browser that cannot run.
    """
    if isinstance(browser, webbrowser.BackgroundBrowser):
        command = [browser.name, *(arg.replace("%s", url) for arg in browser.args)]
        sys.audit("webbrowser.open", url)
        return _launch_quietly(command)
    try:
        return bool(browser.open(url))
    except (OSError, webbrowser.Error):
        return False


def _launch_quietly(command: list[str]) -> bool:
    """Start ``command`` in its own session with no terminal: True unless it
    could not start or exited with an error within :data:`LAUNCH_WAIT`."""
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=True, start_new_session=os.name == "posix",
        )
    except OSError:
        return False
    try:
        return process.wait(LAUNCH_WAIT) == 0
    except subprocess.TimeoutExpired:  # still running: a browser, or a launcher that is starting one
        return True
