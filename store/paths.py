"""Where a reader's library lives on disk.

``$READLIST_HOME`` when set (tests and scripts use it to keep their own
library), otherwise the platform's user data folder from platformdirs
(``~/.local/share/readlist`` on Linux, ``~/Library/Application Support/readlist``
on macOS, ``%LOCALAPPDATA%\\readlist`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

#: Environment variable that overrides the library folder.
HOME_VARIABLE = "READLIST_HOME"


def default_home() -> Path:
    """The folder of the reader's library (not created here)."""
    override = os.environ.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    return user_data_path("readlist", appauthor=False)
