"""``ctrl+t``: reading statistics, with a chart of the last year.

The numbers are :func:`store.stats.statistics`' (``readlist stats`` prints the
same); the chart is a plotext bar chart (textual-plotext), imported when the
screen is first opened so start-up does not pay for it. It redraws when the
library changes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from readlist.store.library import Library
from readlist.store.stats import Statistics, statistics
from readlist.tui.messages import LibraryChanged, LibraryListener
from readlist.tui.screens.once import DismissOnce

#: A label under every this many weeks of the chart.
LABEL_EVERY = 8


class StatsScreen(DismissOnce, LibraryListener, Screen[None]):
    """Papers read and decided per week over the last year, counts per status,
    the busiest tags and sources, and the triage pace.

    Args:
        library: the library.
        today: the day counted as today (tests fix it; default: today, UTC).
    """

    BINDINGS = [Binding("escape,q", "close", "Back", id="stats.close", tooltip="Back to the list")]

    def __init__(self, library: Library, *, today=None) -> None:
        super().__init__()
        self.library = library
        self.today = today
        self.stats: Statistics | None = None
        """The statistics shown."""

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        with Vertical(id="stats"):
            yield PlotextPlot(id="stats-chart")
            yield Static(id="stats-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "readlist — statistics"
        self.show_stats()

    def show_stats(self) -> None:
        """Work the statistics out again and draw them."""
        from textual_plotext import PlotextPlot

        self.stats = stats = statistics(self.library, self.today)
        chart = self.query_one("#stats-chart", PlotextPlot)
        plt = chart.plt
        plt.clear_data()
        plt.clear_figure()
        weeks = stats.weeks
        positions = list(range(len(weeks)))
        plt.multiple_bar(positions, [[w.read for w in weeks], [w.decided for w in weeks]],
                         labels=["read", "decided"], color=["green", "blue"])
        shown = [i for i in positions if (len(weeks) - 1 - i) % LABEL_EVERY == 0]
        plt.xticks(shown, [weeks[i].start.strftime("%b %d") for i in shown])
        highest = max([w.decided for w in weeks] + [w.read for w in weeks] + [1])
        step = max(1, -(-highest // 5))
        plt.yticks(list(range(0, highest + step, step)))  # whole papers, not 0.83
        plt.title(f"Papers read and decided per week, the last {len(weeks)} weeks")
        chart.refresh()
        self.query_one("#stats-text", Static).update(Text("\n".join(stats.lines())))

    def on_library_changed(self, message: LibraryChanged) -> None:
        if message.scope != "settings":
            self.show_stats()

    def action_close(self) -> None:
        self.dismiss(None)
