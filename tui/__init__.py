"""readlist's user interfaces: the Textual app (``tui.app``) and the command line
(``tui.cli``). Importing this package does not import Textual; ``readlist list``
and the other commands start without it."""

if __name__ != "readlist.tui":  # the repository's top-level folder imported by mistake
    raise ImportError(f"readlist's tui/ is imported as readlist.tui (after `pip install -e .`), not as {__name__}")
