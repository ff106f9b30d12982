"""Fast free-text matching over a whole library: the engine behind the filter.

Matching every word of a query against 100,000 papers with a fuzzy scorer
takes seconds, far over the 50 ms a keystroke may take. :class:`SearchIndex`
keeps lower-cased columns of the short fields (title, organisation, the
reader's tags and note) and, per field, a *vocabulary*: every word with the
rows it occurs in (an inverted index). A query word matches a row when

- it occurs in one of the row's fields: for words of three letters or more
  this is found through the vocabulary words containing it (a word being typed
  matches as a prefix), for shorter ones by scanning the column; or
- it is close to a vocabulary word of the row: rapidfuzz's normalised Indel
  similarity (``fuzz.ratio``) of at least :data:`FUZZY_CUTOFF`, so
  ``difusion`` finds *diffusion*. As in Lucene's ``FuzzyQuery`` with
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
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

if TYPE_CHECKING:
    from store.library import Library

#: Field weights for ranking.
WEIGHTS = {"title": 1.0, "tags": 0.9, "note": 0.8, "org": 0.7, "abstract": 0.6}
#: A fuzzy match counts this much of an exact one (times the similarity).
FUZZY_FACTOR = 0.8
#: Lowest ``fuzz.ratio`` (0-100) between a query word and a vocabulary word.
FUZZY_CUTOFF = 80
#: Lowest similarity between the word being typed and a vocabulary word's beginning.
PREFIX_CUTOFF = 75
#: Query words shorter than this only match exactly.
MIN_FUZZY_LENGTH = 4
#: Most vocabulary words one query word may stand for by similarity.
MAX_VARIANTS = 8
#: With fewer candidate rows than this, later words scan them instead of the vocabulary.
SCAN_BELOW = 20_000
#: Abstracts scanned between two checks for cancellation.
SCAN_CHUNK = 4_000

_SPLIT = str.maketrans({c: " " for c in string.punctuation})
_NAME_PART = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


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


def query_words(text: str) -> list[str]:
    """The words of a query as typed: split on spaces, lower-cased."""
    return [word for word in text.casefold().split() if word]


@dataclass(frozen=True)
class Match:
    """A search result: row numbers of the index, best first, with their scores."""

    rows: list[int]
    scores: dict[int, float]


class Vocabulary:
    """Words of one column and the rows they occur in, grouped by first letter."""

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self._by_letter: dict[str, list[str]] | None = None
        self._blob: tuple[str, array, list[str]] | None = None

    def add(self, row: int, text: str) -> None:
        """Record the words of ``text`` (see :func:`index_words`) as occurring in ``row``."""
        postings = self.postings
        for word in index_words(text):
            rows = postings.get(word)
            if rows is None:
                postings[word] = array("i", (row,))
                self._by_letter = self._blob = None
            elif rows[-1] != row:
                rows.append(row)

    def by_letter(self, letter: str) -> list[str]:
        """The words starting with ``letter``."""
        if self._by_letter is None:
            groups: dict[str, list[str]] = defaultdict(list)
            for word in self.postings:
                groups[word[0]].append(word)
            self._by_letter = dict(groups)
        return self._by_letter.get(letter, [])

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
        """Vocabulary words similar to ``word`` but not containing it, with similarity 0-1.

        With ``typing``, a word's beginning (as long as ``word``) may be the similar part.
        """
        if len(word) < MIN_FUZZY_LENGTH:
            return []
        choices = self.by_letter(word[0])
        found = {
            choice: score / 100
            for choice, score, _ in process.extract(
                word, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_VARIANTS
            )
        }
        if typing:
            beginnings = [choice[: len(word)] for choice in choices]
            for _, score, index in process.extract(
                word, beginnings, scorer=fuzz.ratio, score_cutoff=PREFIX_CUTOFF, limit=MAX_VARIANTS
            ):
                found.setdefault(choices[index], score / 100 * 0.95)
        return [(choice, similarity) for choice, similarity in found.items() if word not in choice]


class SearchIndex:
    """Columns and vocabularies of a library, for :meth:`search`.

    It keeps no reference to the library, so a worker thread can build or
    search it while the UI goes on. It is built in two steps: the columns
    (enough for exact matching), then :meth:`build_vocabularies` (seconds at
    100,000 papers; until then words only match exactly). The reader's fields
    change often: :meth:`set_reader_fields` updates one row in place.

    Args:
        ids: paper ids, in library order (row ``i`` is ``ids[i]``).
        titles: the titles shown (the reader's own where set).
        orgs: organisations.
        reader: ``row -> (tags as text, note)`` for rows with tags or a note.
        abstracts: gives the abstracts, called when an abstract search first needs them.
        vocabularies: build the vocabularies now (else call :meth:`build_vocabularies`).
    """

    def __init__(
        self,
        ids: list[str],
        titles: list[str],
        orgs: list[str],
        reader: dict[int, tuple[str, str]],
        abstracts: Callable[[], list[str]] | None = None,
        *,
        vocabularies: bool = True,
    ) -> None:
        self.ids = ids
        self.row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        self.titles = [t.casefold() for t in titles]
        self.orgs = [o.casefold() for o in orgs]
        self.tags: dict[int, str] = {}
        self.notes: dict[int, str] = {}
        self._sources: tuple[list[str], list[str]] | None = (titles, orgs)
        self.title_words = Vocabulary()
        self.org_words = Vocabulary()
        self.reader_words = Vocabulary()
        if vocabularies:
            self.build_vocabularies()
        for row, (tags, note) in reader.items():
            self.set_reader_fields(row, tags, note)
        self._abstract_source = abstracts
        self._abstracts: list[str] | None = None
        self._abstracts_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        """True once the vocabularies are built (fuzzy matching works)."""
        return self._sources is None

    def build_vocabularies(self) -> None:
        """Build the title and organisation vocabularies (the slow step)."""
        if self._sources is None:
            return
        titles, orgs = self._sources
        title_words, org_words = Vocabulary(), Vocabulary()
        for row, text in enumerate(titles):
            title_words.add(row, text)
        for row, text in enumerate(orgs):
            if text:
                org_words.add(row, text)
        self.title_words, self.org_words = title_words, org_words
        self._sources = None

    @classmethod
    def from_library(cls, library: Library, *, vocabularies: bool = True) -> SearchIndex:
        """Build the index of ``library`` (safe in a worker thread, see
        :meth:`Library.search_fields`).

        Reads the catalogue through :meth:`Library.search_fields`, so no
        :class:`~store.models.Paper` is made per row.
        """
        ids, titles, orgs = [], [], []
        for paper_id, title, org in library.search_fields():
            ids.append(paper_id)
            titles.append(title)
            orgs.append(org)
        row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        reader = {}
        for paper_id, state in dict(library.touched()).items():
            row = row_of.get(paper_id)
            if row is None:
                continue
            if state.title:
                titles[row] = state.title
            if state.tags or state.note:
                reader[row] = (" ".join(state.tags), state.note)
        return cls(ids, titles, orgs, reader, abstracts=lambda: library.abstracts_of(ids), vocabularies=vocabularies)

    # -- the reader's fields -----------------------------------------------------

    def set_reader_fields(self, row: int, tags: str, note: str, title: str | None = None) -> None:
        """Update what the reader wrote on ``row``: tags (as text), note, and their title if given."""
        for column, text in ((self.tags, tags), (self.notes, note)):
            if text:
                column[row] = text.casefold()
                self.reader_words.add(row, text)
            else:
                column.pop(row, None)
        if title is not None and title.casefold() != self.titles[row]:
            self.titles[row] = title.casefold()
            self.title_words.add(row, title)
            if self._sources is not None:
                self._sources[0][row] = title

    # -- abstracts ---------------------------------------------------------------

    def abstracts(self) -> list[str]:
        """The lower-cased abstracts (made once, on first call: slow on big
        libraries; threads asking meanwhile wait rather than make copies)."""
        with self._abstracts_lock:
            if self._abstracts is None:
                source = self._abstract_source() if self._abstract_source else []
                self._abstracts = [a.casefold() for a in source] if source else [""] * len(self.ids)
            return self._abstracts

    def _scan_abstracts(self, word: str, rows: Iterable[int], cancelled: Callable[[], bool]) -> list[int]:
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

    # -- matching ----------------------------------------------------------------

    def _rows_containing(self, word: str, column: list[str], vocabulary: Vocabulary,
                         candidates: set[int] | None) -> set[int] | list[int]:
        """Rows of ``column`` whose text contains ``word``."""
        if candidates is not None and len(candidates) < SCAN_BELOW:
            return [row for row in candidates if word in column[row]]
        if len(word) < 3 or not word.isalnum() or not vocabulary.postings:
            rows = [row for row, text in enumerate(column) if word in text]
        else:
            rows = vocabulary.containing(word)
        return rows if candidates is None else candidates.intersection(rows)

    def _match_word(self, word: str, candidates: set[int] | None, *, typing: bool, abstracts: bool,
                    cancelled: Callable[[], bool]) -> dict[int, float]:
        """Row -> best weighted score of one query word (within ``candidates`` if given)."""

        def within(rows: Iterable[int]) -> Iterable[int]:
            return rows if candidates is None else (row for row in rows if row in candidates)

        exact = [  # lowest weight first: later ones overwrite, so each row keeps its best
            (WEIGHTS["org"], self._rows_containing(word, self.orgs, self.org_words, candidates)),
            (WEIGHTS["note"], within(row for row, text in self.notes.items() if word in text)),
            (WEIGHTS["tags"], within(row for row, text in self.tags.items() if word in text)),
            (WEIGHTS["title"], self._rows_containing(word, self.titles, self.title_words, candidates)),
        ]
        fuzzy: list[tuple[float, Iterable[int]]] = []
        for vocabulary, weight in ((self.title_words, WEIGHTS["title"]), (self.org_words, WEIGHTS["org"])):
            for variant, similarity in vocabulary.close_to(word, typing=typing):
                fuzzy.append((weight * FUZZY_FACTOR * similarity, within(vocabulary.postings[variant])))
        for variant, similarity in self.reader_words.close_to(word, typing=typing):
            for row in within(self.reader_words.postings[variant]):
                where = WEIGHTS["tags"] if variant in self.tags.get(row, "") else WEIGHTS["note"]
                if variant in self.tags.get(row, "") or variant in self.notes.get(row, ""):
                    fuzzy.append((where * FUZZY_FACTOR * similarity, (row,)))
        if abstracts and not cancelled():
            # Misspelt words are looked for in abstracts through the titles'
            # vocabulary: the terms of a field appear in its titles too, and
            # a vocabulary of every abstract word costs seconds to build.
            scan = range(len(self.ids)) if candidates is None else sorted(candidates)
            exact.insert(0, (WEIGHTS["abstract"], self._scan_abstracts(word, scan, cancelled)))
            for variant, similarity in self.title_words.close_to(word, typing=typing)[:3]:
                rows = self._scan_abstracts(variant, scan, cancelled)
                fuzzy.append((WEIGHTS["abstract"] * FUZZY_FACTOR * similarity, rows))
        best: dict[int, float] = {}
        top = 0.0
        for weight, rows in sorted(fuzzy, key=lambda group: group[0]) + exact:
            if weight >= top:  # beats every score so far: overwrite in one C-level update
                best.update(dict.fromkeys(rows, weight))
                top = weight
            else:
                for row in rows:
                    if best.get(row, 0.0) < weight:
                        best[row] = weight
        return best

    def search(
        self, text: str, *, abstracts: bool = True, cancelled: Callable[[], bool] = lambda: False
    ) -> Match | None:
        """The rows matching every word of ``text``, best first.

        Args:
            text: the query as typed; blank matches every row, in order. When
                it does not end with a space its last word is taken as being
                typed (its beginning may match).
            abstracts: also match abstracts (slow on big libraries).
            cancelled: polled between steps; when it returns True the search
                stops and returns ``None`` (a newer keystroke won).

        Returns:
            The match, or ``None`` if cancelled.
        """
        words = query_words(text)
        if not words:
            return Match(list(range(len(self.ids))), {})
        typed = words[-1] if not text[-1:].isspace() else None
        scores: dict[int, float] | None = None
        for word in sorted(set(words), key=len, reverse=True):  # longest first: fewest rows
            if cancelled():
                return None
            found = self._match_word(
                word, None if scores is None else set(scores), typing=word == typed,
                abstracts=abstracts, cancelled=cancelled,
            )
            if scores is None:
                scores = found
            else:
                scores = {row: score + found[row] for row, score in scores.items() if row in found}
            if not scores:
                break
        scores = scores or {}
        rows = sorted(scores)
        if len(set(scores.values())) > 1:
            rows.sort(key=scores.__getitem__, reverse=True)  # stable: ties keep library order
        return Match(rows, scores)

    def search_ids(self, text: str, *, abstracts: bool = True) -> list[str]:
        """Like :meth:`search`, as paper ids."""
        match = self.search(text, abstracts=abstracts)
        return [self.ids[row] for row in match.rows] if match else []
