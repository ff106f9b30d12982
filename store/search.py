"""Fast free-text matching over a whole library: the engine behind the filter.

Matching every word of a query against 100,000 papers with a fuzzy scorer
takes seconds, far over the 50 ms a keystroke may take. :class:`SearchIndex`
keeps lower-cased columns of the short fields (title, organisation, author
names, the source's keywords, the reader's tags and note) and, per field, a *vocabulary*: every word with the
rows it occurs in (an inverted index). A query word matches a row when

- it occurs in one of the row's fields: for words of three letters or more
  this is found through the vocabulary words containing it (a word being typed
  matches as a prefix), for shorter ones by scanning the column; or
- it is close to a vocabulary word of the row: within :func:`edits_allowed`
  edits (none for words of up to 4 letters, one up to 8, two beyond; a swap of
  two letters is one edit: rapidfuzz's ``OSA`` distance), so ``difusion``
  finds *diffusion* but ``latte`` neither *lattice* nor *latent*. As in
  Lucene's ``FuzzyQuery`` with
  ``prefixLength=1``, candidates share the query word's first letter, which
  keeps the lookup to a few thousand words. While a word is being typed (the
  last word of the query) it is also compared with the vocabulary words'
  beginnings, so ``difus`` already finds *diffusion*.

Abstracts are long: they are matched only with ``abstracts=True`` (the TUI
does it in a worker thread after showing the fast result). Every word must
match somewhere (AND); rows rank by the sum over words of the best field
weight times the match quality, ties in library order.
"""

from __future__ import annotations

import re
import string
import threading
import unicodedata
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from readlist.store.dates import parse_date
from readlist.store.evaluate import run_query
from readlist.store.models import BLANK_STATE, ReaderState, seconds_of
from readlist.store.query import parse
from readlist.store.ranking import FUZZY_FACTOR, SEARCHED, WEIGHTS, Match
from readlist.store.tags import normalise_tag

if TYPE_CHECKING:
    from readlist.store.library import Library

#: Typos forgiven by the length of the query word: (longest length, edits). Words of
#: 1-4 letters match only as typed, 5-8 letters with one edit, longer ones with two.
#: An edit is an inserted, deleted or changed letter, or two letters swapped
#: (optimal string alignment distance, as Elasticsearch's ``fuzziness: AUTO`` counts).
EDITS_BY_LENGTH = ((4, 0), (8, 1))
MORE_EDITS = 2
#: Similarity (0-1) a match loses per edit, and a match at a word's beginning besides.
EDIT_COST = 0.1
PREFIX_FACTOR = 0.95
#: Most vocabulary words one query word may stand for by similarity.
MAX_VARIANTS = 8
#: With fewer candidate rows than this, later words scan them instead of the vocabulary.
SCAN_BELOW = 20_000
#: Words shorter than this match at the start of a word only (as typing begins).
SHORT_WORD = 3
#: Abstracts scanned between two checks for cancellation.
SCAN_CHUNK = 4_000

_SPLIT = str.maketrans({c: " " for c in string.punctuation})
_ALNUM = re.compile(r"[^\W_]+")
_NAME_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def keyword_text(keywords: Iterable[str]) -> str:
    """A paper's keywords as one searchable text: as the source gave them,
    ``"; "``-joined, then each as a tag would be spelled (a line apart), so
    ``keyword:computer-science-machine-learning`` finds *Computer Science -
    Machine Learning* as ``keyword:machine`` does."""
    keywords = list(keywords)
    if not keywords:
        return ""
    return "; ".join(keywords) + "\n" + " ".join(normalise_tag(k) for k in keywords)


def fold(text: str) -> str:
    """``text`` case-folded and without accents (NFKD, combining marks dropped), so
    ``Schölkopf`` and ``scholkopf`` compare equal; ASCII text is only case-folded."""
    if text.isascii():
        return text.casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def words_of(text: str) -> list[str]:
    """The lower-case words of ``text``: runs of characters between spaces and ASCII punctuation."""
    return text.casefold().translate(_SPLIT).split()


def index_words(text: str) -> set[str]:
    """The words of ``text`` to index: :func:`words_of`, plus the parts of
    CamelCase names, so ``MammothModa2`` is also found as *mammoth* and *moda*."""
    folded = text.casefold()
    words = set(folded.translate(_SPLIT).split())
    if folded != text:  # some capitals: look for names with inner ones
        for token in text.translate(_SPLIT).split():
            tail = token[1:]
            if tail != tail.lower() and token != token.upper():
                words.update(part.casefold() for part in _NAME_PART.findall(token))
    return words


def _reader_words(state: ReaderState) -> set[str]:
    """The words of a row's tags and note, as the reader vocabulary indexes them."""
    words = index_words(" ".join(state.tags)) if state.tags else set()
    return words | index_words(state.note) if state.note else words


def query_words(text: str) -> list[str]:
    """The words of a query as typed: split on spaces, lower-cased."""
    return [word for word in text.casefold().split() if word]


def typed_word(text: str) -> str | None:
    """The word of a query still being typed: its last word, unless the text ends
    with a space (that word then also matches as the beginning of a longer one)."""
    return query_words(text)[-1] if text and not text[-1].isspace() else None


class Vocabulary:
    """Words of one column and the rows they occur in, grouped by first letter.

    Built with :meth:`add` (row by row, fast); kept exact afterwards with
    :meth:`update`, which also keeps the lookup tables built meanwhile (the
    sorted words, the words by letter, the search blob, the rows of short
    beginnings) in step, so an edit costs about the same at any library size.
    A word whose last row left it stays with no rows: lookups skip it.
    """

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self._by_letter: dict[str, list[str]] | None = None
        self._blob: tuple[str, array, list[str]] | None = None
        self._sorted: list[str] | None = None
        self._starting: dict[str, frozenset[int]] = {}

    def add(self, row: int, text: str) -> None:
        """Record the words of ``text`` (see :func:`index_words`) as occurring in
        ``row``, while building: rows come in increasing order."""
        postings = self.postings
        for word in index_words(text):
            rows = postings.get(word)
            if rows is None:
                postings[word] = array("i", (row,))
                self._by_letter = self._blob = self._sorted = None
                self._starting.clear()
            elif rows[-1] != row:
                rows.append(row)

    def update(self, edits: Mapping[int, tuple[set[str], set[str]]]) -> None:
        """Make rows occur in new words instead of old ones (after edits), in one pass.

        Args:
            edits: row -> ``(old, new)``: every word this vocabulary had for
                the row (see :func:`index_words`), and every word it has now.
        """
        leaving: dict[str, set[int]] = defaultdict(set)
        arriving: dict[str, list[int]] = defaultdict(list)
        starting_gains: dict[str, set[int]] = defaultdict(set)
        starting_losses: dict[str, set[int]] = defaultdict(set)
        for row, (old, new) in edits.items():
            gone, came = old - new, new - old
            for word in gone:
                leaving[word].add(row)
            for word in came:
                arriving[word].append(row)
            for prefix in {word[:length] for word in gone | came for length in (1, 2)}:
                if prefix in self._starting:
                    has = any(word.startswith(prefix) for word in new)
                    (starting_gains if has else starting_losses)[prefix].add(row)
        postings = self.postings
        for word, rows in leaving.items():  # arrays are replaced, not changed: other threads may read them
            if (current := postings.get(word)) is not None:
                postings[word] = array("i", (row for row in current if row not in rows))
        for word, rows in arriving.items():
            current = postings.get(word)
            if current is None:
                postings[word] = array("i", rows)
                self._insert_word(word)
            else:
                postings[word] = current + array("i", rows)
        for prefix in starting_gains.keys() | starting_losses.keys():
            cached = self._starting[prefix]
            self._starting[prefix] = (cached | starting_gains.get(prefix, set())) - starting_losses.get(prefix, set())

    def _insert_word(self, word: str) -> None:
        """Add a new word to the lookup tables already built (they are replaced
        or appended to, never reordered: a search in another thread reads them)."""
        if self._sorted is not None:
            insort(self._sorted, word)
        if self._by_letter is not None:
            self._by_letter.setdefault(word[0], []).append(word)
        if self._blob is not None:
            blob, starts, words = self._blob
            starts.append(len(blob) + 1 if words else 0)
            words.append(word)
            self._blob = (f"{blob}\n{word}" if blob else word, starts, words)

    def by_letter(self, letter: str) -> list[str]:
        """The words starting with ``letter``."""
        if self._by_letter is None:
            groups: dict[str, list[str]] = defaultdict(list)
            for word in self.postings:
                groups[word[0]].append(word)
            self._by_letter = dict(groups)
        return self._by_letter.get(letter, [])

    def prepare(self) -> None:
        """Do now what the first keystrokes would otherwise wait for: sort the
        words and find the rows of every one-character word beginning."""
        self._sorted = sorted(self.postings)
        for letter in {word[0] for word in self._sorted}:
            self.starting(letter)

    def starting(self, prefix: str) -> frozenset[int]:
        """Rows with a word that begins with ``prefix`` (results of prefixes of
        one or two characters are kept: they come back at every first keystroke)."""
        cached = self._starting.get(prefix)
        if cached is not None:
            return cached
        if self._sorted is None:
            self._sorted = sorted(self.postings)
        words = self._sorted
        rows: set[int] = set()
        for index in range(bisect_left(words, prefix), len(words)):
            if not words[index].startswith(prefix):
                break
            rows.update(self.postings[words[index]])
        found = frozenset(rows)
        if len(prefix) <= 2:
            self._starting[prefix] = found
        return found

    def containing(self, word: str) -> set[int]:
        """Rows with a word that contains ``word``.

        The words are searched as one newline-separated string (a regex scan
        in C), then each hit is mapped back to its word by bisection.
        """
        if self._blob is None:
            words = list(self.postings)
            starts, offset = array("q"), 0
            for known in words:
                starts.append(offset)
                offset += len(known) + 1
            self._blob = ("\n".join(words), starts, words)
        blob, starts, words = self._blob
        rows: set[int] = set()
        last = -1
        for hit in re.finditer(re.escape(word), blob):
            index = bisect_right(starts, hit.start()) - 1
            if index != last:
                rows.update(self.postings[words[index]])
                last = index
        return rows

    def close_to(self, word: str, *, typing: bool) -> list[tuple[str, float]]:
        """Vocabulary words within :func:`edits_allowed` edits of ``word`` but not
        containing it, with a similarity 0-1 (1 less :data:`EDIT_COST` an edit).

        With ``typing`` (the word being typed), a word's beginning may be the
        close part: ``difus`` finds ``diffusion``, one edit from ``diffus``.
        """
        edits = edits_allowed(word)
        if not edits:
            return []
        choices = self.by_letter(word[0])
        found = {
            choice: 1 - EDIT_COST * distance
            for choice, distance, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=edits, limit=MAX_VARIANTS
            )
        }
        if typing:
            for length in range(len(word) - edits, len(word) + edits + 1):
                beginnings = [choice[:length] for choice in choices]
                for _, distance, index in process.extract(
                    word, beginnings, scorer=OSA.distance, score_cutoff=edits, limit=MAX_VARIANTS
                ):
                    similarity = (1 - EDIT_COST * distance) * PREFIX_FACTOR
                    if found.get(choices[index], 0.0) < similarity:
                        found[choices[index]] = similarity
        postings = self.postings
        return [(choice, similarity) for choice, similarity in found.items()
                if word not in choice and postings.get(choice)]


def edits_allowed(word: str) -> int:
    """The typos a query word may have and still match (:data:`EDITS_BY_LENGTH`)."""
    for longest, edits in EDITS_BY_LENGTH:
        if len(word) <= longest:
            return edits
    return MORE_EDITS


class SearchIndex:
    """Columns and vocabularies of a library, for :meth:`search`.

    It keeps no reference to the library, so a worker thread can build or
    search it while the UI goes on. It is built in two steps: the columns
    (enough for exact matching), then :meth:`build_vocabularies` (seconds at
    100,000 papers; until then words only match exactly). The reader's state
    changes often: :meth:`set_state` updates one row in place.

    Args:
        ids: paper ids, in library order (row ``i`` is ``ids[i]``).
        titles: the catalogue titles.
        orgs: organisations.
        names: the author names of each paper, ``"; "``-joined (``""`` where unknown).
        keywords: the keywords of each paper, as :func:`keyword_text` gives them.
        votes: up-votes (``None`` where unknown).
        authors: numbers of authors (``None`` where unknown).
        dates: dates as the sources wrote them.
        sources: the file names papers were imported from.
        formats: the formats they were read as (``"bibtex"``, ...).
        added: when they entered the library, ISO 8601.
        states: the reader's state of each touched row.
        abstracts: gives the abstracts, called when an abstract search first needs them.
        vocabularies: build the vocabularies now (else call :meth:`build_vocabularies`).
    """

    def __init__(
        self,
        ids: list[str],
        titles: list[str],
        orgs: list[str],
        *,
        names: list[str] | None = None,
        keywords: list[str] | None = None,
        votes: list[int | None] | None = None,
        authors: list[int | None] | None = None,
        dates: list[str] | None = None,
        sources: list[str] | None = None,
        formats: list[str] | None = None,
        added: list[str] | None = None,
        states: dict[int, ReaderState] | None = None,
        abstracts: Callable[[], list[str]] | None = None,
        vocabularies: bool = True,
    ) -> None:
        self.ids = ids
        self.row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        self.catalogue_titles = titles
        self.titles = [t.casefold() for t in titles]
        self.orgs = [o.casefold() for o in orgs]
        self.names = [fold(n) for n in names] if names else [""] * len(ids)
        """Per row: the author names, case and accents folded (:func:`fold`)."""
        self.keywords = [k.casefold() for k in keywords] if keywords else [""] * len(ids)
        """Per row: the source's keywords (:func:`keyword_text`), case-folded."""
        self.votes = votes or [None] * len(ids)
        self.authors = authors or [None] * len(ids)
        parsed = [parse_date(d) if d else None for d in dates] if dates else [None] * len(ids)
        self.date_months = [d.month if d else None for d in parsed]
        self.date_days = [d.day if d else None for d in parsed]
        self.date_points = [(d.year, d.month or 1, d.day or 1) if d and d.year else None for d in parsed]
        """Per row: month, day, and ``(year, month, day)`` for dates with a year."""
        sources, formats = sources or [""] * len(ids), formats or [""] * len(ids)
        self.sources = [f"{source}\n{fmt}".casefold() for source, fmt in zip(sources, formats, strict=True)]
        """Per row: the source file name and format, lower-cased (a newline apart, so no match spans both)."""
        self.added_times = [seconds_of(a) for a in added] if added else [None] * len(ids)
        """Per row: when the paper entered the library (POSIX seconds), ``None`` where unknown."""
        self.states: dict[int, ReaderState] = {}
        self.tags: dict[int, str] = {}
        self.notes: dict[int, str] = {}
        self._sources: tuple[list[str], list[str]] | None = (list(titles), orgs)
        """The titles shown and organisations, until the vocabularies are built from them."""
        self.name_words = Vocabulary()
        self.keyword_words = Vocabulary()
        self._titles_lock = threading.Lock()
        self.title_words = Vocabulary()
        self.org_words = Vocabulary()
        self.reader_words = Vocabulary()
        if vocabularies:
            self.build_vocabularies()
        self.set_states(states or {})
        self._abstract_source = abstracts
        self._abstracts: list[str] | None = None
        self._abstracts_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """True once the vocabularies are built (fuzzy matching works)."""
        return self._sources is None

    def build_vocabularies(self) -> None:
        """Build the title, organisation, author-name and keyword vocabularies (the slow step)."""
        if self._sources is None:
            return
        shown, orgs = self._sources
        titles = list(shown)  # the reader may retitle papers while this runs
        title_words, org_words, name_words, keyword_words = Vocabulary(), Vocabulary(), Vocabulary(), Vocabulary()
        for row, text in enumerate(titles):
            title_words.add(row, text)
        for row, text in enumerate(orgs):
            if text:
                org_words.add(row, text)
        for row, text in enumerate(self.names):
            if text:
                name_words.add(row, text)
        for row, text in enumerate(self.keywords):
            if text:
                keyword_words.add(row, text)
        title_words.prepare()
        with self._titles_lock:
            retitled = {row: (index_words(built), index_words(now))
                        for row, (built, now) in enumerate(zip(titles, shown, strict=True)) if built != now}
            if retitled:
                title_words.update(retitled)
            self.title_words, self.org_words, self.name_words = title_words, org_words, name_words
            self.keyword_words = keyword_words
            self._sources = None

    @classmethod
    def from_library(cls, library: Library, *, vocabularies: bool = True) -> SearchIndex:
        """Build the index of ``library`` (safe in a worker thread, see
        :meth:`Library.stored_papers`).

        Reads the stored documents directly, so no
        :class:`~store.models.Paper` is made per row.
        """
        docs = library.stored_papers()
        ids = list(docs)
        titles = [doc.get("title", "") for doc in docs.values()]
        orgs = [doc.get("org", "") for doc in docs.values()]
        names = ["; ".join(doc.get("authors") or ()) for doc in docs.values()]
        keywords = [keyword_text(doc.get("keywords") or ()) for doc in docs.values()]
        votes = [doc.get("votes") for doc in docs.values()]
        authors = [doc.get("authors_count") for doc in docs.values()]
        dates = [doc.get("date", "") for doc in docs.values()]
        sources = [doc.get("source") or "" for doc in docs.values()]
        formats = [doc.get("source_format") or "" for doc in docs.values()]
        added = [doc.get("added", "") for doc in docs.values()]
        row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        states = {row_of[pid]: state for pid, state in dict(library.touched()).items() if pid in row_of}
        return cls(ids, titles, orgs, names=names, keywords=keywords, votes=votes, authors=authors, dates=dates,
                   sources=sources, formats=formats, added=added, states=states,
                   abstracts=lambda: library.abstracts_of(ids), vocabularies=vocabularies)

    # -- the reader's state ------------------------------------------------------

    def set_state(self, row: int, state: ReaderState) -> None:
        """Bring the reader's state of ``row`` (status, tags, note, title ...) into the index."""
        self.set_states({row: state})

    def set_states(self, states: dict[int, ReaderState]) -> set[int]:
        """Bring the reader's state of several rows into the index.

        The words of each row's old tags, note and title stop finding it, the
        new ones find it. The state, tag and note tables are replaced, not
        changed in place, so a worker thread searching the old ones is not
        disturbed. Rows whose state is unchanged are left alone.

        Returns:
            The rows whose state changed.
        """
        states = {row: state for row, state in states.items() if self.states.get(row, BLANK_STATE) != state}
        if not states:
            return set()
        new_states, tags, notes = {**self.states, **states}, dict(self.tags), dict(self.notes)
        reader_edits: dict[int, tuple[set[str], set[str]]] = {}
        title_edits: dict[int, tuple[str, str]] = {}
        for row, state in states.items():
            old = self.states.get(row, BLANK_STATE)
            before, after = _reader_words(old), _reader_words(state)
            if before != after:
                reader_edits[row] = (before, after)
            for column, text in ((tags, " ".join(state.tags)), (notes, state.note)):
                if text:
                    column[row] = text.casefold()
                else:
                    column.pop(row, None)
            catalogue = self.catalogue_titles[row]
            if (old.title or catalogue) != (state.title or catalogue):
                title_edits[row] = (old.title or catalogue, state.title or catalogue)
        if reader_edits:
            self.reader_words.update(reader_edits)
        if title_edits:
            self._retitle(title_edits)
        self.states, self.tags, self.notes = new_states, tags, notes
        return set(states)

    def _retitle(self, edits: dict[int, tuple[str, str]]) -> None:
        """Give rows new titles (``row -> (old, new)``) in the title column and vocabulary."""
        with self._titles_lock:  # against build_vocabularies in a worker thread
            for row, (_, new) in edits.items():
                self.titles[row] = new.casefold()
            if self._sources is not None:  # not built yet: the build reads the new titles
                for row, (_, new) in edits.items():
                    self._sources[0][row] = new
            else:
                self.title_words.update({row: (index_words(old), index_words(new))
                                         for row, (old, new) in edits.items()})

    # -- abstracts ---------------------------------------------------------------

    def abstracts(self) -> list[str]:
        """The lower-cased abstracts (made once, on first call: slow on big
        libraries; threads asking meanwhile wait rather than make copies)."""
        with self._abstracts_lock:
            if self._abstracts is None:
                source = self._abstract_source() if self._abstract_source else []
                self._abstracts = [a.casefold() for a in source] if source else [""] * len(self.ids)
            return self._abstracts

    def scan_abstracts(self, word: str, rows: Iterable[int], cancelled: Callable[[], bool]) -> list[int]:
        """Rows whose abstract contains ``word``, checking ``cancelled`` every
        :data:`SCAN_CHUNK` rows so a newer keystroke stops the scan quickly."""
        texts = self.abstracts()
        rows = list(rows)
        found: list[int] = []
        for start in range(0, len(rows), SCAN_CHUNK):
            if cancelled():
                break
            found += [row for row in rows[start:start + SCAN_CHUNK] if word in texts[row]]
        return found

    # -- matching words ----------------------------------------------------------

    def _rows_containing(self, word: str, column: list[str], vocabulary: Vocabulary,
                         candidates: set[int] | None) -> set[int] | frozenset[int] | list[int]:
        """Rows of ``column`` with ``word``: anywhere in the text, or for words of
        one or two characters (the first keystrokes), at the start of a word."""
        short = len(word) < SHORT_WORD and word.isalnum()
        parts = _ALNUM.findall(word)
        if vocabulary.postings and parts and not word.isalnum():
            # "gir-bench": rows with its longest part, then the whole word in their text
            part = max(parts, key=len)
            within = vocabulary.starting(part) if len(part) < SHORT_WORD else vocabulary.containing(part)
            if candidates is not None:
                within = candidates.intersection(within)
            return [row for row in within if word in column[row]]
        if vocabulary.postings and word.isalnum():
            if short:  # kept per prefix: set operations in C, even within candidates
                rows = vocabulary.starting(word)
            elif candidates is not None and len(candidates) < SCAN_BELOW:
                return [row for row in candidates if word in column[row]]
            else:
                rows = vocabulary.containing(word)
            return rows if candidates is None else candidates.intersection(rows)
        scan = range(len(column)) if candidates is None else candidates
        if short:  # no vocabulary yet: the start of a word, by pattern
            starts = re.compile(r"(?:^|[\W_])" + re.escape(word))
            return [row for row in scan if starts.search(column[row])]
        return [row for row in scan if word in column[row]]

    def match_word(
        self, word: str, candidates: set[int] | None = None, *, fields: Collection[str] = SEARCHED,
        exact: bool = False, typing: bool = False, abstracts: bool = True,
        cancelled: Callable[[], bool] = lambda: False, seen: set[str] | None = None,
    ) -> dict[int, float]:
        """Row -> best weighted score of one query word (lower case).

        Args:
            word: the word or phrase.
            candidates: only these rows (``None``: all).
            fields: where to look (``title``, ``tags``, ``note``, ``org``, ``author``,
                ``keyword``, ``abstract``).
            exact: only where it occurs as typed (no typo tolerance).
            typing: the word is being typed: its beginning may match.
            abstracts: look in abstracts too (when in ``fields``).
            cancelled: polled during long scans.
            seen: receives the words that matched (``word`` and its variants), to highlight them.
        """

        def within(rows: Iterable[int]) -> Iterable[int]:
            return rows if candidates is None else (row for row in rows if row in candidates)

        groups: list[tuple[float, Iterable[int]]] = []
        if "org" in fields:
            groups.append((WEIGHTS["org"], self._rows_containing(word, self.orgs, self.org_words, candidates)))
        if "author" in fields:
            folded = fold(word)
            groups.append((WEIGHTS["author"], self._rows_containing(folded, self.names, self.name_words, candidates)))
        if "keyword" in fields:
            groups.append((WEIGHTS["keyword"],
                           self._rows_containing(word, self.keywords, self.keyword_words, candidates)))
        if "note" in fields:
            groups.append((WEIGHTS["note"], within(row for row, text in self.notes.items() if word in text)))
        if "tags" in fields:
            groups.append((WEIGHTS["tags"], within(row for row, text in self.tags.items() if word in text)))
        if "title" in fields:
            groups.append((WEIGHTS["title"], self._rows_containing(word, self.titles, self.title_words, candidates)))
        fuzzy: list[tuple[float, Iterable[int]]] = []
        variants: list[tuple[str, float]] = []
        if not exact:
            for vocabulary, field in ((self.title_words, "title"), (self.org_words, "org"),
                                      (self.name_words, "author"), (self.keyword_words, "keyword")):
                if field not in fields:
                    continue
                for variant, similarity in vocabulary.close_to(fold(word) if field == "author" else word,
                                                               typing=typing):
                    variants.append((variant, similarity))
                    fuzzy.append((WEIGHTS[field] * FUZZY_FACTOR * similarity, within(vocabulary.postings[variant])))
            for variant, similarity in self.reader_words.close_to(word, typing=typing):
                for row in within(self.reader_words.postings[variant]):
                    for field, column in (("tags", self.tags), ("note", self.notes)):
                        if field in fields and variant in column.get(row, ""):
                            variants.append((variant, similarity))
                            fuzzy.append((WEIGHTS[field] * FUZZY_FACTOR * similarity, (row,)))
        if abstracts and "abstract" in fields and not cancelled():
            scan = range(len(self.ids)) if candidates is None else sorted(candidates)
            groups.insert(0, (WEIGHTS["abstract"], self.scan_abstracts(word, scan, cancelled)))
            if not exact:
                # Misspelt words are looked for in abstracts through the titles'
                # vocabulary: the terms of a field appear in its titles too, and
                # a vocabulary of every abstract word costs seconds to build.
                for variant, similarity in self.title_words.close_to(word, typing=typing)[:3]:
                    variants.append((variant, similarity))
                    rows = self.scan_abstracts(variant, scan, cancelled)
                    fuzzy.append((WEIGHTS["abstract"] * FUZZY_FACTOR * similarity, rows))
        best: dict[int, float] = {}
        top = 0.0
        for weight, rows in sorted(fuzzy, key=lambda group: group[0]) + groups:
            if weight >= top:  # beats every score so far: overwrite in one C-level update
                best.update(dict.fromkeys(rows, weight))
                top = weight
            else:
                for row in rows:
                    if best.get(row, 0.0) < weight:
                        best[row] = weight
        if seen is not None and best:
            seen.add(word)
            seen.update(variant for variant, _ in variants)
        return best

    # -- queries -----------------------------------------------------------------

    def search(
        self, text: str, *, abstracts: bool = True, cancelled: Callable[[], bool] = lambda: False,
        candidates: set[int] | None = None,
    ) -> Match | None:
        """The rows matching the query ``text`` (see :mod:`store.query`), best first.

        Args:
            text: the query as typed; blank matches every row, in order. When
                it does not end with a space its last word is taken as being
                typed (its beginning may match).
            abstracts: also match abstracts (slow on big libraries); without,
                terms only about abstracts are left out (the match is wider).
            cancelled: polled between steps; when it returns True the search
                stops and returns ``None`` (a newer keystroke won).
            candidates: only look at these rows (``None``: all).

        Returns:
            The match, or ``None`` if cancelled.

        Raises:
            QueryError: the query cannot be parsed.
        """
        node = parse(text)
        if node is None:
            return Match(sorted(candidates) if candidates is not None else list(range(len(self.ids))), {})
        return run_query(self, node, typed=typed_word(text), abstracts=abstracts, cancelled=cancelled,
                         candidates=candidates)

    def search_ids(self, text: str, *, abstracts: bool = True) -> list[str]:
        """Like :meth:`search`, as paper ids."""
        match = self.search(text, abstracts=abstracts)
        return [self.ids[row] for row in match.rows] if match else []
