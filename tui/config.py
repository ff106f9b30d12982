"""The reader's config file: key remapping and theme (its ``[services]`` and
``[follow]`` tables are read by :mod:`store.services`).

``config.toml`` lives in ``$READLIST_HOME`` when that is set, else in the
platform's user config folder (``~/.config/readlist`` on Linux)::

    theme = "gruvbox"            # any Textual theme (see the command palette)

    [keys]                       # binding id = key(s), comma separated
    "library.toggle_read" = "R"
    "list.down" = "j,down,ctrl+n"

Every binding id is listed on the help screen (``?``). A file that cannot be
read, an unknown binding id or theme, or a value of the wrong type is
reported in one line and ignored: the defaults apply, the app starts. Only a
regular file of at most 1 MiB (:data:`store.reading.MAX_CONFIG_BYTES`) is read:
a FIFO, a device or a bigger file is such a problem, found without waiting.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from readlist.store.errors import InputError
from readlist.store.paths import config_path
from readlist.store.reading import MissingFileError, read_config_text

#: Tables of config.toml read by :func:`store.services.load_service_config`.
SERVICE_TABLES = frozenset({"services", "follow"})


@dataclass
class Config:
    """What the config file asks for.

    Attributes:
        keymap: binding id -> keys, for :meth:`textual.app.App.set_keymap`.
        theme: a theme name, or ``None`` for the default.
        problems: one line per thing that was ignored, naming the file.
    """

    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    problems: list[str] = field(default_factory=list)


def load_config(path: Path | None = None, *, binding_ids: set[str], themes: set[str]) -> Config:
    """Read the config file; a missing file is an empty config.

    Args:
        path: the file (default :func:`config_path`).
        binding_ids: the ids a key may be given for.
        themes: the theme names that exist.

    Returns:
        The usable settings, and the problems found (never raises).
    """
    path = path or config_path()
    config = Config()
    try:
        data = tomllib.loads(read_config_text(path))
    except MissingFileError:
        return config
    except InputError as error:
        config.problems.append(f"{error}; using the defaults")
        return config
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"{path}: not valid TOML ({error}); using the defaults")
        return config

    theme = data.pop("theme", None)
    if theme is not None:
        if isinstance(theme, str) and theme in themes:
            config.theme = theme
        else:
            config.problems.append(f"{path}: theme {theme!r} is not one of {', '.join(sorted(themes))}")
    keys = data.pop("keys", {})
    if not isinstance(keys, dict):
        config.problems.append(f"{path}: [keys] must be a table of binding id = \"key\"")
        keys = {}
    for binding_id, key in keys.items():
        if binding_id not in binding_ids:
            config.problems.append(f"{path}: keys.{binding_id}: no such binding (see the help screen, ?)")
        elif not isinstance(key, str) or not key.strip() or any(not k.strip() for k in key.split(",")):
            config.problems.append(f"{path}: keys.{binding_id}: expected keys such as \"j,down\", got {key!r}")
        else:
            config.keymap[binding_id] = ",".join(k.strip() for k in key.split(","))
    for unknown in data.keys() - SERVICE_TABLES:  # [services] and [follow] are store.services'
        config.problems.append(f"{path}: unknown setting {unknown!r} (known: theme, keys, services, follow)")
    return config
