"""Which versions of the library's files were found whole, so opening need not check them again.

Opening a library checks every document's shape (:mod:`store.shapes`): about
0.2 s for 100,000 papers, on every start of the app and every ``readlist
list``. A file that has not changed since it was last found whole needs no
second look. :class:`ShapeStamps` keeps, in ``.readlist-shapes.json`` in the
library folder, the identity (:data:`~store.storage.Signature`: inode, size,
modification time in ns) of each file version found whole, with a digest of
the shape rules it was checked against (a readlist whose rules differ checks
again).

The stamps are only ever a shortcut: a missing, unreadable or foreign stamps
file, another file version, other rules all mean "check", and a stamp that
cannot be written is simply not written.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import orjson

from readlist.store.atomic import write_atomic
from readlist.store.errors import StorageError
from readlist.store.shapes import PAPER_FIELDS, STATE_FIELDS
from readlist.store.storage import Signature

STAMPS_FILE = ".readlist-shapes.json"
#: The shape rules the stamps were made under (a change of them voids every stamp).
RULES = hashlib.blake2b(repr((sorted((k, [t.__name__ for t in v]) for k, v in PAPER_FIELDS.items()),
                              sorted((k, [t.__name__ for t in v]) for k, v in STATE_FIELDS.items()),
                              "abstract: text")).encode(), digest_size=8).hexdigest()


class ShapeStamps:
    """The file versions of one library folder whose documents all have their shape.

    Args:
        home: the library folder (the stamps file is read at once, if there).
    """

    def __init__(self, home: Path) -> None:
        self.path = home / STAMPS_FILE
        self._stamps: dict[str, list[int]] = {}
        self._lock = threading.Lock()  # the app records from its saving and loading threads
        try:
            data = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return
        if isinstance(data, dict) and data.get("rules") == RULES and isinstance(data.get("files"), dict):
            self._stamps = data["files"]

    def is_whole(self, name: str, table: str, signature: Signature) -> bool:
        """True when the version ``signature`` of file ``name`` was found with every
        document of ``table`` of its shape."""
        return signature is not None and self._stamps.get(f"{name}:{table}") == list(signature)

    def record(self, name: str, table: str, signature: Signature) -> None:
        """Remember that version ``signature`` of file ``name`` has every document of
        ``table`` of its shape (written at once; nothing when it cannot be)."""
        key = f"{name}:{table}"
        with self._lock:
            if signature is None or self._stamps.get(key) == list(signature):
                return
            self._stamps[key] = list(signature)
            try:
                write_atomic(self.path, orjson.dumps({"rules": RULES, "files": self._stamps}))
            except (StorageError, OSError):
                self._stamps.pop(key, None)  # not on disk: the next open checks, as without stamps
