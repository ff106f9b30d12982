"""Where a reader's library lives on disk.

``$READLIST_HOME`` when set (tests and scripts use it to keep their own
library), otherwise the platform's user data folder from platformdirs
(``~/.local/share/readlist`` on Linux, ``~/Library/Application Support/readlist``
on macOS, ``%LOCALAPPDATA%\\readlist`` on Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

#: Environment variable that overrides the library folder.
HOME_VARIABLE = "READLIST_HOME"


def default_home() -> Path:
    """The folder of the reader's library (not created here)."""
    override = os.environ.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    return user_data_path("readlist", appauthor=False)


#: The reader's config file name (keys, theme, services, followed sources).
CONFIG_FILE = "config.toml"


def config_path() -> Path:
    """Where ``config.toml`` is looked for (it need not exist): in ``$READLIST_HOME``
    when that is set, else in the platform's user config folder (``~/.config/readlist``)."""
    home = os.environ.get(HOME_VARIABLE, "").strip()
    folder = Path(home).expanduser() if home else user_config_path("readlist", appauthor=False)
    return folder / CONFIG_FILE
