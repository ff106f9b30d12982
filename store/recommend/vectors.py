"""TF-IDF vectors of every paper of a library, built once and kept while they hold.

:meth:`Vectors.build` reads every paper's words (:mod:`store.recommend.text`),
counts them into a hashed sparse matrix a chunk of papers at a time (so the
texts of a big library are never all in memory at once), drops the stop
words' columns and weighs the counts by TF-IDF in place (:func:`tf_idf`: as
scikit-learn's ``TfidfTransformer`` with sublinear term frequency
``1 + log(count)`` and smooth idf), each row normalised to length 1,
so a dot product of two rows is their cosine similarity.

The vectors hold until papers are added (``catalogue_generation``) or the
reader changes the words of one (a tag, an own title): :meth:`Vectors.fresh`.
A decision (status, priority, note) does not change them.
:func:`vectors_for` keeps the newest vectors of each library, so the TUI, the
sort and the command line share one build.

Counting the words of 100,000 abstracts takes tens of seconds, and they only
change when papers are imported: the counts of the catalogue's own words are
kept in ``cache/vectors.bin`` in the library folder (written atomically), with
the size and time of the catalogue and abstracts files they were counted from,
and each paper's id and a checksum of its words (:func:`paper_keys`). When the
files are as they were, the counts are read as they are; when an import
changed them, only the papers new to the cache or whose words changed (a filled
abstract, say) are counted, and the rest read from it: a day's few hundred
papers in a library of 100,000 cost those few hundred. Only the papers the
reader retitled or tagged are counted anew on each build. The cache is a copy
of what the files hold: deleting it loses nothing.
"""

from __future__ import annotations

import hashlib
import json
import threading
import weakref
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from readlist.store.atomic import write_atomic
from readlist.store.errors import ReadlistError
from readlist.store.recommend.text import (
    FEATURES,
    TAG_WEIGHT,
    TITLE_WEIGHT,
    catalogue_fields,
    columns_of,
    count_matrix,
    paper_words,
    stop_columns,
)

if TYPE_CHECKING:
    from readlist.store.library import Library
    from readlist.store.models import ReaderState

#: Papers whose words are counted together (bounds the texts in memory at once).
CHUNK = 5_000
#: Where in the library folder the catalogue's word counts are cached, and the cache's version.
CACHE_FOLDER = "cache"
CACHE_FILE = "vectors.bin"
CACHE_VERSION = 2


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
        generation = library.catalogue_generation
        docs = library.stored_papers()
        ids = list(library.ids())
        reader = reader_words(dict(library.touched()))
        counts = catalogue_counts(library, ids, cancelled=cancelled)
        if counts is None:
            return None
        row_of = {paper_id: row for row, paper_id in enumerate(ids)}
        own = [pid for pid in reader if pid in row_of]
        if own:  # the papers the reader retitled or tagged: their rows counted again with the reader's words
            rows = np.array([row_of[pid] for pid in own])
            recounted = count_matrix(paper_words(docs[pid], abstract, *reader[pid])
                                     for pid, abstract in zip(own, library.abstracts_of(own), strict=True))
            place = sp.csr_matrix((np.ones(len(own), dtype=np.float32), (rows, np.arange(len(own)))),
                                  shape=(len(ids), len(own)))
            counts = (counts + place @ (recounted - counts[rows])).tocsr()  # one sum: the rows replaced
        if counts.nnz:
            stop = np.zeros(FEATURES, dtype=bool)
            stop[stop_columns()] = True
            counts.data[stop[counts.indices]] = 0
            counts.eliminate_zeros()  # the stop words, and the words an own title took out
            tf_idf(counts)
        return cls(library, ids, counts, generation, reader)

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


def tf_idf(counts: Any) -> None:
    """Weigh word counts by TF-IDF in place, and normalise each row to length 1.

    As scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` computes it (smooth
    idf): ``tf = 1 + log(count)``, ``idf = log((1 + n) / (1 + df)) + 1`` with ``n``
    papers and ``df`` the papers having the word, then L2 row norms; done on the
    matrix's own arrays (float32) so that no copy of 100,000 papers' vectors is made.

    Args:
        counts: a CSR matrix of positive counts, float32, without explicit zeros.
    """
    import numpy as np
    from sklearn.preprocessing import normalize

    np.log(counts.data, out=counts.data)
    counts.data += 1
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    idf = (np.log((1 + counts.shape[0]) / (1 + df)) + 1).astype(np.float32)
    counts.data *= idf[counts.indices]
    normalize(counts, copy=False)


def catalogue_counts(library: Library, ids: list[str], *,
                     cancelled: Callable[[], bool] = lambda: False) -> Any:
    """The word counts of the catalogue's papers ``ids`` (their own titles, no
    tags: :func:`paper_words` without the reader's words), one CSR row each.

    Read from the library's cache as they are when it was made from these files
    and ids; else the cache's rows of the papers whose words did not change
    (same id, same :func:`paper_keys` checksum) are kept and only the others
    are counted, a chunk at a time; then the cache is written again. ``None``
    when ``cancelled``.
    """
    import numpy as np
    import scipy.sparse as sp

    fingerprint = _fingerprint(library, ids)
    path = library.home / CACHE_FOLDER / CACHE_FILE
    cached = _read_cache(path)
    if cached is not None and cached.fingerprint == fingerprint:
        return cached.counts
    docs = library.stored_papers()
    # the abstracts a chunk at a time: a big library reads them from their file, and
    # 100,000 of them held at once would be 150 MB more while this runs
    key_chunks = []
    for start in range(0, len(ids), CHUNK):
        if cancelled():
            return None
        some = ids[start:start + CHUNK]
        key_chunks.append(paper_keys(docs, some, library.abstracts_of(some)))
    keys = np.concatenate(key_chunks) if key_chunks else np.zeros(0, dtype=np.uint64)
    known = np.zeros(len(ids), dtype=bool)
    old_rows = np.full(len(ids), -1, dtype=np.int64)
    if cached is not None:
        row_of = {paper_id: row for row, paper_id in enumerate(cached.ids)}
        old_rows = np.fromiter((row_of.get(paper_id, -1) for paper_id in ids), dtype=np.int64, count=len(ids))
        known = old_rows >= 0
        known[known] = cached.keys[old_rows[known]] == keys[known]
    todo = np.flatnonzero(~known)
    chunks = []
    for start in range(0, len(todo), CHUNK):
        if cancelled():
            return None
        part = [ids[row] for row in todo[start:start + CHUNK]]
        chunks.append(count_matrix(paper_words(docs[paper_id], abstract, None, ())
                                   for paper_id, abstract in zip(part, library.abstracts_of(part), strict=True)))
    counted = sp.vstack(chunks, format="csr") if chunks else sp.csr_matrix((0, FEATURES), dtype=np.float32)
    if cached is None or not known.any():
        counts = counted
    else:
        kept = old_rows[known]
        reused = cached.counts if np.array_equal(kept, np.arange(cached.counts.shape[0])) else cached.counts[kept]
        counts = sp.vstack([reused, counted], format="csr") if counted.shape[0] else reused
        if not np.array_equal(np.flatnonzero(known), np.arange(len(kept))):  # not the kept rows, then the new
            position = np.empty(len(ids), dtype=np.int64)
            position[known] = np.arange(len(kept))
            position[todo] = len(kept) + np.arange(len(todo))
            counts = counts[position]
    if library.read_only is None:
        _write_cache(path, _Cached(fingerprint, ids, keys, counts))
    return counts


def paper_keys(docs: Mapping[str, dict[str, Any]], ids: list[str], abstracts: list[str]) -> Any:
    """A checksum of the words of each paper of ``ids`` that its vector counts
    (:func:`~store.recommend.text.catalogue_fields`): CRC-32 of their UTF-8 text, with the text's
    length in the upper 32 bits; a numpy ``uint64`` array, one per id. Two keys
    differ when the words differ (up to CRC-32's one chance in 4 billion)."""
    import numpy as np

    def key(doc: dict[str, Any], abstract: str) -> int:
        text = "\x1f".join(catalogue_fields(doc, abstract))
        data = text.encode("utf-8", "surrogatepass")
        return (len(data) & 0xFFFFFFFF) << 32 | zlib.crc32(data)

    return np.fromiter((key(docs[paper_id], abstract) for paper_id, abstract in zip(ids, abstracts, strict=True)),
                       dtype=np.uint64, count=len(ids))


def _fingerprint(library: Library, ids: list[str]) -> str:
    """What the cached counts were made from: the catalogue and abstracts files'
    sizes and times, and the ids in order (the counting's settings are checked
    apart, :func:`_settings`)."""
    from readlist.store.library import ABSTRACTS_FILE, CATALOGUE_FILE

    digest = hashlib.sha256()
    for name in (CATALOGUE_FILE, ABSTRACTS_FILE):
        try:
            stat = (library.home / name).stat()
            digest.update(f"{name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{name} missing\n".encode())
    digest.update("\n".join(ids).encode())
    return digest.hexdigest()


class _Cached(NamedTuple):
    """What ``cache/vectors.bin`` holds: the :func:`_fingerprint` of the files and
    ids it was counted from, the ids, their :func:`paper_keys`, and the counts."""

    fingerprint: str
    ids: list[str]
    keys: Any
    counts: Any


def _settings() -> str:
    """The counting's settings: a cache counted with others is of no use."""
    return f"{CACHE_VERSION} {FEATURES} {TITLE_WEIGHT} {TAG_WEIGHT}"


def _read_cache(path: Path) -> _Cached | None:
    """The cache in ``path``, or ``None`` when it is missing, of other settings,
    cut short or unreadable (it is only a cache).

    The file is one JSON line (settings, fingerprint, shape, sizes), then the
    ids (UTF-8, one per line), their keys (uint64), and the CSR matrix's
    ``data`` (float32), ``indices`` (int32) and ``indptr`` (int64) as raw bytes,
    read straight into arrays (no copy of the 100 MB of a big library's counts)."""
    import numpy as np
    import scipy.sparse as sp

    try:
        with path.open("rb") as file:
            header = json.loads(file.readline(4096))
            if not isinstance(header, dict) or header.get("settings") != _settings():
                return None
            rows, columns = header["shape"]
            nnz = header["nnz"]
            id_bytes = file.read(header["id_bytes"])
            ids = id_bytes.decode("utf-8").split("\n") if rows else []
            keys = np.fromfile(file, dtype=np.uint64, count=rows)
            data = np.fromfile(file, dtype=np.float32, count=nnz)
            indices = np.fromfile(file, dtype=np.int32, count=nnz)
            indptr = np.fromfile(file, dtype=np.int64, count=rows + 1)
        if (len(ids) != rows or len(keys) != rows or len(data) != nnz or len(indices) != nnz
                or len(indptr) != rows + 1 or indptr[-1] != nnz):
            return None
        return _Cached(str(header["fingerprint"]), ids, keys,
                       sp.csr_matrix((data, indices, indptr), shape=(rows, columns)))
    except (OSError, KeyError, TypeError, ValueError, UnicodeDecodeError):
        return None


def _write_cache(path: Path, cached: _Cached) -> None:
    """Keep ``cached`` in ``path`` (atomically, in :func:`_read_cache`'s format, written
    from the arrays' own memory); a cache that cannot be written is left out."""
    import numpy as np

    counts = cached.counts
    id_bytes = "\n".join(cached.ids).encode("utf-8")
    header = {"settings": _settings(), "fingerprint": cached.fingerprint, "shape": list(counts.shape),
              "nnz": int(counts.nnz), "id_bytes": len(id_bytes)}
    pieces = [json.dumps(header).encode() + b"\n", id_bytes,
              memoryview(np.ascontiguousarray(cached.keys, dtype=np.uint64)),
              memoryview(counts.data.astype(np.float32, copy=False)),
              memoryview(counts.indices.astype(np.int32, copy=False)),
              memoryview(counts.indptr.astype(np.int64, copy=False))]
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, pieces)
    except (OSError, ReadlistError):
        pass  # a full disk or read-only folder: the counts are counted again next time


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
