"""readlist's user interfaces: the Textual app (``tui.app``) and the command line
(``tui.cli``). Importing this package does not import Textual; ``readlist list``
and the other commands start without it."""
