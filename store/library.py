"""The reader's library: the catalogue of papers and the reader's state of them.

On disk, a library is a folder with two TinyDB files (see
:mod:`store.storage`), kept apart because they change at different rates
and have different value:

``catalogue.json``
    table ``papers``: one document per paper (:meth:`Paper.to_doc`), keyed by
    paper id. Written only when papers are imported.
``state.json``
    table ``state``: one document per paper the reader touched
    (:meth:`ReaderState.to_doc`), keyed by paper id. Written on every change,
    so a keypress never rewrites the catalogue and a re-import never touches
    the reader's tags, notes, read marks or titles.

Both files have a ``_meta`` table with the schema version. Every change is
on disk (atomically) before the method that made it returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from tinydb.table import Document

from store.bundled import load_bundled
from store.errors import InputError, StorageError, UnknownPaperError
from store.identity import keys_of
from store.importers import read_file
from store.models import BLANK_STATE, Entry, Paper, ReaderState, now_iso
from store.paths import default_home
from store.storage import LibraryDB, open_db
from store.tags import apply_tag_edit, normalise_tags

#: Version of the on-disk layout written by this code.
SCHEMA_VERSION = 1
CATALOGUE_FILE = "catalogue.json"
STATE_FILE = "state.json"
_META = "_meta"


@dataclass
class AddReport:
    """What adding papers did.

    Attributes:
        added: ids of papers new to the library.
        present: ids of papers that were already there (untouched).
    """

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


@dataclass
class FileReport:
    """What importing one file did.

    Attributes:
        source: the path as given.
        format: the format detected, or ``""`` if the file could not be read.
        added: papers new to the library.
        present: papers already there.
        rejected: records that could not be read, each with its line.
        error: why the whole file was refused, or ``None``.
    """

    source: str
    format: str = ""
    added: int = 0
    present: int = 0
    rejected: list[InputError] = field(default_factory=list)
    error: InputError | None = None

    def summary(self) -> str:
        """One line such as ``"seeds.txt: 10 added, 0 already present, 1 rejected"``."""
        if self.error is not None:
            return f"{self.error} (nothing imported)"
        return (
            f"{self.source}: {self.added} added, {self.present} already present, "
            f"{len(self.rejected)} rejected ({self.format})"
        )


class Library:
    """A reader's library in a folder on disk.

    Open one with :meth:`open`; read papers with :meth:`entry`,
    :meth:`entries` and :meth:`ids`; change the reader's state with
    :meth:`set_read`, :meth:`set_tags`, :meth:`set_note`, :meth:`set_title`;
    add papers with :meth:`add_papers` or :meth:`import_files`.

    Every method that changes something writes it to disk before returning,
    and raises :class:`~store.errors.StorageError` (leaving memory and disk as
    they were) when it cannot. Not thread-safe: use one thread per library.
    """

    def __init__(self, home: Path) -> None:
        """Open the library in ``home``, creating the folder if needed.

        Raises:
            StorageError: the folder cannot be created, or a file in it is not
                a readable readlist file of a schema this code knows.
        """
        self.home = Path(home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError(self.home, f"cannot create the library folder: {error.strerror}") from error
        self._catalogue_db = self._open(CATALOGUE_FILE, "catalogue", indent=False)
        self._state_db = self._open(STATE_FILE, "state", indent=True)
        self._papers: dict[str, Paper] = {
            doc.doc_id: Paper.from_doc(doc.doc_id, doc) for doc in self._catalogue_db.table("papers")
        }
        self._states: dict[str, ReaderState] = {
            doc.doc_id: ReaderState.from_doc(doc) for doc in self._state_db.table("state")
        }
        self._keys: dict[str, str] = {}
        for paper in self._papers.values():
            for key in keys_of(paper):
                self._keys.setdefault(key, paper.id)

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
        if bundled:
            library.add_bundled()
        return library

    # -- files -----------------------------------------------------------------

    def _open(self, name: str, kind: str, *, indent: bool) -> LibraryDB:
        path = self.home / name
        db = open_db(path, indent=indent)
        meta = db.table(_META).get(doc_id="schema")
        tables = set(db.tables()) - {_META}
        if meta is None:
            if tables and not tables <= {"papers", "state"}:
                raise StorageError(path, "is not a readlist library file")
            db.table(_META).upsert(Document({"schema": SCHEMA_VERSION, "kind": kind}, doc_id="schema"))
        elif meta.get("kind") != kind:
            raise StorageError(path, f"is not a readlist {kind} file")
        elif not isinstance(meta.get("schema"), int) or meta["schema"] > SCHEMA_VERSION:
            raise StorageError(
                path, f"was written by a newer readlist (schema {meta.get('schema')}); upgrade readlist"
            )
        return db

    def _meta(self) -> dict:
        return dict(self._catalogue_db.table(_META).get(doc_id="schema") or {})

    # -- reading ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._papers)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self._papers

    def ids(self) -> list[str]:
        """Every paper id, in the order the papers entered the library."""
        return list(self._papers)

    def entry(self, paper_id: str) -> Entry:
        """The paper with this id and the reader's state of it.

        Raises:
            UnknownPaperError: no such paper.
        """
        try:
            paper = self._papers[paper_id]
        except KeyError:
            raise UnknownPaperError(paper_id) from None
        return Entry(paper, self._states.get(paper_id, BLANK_STATE))

    def entries(self) -> Iterator[Entry]:
        """Every entry, in library order."""
        states = self._states
        for paper_id, paper in self._papers.items():
            yield Entry(paper, states.get(paper_id, BLANK_STATE))

    def unread_count(self) -> int:
        """How many papers are not marked read."""
        read = sum(1 for pid, state in self._states.items() if state.read and pid in self._papers)
        return len(self._papers) - read

    def tag_counts(self) -> Counter[str]:
        """How many papers carry each tag."""
        counts: Counter[str] = Counter()
        for state in self._states.values():
            counts.update(state.tags)
        return counts

    # -- the reader's state ----------------------------------------------------

    def _save_state(self, paper_id: str, state: ReaderState) -> Entry:
        entry = self.entry(paper_id)  # raises for unknown ids before any write
        self._state_db.table("state").upsert(Document(state.to_doc(), doc_id=paper_id))
        self._states[paper_id] = state
        return replace(entry, state=state)

    def _state(self, paper_id: str) -> ReaderState:
        return self._states.get(paper_id, BLANK_STATE)

    def set_read(self, paper_id: str, read: bool) -> Entry:
        """Mark a paper read (``True``) or unread; returns the updated entry."""
        state = self._state(paper_id)
        if state.read == read:
            return self.entry(paper_id)
        return self._save_state(
            paper_id, state.changed_now(read=read, read_at=now_iso() if read else state.read_at)
        )

    def toggle_read(self, paper_id: str) -> Entry:
        """Flip a paper's read mark; returns the updated entry."""
        return self.set_read(paper_id, not self._state(paper_id).read)

    def set_tags(self, paper_id: str, tags: Iterable[str]) -> Entry:
        """Replace a paper's tags (normalised, see :mod:`store.tags`)."""
        tags = normalise_tags(tags)
        state = self._state(paper_id)
        if state.tags == tags:
            return self.entry(paper_id)
        return self._save_state(paper_id, state.changed_now(tags=tags))

    def edit_tags(self, paper_id: str, edit: str) -> Entry:
        """Apply a tag edit such as ``"+rl -video"`` (see :func:`store.tags.apply_tag_edit`)."""
        return self.set_tags(paper_id, apply_tag_edit(self._state(paper_id).tags, edit))

    def set_note(self, paper_id: str, note: str) -> Entry:
        """Replace a paper's note with ``note`` (Markdown, kept exactly as given)."""
        state = self._state(paper_id)
        if state.note == note:
            return self.entry(paper_id)
        return self._save_state(paper_id, state.changed_now(note=note))

    def set_title(self, paper_id: str, title: str | None) -> Entry:
        """Give a paper the reader's own title; ``None`` or blank restores the catalogue's."""
        title = " ".join(title.split()) if title else None
        paper = self.entry(paper_id).paper
        if title == paper.title and not paper.title_derived:
            title = None
        state = self._state(paper_id)
        if state.title == (title or None):
            return self.entry(paper_id)
        return self._save_state(paper_id, state.changed_now(title=title or None))

    # -- the catalogue ---------------------------------------------------------

    def add_papers(self, papers: Iterable[Paper]) -> AddReport:
        """Add papers to the catalogue; papers already present are left alone.

        A paper is present when it shares a match key (arXiv id, DOI, title,
        abstract; see :mod:`store.identity`) with one in the library or earlier
        in ``papers``. One write for the whole batch.

        Returns:
            Which ids were added and which were already present.
        """
        report = AddReport()
        new_keys: dict[str, str] = {}
        batch: list[Paper] = []
        for paper in papers:
            keys = keys_of(paper)
            known = next((owner for k in keys if (owner := self._keys.get(k) or new_keys.get(k))), None)
            if known is None and paper.id in self._papers:
                known = paper.id
            if known is not None:
                report.present.append(known)
                continue
            if not paper.added:
                paper = replace(paper, added=now_iso())
            batch.append(paper)
            report.added.append(paper.id)
            for key in keys:
                new_keys.setdefault(key, paper.id)
        if batch:
            self._catalogue_db.table("papers").insert_multiple(
                Document(paper.to_doc(), doc_id=paper.id) for paper in batch
            )
            self._papers.update((paper.id, paper) for paper in batch)
            for key, paper_id in new_keys.items():
                self._keys.setdefault(key, paper_id)
        return report

    def add_bundled(self) -> AddReport:
        """Add the shipped catalogue's papers, once per version of that catalogue."""
        digest, papers = load_bundled()
        if self._meta().get("bundled") == digest:
            return AddReport()
        report = self.add_papers(papers)
        self._catalogue_db.table(_META).update({"bundled": digest}, doc_ids=["schema"])
        return report

    def import_files(self, paths: Iterable[Path]) -> list[FileReport]:
        """Import papers from files, each in any known format (see :mod:`store.importers`).

        A file that cannot be read at all is reported with its error and
        changes nothing; records rejected inside a readable file are reported
        with their line and the rest of the file is imported.

        Raises:
            StorageError: the catalogue could not be written (the reports of
                files before it stand; nothing of this file is stored).
        """
        reports = []
        for path in paths:
            report = FileReport(str(path))
            try:
                result = read_file(Path(path))
            except InputError as error:
                report.error = error
                reports.append(report)
                continue
            added = self.add_papers(result.papers)
            report.format = result.format
            report.added, report.present = len(added.added), len(added.present)
            report.rejected = result.rejected
            reports.append(report)
        return reports
