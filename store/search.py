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
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from functools import cached_property
from itertools import filterfalse
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from readlist.store.dates import parse_date
from readlist.store.evaluate import run_query
from readlist.store.models import BLANK_STATE, ReaderState, seconds_of
from readlist.store.query import Node, Not, Word, parse
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
_SPLIT_BYTES = bytes.maketrans(string.punctuation.encode("ascii"), b" " * len(string.punctuation))
_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")


def _spaced(text: str) -> str:
    """``text`` with ASCII punctuation as spaces (``bytes.translate`` for ASCII text, else
    a regular expression: both far faster than ``str.translate`` with a table)."""
    if text.isascii():
        return text.encode("ascii").translate(_SPLIT_BYTES).decode("ascii")
    return _PUNCTUATION.sub(" ", text)
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
    return _spaced(text.casefold()).split()


def index_words(text: str) -> set[str]:
    """The words of ``text`` to index: :func:`words_of`, plus the parts of
    CamelCase names, so ``MammothModa2`` is also found as *mammoth* and *moda*."""
    folded = text.casefold()
    words = set(_spaced(folded).split())
    if folded != text:  # some capitals: look for names with inner ones
        for token in _spaced(text).split():
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


_NUMBERS: list[int] = []
"""One int object per row number, shared by the sets kept (see :func:`shared_numbers`)."""


def shared_numbers(rows: array) -> Iterator[int]:
    """The row numbers of ``rows`` as shared int objects: iterating an ``array``
    makes a new int per item (28 bytes each above 256), and the sets of rows kept
    for every first letter hold most rows of a big library each (some 25 MB at
    100,000 papers)."""
    if rows and (top := max(rows)) >= len(_NUMBERS):
        _NUMBERS.extend(range(len(_NUMBERS), top + 1))
    return map(_NUMBERS.__getitem__, rows)


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
        self._starting: dict[str, array] = {}
        """Rows of the words beginning with each prefix of one or two characters
        asked for, as sorted arrays (a frozenset of each, kept, cost 47 MB at
        100,000 papers; one is made from the array when asked, in about 3 ms)."""

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
            cached = set(self._starting[prefix])
            rows = (cached | starting_gains.get(prefix, set())) - starting_losses.get(prefix, set())
            self._starting[prefix] = array("i", sorted(rows))

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
            return frozenset(shared_numbers(cached))
        if self._sorted is None:
            self._sorted = sorted(self.postings)
        words = self._sorted
        rows: set[int] = set()
        for index in range(bisect_left(words, prefix), len(words)):
            if not words[index].startswith(prefix):
                break
            rows.update(shared_numbers(self.postings[words[index]]))
        found = frozenset(rows)
        if len(prefix) <= 2:
            self._starting[prefix] = array("i", sorted(found))
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
            choices[index]: 1 - EDIT_COST * distance
            for distance, index in self._nearest(word, choices, choices, edits)
        }
        if typing:
            for length in range(len(word) - edits, len(word) + edits + 1):
                beginnings = [choice[:length] for choice in choices]
                for distance, index in self._nearest(word, beginnings, choices, edits):
                    similarity = (1 - EDIT_COST * distance) * PREFIX_FACTOR
                    if found.get(choices[index], 0.0) < similarity:
                        found[choices[index]] = similarity
        return [(choice, similarity) for choice, similarity in found.items()
                if word not in choice and self.has_rows(choice)]

    def _nearest(self, word: str, texts: list[str], choices: list[str], edits: int) -> list[tuple[int, int]]:
        """``(distance, index)`` of the :data:`MAX_VARIANTS` texts nearest ``word``
        (within ``edits``), nearest first, ties in the order of the vocabulary's
        words (``choices[index]`` is the word ``texts[index]`` stands for)."""
        return [(distance, index) for _, distance, index in process.extract(
            word, texts, scorer=OSA.distance, score_cutoff=edits, limit=MAX_VARIANTS)]

    def has_rows(self, word: str) -> bool:
        """True when some row has ``word`` (a word whose last row left it has none)."""
        return bool(self.postings.get(word))


#: Rows whose texts :func:`words_in` reads as one string.
WORDS_CHUNK = 2_000
def words_in(texts: Iterable[str]) -> set[str]:
    """Every word :func:`index_words` gives for any of ``texts``, found a chunk
    of rows at a time with string methods (ASCII chunks; others row by row)."""
    texts = [text for text in texts if text]
    found: set[str] = set()
    tokens: set[str] = set()  # as written, in the ASCII chunks
    for start in range(0, len(texts), WORDS_CHUNK):
        chunk = "\n".join(texts[start:start + WORDS_CHUNK])
        if not chunk.isascii():
            for text in texts[start:start + WORDS_CHUNK]:
                found |= index_words(text)
            continue
        tokens.update(_spaced(chunk).split())
    found.update(map(str.lower, tokens))  # lower-case the distinct tokens, not every one
    # Name parts (index_words) come from tokens with a capital after the first
    # letter and some lower case: all-lower, all-upper and uncased ones have none.
    mixed = list(filterfalse(str.isupper, filterfalse(str.islower, filterfalse(str.isdigit, tokens))))
    # A token of letters only whose capital is its first letter is its one part, a
    # word already found: so those of letters only are split all at once.
    found.update(map(str.lower, _NAME_PART.findall(" ".join(filter(str.isalpha, mixed)))))
    for token in filterfalse(str.isalpha, mixed):
        tail = token[1:]
        if tail != tail.lower():
            found.update(part.lower() for part in _NAME_PART.findall(token))
    return found


def words_held(words: tuple[str, ...], abstracts: list[str]) -> list[tuple[str, ...]]:
    """Which of ``words`` (lower case) each of ``abstracts`` contains, case aside
    (``word in abstract.casefold()``): the abstracts are folded once, then each
    word looked for in all of them."""
    folded = [abstract.casefold() for abstract in abstracts]
    held: list[tuple[str, ...]] = [()] * len(folded)
    for word in words:
        for at in [at for at, text in enumerate(folded) if word in text]:
            held[at] = (*held[at], word)
    return held


class _Cancelled(Exception):
    """Raised through ``abstracts_matching`` to stop a pass a newer search made stale."""


class ColumnVocabulary(Vocabulary):
    """The words of one column, found in its texts when a lookup asks, for an
    index that answers one query (``readlist list``): building the postings of
    every word (:class:`Vocabulary`) costs seconds at 100,000 papers, and one
    query reads the rows of a few words.

    It answers every lookup as the :class:`Vocabulary` built from
    ``catalogue`` and then updated with the rows ``retitled`` would (same
    rows, same variants in the same order): a word's place among the
    vocabulary's words is its first row in ``catalogue``, after them come the
    words only the new texts of ``retitled`` rows have, in that order. It is
    not kept up to date: :meth:`update` raises.

    Args:
        texts: the text of each row as shown (original case).
        folded: the same texts case-folded (the index's column).
        catalogue: each row's text before the reader's changes (default ``texts``).
        retitled: the rows whose text is not their ``catalogue`` one, in the
            order their changes were applied.
    """

    def __init__(self, texts: list[str], folded: list[str], *, catalogue: list[str] | None = None,
                 retitled: Iterable[int] = ()) -> None:
        super().__init__()
        self._texts, self._folded = texts, folded
        self._catalogue = texts if catalogue is None else catalogue
        self._retitled = list(retitled)
        self._changed = set(self._retitled)
        self._words: set[str] | None = None
        self._new_words: set[str] | None = None
        self._blob: tuple[str, list[int]] | None = None
        self._rows: dict[str, array] = {}
        self._places: dict[str, tuple[int, int]] = {}
        self._close: dict[tuple[str, bool], list[tuple[str, float]]] = {}
        self.postings = _ColumnPostings(self)  # type: ignore[assignment]

    # -- the words -------------------------------------------------------------------

    def words(self) -> set[str]:
        """Every word of the vocabulary (of ``catalogue``, and of the retitled rows' texts)."""
        if self._words is None:
            self._new_words = words_in(self._texts[row] for row in self._retitled)
            self._words = words_in(self._catalogue) | self._new_words
        return self._words

    def by_letter(self, letter: str) -> list[str]:
        """The words starting with ``letter`` (in no particular order: see :meth:`_nearest`)."""
        if self._by_letter is None:
            groups: dict[str, list[str]] = defaultdict(list)
            for word in self.words():
                groups[word[0]].append(word)
            self._by_letter = dict(groups)
        return self._by_letter.get(letter, [])

    def close_to(self, word: str, *, typing: bool) -> list[tuple[str, float]]:
        key = (word, typing)
        if key not in self._close:  # a query asks twice: for its abstracts, then to match
            self._close[key] = super().close_to(word, typing=typing)
        return self._close[key]

    def _nearest(self, word: str, texts: list[str], choices: list[str], edits: int) -> list[tuple[int, int]]:
        found = process.extract(word, texts, scorer=OSA.distance, score_cutoff=edits, limit=None)
        nearest: list[tuple[int, int]] = []
        for distance in sorted({hit[1] for hit in found}):  # ties: in vocabulary order (see _place)
            if len(nearest) >= MAX_VARIANTS:
                break
            tied = [hit[2] for hit in found if hit[1] == distance]
            if len(tied) > 1:
                tied.sort(key=lambda index: self._place(choices[index]))
            nearest += [(distance, index) for index in tied]
        return nearest[:MAX_VARIANTS]

    def _place(self, word: str) -> tuple[int, int]:
        """Where ``word`` stands among the words of a :class:`Vocabulary` built and
        updated as this one stands for: ``(0, first catalogue row)``, else
        ``(1, its first retitled row's position)``."""
        place = self._places.get(word)
        if place is None:
            first = next(self._catalogue_rows(word), None)
            if first is not None:
                place = (0, first)
            else:
                place = (1, next((at for at, row in enumerate(self._retitled) if word in index_words(self._texts[row])),
                                 len(self._retitled)))
            self._places[word] = place
        return place

    def has_rows(self, word: str) -> bool:
        self.words()
        assert self._new_words is not None
        return word in self._new_words or any(
            row not in self._changed for row in self._catalogue_rows(word))

    # -- rows ------------------------------------------------------------------------

    def _catalogue_blob(self) -> tuple[str, list[int]]:
        """The case-folded catalogue texts as one string, and where each row starts in it."""
        if self._blob is None:
            folded = [self._catalogue[row].casefold() if row in self._changed else text
                      for row, text in enumerate(self._folded)] if self._changed else self._folded
            starts = [0]
            for text in folded:
                starts.append(starts[-1] + len(text) + 1)
            self._blob = ("\n".join(folded), starts)
        return self._blob

    def _catalogue_rows(self, word: str) -> Iterator[int]:
        """The rows whose catalogue text has ``word`` among its :func:`index_words`, in order."""
        blob, starts = self._catalogue_blob()
        position = blob.find(word)
        while position >= 0:
            row = bisect_right(starts, position) - 1
            if word in index_words(self._catalogue[row]):
                yield row
            position = blob.find(word, starts[row + 1])

    def rows(self, word: str) -> array:
        """The rows that have ``word`` now, in order (kept once asked)."""
        rows = self._rows.get(word)
        if rows is None:
            now = [row for row in self._catalogue_rows(word) if row not in self._changed]
            now += [row for row in self._retitled if word in index_words(self._texts[row])]
            rows = self._rows[word] = array("i", sorted(now))
        return rows

    def _matching_rows(self, word: str, test: Callable[[int], bool]) -> set[int]:
        """The rows whose folded text contains ``word`` and that pass ``test``."""
        folded = self._folded
        return {row for row in range(len(folded)) if word in folded[row] and test(row)}

    def containing(self, word: str) -> set[int]:
        if word.isalnum():  # inside a text it is inside one of its words
            return self._matching_rows(word, lambda row: True)
        return self._matching_rows(word, lambda row: any(word in w for w in index_words(self._texts[row])))

    def starting(self, prefix: str) -> frozenset[int]:
        return frozenset(self._matching_rows(
            prefix, lambda row: any(w.startswith(prefix) for w in index_words(self._texts[row]))))

    def prepare(self) -> None:
        """Nothing to prepare: lookups find what they need."""

    def add(self, row: int, text: str) -> None:
        raise TypeError("a ColumnVocabulary is made from its texts")

    def update(self, edits: Mapping[int, tuple[set[str], set[str]]]) -> None:
        raise TypeError("a ColumnVocabulary answers one query: it is not kept up to date")


class _ColumnPostings(Mapping[str, array]):
    """The postings of a :class:`ColumnVocabulary`, worked out for each word asked."""

    def __init__(self, vocabulary: ColumnVocabulary) -> None:
        self._vocabulary = vocabulary

    def __getitem__(self, word: str) -> array:
        if word not in self._vocabulary.words():
            raise KeyError(word)
        return self._vocabulary.rows(word)

    def __iter__(self) -> Iterator[str]:
        return iter(self._vocabulary.words())

    def __len__(self) -> int:
        return len(self._vocabulary.words())


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
        authors_at_least: the rows whose number of authors is only a lower bound
            (the list ended in "et al.": ``Paper.et_al``).
        dates: dates as the sources wrote them.
        sources: the file names papers were imported from.
        formats: the formats they were read as (``"bibtex"``, ...).
        added: when they entered the library, ISO 8601.
        states: the reader's state of each touched row.
        abstracts: ``abstracts(rows)`` gives the abstracts of those rows (as stored:
            the index keeps no copy, see :meth:`abstract_hits`).
        vocabularies: build the vocabularies now (else call :meth:`build_vocabularies`).
        once: for one query and no changes (``readlist list``): the vocabularies
            find a word's rows in the columns when a lookup asks
            (:class:`ColumnVocabulary`), and abstracts are searched with
            ``abstracts_matching`` in one pass for every word the query looks
            for there, keeping none of them. The answers are the same.
        abstracts_matching: ``abstracts_matching(function)`` gives, by paper id,
            what ``function`` says of every abstract (given a list of them, it
            returns one value per abstract)
            (:meth:`Library.map_abstracts <readlist.store.library.Library.map_abstracts>`):
            a pass over every row's abstract.
        abstracts_indexed: ``abstracts_indexed(words, row_of, cancelled)`` gives, for those
            of ``words`` a word index can answer, the rows (of ``row_of``: id ->
            row) whose abstract holds each (:meth:`Library.abstracts_with
            <readlist.store.library.Library.abstracts_with>`); the others are
            looked for by the pass.
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
        authors_at_least: set[int] | None = None,
        dates: list[str] | None = None,
        sources: list[str] | None = None,
        formats: list[str] | None = None,
        added: list[str] | None = None,
        states: dict[int, ReaderState] | None = None,
        abstracts: Callable[[list[int]], list[str]] | None = None,
        vocabularies: bool = True,
        once: bool = False,
        abstracts_matching: Callable[[Callable[[list[str]], list[tuple[str, ...]]]],
                                     Mapping[str, tuple[str, ...]]] | None = None,
        abstracts_indexed: Callable[[Iterable[str], Mapping[str, int], Callable[[], bool]],
                                    Mapping[str, set[int]]] | None = None,
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
        self.authors_at_least = authors_at_least or set()
        self._dates, self._added = dates, added
        self._source_names, self._formats = sources, formats
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
        if vocabularies and not once:
            self.build_vocabularies()
        self.set_states(states or {})
        if once:
            self._use_column_vocabularies(list(states or {}))
        self._abstract_source = abstracts
        self._abstracts_matching = abstracts_matching
        self._abstracts_indexed = abstracts_indexed
        self._searching = threading.local()
        """``.hits``: during a :meth:`search` in this thread, word -> rows whose abstract has it."""

    # -- columns made when first read (most queries read none of them) ------------

    @cached_property
    def _dates_parsed(self) -> list:
        return [parse_date(d) if d else None for d in self._dates] if self._dates else [None] * len(self.ids)

    @cached_property
    def date_months(self) -> list[int | None]:
        """Per row: the month of the date, ``None`` where unknown."""
        return [d.month if d else None for d in self._dates_parsed]

    @cached_property
    def date_days(self) -> list[int | None]:
        """Per row: the day of the date, ``None`` where unknown."""
        return [d.day if d else None for d in self._dates_parsed]

    @cached_property
    def date_points(self) -> list[tuple[int, int, int] | None]:
        """Per row: ``(year, month, day)`` for dates with a year, else ``None``."""
        return [(d.year, d.month or 1, d.day or 1) if d and d.year else None for d in self._dates_parsed]

    @cached_property
    def sources(self) -> list[str]:
        """Per row: the source file name and format, lower-cased (a newline apart, so no match spans both)."""
        count = len(self.ids)
        sources, formats = self._source_names or [""] * count, self._formats or [""] * count
        return [f"{source}\n{fmt}".casefold() for source, fmt in zip(sources, formats, strict=True)]

    @cached_property
    def added_times(self) -> list[float | None]:
        """Per row: when the paper entered the library (POSIX seconds), ``None`` where unknown."""
        return [seconds_of(a) for a in self._added] if self._added else [None] * len(self.ids)

    def _use_column_vocabularies(self, touched: list[int]) -> None:
        """Make the vocabularies :class:`ColumnVocabulary` ones (see ``once``)."""
        assert self._sources is not None
        shown, orgs = self._sources
        catalogue = self.catalogue_titles
        retitled = [row for row in touched if shown[row] != catalogue[row]]
        self.title_words = ColumnVocabulary(shown, self.titles, catalogue=catalogue, retitled=retitled)
        self.org_words = ColumnVocabulary(orgs, self.orgs)
        self.name_words = ColumnVocabulary(self.names, self.names)
        self.keyword_words = ColumnVocabulary(self.keywords, self.keywords)
        self._sources = None

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
    def from_library(cls, library: Library, *, vocabularies: bool = True, once: bool = False) -> SearchIndex:
        """Build the index of ``library`` (safe in a worker thread, see
        :meth:`Library.stored_papers`); ``once``: for one query (see :class:`SearchIndex`).

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
        at_least = {row for row, doc in enumerate(docs.values()) if doc.get("et_al")}
        dates = [doc.get("date", "") for doc in docs.values()]
        sources = [doc.get("source") or "" for doc in docs.values()]
        formats = [doc.get("source_format") or "" for doc in docs.values()]
        added = [doc.get("added", "") for doc in docs.values()]
        row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        states = {row_of[pid]: state for pid, state in dict(library.touched()).items() if pid in row_of}
        return cls(ids, titles, orgs, names=names, keywords=keywords, votes=votes, authors=authors,
                   authors_at_least=at_least, dates=dates,
                   sources=sources, formats=formats, added=added, states=states,
                   abstracts=lambda rows: library.abstracts_of([ids[row] for row in rows]),
                   vocabularies=vocabularies, once=once,
                   abstracts_matching=library.map_abstracts, abstracts_indexed=library.abstracts_with)

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
            if old.tags == state.tags and old.note == state.note and old.title == state.title:
                continue  # a new status, priority or history: no word, tag, note or title moves
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

    def abstract_hits(self, words: Iterable[str], rows: list[int] | None = None,
                      cancelled: Callable[[], bool] = lambda: False) -> dict[str, set[int]] | None:
        """For each of ``words`` (lower case), the rows whose abstract contains it,
        among ``rows`` (``None``: every row), found in one pass over the abstracts.

        The index keeps no copy of the abstracts (they are the library's): each
        chunk of :data:`SCAN_CHUNK` is case-folded, searched and dropped. For
        every row they come from ``abstracts_matching`` (from the file as it is
        read, when the library does not hold them). ``cancelled`` is polled
        between chunks. Words a word index answers (``abstracts_indexed``) are
        taken from it, and only the others looked for in the abstracts.

        Returns:
            word -> rows; ``None`` when cancelled.
        """
        words = tuple(dict.fromkeys(words))
        found: dict[str, set[int]] = {word: set() for word in words}
        if words and self._abstracts_indexed is not None:
            wanted = None if rows is None else set(rows)
            answered = self._abstracts_indexed(words, self.row_of, cancelled)
            if cancelled():
                return None
            for word, having in answered.items():
                found[word] = having if wanted is None else having & wanted
            words = tuple(word for word in words if word not in answered)
        if not words:
            return found
        if rows is None and self._abstracts_matching is not None:
            def held_unless_cancelled(abstracts: list[str]) -> list[tuple[str, ...]]:
                if cancelled():
                    raise _Cancelled
                return words_held(words, abstracts)

            try:
                mapped = self._abstracts_matching(held_unless_cancelled)
            except _Cancelled:
                return None
            row_of = self.row_of
            for paper_id, held in mapped.items():
                if held and (row := row_of.get(paper_id)) is not None:
                    for word in held:
                        found[word].add(row)
            return found
        if self._abstract_source is None:
            return found
        rows = list(range(len(self.ids))) if rows is None else rows
        for start in range(0, len(rows), SCAN_CHUNK):
            if cancelled():
                return None
            some = rows[start:start + SCAN_CHUNK]
            for row, held in zip(some, words_held(words, self._abstract_source(some)), strict=True):
                for word in held:
                    found[word].add(row)
        return found

    def scan_abstracts(self, word: str, rows: Iterable[int], cancelled: Callable[[], bool]) -> list[int]:
        """Rows (of ``rows``, in that order) whose abstract contains ``word``: from
        what :meth:`search` found for the query's words in its one pass, else
        by a pass of its own (:meth:`abstract_hits`); ``[]`` when cancelled."""
        rows = list(rows)
        hits = getattr(self._searching, "hits", None)
        having = hits.get(word) if hits is not None else None
        if having is None:
            found = self.abstract_hits((word,), rows, cancelled)
            if found is None:
                return []
            having = found[word]
        return [row for row in rows if row in having]

    # -- matching words ----------------------------------------------------------

    def _rows_containing(self, word: str, column: list[str], vocabulary: Vocabulary,
                         candidates: set[int] | None) -> set[int] | frozenset[int] | list[int]:
        """Rows of ``column`` with ``word``: anywhere in the text, or for words of
        one or two characters (the first keystrokes), at the start of a word."""
        short = len(word) < SHORT_WORD and word.isalnum()
        parts = _ALNUM.findall(word)
        if parts and self.ready and not vocabulary.postings:
            return []  # the column has no word in any row (no keywords, say): no row holds letters or digits
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
        typed = typed_word(text)
        if not abstracts:
            return run_query(self, node, typed=typed, abstracts=False, cancelled=cancelled, candidates=candidates)
        rows = sorted(candidates) if candidates is not None else None
        hits = self.abstract_hits(self._abstract_words(node, typed), rows, cancelled)
        if hits is None:
            return None
        self._searching.hits = hits
        try:
            return run_query(self, node, typed=typed, abstracts=True, cancelled=cancelled, candidates=candidates)
        finally:
            self._searching.hits = None

    def _abstract_words(self, node: Node, typed: str | None) -> Iterator[str]:
        """The words :meth:`match_word` will look for in abstracts while answering
        ``node``: each word of a term that searches abstracts, and its typo
        variants. Only to find them all in one pass (a word missed here is looked
        for when asked, so the answer never depends on this)."""
        if isinstance(node, Word):
            if node.field not in (None, "abstract") or not any(c.isalnum() for c in node.text):
                return
            yield node.text
            if not node.exact:
                yield from (variant for variant, _ in
                            self.title_words.close_to(node.text, typing=node.text == typed)[:3])
            return
        for child in getattr(node, "nodes", ()) or ((node.node,) if isinstance(node, Not) else ()):
            yield from self._abstract_words(child, typed)

    def search_ids(self, text: str, *, abstracts: bool = True) -> list[str]:
        """Like :meth:`search`, as paper ids."""
        match = self.search(text, abstracts=abstracts)
        return [self.ids[row] for row in match.rows] if match else []
