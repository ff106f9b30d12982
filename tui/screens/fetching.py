"""Papers from the web, in the TUI: ``F`` fetches the followed sources, ``+`` adds by id.

:class:`FetchActions` is mixed into the library screen. Both run
:class:`~store.fetching.Fetcher` in a worker thread (group ``"import"``, so
the disk watch waits for it), show its progress in the import bar, and end
with one notification per source and one :meth:`ReadlistApp.announce
<readlist.tui.app.ReadlistApp.announce>`; the list stays usable meanwhile. The
header then says how many new papers arrived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import ProgressBar, Static

from readlist.store.services import load_service_config
from readlist.store.text import plural
from readlist.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:  # the web clients (httpx) are imported when a fetch starts, not at start-up
    from readlist.store.fetching import AddResult, FetchReport

#: The hint under the ``+`` prompt.
ADD_HINT = "arXiv ids (2501.12345, hep-th/9901001), DOIs, arXiv/doi.org/Hugging Face URLs; spaces between · Esc cancels"
FOLLOW_HINT = 'Nothing to fetch: add [follow] to config.toml (huggingface = true, arxiv = ["cs.CV"])'


class FetchActions:
    """The library screen's ``F`` and ``+`` (see the module docstring)."""

    arrived: int | None = None
    """Papers the last fetch or add brought in (the header says so), or ``None``."""

    def _busy(self) -> bool:
        if self.app.import_running():
            self.notify("An import or fetch is running", severity="warning")
            return True
        return False

    def action_fetch(self) -> None:
        """Fetch every source ``[follow]`` of config.toml names."""
        if self._busy():
            return
        config = load_service_config()
        for problem in config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=15)
        if not config.follows_anything:
            self.notify(FOLLOW_HINT, title="Fetch", severity="warning", timeout=10)
            return
        self._show_progress("fetching", 0, 0)
        self.run_fetch(config)

    def action_add_papers(self) -> None:
        """Ask for arXiv ids, DOIs or URLs and add those papers."""
        if self._busy():
            return

        def chosen(text: str | None) -> None:
            if text and text.split():
                self._show_progress("adding", 0, 0)
                self.run_add(text.split())

        self.app.push_screen(PromptScreen("Add papers", hint=ADD_HINT), chosen)

    @work(thread=True, exclusive=True, group="import")
    def run_fetch(self, config) -> None:
        """Fetch in a worker thread; the UI goes on."""
        from readlist.store.fetching import Fetcher

        with Fetcher(self.library, config, progress=self._progress_from_thread) as fetcher:
            reports = fetcher.followed()  # a failing source is in its report, never raised
        self.app.call_from_thread(self._fetched, reports)

    @work(thread=True, exclusive=True, group="import")
    def run_add(self, texts: list[str]) -> None:
        """Add papers in a worker thread."""
        from readlist.store.fetching import Fetcher

        with Fetcher(self.library, load_service_config(), progress=self._progress_from_thread) as fetcher:
            results = fetcher.add(texts)
        self.app.call_from_thread(self._added, results)

    def _progress_from_thread(self, what: str, done: int, total: int) -> None:
        self.app.call_from_thread(self._show_progress, what, done, total)

    def _show_progress(self, what: str, done: int, total: int) -> None:
        self.query_one("#import-status").display = True
        self.query_one("#import-label", Static).update(Text(f"{what} {done}/{total or '?'} "))
        self.query_one("#import-progress", ProgressBar).update(total=total or None, progress=done)

    def _fetched(self, reports: list[FetchReport]) -> None:
        self.query_one("#import-status").display = False
        for report in reports:
            failed = report.error is not None
            self.notify(report.summary(), title="Fetch failed" if failed else "Fetched",
                        severity="error" if failed else ("warning" if report.rejected else "information"),
                        timeout=15)
        self._arrived(sum(len(r.added) for r in reports))

    def _added(self, results: list[AddResult]) -> None:
        self.query_one("#import-status").display = False
        for result in results:
            failed = result.error is not None
            self.notify(result.summary(), title="Not added" if failed else "Added",
                        severity="error" if failed else "information", timeout=15)
        self._arrived(sum(1 for r in results if r.outcome == "added"))

    def _arrived(self, count: int) -> None:
        self.arrived = count
        self.app.announce()
        self.notify(f"{plural(count, 'new paper')} arrived", timeout=5)
