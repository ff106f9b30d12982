"""A word index of a library's abstracts, so a search need not read them all.

A search looks for each query word (and its typo variants) in every abstract:
``word in abstract.casefold()``. At 100,000 papers that is a pass over 150 MB,
about 0.7 s. :class:`AbstractIndex` answers the same question from an index
kept beside the library, ``.readlist-abstracts.sqlite``: an SQLite FTS5 table
(https://sqlite.org/fts5.html, compiled into Python's ``sqlite3`` on the usual
builds) of the case-folded abstracts, and the list of its distinct tokens.

Why the answer is the same as the pass. FTS5's ``ascii`` tokenizer splits
text at ASCII characters other than letters and digits; every other character
(all of non-ASCII) is part of a token. So an ASCII word of letters and digits
(the only words the index answers, see :func:`answerable`) occurs in a
case-folded abstract exactly when it occurs inside one of its tokens. The
index finds the tokens containing the word in its token list (a substring
search in one string), then the abstracts holding any of them: one FTS5 prefix
query (``"multimodel"*``) for each distinct beginning of those tokens up to
the word, leaving out those another one begins (``model`` covers ``models``
and ``modeling``). Words it does not answer (shorter than :data:`MIN_LENGTH`,
with other characters, or needing more than :data:`MAX_QUERIES` queries, where
a pass is as quick) are left to the pass.

The index is only ever a shortcut, never the truth:

- it records the version of the abstracts file it describes (inode, size,
  modification time in ns) and is used only while that file is the version
  there; another process's write, a restore, an upgrade all make it stale;
- it is built in a temporary file switched in by ``os.replace``
  (:func:`store.atomic.replace_durably`), so a kill leaves the old index or
  the new one; the library updates it in one SQLite transaction after each
  of its own writes of abstracts (:meth:`AbstractIndex.update`), and a kill
  between the two writes leaves it recording the old version: stale;
- a missing, damaged or foreign file, an SQLite without FTS5, a read-only
  folder all mean "no index": the pass answers, as before.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson

from readlist.store.atomic import new_temp, replace_durably
from readlist.store.errors import WriteError
from readlist.store.storage import Signature, signature_of

#: The ``sqlite3`` module, imported by :func:`available` when an index is first
#: used (a library without one never loads SQLite: a few MB in every process).
sqlite3: Any = None

INDEX_FILE = ".readlist-abstracts.sqlite"
#: The layout of the index file; another number means "build it anew".
FORMAT = 1
#: Shorter words are left to the pass (they are inside most tokens).
MIN_LENGTH = 3
#: A word needing more prefix queries than this is left to the pass (at 100,000
#: papers, "model" needs some 900, 0.1 s; "ion" some 4,700, 0.7 s).
MAX_QUERIES = 2000
#: The tokens of FTS5's ``ascii`` tokenizer, in text already case-folded.
TOKEN = re.compile(r"[0-9a-z\u0080-\U0010ffff]+")
_first = itemgetter(0)


def answerable(word: str) -> bool:
    """True when the index can say which abstracts hold ``word`` (lower case):
    ASCII letters and digits only, at least :data:`MIN_LENGTH` of them."""
    return len(word) >= MIN_LENGTH and word.isascii() and word.isalnum()


def indexed_text(abstract: str) -> str:
    """What the index holds of an abstract: case-folded as searches fold it
    (``str.casefold``), NUL (a separator either way) as a space, so SQLite
    sees the whole text."""
    return abstract.casefold().replace("\x00", " ")


@cache
def available() -> bool:
    """True when this Python has SQLite, with FTS5 (nearly every build does);
    imports it (see :data:`sqlite3`)."""
    global sqlite3
    try:
        import sqlite3 as module
    except ImportError:  # a Python built without it: no index, the pass answers
        return False
    sqlite3 = module
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as connection:
            connection.execute("CREATE VIRTUAL TABLE probe USING fts5(body, tokenize='ascii')")
    except sqlite3.Error:
        return False
    return True


_SCHEMA = (
    "CREATE VIRTUAL TABLE words USING fts5(body, tokenize='ascii', content='', detail='none')",
    "CREATE TABLE papers (n INTEGER PRIMARY KEY, id TEXT NOT NULL)",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


class AbstractIndex:
    """The word index of the abstracts file ``abstracts`` (see the module), kept
    in ``home/.readlist-abstracts.sqlite``. Safe to use from several threads.

    Args:
        home: the library folder.
        abstracts: the abstracts file it describes.
    """

    def __init__(self, home: Path, abstracts: Path) -> None:
        self.path = home / INDEX_FILE
        self.abstracts = abstracts
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._opened: int | None = None  # the inode of the index file the connection reads
        self._known: tuple[Signature, Signature] | None = None
        """The versions of the abstracts file and of the index last found to
        describe each other (:meth:`current` answers from them without SQLite)."""
        self._version: tuple[Signature, str] | None = None
        """What was read of the index: the abstracts version it describes, its tokens."""
        self._answers: tuple[Signature, Mapping[str, int] | None, list] | None = None
        """Per row of the index, what :meth:`papers_with` answers for it (the paper's
        id, or its row in ``row_of``; ``None``: none), for that version and ``row_of``."""

    # -- reading -------------------------------------------------------------------

    def current(self) -> bool:
        """True when the index describes the abstracts file as it is now: two
        ``stat`` calls when neither file changed since last found so (the
        filter box asks at every keystroke; no wait for a search holding the
        index), else a look at the index's own record."""
        if self._known == (signature_of(self.abstracts), signature_of(self.path)):
            return True
        with self._lock:
            return self._read() is not None

    def papers_with(self, words: Iterable[str], row_of: Mapping[str, int] | None = None,
                    cancelled: Callable[[], bool] = lambda: False) -> dict[str, set]:
        """The ids of the papers whose abstract holds each word (``word in
        abstract.casefold()``), for those of ``words`` (lower case) the index
        answers (:func:`answerable`, in at most :data:`MAX_QUERIES` queries);
        nothing when it is not current. Never raises.

        Args:
            words: the words, lower case.
            row_of: paper id -> row: the answers are then these rows (papers
                not in it left out), not ids; the translation is kept for the
                next call with the same mapping.
            cancelled: polled between queries; once it returns True the words
                not answered yet are left out.
        """
        found: dict[str, set] = {}
        with self._lock:
            version = self._read()
            if version is None:
                return found
            signature, tokens = version
            try:
                answers = self._answers_for(signature, row_of)
                for word in dict.fromkeys(words):
                    if not answerable(word):
                        continue
                    beginnings = _beginnings(word, tokens)
                    if beginnings is None:
                        continue
                    papers: set = set()
                    for beginning in beginnings:
                        if cancelled():
                            return found
                        papers.update(map(answers.__getitem__, map(_first, self._connection.execute(  # type: ignore
                            "SELECT rowid FROM words WHERE words MATCH ?", (f'"{beginning}"*',)))))
                    papers.discard(None)  # a row of a paper's earlier line (see build), or not in row_of
                    found[word] = papers
            except (sqlite3.Error, IndexError):
                self._close()
                return {}
            if signature_of(self.abstracts) != signature:
                return {}  # the file changed while we looked: the pass answers
        return found

    def _answers_for(self, signature: Signature, row_of: Mapping[str, int] | None) -> list:
        """Per row of the index, its paper's id, or with ``row_of`` its row there
        (kept for the next call: only rows are held then, not a copy of the ids)."""
        kept = self._answers
        if kept is None or kept[0] != signature or kept[1] is not row_of:
            answers: list = []
            for row, paper_id in self._connection.execute("SELECT n, id FROM papers ORDER BY n"):  # type: ignore
                answers.extend([None] * (row - len(answers)))
                answers.append(paper_id if row_of is None else row_of.get(paper_id))  # row_of's own int objects
            self._answers = kept = (signature, row_of, answers)
        return kept[2]

    def _read(self) -> tuple[Signature, str] | None:
        """The abstracts version the index describes and its tokens, when that
        is the abstracts file as it is now (under the lock); ``None`` otherwise."""
        wanted = signature_of(self.abstracts)
        if wanted is None:
            return None
        here = signature_of(self.path)
        if here is None or not available():  # no index (SQLite is not even loaded then)
            self._close()
            return None
        try:
            if self._connection is None or here[0] != self._opened:
                self._close()
                self._connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                                   check_same_thread=False, timeout=0.5)
                self._opened = here[0]
            if not _describes(dict(self._connection.execute(
                    "SELECT key, value FROM meta WHERE key IN ('format', 'abstracts')")), wanted):
                return None
            if self._version is None or self._version[0] != wanted:
                (tokens,) = self._connection.execute("SELECT value FROM meta WHERE key = 'tokens'").fetchone()
                self._version = (wanted, tokens)
        except (sqlite3.Error, TypeError, ValueError):
            self._close()
            return None
        self._known = (wanted, here)
        return self._version

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection, self._opened, self._version, self._answers, self._known = None, None, None, None, None

    def close(self) -> None:
        """Close the connection (a later use opens it again)."""
        with self._lock:
            self._close()

    # -- writing -------------------------------------------------------------------

    def build(self, each_chunk: Callable[[Callable[[list[str]], list[int]]], Mapping[str, int]],
              signature: Signature) -> bool:
        """Build the index anew and switch it in.

        Args:
            each_chunk: ``each_chunk(put)`` calls ``put`` with every abstract of
                the library, a list at a time, and returns, by paper id, what
                ``put`` returned for its abstract
                (:meth:`Library.map_abstracts <readlist.store.library.Library.map_abstracts>`).
            signature: the version of the abstracts file read (taken before
                reading: if it changed meanwhile the index is simply stale).

        Returns:
            True when the new index is in place; False when it could not be
            written (no FTS5, a read-only folder, a full disk), leaving any
            old one.
        """
        if signature is None or not available():
            return False
        try:  # written without the library's lock; as readable as the abstracts it holds
            fd, temp = new_temp(self.path, unlocked=True, like=self.abstracts)
            os.close(fd)
        except OSError:
            return False
        try:
            with contextlib.closing(sqlite3.connect(temp)) as connection:
                connection.execute("PRAGMA journal_mode = OFF")  # a file of its own, switched in whole
                connection.execute("PRAGMA synchronous = OFF")  # fsync'd once, below
                for statement in _SCHEMA:
                    connection.execute(statement)
                rows = itertools.count()

                def put(abstracts: list[str]) -> list[int]:
                    numbers = [next(rows) for _ in abstracts]
                    connection.executemany("INSERT INTO words (rowid, body) VALUES (?, ?)",
                                           [(n, indexed_text(a)) for n, a in zip(numbers, abstracts, strict=True)
                                            if a])
                    return numbers

                numbers = each_chunk(put)  # a paper's later line wins: its earlier row is left unnamed
                # one b-tree, not the many segments a bulk insert leaves: each query seeks once (-15%)
                connection.execute("INSERT INTO words (words) VALUES ('optimize')")
                connection.executemany("INSERT INTO papers (n, id) VALUES (?, ?)",
                                       ((n, paper_id) for paper_id, n in numbers.items()))
                connection.execute("CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, words, 'row')")
                tokens = "\n" + "\n".join(term for (term,) in connection.execute("SELECT term FROM vocabulary")) + "\n"
                connection.executemany("INSERT INTO meta (key, value) VALUES (?, ?)",
                                       [("format", str(FORMAT)), ("abstracts", _text(signature)),
                                        ("tokens", tokens)])
                connection.commit()
            with open(temp, "rb") as handle:
                os.fsync(handle.fileno())
            replace_durably(temp, self.path)
        except (sqlite3.Error, OSError, WriteError):
            with contextlib.suppress(OSError):
                temp.unlink()
            return False
        return True

    def update(self, old: Mapping[str, str], new: Mapping[str, str], before: Signature, after: Signature) -> None:
        """After the library wrote abstracts: take in what changed, if the index
        described the file as it was (``before``); else it is left stale.

        Args:
            old: paper id -> its abstract before the write (``""``: none), for
                every paper of ``new``, as the index holds it.
            new: paper id -> its new abstract.
            before: the version of the abstracts file before the write.
            after: its version now.

        Never raises: an index that cannot be updated is removed (stale either way).
        """
        with self._lock:
            self._close()
            if not new or not self.path.exists() or not available():
                return
            try:
                with contextlib.closing(sqlite3.connect(self.path, timeout=2)) as connection, connection:
                    meta = dict(connection.execute("SELECT key, value FROM meta"))
                    if not _describes(meta, before):
                        return
                    ids = list(new)
                    numbers: dict[str, int] = {}
                    for start in range(0, len(ids), 500):
                        some = ids[start:start + 500]
                        numbers.update(connection.execute(
                            f"SELECT id, n FROM papers WHERE id IN ({','.join('?' * len(some))})", some))
                    (top,) = connection.execute("SELECT coalesce(max(n), -1) FROM papers").fetchone()
                    added: set[str] = set()
                    for paper_id, abstract in new.items():
                        n = numbers.get(paper_id)
                        if n is not None and old.get(paper_id):
                            connection.execute("INSERT INTO words (words, rowid, body) VALUES ('delete', ?, ?)",
                                               (n, indexed_text(old[paper_id])))
                        if n is None:
                            top += 1
                            n = top
                            connection.execute("INSERT INTO papers (n, id) VALUES (?, ?)", (n, paper_id))
                        if abstract:
                            text = indexed_text(abstract)
                            connection.execute("INSERT INTO words (rowid, body) VALUES (?, ?)", (n, text))
                            added.update(TOKEN.findall(text))
                    tokens = meta["tokens"]
                    fresh = [token for token in added if f"\n{token}\n" not in tokens]
                    connection.executemany("UPDATE meta SET value = ? WHERE key = ?",
                                           [(tokens + "".join(f"{t}\n" for t in fresh), "tokens"),
                                            (_text(after), "abstracts")])
            except (sqlite3.Error, KeyError, TypeError, ValueError):
                with contextlib.suppress(OSError):
                    self.path.unlink()


def _beginnings(word: str, tokens: str) -> list[str] | None:
    """The beginnings, up to ``word``, of the tokens of ``tokens`` (``"\\n"``-separated,
    with one before the first and after the last) holding it, leaving out those
    another one begins: the prefixes whose tokens are those holding ``word``.
    ``None`` when more than :data:`MAX_QUERIES`."""
    found: set[str] = set()
    at = tokens.find(word)
    while at != -1:
        found.add(tokens[tokens.rfind("\n", 0, at) + 1:at + len(word)])  # up to its first occurrence
        at = tokens.find(word, tokens.find("\n", at))
    kept: list[str] = []
    for beginning in sorted(found):  # one that begins with another follows it (or one like it) at once
        if not kept or not beginning.startswith(kept[-1]):
            kept.append(beginning)
            if len(kept) > MAX_QUERIES:
                return None
    return kept


def _describes(meta: Mapping[str, str], signature: Signature) -> bool:
    """True when the index whose ``meta`` table this is, is of :data:`FORMAT` and
    describes the abstracts file version ``signature``."""
    return meta.get("format") == str(FORMAT) and _signature(meta.get("abstracts")) == signature


def _text(signature: Signature) -> str:
    return orjson.dumps(signature).decode()


def _signature(text: str | None) -> Signature:
    if text is None:
        return None
    value = orjson.loads(text)
    return tuple(value) if isinstance(value, list) and len(value) == 3 else None
