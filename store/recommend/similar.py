"""The papers most like one paper: cosine similarity of TF-IDF vectors.

The vectors are normalised (:mod:`store.recommend.vectors`), so the matrix
times one paper's vector is every paper's cosine similarity to it (0: no word
in common, 1: the same words in the same proportions). The terms named for a
neighbour are the words whose products contribute most to that sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readlist.store.recommend.vectors import Vectors

#: How many similar papers ``m`` and ``readlist similar`` show.
NEIGHBOURS = 20
#: How many shared terms are named for each.
TERMS = 5


@dataclass(frozen=True)
class Neighbour:
    """A paper similar to another.

    Attributes:
        id: the paper's id.
        score: cosine similarity, 0 to 1.
        terms: the shared words that count most, most first.
    """

    id: str
    score: float
    terms: tuple[str, ...]


def similar(vectors: Vectors, paper_id: str, limit: int = NEIGHBOURS, terms: int = TERMS) -> list[Neighbour]:
    """The ``limit`` papers most similar to ``paper_id``, most similar first
    (ties in library order); papers sharing no word are left out.

    Args:
        vectors: the library's vectors (:func:`store.recommend.vectors.vectors_for`).
        paper_id: the paper.
        limit: most papers returned.
        terms: most terms named per paper.

    Raises:
        KeyError: the paper is not in the vectors.
    """
    import numpy as np

    query = vectors.row(paper_id)
    scores = vectors.matrix @ query.toarray().ravel()  # a matrix-vector product: tens of ms at 100,000 papers
    scores[vectors.row_of[paper_id]] = 0.0
    candidates = np.flatnonzero(scores > 0)
    if len(candidates) > limit:
        top = np.argpartition(-scores[candidates], limit - 1)[:limit]
        candidates = candidates[top]
    order = sorted(candidates.tolist(), key=lambda row: (-scores[row], row))
    names = vectors.words_by_column(paper_id) if order else {}
    return [Neighbour(vectors.ids[row], float(scores[row]), shared_terms(vectors, query, row, names, terms))
            for row in order]


def shared_terms(vectors: Vectors, query, row: int, names: dict[int, str], count: int) -> tuple[str, ...]:
    """The words of ``names`` (column -> word) whose columns add most to the
    similarity of ``query`` (a 1-row matrix) and row ``row`` of ``vectors``."""
    product = vectors.matrix[row].multiply(query).tocsr()
    pairs = sorted(zip(product.data.tolist(), product.indices.tolist(), strict=True), reverse=True)
    return tuple(names[column] for weight, column in pairs if weight > 0 and column in names)[:count]
