"""The reader's library: the catalogue of papers and the reader's state of them.

On disk, a library is a folder with two TinyDB files (see :mod:`store.files`
and :mod:`store.storage`), kept apart because they change at different rates
and have different value:

``catalogue.json``
    table ``papers``: one document per paper (:meth:`Paper.to_doc`), keyed by
    paper id. Written only when papers are imported.
``abstracts.jsonl``
    table ``abstracts``: ``{"abstract": text}`` per paper id, in JSON Lines.
    Kept apart because abstracts are four fifths of the catalogue's bytes and
    not needed to show the list: a library of more than 4 MB of them reads
    them after start-up (:meth:`Library.prepare_abstracts`, in a worker thread
    in the TUI); one of more than 32 MB never holds them, but reads each from the
    file when asked (:mod:`store.abstract_file`), and loads them all only to
    change them.
``state.json`` and ``state.journal``
    table ``state``: one document per paper the reader touched
    (:meth:`ReaderState.to_doc`), keyed by paper id, and table ``settings``.
    ``state.json`` is a snapshot and ``state.journal`` the changes since, one
    line per change (:mod:`store.state_file`): a keypress appends a line, so
    it never rewrites the catalogue, nor the states of the other papers the
    reader touched; a re-import never touches the reader's tags, notes, read
    marks or titles. The journal is folded into a new snapshot now and then,
    in a background thread (:meth:`Library.compact_state`).

Beside them: ``backups/`` (copies of each file after its writes; of the
reader's state, after a compaction; :mod:`store.backups`) and ``.readlist.lock``, the lock every writer takes.
Every change is on disk, atomically, before the method that made it returns.

Opening checks every file (damaged or missing ones are restored from their
newest good backup, :mod:`store.files`) and every document (one of the wrong
shape is set aside and the rest open, :mod:`store.shapes`), and upgrades a
library written by an older readlist (:meth:`Library._upgrade`). When the
library cannot be written (a read-only folder, a full disk at open, a file of
a newer readlist), it opens read-only: :attr:`Library.read_only` says why,
every change raises :class:`~store.errors.ReadOnlyError`, and nothing on disk
is touched.

Two processes may share a library (two terminals, or the CLI while the TUI
runs): a writer takes the lock, re-reads whatever the other process wrote
since, applies its change to that fresh state and writes, so neither loses
the other's changes. :meth:`Library.refresh` picks up other processes' writes
for display.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout

from readlist.store import backups
from readlist.store.abstract_file import AbstractReader, map_abstract_lines
from readlist.store.abstract_index import INDEX_FILE, AbstractIndex
from readlist.store.atomic import TEMP_SUFFIX, fsync_folder, reason_of, remove_stale_temp_files
from readlist.store.bundled import load_bundled
from readlist.store.changes import Change, UndoHistory
from readlist.store.collector import MANY, give_back_memory, paused
from readlist.store.errors import (
    AmbiguousPaperError,
    LibraryBusyError,
    NewerSchemaError,
    ReadOnlyError,
    StorageError,
    UnknownPaperError,
    WriteError,
)
from readlist.store.files import MAIN_TABLE, LibraryFile, reason_of_write
from readlist.store.identity import arxiv_id_from_doi, match_keys, normalise_arxiv_id, normalise_doi
from readlist.store.importing import FileReport, Progress, import_files
from readlist.store.merge import MergePlan, fill_gaps, plan_merge
from readlist.store.migrations import ABSTRACTS_TO_MOVE as MOVED_ABSTRACTS
from readlist.store.migrations import CURRENT, upgrade
from readlist.store.models import BLANK_STATE, PRIORITIES, Entry, Paper, ReaderState, Status, now_iso
from readlist.store.paths import default_home
from readlist.store.shape_stamps import STAMPS_FILE, ShapeStamps
from readlist.store.shapes import state_problem
from readlist.store.state_file import JOURNAL_FILE, StateFile
from readlist.store.storage import signature_of
from readlist.store.tags import apply_tag_edit, normalise_tags

CATALOGUE_FILE = "catalogue.json"
ABSTRACTS_FILE = "abstracts.jsonl"
STATE_FILE = "state.json"
#: Abstract files up to this size (bytes) are read when the library opens; bigger
#: ones later, or never (see :data:`HOLD_ABSTRACTS_UP_TO`).
LOAD_ABSTRACTS_AT_ONCE = 4 << 20
#: Abstract files up to this size (bytes; some 20,000 papers) are held in memory
#: once loaded (:meth:`Library.prepare_abstracts`, in the TUI's background): a
#: search over them in memory is faster than over the file. Bigger ones are read
#: from the file when asked (:mod:`store.abstract_file`) and never held.
HOLD_ABSTRACTS_UP_TO = 32 << 20
#: Abstract files over this size (bytes; some 2,500 papers) get a word index
#: (:meth:`Library.index_abstracts`): below it a pass over them all is quick.
INDEX_ABSTRACTS_ABOVE = 4 << 20
LOCK_FILE = ".readlist.lock"
#: Longest wait for another process's write to finish, in seconds.
LOCK_TIMEOUT = 10.0
#: Longest wait of :meth:`Library.refresh` for another thread's write to end, in seconds.
REFRESH_WAIT = 0.05
#: After a compaction of the reader's state failed, none is tried for this long (seconds).
COMPACT_RETRY_SECONDS = 30.0
#: Longest wait of a background compaction for the library's lock, in seconds (it tries again later).
COMPACT_LOCK_WAIT = 1.0

T = TypeVar("T")
#: An import of up to this many papers into a library whose abstracts are not
#: loaded reads the abstracts of the papers it matches, one by one, instead of loading them all.
READ_EACH_UP_TO = 2_000
#: Abstracts :meth:`Library.map_abstracts` gives its function at a time.
MAP_CHUNK = 2_000


class Library:
    """A reader's library in a folder on disk.

    Open one with :meth:`open`; read papers with :meth:`entry`,
    :meth:`entries` and :meth:`ids`; change the reader's state with
    :meth:`set_status`, :meth:`set_priority`, :meth:`edit_tags`,
    :meth:`set_note`, :meth:`set_title` (each takes one id or many, writes
    once and returns a :class:`~store.changes.Change`), and take changes back
    with :meth:`undo` and :meth:`redo`; add papers with :meth:`add_papers` or
    :meth:`import_files`.

    Every method that changes something writes it to disk before returning,
    and raises :class:`~store.errors.StorageError` (leaving memory and disk as
    they were) when it cannot. Writes from several threads (an import in a
    worker while the reader works) are serialised; a thread reading meanwhile
    sees the library as it was before or after a write, never half-way.

    Attributes:
        home: the library folder.
        notices: what opening had to do that the reader should know (a damaged
            file set aside and restored from a backup, a schema upgrade).
        read_only: why the library cannot be changed (``"disk full"``, ``"read-only
            file system"``, ``"state.json was written by a newer readlist ..."``),
            or ``None`` when it can. When set, every change raises
            :class:`~store.errors.ReadOnlyError` and nothing on disk is touched.
        catalogue_generation: increases whenever papers are added (here or,
            after :meth:`refresh`, by another process); views compare it to rebuild.
        state_generation: the same for the reader's state.
        outside_generation: increases whenever another process's write is read
            in, by :meth:`refresh` or by the re-read that starts every write;
            the TUI compares it to know when to show everything again.
    """

    def __init__(self, home: Path) -> None:
        """Open the library in ``home``, creating the folder if needed.

        Damaged or missing files are restored from backups, documents of the
        wrong shape set aside, an older library upgraded; whatever of that
        cannot be written is done in memory, and the library is then read-only
        (:attr:`read_only`). :attr:`notices` says what was done.

        Raises:
            StorageError: the folder cannot be created, or a file exists but
                cannot be read at all (permission denied).
        """
        self.home = Path(home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(self.home, f"cannot create the library folder: {reason_of(error)}") from error
        self._lock = FileLock(self.home / LOCK_FILE, timeout=LOCK_TIMEOUT)
        self._thread_lock = threading.RLock()
        self._lock_wait = threading.local()  # .seconds: see wait_for_lock
        self.read_only: str | None = None
        self.notices: list[str] = []
        self._files: list[LibraryFile] = []
        self._hidden: dict[str, dict[str, str]] = {"papers": {}, "state": {}, "abstracts": {}}
        """Per table, the documents of the wrong shape not shown (id -> reason)."""
        self._shape_stamps = ShapeStamps(self.home)
        """The file versions found whole before (their documents are not checked again)."""
        self._whole: set[str] = set()
        """The tables whose documents in memory were all found of their shape (and
        so stay through our own writes: each one's new version is stamped whole)."""
        unwritable = self._remove_stale_temp_files() or _unwritable(self.home)
        if unwritable is not None:
            self._go_read_only(unwritable, f"{self.home}: {unwritable}: library opened read-only, nothing is changed.")
        present = {name: (self.home / name).exists() for name in (CATALOGUE_FILE, STATE_FILE)}
        self._catalogue = self._open_file(CATALOGUE_FILE, "catalogue", expected=present[STATE_FILE])
        self._state: StateFile = self._open_file(STATE_FILE, "state", cls=StateFile, indent=True,
                                                 expected=present[CATALOGUE_FILE])
        self._abstracts_file: LibraryFile | None = None
        self._abstracts: dict[str, dict] | None = None
        self._abstract_reader: AbstractReader | None = None
        """Where each abstract is in the file, when a big library reads them from it."""
        self._abstracts_lock = threading.Lock()
        self._word_index = AbstractIndex(self.home, self.home / ABSTRACTS_FILE)
        """The word index of the abstracts, when built (:meth:`index_abstracts`)."""
        self.catalogue_generation = 0
        self.state_generation = 0
        #: The statuses of the states of catalogue papers, kept up to date by
        #: :meth:`_put_states` (``None``: to be counted again, after the catalogue
        #: or the whole state was read in).
        self._status_tally: Counter[Status] | None = None
        self.outside_generation = 0
        self.history = UndoHistory()
        """This session's changes, for :meth:`undo` and :meth:`redo`."""
        self._compactor: threading.Thread | None = None
        self._compact_again_at = 0.0  # after a failed compaction, no other before this (monotonic seconds)
        self._upgrade()
        self.notices.extend(self._state.open_journal())  # the changes since the snapshot (upgraded first)
        self._load_catalogue()
        self._load_state()
        if self._loads_at_once():
            self.load_abstracts()
        self._set_aside_bad_documents()
        if self._state.needs_compaction(at_open=True):
            with contextlib.suppress(StorageError):  # busy, or a full disk: the journal keeps everything
                self.compact_state(COMPACT_LOCK_WAIT)

    def _remove_stale_temp_files(self) -> str | None:
        """Delete temporary files left by writers killed mid-write. Only while
        holding the lock, so no other process is writing one right now.

        Returns:
            Why the folder cannot be written, when taking the lock shows it
            cannot (``"read-only file system"``), else ``None``.
        """
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return None  # someone is writing: leave their files
        except OSError as error:
            return reason_of(error)  # the lock file cannot even be opened for writing
        try:
            for name in (CATALOGUE_FILE, ABSTRACTS_FILE, STATE_FILE, JOURNAL_FILE, STAMPS_FILE, INDEX_FILE):
                remove_stale_temp_files(self.home, name)
            for name in (CATALOGUE_FILE, ABSTRACTS_FILE, STATE_FILE):  # an upgrade's new file, half written
                remove_stale_temp_files(self.home, upgrade_name(name))
            backups.remove_stale_temp_files(self.home)
        finally:
            self._lock.release()
        return None

    # -- opening: read-only mode, upgrades, documents of the wrong shape ----------

    def _open_file(self, name: str, kind: str, *, cls: type[LibraryFile] = LibraryFile, **options: Any) -> Any:
        """Open one library file (see :class:`LibraryFile`; ``cls`` a subclass of it),
        taking in its notices and its reason to be read-only (a newer schema, a failed write)."""
        file = cls(self.home, name, kind, read_only=self.read_only, **options)
        file.on_written = self._stamp_written
        self._files.append(file)
        self.notices.extend(file.notices)
        if file.read_only is not None and self.read_only is None:
            suffix = " (a newer readlist can change it)" if file.version > CURRENT[kind] else ""
            self._go_read_only(file.read_only, f"{file.read_only}: library opened read-only, nothing is changed"
                                               f"{suffix}.")
        return file

    def _stamp_written(self, file: LibraryFile) -> None:
        """After our write of ``file``: its new version is whole when its documents
        were before (ours are made whole), so the next open need not check it."""
        table = MAIN_TABLE[file.kind]
        if file.stampable and table in self._whole and self.read_only is None:
            self._shape_stamps.record(file.path.name, table, file.storage.signature)

    def _go_read_only(self, reason: str, notice: str | None = None) -> None:
        """From now on refuse every change (see :attr:`read_only`); tell the reader ``notice``."""
        if self.read_only is None:
            self.read_only = reason
            if notice:
                self.notices.append(notice)
        for file in self._files:
            file.set_read_only(self.read_only)

    def _check_writable(self) -> None:
        """Raise :class:`ReadOnlyError` when the library was opened read-only."""
        if self.read_only is not None:
            raise ReadOnlyError(self.home, f"not saved: library opened read-only ({self.read_only})")

    def _upgrade(self) -> None:
        """Upgrade the files written by an older readlist, all or none.

        Every new file is written beside the old one (``.<name>.upgrade.tmp``);
        only when all are written are they switched in, each old file kept for
        good in ``backups/`` first (``<stem>.schema<N>-<time>``). The abstracts
        file goes first, so a crash between switches leaves a library the next
        open upgrades again. If a new file cannot be written, the old files stay
        as they are and the library opens read-only from the upgraded data in
        memory, saying why.
        """
        steps: list[tuple[LibraryFile, dict[str, Any], int]] = []  # file, new data, old version
        catalogue = self._catalogue.storage.read() or {}
        older = self._catalogue.version < CURRENT["catalogue"]
        if older or (self._catalogue.version == CURRENT["catalogue"] and MOVED_ABSTRACTS in catalogue):
            new = upgrade("catalogue", dict(catalogue), self._catalogue.version)
            moved = new.pop(MOVED_ABSTRACTS, {})
            if moved:
                self.load_abstracts()
                assert self._abstracts_file is not None
                abstracts = dict(self._abstracts_file.storage.read() or {})
                abstracts["abstracts"] = {**moved, **abstracts.get("abstracts", {})}  # the file's own win
                steps.append((self._abstracts_file, abstracts, self._abstracts_file.version))
            steps.append((self._catalogue, new, self._catalogue.version))
        if self._state.version < CURRENT["state"]:
            state = self._state.storage.read() or {}
            papers = next((data for file, data, _ in steps if file is self._catalogue), catalogue).get("papers", {})
            steps.append((self._state, upgrade("state", dict(state), self._state.version, papers),
                          self._state.version))
        if not steps:
            return
        what = " and ".join(f"{file.path.name} (schema {version} to {CURRENT[file.kind]})"
                            for file, _, version in steps if file.kind != "abstracts")
        switched: list[LibraryFile] = []
        if self.read_only is None:
            try:
                self._write_upgrade(steps, switched)
            except (StorageError, OSError, Timeout) as error:
                reason = "another readlist kept the library busy" if isinstance(error, Timeout) \
                    else reason_of_write(error)
                self._go_read_only(reason, f"{reason}: library opened read-only, nothing is changed (the upgrade of "
                                           f"{what} could not be written; the old files are kept as they were).")
            else:
                self.notices.extend(
                    f"Upgraded {file.path.name} from schema {version} to {CURRENT[file.kind]} "
                    f"(the old file is kept in {backups.FOLDER}/)." for file, _, version in steps
                    if file.kind != "abstracts")
        else:
            self.notices.append(f"{what} upgraded in memory only: library opened read-only ({self.read_only}).")
        for file, data, _ in steps:  # the ones not switched: shown upgraded, left on disk as they are
            if file not in switched:
                file.storage.hold(data)
                file.version = CURRENT[file.kind]
        if self._abstracts_file is not None:
            self._abstracts = self._shown_docs(self._abstracts_file, "abstracts")

    def _write_upgrade(self, steps: list[tuple[LibraryFile, dict[str, Any], int]],
                       switched: list[LibraryFile]) -> None:
        """Write the new files of an upgrade, then switch to them (see :meth:`_upgrade`),
        adding each file switched to ``switched``.

        Raises:
            WriteError, OSError: a file could not be written or switched; the
                files not yet switched are as they were, their new versions gone.
            Timeout: another process held the lock too long.
        """
        with self._thread_lock, self._lock.acquire():
            if any(file.changed_on_disk() for file, _, _ in steps):
                raise StorageError(self.home, "changed by another readlist while opening; open it again")
            staged: list[tuple[LibraryFile, dict[str, Any], int, Path]] = []
            try:
                for file, data, version in steps:
                    temp = file.path.with_name(upgrade_name(file.path.name))
                    file.storage.write_to(temp, data)
                    staged.append((file, data, version, temp))
                (self.home / backups.FOLDER).mkdir(exist_ok=True)
                while staged:
                    file, data, version, temp = staged[0]
                    if version > 0 and file.path.exists():
                        os.link(file.path, backups.original_path(file.path, version))
                    os.replace(temp, file.path)
                    staged.pop(0)
                    switched.append(file)
                    file.storage.hold(data)
                    file.version = CURRENT[file.kind]
                    file.storage.after_write()  # the new file's first backup
                fsync_folder(self.home)
            finally:
                for *_, temp in staged:
                    with contextlib.suppress(OSError):
                        temp.unlink()

    def _set_aside_bad_documents(self) -> None:
        """Move the documents of the wrong shape found while opening out of their
        files (:meth:`LibraryFile.set_aside_documents`), under the lock; say so."""
        tables = [(self._catalogue, "papers"), (self._state, "state")]
        if self._abstracts_file is not None:
            tables.append((self._abstracts_file, "abstracts"))
        found = [(file, table) for file, table in tables if self._hidden[table]]
        if not found:
            return
        if self.read_only is not None:
            for file, table in found:
                self.notices.append(file.set_aside_documents(table, self._hidden[table]))
            return
        try:
            with self._writing():  # re-reads what others wrote meanwhile (and checks it again)
                for file, table in found:
                    if self._hidden[table]:
                        self.notices.append(file.set_aside_documents(table, self._hidden[table]))
        except StorageError as error:
            self.notices.append(f"{error}: documents of the wrong shape are not shown, and left in their files.")

    def _shown_docs(self, file: LibraryFile, table: str, *, check: bool = True) -> dict[str, Any]:
        """The documents of ``table`` that have their shape; the others are
        remembered in :attr:`_hidden` (checked again only when ``check``: after
        our own writes, only the ones already known bad are left out)."""
        stamps = self._shape_stamps if self.read_only is None and file.stampable else None
        signature = file.storage.signature
        if check and stamps is not None and stamps.is_whole(file.path.name, table, signature):
            self._hidden[table] = {}  # this version of the file was found whole before: no second look
            self._whole.add(table)
            return file.docs(table)
        if check:
            docs, bad = file.checked_docs(table)
            if bad:
                self._whole.discard(table)
            else:
                self._whole.add(table)
                if stamps is not None and signature_of(file.path) == signature:
                    stamps.record(file.path.name, table, signature)
            new = {doc_id for doc_id in bad if doc_id not in self._hidden[table]}
            self._hidden[table] = bad
            if new and self._files_opened:
                self.notices.append(f"{file.path.name}: {len(new)} documents of the wrong shape "
                                    f"({', '.join(sorted(new)[:3])}) are not shown.")
            return docs
        docs = file.docs(table)
        hidden = self._hidden[table]
        if hidden and any(doc_id in docs for doc_id in hidden):
            return {doc_id: doc for doc_id, doc in docs.items() if doc_id not in hidden}
        return docs

    @classmethod
    def open(cls, home: Path | None = None, *, bundled: bool = True) -> Library:
        """Open the reader's library, and load the bundled catalogue into it.

        Args:
            home: the library folder; default :func:`store.paths.default_home`.
            bundled: add the papers of the shipped catalogue that are not yet
                in the library (done once per catalogue version; the reader's
                state is never touched).

        Raises:
            StorageError: see :meth:`__init__`.
        """
        library = cls(home if home is not None else default_home())
        if bundled and library.read_only is None:
            try:
                library.add_bundled()
            except WriteError as error:  # a full disk: the library opens read-only
                reason = reason_of_write(error)
                library._go_read_only(reason, f"{error.path.name}: {reason}: library opened read-only, nothing is "
                                              "changed (the bundled papers could not be added).")
            except StorageError as error:  # another process kept the lock ...: still opens
                library.notices.append(f"The bundled papers could not be added: {error}")
        library._files_opened = True
        return library

    _files_opened = False  # set once open: later documents of the wrong shape are reported as they come

    # -- loading and sharing with other processes -------------------------------

    def _load_catalogue(self, *, check: bool = True) -> None:
        self._docs = self._shown_docs(self._catalogue, "papers", check=check)
        self._ids: list[str] | None = None
        self._key_index: dict[str, str] | None = None
        self._status_tally = None
        self.catalogue_generation += 1

    # -- abstracts -------------------------------------------------------------

    @property
    def abstracts_loaded(self) -> bool:
        """True once the abstracts are in memory (see :meth:`load_abstracts`)."""
        return self._abstracts is not None

    @property
    def abstracts_ready(self) -> bool:
        """True when an abstract can be had without reading the whole file
        first: they are in memory, or :meth:`prepare_abstracts` noted where
        each is in the file (and the file has not changed since)."""
        reader = self._abstract_reader
        return self._abstracts is not None or (reader is not None and reader.current())

    def prepare_abstracts(self) -> None:
        """Make the abstracts ready to read (:attr:`abstracts_ready`; blocking,
        about 0.2 s at 100,000 papers; safe in a worker thread): a file over
        :data:`HOLD_ABSTRACTS_UP_TO` is read from disk when asked
        (:mod:`store.abstract_file`); a smaller one, or one not plainly of this
        readlist, is loaded.

        Raises:
            StorageError: the file cannot be read, nor restored from a backup.
        """
        if self._abstracts is None and (self._holds_abstracts() or self._reader() is None):
            self.load_abstracts()

    def _reader(self) -> AbstractReader | None:
        """The reader of the abstracts file as it is now (made when needed), or
        ``None`` when the abstracts are to be loaded instead."""
        reader = self._abstract_reader
        if reader is not None and reader.current():
            return reader
        with self._abstracts_lock:
            if self._abstracts is not None:
                return None
            reader = self._abstract_reader
            if reader is None or not reader.current():  # not made by another thread meanwhile
                self._abstract_reader = reader = AbstractReader.open(self.home / ABSTRACTS_FILE)
        return reader

    def load_abstracts(self) -> None:
        """Read the abstracts file if not done yet (blocking; about a second
        at 100,000 papers). Safe to call from a worker thread.

        Raises:
            StorageError: the file cannot be read, nor restored from a backup.
        """
        with self._abstracts_lock:
            if self._abstracts is not None:
                return
            if self._abstracts_file is None:
                self._abstracts_file = self._open_file(ABSTRACTS_FILE, "abstracts", lines=True, create=False,
                                                       expected=bool(getattr(self, "_docs", None)))
            self._abstracts = self._shown_docs(self._abstracts_file, "abstracts")

    def _abstracts_table(self) -> dict[str, dict]:
        self.load_abstracts()
        assert self._abstracts is not None
        return self._abstracts

    def abstract(self, paper_id: str) -> str:
        """The abstract of a paper (``""`` if none; see :meth:`abstracts_of`)."""
        return self.abstracts_of([paper_id])[0]

    def _load_state(self) -> None:
        docs = self._shown_docs(self._state, "state")
        self._states = {pid: ReaderState.from_doc(doc) for pid, doc in docs.items()}
        self._status_tally = None
        self.state_generation += 1

    @property
    def generation(self) -> int:
        """Increases whenever anything in the library changes."""
        return self.catalogue_generation + self.state_generation

    def refresh(self) -> bool:
        """Re-read the files another process changed since we last read them.

        Returns:
            True when something changed (then a generation counter increased);
            False too when another thread of this process is writing the
            library (for more than :data:`REFRESH_WAIT` seconds): its write
            reads everything in first.

        Raises:
            StorageError: a changed file cannot be read.
        """
        if not self._thread_lock.acquire(timeout=REFRESH_WAIT):  # a compaction in the background, a save
            return False
        try:
            return self._refresh()
        finally:
            self._thread_lock.release()

    def _refresh(self) -> bool:
        changed = False
        if self._catalogue.changed_on_disk():
            self._reload(self._catalogue)
            self._load_catalogue()
            with self._abstracts_lock:  # read again when next needed
                self._abstracts = None
                if self._abstracts_file is not None:
                    self._abstracts_file.storage.forget()
            changed = True
        if self._state.changed_on_disk():
            self._reload(self._state)
            self._load_state()
            changed = True
        else:
            put = self._state.catch_up()  # only the journal lines added since
            if put:
                self._take_in_states(put.get("state", {}))
                changed = True
        if changed:
            self.outside_generation += 1
        return changed

    def _take_in_states(self, docs: dict[str, Any]) -> None:
        """Show the states another process wrote (journal lines read by
        :meth:`refresh`); one of the wrong shape is left out, like at opening."""
        states = {}
        for paper_id, doc in docs.items():
            problem = state_problem(doc)
            if problem is None:
                states[paper_id] = ReaderState.from_doc(doc)
                self._hidden["state"].pop(paper_id, None)
            else:
                self._hidden["state"][paper_id] = problem
        self._put_states(states)
        self.state_generation += 1

    def _put_states(self, states: dict[str, ReaderState]) -> None:
        """Take new states into :attr:`_states`, in place: copying a dict of
        100,000 states per change would make a change cost per touched paper.
        Code that loops over it in Python copies it first (see :meth:`touched`).
        The tally of statuses follows, paper by paper (see :meth:`status_counts`)."""
        tally = self._status_tally
        if tally is not None:
            old_states, docs = self._states, self._docs
            for paper_id, state in states.items():
                if paper_id in docs:
                    if (old := old_states.get(paper_id)) is not None:
                        tally[old.status] -= 1
                    tally[state.status] += 1
        self._states.update(states)

    def _reload(self, file: LibraryFile) -> None:
        """Read a file another process replaced; one of a newer readlist makes
        the library read-only (shown as it is, never written over)."""
        try:
            file.reload()
        except NewerSchemaError as newer:
            reason = f"{file.path.name} {newer.reason}"
            self._go_read_only(reason, f"{reason}: library now read-only, nothing is changed.")

    @contextmanager
    def wait_for_lock(self, seconds: float) -> Iterator[None]:
        """Within this block, every write of the calling thread waits at most
        ``seconds`` (instead of :data:`LOCK_TIMEOUT`) for the library's lock.

        The TUI tries a change with a short wait on its UI thread, and hands it
        to a worker thread when the library is busy. Other threads keep their own wait.

        Raises (from the writes inside):
            LibraryBusyError: the lock was not free in time; nothing was written.
        """
        previous = getattr(self._lock_wait, "seconds", None)
        self._lock_wait.seconds = seconds
        try:
            yield
        finally:
            self._lock_wait.seconds = previous

    @contextmanager
    def _writing(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the library lock (against other processes, and other threads of
        this one), with every other process's changes read in.

        Args:
            timeout: longest wait for the lock, in seconds; default the calling
                thread's :meth:`wait_for_lock`, else :data:`LOCK_TIMEOUT`.

        Raises:
            LibraryBusyError: another process (or thread) held the lock that long.
            StorageError: the lock file cannot be used.
        """
        if timeout is None:
            timeout = getattr(self._lock_wait, "seconds", None)
        timeout = max(LOCK_TIMEOUT if timeout is None else timeout, 0.0)
        deadline = time.monotonic() + timeout
        if not self._thread_lock.acquire(timeout=timeout):
            raise LibraryBusyError(self.home / LOCK_FILE, "not saved: this readlist was busy writing the library")
        try:
            try:
                self._lock.acquire(timeout=max(deadline - time.monotonic(), 0.0))
            except Timeout:
                raise LibraryBusyError(self.home / LOCK_FILE,
                                       "not saved: another readlist kept the library busy") from None
            except OSError as error:
                raise StorageError(self.home, f"not saved: {reason_of(error)}") from error
            try:
                self.refresh()
                yield
            finally:
                self._lock.release()
        finally:
            self._thread_lock.release()
        self._compact_soon()

    # -- compacting the reader's state ---------------------------------------------

    def compact_state(self, lock_wait: float | None = None) -> bool:
        """Fold the journal of the reader's state into a new snapshot, and back
        the snapshot up (see :mod:`store.state_file`). Only the switch to the new
        snapshot holds the lock; writing it does not stop other threads' changes.

        Args:
            lock_wait: longest wait for the library's lock, in seconds (default
                that of every write, see :meth:`wait_for_lock`).

        Returns:
            True when compacted; False when the snapshot was rewritten meanwhile
            (another process compacted it: nothing to do).

        Raises:
            StorageError: it could not be written (the journal then stays as
                it is, and still holds every change), or the lock was busy.
        """
        with self._thread_lock:
            capture = self._state.capture()
        temp = self._state.write_capture(capture)
        try:
            with self._writing(lock_wait):
                switched = self._state.switch(capture, temp)
        finally:
            with contextlib.suppress(OSError):
                temp.unlink()  # switched in, or not: gone either way
        if switched:
            self._state.back_up()
        return switched

    def _compact_soon(self) -> None:
        """Compact the reader's state in a background thread when it is due
        (:meth:`StateFile.needs_compaction`) and no compaction runs yet."""
        if (self._compactor is not None and self._compactor.is_alive()) or time.monotonic() < self._compact_again_at:
            return
        if not self._state.needs_compaction():
            return
        self._compactor = threading.Thread(target=self._compact_in_background, name="readlist-compact", daemon=True)
        self._compactor.start()

    def _compact_in_background(self) -> None:
        try:  # a short wait: meanwhile this thread holds the library against this process's other threads
            self.compact_state(COMPACT_LOCK_WAIT)
        except (StorageError, OSError):  # a full disk, a busy lock, a folder gone: the journal keeps everything
            self._compact_again_at = time.monotonic() + COMPACT_RETRY_SECONDS

    def wait_for_compaction(self, timeout: float | None = None) -> None:
        """Wait until a background compaction of the reader's state (if one runs) is done."""
        compactor = self._compactor
        if compactor is not None and compactor is not threading.current_thread():
            compactor.join(timeout)

    # -- reading ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._docs

    def ids(self) -> list[str]:
        """Every paper id, in the order the papers entered the library (do not modify)."""
        if self._ids is None:
            self._ids = list(self._docs)
        return self._ids

    def paper(self, paper_id: str, *, with_abstract: bool = True) -> Paper:
        """The catalogue paper with this id.

        Args:
            paper_id: the id.
            with_abstract: fill in the abstract, loading the abstracts if
                needed; with False the paper's abstract is ``""`` (for lists).

        Raises:
            UnknownPaperError: no such paper.
        """
        try:
            doc = self._docs[paper_id]
        except KeyError:
            raise UnknownPaperError(paper_id) from None
        return Paper.from_doc(paper_id, doc, self.abstract(paper_id) if with_abstract else "")

    def find(self, ref: str) -> str:
        """The id of the paper ``ref`` names, as a reader would on the command line.

        Args:
            ref: a paper id (the first column of ``readlist list``), the start
                of one (unique among the ids), or the arXiv id or DOI of a paper
                in the library, in any form :mod:`store.identity` reads
                (``arXiv:2501.01234v2``, ``https://doi.org/10.1/x``, an arXiv DOI ...).

        Raises:
            UnknownPaperError: no paper answers to ``ref``.
            AmbiguousPaperError: ``ref`` starts the ids of several papers.
        """
        ref = ref.strip()
        if ref in self._docs:
            return ref
        doi, arxiv_id = normalise_doi(ref), arxiv_id_from_doi(ref) or normalise_arxiv_id(ref)
        # the DOI first: a DOI such as 10.1234/5678.12345 looks like it holds an arXiv id
        for key in (*match_keys(doi=doi), *match_keys(arxiv_id=arxiv_id)):
            if (paper_id := self._keys().get(key)) is not None:
                return paper_id
        prefix = ref.lower()
        starting = [pid for pid in self._docs if pid.startswith(prefix)] if prefix else []
        if len(starting) > 1:
            raise AmbiguousPaperError(ref, len(starting))
        if not starting:
            raise UnknownPaperError(ref)
        return starting[0]

    def entry(self, paper_id: str, *, with_abstract: bool = True) -> Entry:
        """The paper with this id and the reader's state of it (see :meth:`paper`).

        Raises:
            UnknownPaperError: no such paper.
        """
        return Entry(self.paper(paper_id, with_abstract=with_abstract), self._states.get(paper_id, BLANK_STATE))

    def entries(self, ids: Iterable[str] | None = None, *, with_abstract: bool = True) -> Iterator[Entry]:
        """The entries of ``ids`` (default: all, in library order)."""
        states, docs = self._states, self._docs
        wanted = self.ids() if ids is None else list(ids)
        for start in range(0, len(wanted), MAP_CHUNK):
            some = wanted[start:start + MAP_CHUNK]
            abstracts = self.abstracts_of(some) if with_abstract else [""] * len(some)
            for paper_id, abstract in zip(some, abstracts, strict=True):
                yield Entry(Paper.from_doc(paper_id, docs[paper_id], abstract), states.get(paper_id, BLANK_STATE))

    def state(self, paper_id: str) -> ReaderState:
        """The reader's state of a paper (``BLANK_STATE`` if untouched)."""
        return self._states.get(paper_id, BLANK_STATE)

    def touched(self) -> dict[str, ReaderState]:
        """The states of every paper the reader touched, by id (do not modify).

        Changes update this dict in place. To loop over it in Python, loop over
        a copy (``list(states.items())``, ``dict(states)``: one C call, which
        no other thread interrupts), else a change made meanwhile in another
        thread could stop the loop ("dictionary changed size during iteration")."""
        return self._states

    def stored_papers(self) -> Mapping[str, dict[str, Any]]:
        """The catalogue's documents as stored, by id (see :meth:`Paper.to_doc`).

        Read only. For work over every paper of a big library (sorting,
        indexing), where making a :class:`Paper` per row costs too much.
        Safe to read in a worker thread while this thread writes: the table of
        documents is replaced, never changed in place, when papers are added.
        """
        return self._docs

    def abstracts_of(self, ids: list[str]) -> list[str]:
        """The abstracts of ``ids``, in that order (``""`` for a paper without one;
        worker-safe). From memory when loaded; for a big library, read from its
        file (:meth:`prepare_abstracts`), else loaded first.

        Raises:
            StorageError: they had to be loaded, and the file cannot be read,
                nor restored from a backup.
        """
        if self._abstracts is None and not self._loads_at_once():
            reader = self._reader()
            texts = reader.texts(ids) if reader is not None else None
            if texts is not None:
                return texts
        table = self._abstracts_table()
        return [table.get(paper_id, {}).get("abstract", "") for paper_id in ids]

    def _loads_at_once(self) -> bool:
        """True when the abstracts file is small enough to load whole at open (or missing)."""
        return self._abstracts_size() <= LOAD_ABSTRACTS_AT_ONCE

    def _holds_abstracts(self) -> bool:
        """True when the abstracts are few enough to hold in memory once loaded
        (:data:`HOLD_ABSTRACTS_UP_TO`); bigger ones are read from their file."""
        return self._abstracts_size() <= HOLD_ABSTRACTS_UP_TO

    def _abstracts_size(self) -> int:
        signature = signature_of(self.home / ABSTRACTS_FILE)
        return 0 if signature is None else signature[1]

    def map_abstracts(self, function: Callable[[list[str]], list[T]], *,
                      chunk: int = MAP_CHUNK) -> dict[str, T]:
        """What ``function`` says of every paper's abstract, by id, without keeping
        the abstracts: for a one-off look at them all (``readlist list``).

        ``function`` is given the abstracts ``chunk`` at a time and returns one
        value per abstract given, in order. When the abstracts are not loaded,
        the file is read a line at a time and each chunk dropped once
        ``function`` has seen it; a file that is not plainly of this readlist
        (another schema, a damaged line, a document of the wrong shape) is
        loaded instead (:meth:`load_abstracts`: restored from a backup, its bad
        documents set aside), so the answer is always that of the loaded
        abstracts. Safe in a worker thread.

        Raises:
            StorageError: the file cannot be read, nor restored from a backup.
        """
        if self._abstracts is None:
            found = map_abstract_lines(self.home / ABSTRACTS_FILE, function, chunk)
            if found is not None:
                return found
        table = self._abstracts_table()
        ids = list(table)
        found = {}
        for start in range(0, len(ids), chunk):
            some = ids[start:start + chunk]
            found.update(zip(some, function([table[pid].get("abstract", "") for pid in some]), strict=True))
        return found

    def index_abstracts(self) -> bool:
        """Build the word index of the abstracts (:mod:`store.abstract_index`)
        if it is missing or stale, for a library whose abstracts are over
        :data:`INDEX_ABSTRACTS_ABOVE` and that can be written. Blocking (about
        3 s at 100,000 papers, most of it inside SQLite, which lets other
        threads run); safe in a worker thread. Never raises.

        Returns:
            True when the index describes the abstracts as they are now.
        """
        if self.read_only is not None or self._abstracts_size() <= INDEX_ABSTRACTS_ABOVE:
            return False
        if self._word_index.current():
            return True
        signature = signature_of(self.home / ABSTRACTS_FILE)  # before reading: a change meanwhile leaves it stale
        try:
            built = self._word_index.build(self.map_abstracts, signature)
        except StorageError:
            return False
        return built and self._word_index.current()

    @property
    def abstracts_indexed(self) -> bool:
        """True when the word index describes the abstracts as they are now
        (:meth:`abstracts_with` then answers most words without a pass)."""
        return self._word_index.current()

    def abstracts_with(self, words: Iterable[str], row_of: Mapping[str, int] | None = None,
                       cancelled: Callable[[], bool] = lambda: False) -> dict[str, set]:
        """For the words (lower case) the word index can answer now, the ids of
        the papers whose abstract holds each (``word in abstract.casefold()``,
        as a pass over them finds), or with ``row_of`` (id -> row) their rows;
        the other words are not in the answer (see
        :meth:`store.abstract_index.AbstractIndex.papers_with`; ``cancelled``
        is polled between its queries). Only papers of the catalogue are
        answered (an import killed between its two writes leaves abstracts of
        papers it did not add). Worker-safe."""
        found = self._word_index.papers_with(words, row_of, cancelled)
        if row_of is None:
            docs = self._docs
            found = {word: {paper_id for paper_id in ids if paper_id in docs} for word, ids in found.items()}
        return found

    def status_counts(self) -> Counter[Status]:
        """How many papers have each status (untouched papers are new), as a new Counter.

        Counted over every state when the catalogue or the whole state was
        read in, then kept up to date change by change, so the header's counts
        cost nothing per keypress however many papers the reader touched."""
        tally = self._status_tally
        if tally is None:
            # every status a key from the start: a change counted in by the saving
            # thread meanwhile never adds a key while this thread copies the tally
            tally = Counter(dict.fromkeys(Status, 0))
            tally.update(state.status for pid, state in list(self._states.items()) if pid in self._docs)
            self._status_tally = tally
        counts = +tally  # a copy, without the statuses no paper has
        counts[Status.NEW] += len(self._docs) - sum(counts.values())
        return counts

    def unread_count(self) -> int:
        """How many papers are not read."""
        return len(self._docs) - self.status_counts()[Status.READ]

    def tag_counts(self) -> Counter[str]:
        """How many papers carry each tag."""
        counts: Counter[str] = Counter()
        for state in list(self._states.values()):
            counts.update(state.tags)
        return counts

    def title_of(self, paper_id: str) -> str:
        """The title shown for a paper (the reader's own if set; its id if it is gone)."""
        state = self._states.get(paper_id)
        if state and state.title:
            return state.title
        doc = self._docs.get(paper_id)
        return doc.get("title", "") if doc is not None else paper_id

    # -- the reader's state ----------------------------------------------------

    def _describe(self, verb: str, ids: list[str]) -> str:
        if len(ids) == 1:
            return f"{verb} “{self.title_of(ids[0])}”"
        return f"{verb} {len(ids)} papers"

    def _change(self, ids: str | Iterable[str], change: Callable[[ReaderState], ReaderState], verb: str) -> Change:
        """Apply ``change`` to the freshest state of each paper and store the
        results in one write; the change is recorded for :meth:`undo`."""
        wanted = [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))
        for paper_id in wanted:
            if paper_id not in self._docs:
                raise UnknownPaperError(paper_id)
        self._check_writable()
        with self._writing(), paused(freeze=len(wanted) >= MANY):  # re-reads what others wrote
            before, after = {}, {}
            for paper_id in wanted:
                if paper_id not in self._docs:  # removed by another process meanwhile
                    continue
                old = self._states.get(paper_id, BLANK_STATE)
                new = change(old)
                if new != old:
                    before[paper_id], after[paper_id] = old, new
            self._store_states(after)
        done = Change(self._describe(verb, wanted), before, after)
        self.history.record(done)
        return done

    def adopt_changes(self, changes: Iterable[Change]) -> list[Change]:
        """Take changes another process made (the command line's, see
        :meth:`Settings.share_change <readlist.store.settings.Settings.share_change>`)
        into this library's undo history, oldest first, so :meth:`undo` reverts them
        like its own. A change whose papers have changed since is left out: undoing
        it would overwrite the newer state.

        Returns:
            The changes taken.
        """
        taken = []
        for change in changes:
            if change and all(self._states.get(pid, BLANK_STATE) == state for pid, state in change.after.items()):
                self.history.record(change)
                taken.append(change)
        return taken

    def _store_states(self, states: dict[str, ReaderState]) -> None:
        """Write the states of several papers in one atomic write (under the lock)."""
        if not states:
            return
        self._state.put_docs("state", {pid: state.to_doc() for pid, state in states.items()})
        self._put_states(states)
        self.state_generation += 1

    def set_status(self, ids: str | Iterable[str], status: Status) -> Change:
        """Give papers a status (its change is timed in their history)."""
        status, now = Status(status), now_iso()  # one time for every paper of the change
        return self._change(ids, lambda s: s.with_status(status, now), f"marked {status}")

    def set_read(self, ids: str | Iterable[str], read: bool) -> Change:
        """Mark papers read, or unread (back to their status before read)."""
        if read:
            return self.set_status(ids, Status.READ)
        return self._change(ids, lambda s: s.with_status(s.status_before) if s.read else s, "marked unread")

    def toggle_read(self, paper_id: str) -> Change:
        """Mark a paper read, or if it is read, back to its status before."""
        return self.set_read(paper_id, not self.state(paper_id).read)

    def decide(self, paper_id: str, status: Status, priority: int | None = None) -> Change:
        """A triage decision: a status, and a priority when given, as one change."""
        status = Status(status)
        if priority is not None and priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, not {priority!r}")

        def change(state: ReaderState) -> ReaderState:
            state = state.with_status(status)
            if priority is not None and state.priority != priority:
                state = state.changed_now(priority=priority)
            return state

        verb = f"marked {status}" + (f" with priority {priority}" if priority else "")
        return self._change(paper_id, change, verb)

    def set_priority(self, ids: str | Iterable[str], priority: int) -> Change:
        """Give papers a priority: 1 (most urgent) to 3, or 0 for none."""
        if priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, not {priority!r}")
        verb = f"set priority {priority} on" if priority else "cleared the priority of"
        return self._change(ids, lambda s: s if s.priority == priority else s.changed_now(priority=priority), verb)

    def set_tags(self, ids: str | Iterable[str], tags: Iterable[str]) -> Change:
        """Replace papers' tags (normalised, see :mod:`store.tags`)."""
        tags = normalise_tags(tags)
        return self._change(ids, lambda s: s if s.tags == tags else s.changed_now(tags=tags), "tagged")

    def edit_tags(self, ids: str | Iterable[str], edit: str) -> Change:
        """Apply a tag edit such as ``"+rl -video"`` (see :func:`store.tags.apply_tag_edit`)
        to each paper's tags as stored now."""

        def change(state: ReaderState) -> ReaderState:
            tags = apply_tag_edit(state.tags, edit)
            return state if tags == state.tags else state.changed_now(tags=tags)

        return self._change(ids, change, f"tagged ({edit.strip() or 'no tags'})")

    def set_note(self, paper_id: str, note: str) -> Change:
        """Replace a paper's note with ``note`` (Markdown, kept exactly as given)."""
        return self._change(paper_id, lambda s: s if s.note == note else s.changed_now(note=note), "edited the note of")

    def set_title(self, paper_id: str, title: str | None) -> Change:
        """Give a paper the reader's own title; ``None`` or blank restores the catalogue's."""
        title = " ".join(title.split()) if title else None
        paper = self.paper(paper_id, with_abstract=False)
        if title == paper.title and not paper.title_derived:
            title = None
        return self._change(paper_id, lambda s: s if s.title == title else s.changed_now(title=title), "retitled")

    # -- undo and redo ---------------------------------------------------------

    def _revert(self, change: Change) -> tuple[Change, list[str]]:
        """Write ``change.before`` back where papers are still as ``change.after``
        left them; returns what was written and the ids changed elsewhere since."""
        with self._writing(), paused(freeze=len(change.before) >= MANY):
            kept, conflicts = {}, []
            for paper_id, state in change.before.items():
                if self._states.get(paper_id, BLANK_STATE) == change.after[paper_id]:
                    kept[paper_id] = state
                else:
                    conflicts.append(paper_id)
            self._store_states(kept)
        return Change(change.description, {pid: change.after[pid] for pid in kept}, kept), conflicts

    def undo(self) -> tuple[Change, list[str]] | None:
        """Undo the newest change of this session.

        Returns:
            ``None`` when there is nothing to undo; else the change written
            (its description says what was undone) and the ids of papers left
            alone because they were changed since (by another process).

        Raises:
            ReadOnlyError: the library is read-only (nothing is undone).
        """
        change = self.history.to_undo()
        if change is None:
            return None
        self._check_writable()
        result = self._revert(change)
        self.history.undone_now()
        return result

    def redo(self) -> tuple[Change, list[str]] | None:
        """Redo the newest undone change (see :meth:`undo`)."""
        change = self.history.to_redo()
        if change is None:
            return None
        self._check_writable()
        result = self._revert(change.reversed())
        self.history.redone_now()
        return result

    # -- settings --------------------------------------------------------------

    def setting(self, name: str, default: Any = None) -> Any:
        """A reader's setting stored with the library (sort order, triage ...).

        Returns ``default`` when the setting is missing, or when ``default`` is not
        ``None`` and the stored value is of another JSON type (a hand-edited state
        file with ``"query_history": 5`` must not break the app).
        """
        doc = self._state.docs("settings").get(name)
        if not (isinstance(doc, dict) and "value" in doc):
            return default
        value = doc["value"]
        if default is not None and not isinstance(value, type(default)):
            return default
        return value

    def set_setting(self, name: str, value: Any) -> None:
        """Store a setting (JSON-ready ``value``) in the state file, at once.

        Raises:
            ReadOnlyError: the library is read-only.
            StorageError: it could not be written.
        """
        self._check_writable()
        with self._writing():
            self._state.put_docs("settings", {name: {"value": value}})

    # -- the catalogue ---------------------------------------------------------

    def _keys(self) -> dict[str, str]:
        """Match key -> paper id, built on first use from the stored keys."""
        if self._key_index is None:
            index: dict[str, str] = {}
            for paper_id, doc in self._docs.items():
                for key in doc.get("keys") or ():
                    index.setdefault(key, paper_id)
            self._key_index = index
        return self._key_index

    def add_papers(self, papers: Iterable[Paper], *, dry_run: bool = False,
                   refresh: Iterable[str] = (), settle: bool = True) -> MergePlan:
        """Add papers to the catalogue, merging those it already has.

        A paper is already there when it shares a match key (arXiv id, DOI,
        title, abstract; see :mod:`store.identity`) with one in the library or
        earlier in ``papers``; it then only fills what the library lacks
        (:mod:`store.merge`). New papers keep their source keywords as
        keywords (``Paper.keywords``), never as tags: tags are only what the
        reader gave. No reader's state is written at all. One write per file
        (after a backup) for the whole batch.

        Args:
            papers: the incoming papers.
            dry_run: work out the report without writing anything.
            refresh: fields known papers take whenever they differ (``("votes",)``
                when fetched from the service that counts them).
            settle: keep apart records that share an arXiv id or DOI under titles
                that do not agree, with a warning in the plan (see :func:`store.merge.plan_merge`).

        Returns:
            The plan: what was (or would be) added, merged and skipped.

        Raises:
            ReadOnlyError: the library is read-only (a dry run still works).
            StorageError: it could not be written (nothing is added then).
        """
        papers = list(papers)
        if not dry_run:
            self._check_writable()
        try:
            with self._writing() if self.read_only is None else self._thread_lock:
                # a few papers into a big library: the abstracts of those they match are read, not all loaded
                stored = _AbstractsAsRead(self) if self._abstracts is None and len(papers) <= READ_EACH_UP_TO \
                    else self._abstracts_table()
                plan = plan_merge(papers, self._docs, stored, self._keys(), refresh, settle=settle)
                if dry_run or not (plan.new or plan.filled or plan.abstracts):
                    return plan
                # Abstracts first: a crash between the writes leaves unused
                # abstracts, never papers without theirs.
                self._write_abstracts({pid: {"abstract": a} for pid, a in plan.abstracts.items()})
                self._catalogue.put_docs("papers", {**plan.filled, **{p.id: p.to_doc() for p in plan.new}})
                self._load_catalogue(check=False)
            return plan
        finally:
            self._let_go_of_abstracts()

    def fill_papers(self, found: Mapping[str, Paper]) -> list[str]:
        """Fill the gaps of known papers from records found for them elsewhere
        (``readlist enrich``), in one write; nothing stored is overwritten
        (:func:`store.merge.fill_gaps`: a derived title gives way to a given one).

        Args:
            found: paper id in this library -> the record found for it.

        Returns:
            The ids that got something filled.

        Raises:
            UnknownPaperError: an id is not in the library.
            ReadOnlyError: the library is read-only.
            StorageError: the catalogue could not be written (nothing changed).
        """
        self._check_writable()
        with self._writing():
            filled: dict[str, dict[str, Any]] = {}
            abstracts: dict[str, dict[str, str]] = {}
            for paper_id, paper in found.items():
                if paper_id not in self._docs:
                    raise UnknownPaperError(paper_id)
                doc = self._docs[paper_id]
                gaps = fill_gaps(doc, paper)
                if gaps:
                    filled[paper_id] = {**doc, **gaps}
                if paper.abstract and not self.abstract(paper_id):
                    abstracts[paper_id] = {"abstract": paper.abstract}
            if abstracts:
                self._write_abstracts(abstracts)
            if filled:
                self._catalogue.put_docs("papers", filled)
                self._load_catalogue(check=False)
        self._let_go_of_abstracts()
        return list(dict.fromkeys([*filled, *abstracts]))

    def _write_abstracts(self, docs: dict[str, dict[str, str]]) -> None:
        """Write these abstracts documents (under the lock): the whole file is loaded to be written anew."""
        self.load_abstracts()
        assert self._abstracts_file is not None and self._abstracts is not None
        before = self._abstracts_file.storage.signature  # the version self._abstracts is of
        old = {pid: self._abstracts.get(pid, {}).get("abstract", "") for pid in docs}
        self._abstracts_file.put_docs("abstracts", docs)
        self._abstracts = self._shown_docs(self._abstracts_file, "abstracts", check=False)
        self._word_index.update(old, {pid: doc.get("abstract", "") for pid, doc in docs.items()},
                                before, signature_of(self.home / ABSTRACTS_FILE))

    def _let_go_of_abstracts(self) -> None:
        """After a big library's abstracts were loaded to be changed: drop them
        from memory again (each is read from the file when asked,
        :mod:`store.abstract_file`); where they are is noted now, in the
        writing thread (an import's worker in the TUI), not at the next draw."""
        if self._abstracts is None or self._holds_abstracts() or self._hidden["abstracts"]:
            return  # small: kept; with documents of the wrong shape: kept as loaded, those left out
        with self._abstracts_lock:
            self._abstracts = None
            if self._abstracts_file is not None:
                self._abstracts_file.storage.forget()
        give_back_memory()
        self._reader()

    def restore_states(self, states: dict[str, ReaderState]) -> list[str]:
        """Bring back the reader's state of papers (from a backup), in one write.

        A paper whose state here changed more recently than the one given
        keeps its own. Not recorded for undo.

        Returns:
            The ids whose state was restored.

        Raises:
            ReadOnlyError: the library is read-only.
        """
        self._check_writable()
        with self._writing():
            restore = {}
            for paper_id, state in states.items():
                if paper_id not in self._docs:
                    continue
                mine = self._states.get(paper_id)
                if mine is None or (state.changed or "") > (mine.changed or ""):
                    restore[paper_id] = state
            self._store_states(restore)
        return list(restore)

    def settings(self) -> dict[str, Any]:
        """Every setting stored with the library, by name."""
        return {name: doc["value"] for name, doc in self._state.docs("settings").items()
                if isinstance(doc, dict) and "value" in doc}

    def add_bundled(self) -> MergePlan:
        """Add the shipped catalogue's papers, once per version of that catalogue."""
        digest, papers = load_bundled()
        if self._catalogue.meta().get("bundled") == digest:
            return MergePlan()
        plan = self.add_papers(papers, settle=False)  # the shipped ids are settled already
        with self._writing():
            self._catalogue.update_meta(bundled=digest)
        return plan

    def import_files(self, paths: Iterable[Path], *, dry_run: bool = False,
                     progress: Progress | None = None) -> list[FileReport]:
        """Import papers from files; see :func:`store.importing.import_files`."""
        return import_files(self, paths, dry_run=dry_run, progress=progress)


class _AbstractsAsRead(Mapping[str, dict]):
    """The abstracts' documents of ``library`` by id, each read when asked
    (:meth:`Library.abstract`): what :func:`store.merge.plan_merge` looks up of
    the few papers an import of a few matches, without loading them all."""

    def __init__(self, library: Library) -> None:
        self._library = library

    def __getitem__(self, paper_id: str) -> dict:
        if paper_id not in self._library.stored_papers():
            raise KeyError(paper_id)
        return {"abstract": self._library.abstract(paper_id)}

    def __iter__(self) -> Iterator[str]:
        return iter(self._library.stored_papers())

    def __len__(self) -> int:
        return len(self._library.stored_papers())


def upgrade_name(name: str) -> str:
    """Where an upgrade writes the new version of library file ``name`` before
    switching to it (``.state.json.upgrade.tmp``; see :meth:`Library._upgrade`)."""
    return f".{name}.upgrade{TEMP_SUFFIX}"


def _unwritable(home: Path) -> str | None:
    """Why nothing can be written in folder ``home`` (a read-only mount,
    no permission), or ``None`` when it looks writable."""
    with contextlib.suppress(OSError, AttributeError):
        if os.statvfs(home).f_flag & getattr(os, "ST_RDONLY", 0):
            return "read-only file system"
    if not os.access(home, os.W_OK):
        return "permission denied"
    return None
