"""The data model: a catalogue :class:`Paper`, the reader's :class:`ReaderState`
of it, and the :class:`Entry` that puts the two together for display.

The catalogue (what papers exist) and the reader's state (what the reader did
with them) are kept apart on purpose: the catalogue can be rebuilt or
re-imported at any time, the reader's state cannot, and it changes on every
keypress. See ``store/library.py`` for how each is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from operator import attrgetter
from typing import Any

from readlist.store.links import page_url


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds, e.g. ``2026-11-22T11:34:16.042Z``
    (so changes made within a second still sort in order)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def seconds_of(iso: Any) -> float | None:
    """The POSIX time of an ISO 8601 time as :func:`now_iso` writes it (one
    without a zone is taken as UTC); ``None`` when blank or not a time."""
    if not iso:
        return None
    try:
        when = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper of the catalogue, as its source described it.

    Attributes:
        id: stable id, 12 hex digits (see :mod:`store.identity`).
        title: the title; derived from the abstract when the source had none.
        title_derived: True when ``title`` was made up by readlist, not given.
        abstract: the abstract as one paragraph, or ``""``.
        authors: author names when the source lists them.
        authors_count: number of authors when known (a listing may give only this).
        et_al: True when the source's author list ended in "et al." or ``and others``:
            ``authors`` and ``authors_count`` are then only the first of them.
        org: the organisation or affiliation, or ``""``.
        date: the publication date exactly as the source gave it
            (``"Oct 13"``, ``"Dec 9, 2024"``, ``"2024-03-01"``); never completed.
        votes: up-votes on the source site, when given.
        arxiv_id: the arXiv identifier without version, e.g. ``"2501.01234"``.
        doi: the DOI, lower-cased, without ``https://doi.org/``.
        url: a link to the paper when the source gave one.
        venue: the journal, conference or archive it appeared in, or ``""``.
        entry_type: its BibTeX entry type when known (``article``, ``inproceedings`` ...).
        citation_key: the citation key its source gave it (BibTeX), or ``""``.
        keywords: keywords, subjects or tags from the source (BibTeX
            ``keywords``, arXiv subjects, a list's section heading), as given;
            never the reader's tags, which are only what the reader gave.
        source: the file name the paper was first imported from.
        source_format: the importer that read it (``"abstract-lines"``, ...).
        added: when it entered the library, ISO 8601 UTC.
        keys: the match keys that identify it (see :mod:`store.identity`).
        line: the line of its record in the file being imported, or ``None``; only
            for messages, never stored (not in :meth:`to_doc`, not compared).
    """

    id: str
    title: str
    abstract: str = ""
    title_derived: bool = False
    authors: tuple[str, ...] = ()
    authors_count: int | None = None
    et_al: bool = False
    org: str = ""
    date: str = ""
    votes: int | None = None
    arxiv_id: str = ""
    doi: str = ""
    url: str = ""
    venue: str = ""
    entry_type: str = ""
    citation_key: str = ""
    keywords: tuple[str, ...] = ()
    source: str = ""
    source_format: str = ""
    added: str = ""
    keys: tuple[str, ...] = ()
    line: int | None = field(default=None, compare=False)

    def to_doc(self) -> dict[str, Any]:
        """The paper as a JSON-ready dict for the catalogue file: every field
        but ``id`` and ``abstract`` (abstracts are stored in their own file) and
        ``line`` (where an import read it)."""
        return dict(zip(_DOC_FIELDS, _doc_values(self), strict=True))

    @classmethod
    def from_doc(cls, paper_id: str, doc: dict[str, Any], abstract: str | None = None) -> Paper:
        """Rebuild a paper from a catalogue document and its abstract.

        Unknown keys are ignored; lists (``authors``, ``keys``) become tuples,
        so papers stay immutable. ``abstract`` overrides one in ``doc``.
        """
        try:
            fields_ = dict(doc)
            for name in _TUPLE_FIELDS:
                fields_[name] = tuple(fields_.get(name) or ())
            if abstract is not None:
                fields_["abstract"] = abstract
            return cls(paper_id, **fields_)
        except TypeError:  # a document with fields this version does not know
            known = {k: v for k, v in doc.items() if k in _PAPER_FIELDS and k != "id"}
            for name in _TUPLE_FIELDS:
                known[name] = tuple(known.get(name) or ())
            if abstract is not None:
                known["abstract"] = abstract
            return cls(paper_id, **known)

    @property
    def link(self) -> str:
        """The paper's page: its arXiv abstract page, else its DOI's, else its
        URL; ``""`` when none is known (the one rule: :func:`store.links.page_url`)."""
        return page_url(self)


#: The fields of a Paper that are stored (everything but where an import read it).
STORED_FIELDS = tuple(f.name for f in fields(Paper) if f.name != "line")
_PAPER_FIELDS = frozenset(STORED_FIELDS)
_DOC_FIELDS = tuple(name for name in STORED_FIELDS if name not in ("id", "abstract"))
_TUPLE_FIELDS = ("authors", "keywords", "keys")
_doc_values = attrgetter(*_DOC_FIELDS)


class Status(StrEnum):
    """Where a paper is in the reader's workflow."""

    NEW = "new"
    """Not triaged yet (every paper starts here)."""
    TO_READ = "to-read"
    """Queued for reading."""
    READING = "reading"
    """Being read."""
    READ = "read"
    """Done."""
    SKIPPED = "skipped"
    """Dismissed: hidden from the default view, never deleted."""


#: One character per status, for lists in the terminal.
STATUS_MARKS = {
    Status.NEW: "•",
    Status.TO_READ: "+",
    Status.READING: "▶",
    Status.READ: "✓",
    Status.SKIPPED: "✗",
}

#: Each status as plain text (``Status.value`` is a property: slow in a bulk change of 100,000 papers).
_STATUS_TEXT = {status: status.value for status in Status}

#: Priorities a paper can have: 0 is none, 1 the highest, 3 the lowest.
PRIORITIES = (0, 1, 2, 3)


@dataclass(frozen=True, slots=True)
class ReaderState:
    """What the reader did with one paper. Only touched papers have one stored.

    Attributes:
        status: where the paper is in the reader's workflow.
        priority: 0 (none) or 1-3, 1 being the most urgent.
        history: every status change as ``(status, ISO 8601 UTC time)``, oldest first.
        tags: the reader's tags, normalised (see :func:`store.tags.normalise_tag`), sorted.
        note: the reader's note, Markdown, exactly as typed.
        title: the reader's own title for the paper, or ``None`` to use the catalogue's.
        changed: when any of this last changed (ISO 8601 UTC), or ``None``.
    """

    status: Status = Status.NEW
    priority: int = 0
    history: tuple[tuple[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    title: str | None = None
    changed: str | None = None

    def to_doc(self) -> dict[str, Any]:
        """The state as a JSON-ready dict for the reader-state file."""
        return {
            "status": _STATUS_TEXT[self.status], "priority": self.priority,
            "history": list(map(list, self.history)), "tags": list(self.tags),
            "note": self.note, "title": self.title, "changed": self.changed,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> ReaderState:
        """Rebuild a state from its stored dict; unknown keys and values are ignored."""
        known = {k: v for k, v in doc.items() if k in _STATE_FIELDS}
        known["tags"] = tuple(known.get("tags") or ())
        known["history"] = tuple(tuple(step) for step in known.get("history") or ())
        try:
            known["status"] = Status(known.get("status", Status.NEW))
        except ValueError:
            known["status"] = Status.NEW
        if known.get("priority") not in PRIORITIES:
            known["priority"] = 0
        return cls(**known)

    def changed_now(self, **changes: Any) -> ReaderState:
        """A copy with ``changes`` applied and ``changed`` set to now."""
        return replace(self, changed=now_iso(), **changes)

    def with_status(self, status: Status, at: str | None = None) -> ReaderState:
        """A copy with ``status``, its change recorded in the history at ``at`` (ISO 8601
        UTC, :func:`now_iso`; now when ``None``); itself if the status is unchanged."""
        if status == self.status:
            return self
        now = at or now_iso()
        # the constructor, not dataclasses.replace: twice as fast, for bulk changes of 100,000 papers
        return ReaderState(status=status, priority=self.priority, history=(*self.history, (str(status), now)),
                           tags=self.tags, note=self.note, title=self.title, changed=now)

    @property
    def read(self) -> bool:
        """True when the paper's status is read."""
        return self.status == Status.READ

    @property
    def status_at(self) -> str | None:
        """When the status last changed (ISO 8601 UTC), or ``None`` if never."""
        return self.history[-1][1] if self.history else None

    @property
    def status_before(self) -> Status:
        """The status before the current one (``new`` if there was none)."""
        for status, _ in reversed(self.history[:-1]):
            if status != self.status:
                return Status(status)
        return Status.NEW

_STATE_FIELDS = frozenset(f.name for f in fields(ReaderState))

#: The state of every paper the reader has not touched.
BLANK_STATE = ReaderState()


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper together with the reader's state of it: what a list row shows.

    Attributes:
        paper: the catalogue paper.
        state: the reader's state (``BLANK_STATE`` when untouched).
    """

    paper: Paper
    state: ReaderState = field(default=BLANK_STATE)

    @property
    def id(self) -> str:
        """The paper's id."""
        return self.paper.id

    @property
    def title(self) -> str:
        """The reader's title if they set one, else the catalogue title."""
        return self.state.title or self.paper.title

    @property
    def title_is_derived(self) -> bool:
        """True when the shown title was made up by readlist, not given or typed."""
        return self.paper.title_derived and not self.state.title

    @property
    def status(self) -> Status:
        """The paper's status in the reader's workflow."""
        return self.state.status

    @property
    def read(self) -> bool:
        """True when the paper's status is read."""
        return self.state.read

    @property
    def tags(self) -> tuple[str, ...]:
        """The reader's tags."""
        return self.state.tags

    @property
    def note(self) -> str:
        """The reader's note."""
        return self.state.note
