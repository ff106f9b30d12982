"""TF-IDF vectors of every paper of a library, built once and kept while they hold.

:meth:`Vectors.build` reads every paper's words (:mod:`store.recommend.text`),
counts them into a hashed sparse matrix a chunk of papers at a time (so the
texts of a big library are never all in memory at once), drops the stop
words' columns and weighs the counts by TF-IDF (scikit-learn's
:class:`~sklearn.feature_extraction.text.TfidfTransformer`, sublinear term
frequency: ``1 + log(count)``, smooth idf), each row normalised to length 1,
so a dot product of two rows is their cosine similarity.

The vectors hold until papers are added (``catalogue_generation``) or the
reader changes the words of one (a tag, an own title): :meth:`Vectors.fresh`.
A decision (status, priority, note) does not change them.
:func:`vectors_for` keeps the newest vectors of each library, so the TUI, the
sort and the command line share one build.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from readlist.store.recommend.text import columns_of, count_matrix, paper_words, stop_columns

if TYPE_CHECKING:
    from readlist.store.library import Library
    from readlist.store.models import ReaderState

#: Papers whose words are counted together (bounds the texts in memory at once).
CHUNK = 5_000


def reader_words(states: dict[str, ReaderState]) -> dict[str, tuple[str | None, tuple[str, ...]]]:
    """What of the reader's state goes into the vectors: each touched paper's own
    title and tags, for the papers that have either."""
    return {pid: (state.title, state.tags) for pid, state in states.items() if state.title or state.tags}


class Vectors:
    """The TF-IDF vectors of a library's papers (see the module docstring).

    Attributes:
        ids: the paper ids, one per row, in library order.
        row_of: the row of each id.
        matrix: a scipy CSR matrix, float32, one L2-normalised row per paper
            (an all-zero row for a paper without words).
        catalogue_generation: the library's ``catalogue_generation`` built from.
        reader: the reader's titles and tags built from (:func:`reader_words`).
    """

    def __init__(self, library: Library, ids: list[str], matrix: Any, catalogue_generation: int,
                 reader: dict[str, tuple[str | None, tuple[str, ...]]]) -> None:
        self.library = library
        self.ids = ids
        self.row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        self.matrix = matrix
        self.catalogue_generation = catalogue_generation
        self.reader = reader

    @classmethod
    def build(cls, library: Library, *, cancelled: Callable[[], bool] = lambda: False) -> Vectors | None:
        """The vectors of every paper of ``library`` as it is now (loads the
        abstracts if needed). Changes nothing: safe in a worker thread.

        Args:
            library: the library.
            cancelled: polled between chunks; True stops the build.

        Returns:
            The vectors, or ``None`` when cancelled.
        """
        import numpy as np
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfTransformer

        generation = library.catalogue_generation
        docs = library.stored_papers()
        ids = list(library.ids())
        reader = reader_words(dict(library.touched()))
        chunks = []
        for start in range(0, len(ids), CHUNK):
            if cancelled():
                return None
            part = ids[start:start + CHUNK]
            abstracts = library.abstracts_of(part)
            blank = (None, ())
            chunks.append(count_matrix(
                paper_words(docs[pid], abstract, *reader.get(pid, blank)) for pid, abstract in zip(part, abstracts,
                                                                                                   strict=True)))
        counts = sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, 1), dtype=np.float32)
        del chunks
        if counts.nnz:
            counts.data[np.isin(counts.indices, stop_columns())] = 0
            counts.eliminate_zeros()
        matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts) if counts.nnz else counts
        return cls(library, ids, matrix.astype(np.float32, copy=False).tocsr(), generation, reader)

    def fresh(self, library: Library) -> bool:
        """True while these vectors still describe ``library``: no paper added, no tag or own title changed."""
        return (library is self.library and library.catalogue_generation == self.catalogue_generation
                and reader_words(dict(library.touched())) == self.reader)

    def row(self, paper_id: str) -> Any:
        """The vector of a paper (a 1-row CSR matrix).

        Raises:
            KeyError: the paper is not in these vectors.
        """
        row = self.row_of[paper_id]
        return self.matrix[row]

    def words_by_column(self, paper_id: str) -> dict[int, str]:
        """The paper's words by their column, to name the columns of its vector."""
        library = self.library
        state = library.state(paper_id)
        doc = library.stored_papers().get(paper_id, {})
        return columns_of(paper_words(doc, library.abstract(paper_id), state.title, state.tags))


_CACHE: weakref.WeakKeyDictionary[Library, Vectors] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def cached_vectors(library: Library) -> Vectors | None:
    """The vectors of ``library`` built last, if they still hold (:meth:`Vectors.fresh`); else ``None``."""
    vectors = _CACHE.get(library)
    return vectors if vectors is not None and vectors.fresh(library) else None


def vectors_for(library: Library, *, cancelled: Callable[[], bool] = lambda: False) -> Vectors | None:
    """The vectors of ``library``: the ones kept if they still hold, else built
    now (seconds at 100,000 papers; safe in a worker thread) and kept.

    Returns:
        The vectors, or ``None`` when ``cancelled`` stopped a build.
    """
    with _LOCK:
        vectors = cached_vectors(library)
        if vectors is None:
            vectors = Vectors.build(library, cancelled=cancelled)
            if vectors is not None:
                _CACHE[library] = vectors
        return vectors
