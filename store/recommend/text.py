"""The words a paper's vector is made of, and the column each word hashes to.

A paper's text is its title (the reader's own when set) twice, the source's
keywords, the reader's tags twice and the abstract: the title and tags are
what best says what a paper is about, and the tags are the reader's own word
for it. Words are runs of a letter then letters or digits (``text-to-video``
is *text*, *to*, *video*), lower-cased; English stop words (scikit-learn's
list) are left out later, by column (:func:`stop_columns`).

Words are mapped to columns by feature hashing (scikit-learn's
:class:`~sklearn.feature_extraction.FeatureHasher`, MurmurHash3), so no
vocabulary has to be built or kept, and a word's column can be found again
from the word alone to explain a score (:func:`columns_of`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any

#: Columns of the hashed vectors (2**18: few collisions for the words of 100,000 abstracts).
FEATURES = 2 ** 18
#: How many times the title and the tags count, against once for the abstract and keywords.
TITLE_WEIGHT = 2
TAG_WEIGHT = 2

_WORD = re.compile(r"[a-z][a-z0-9]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as vectors count them (lower case, with repeats, in order)."""
    return _WORD.findall(text.casefold())


def paper_words(doc: dict[str, Any], abstract: str, title: str | None, tags: Sequence[str]) -> list[str]:
    """The words of one paper's vector.

    Args:
        doc: the paper's catalogue document (:meth:`Library.stored_papers`).
        abstract: its abstract (``""`` when none).
        title: the reader's own title, or ``None`` for the catalogue's.
        tags: the reader's tags.
    """
    own_title, keywords, abstract = catalogue_fields(doc, abstract)
    title_words = words(title or own_title)
    tag_words = words(" ".join(tags).replace("-", " ")) if tags else []
    return title_words * TITLE_WEIGHT + tag_words * TAG_WEIGHT + words(keywords) + words(abstract)


def catalogue_fields(doc: dict[str, Any], abstract: str) -> tuple[str, str, str]:
    """The catalogue's text a paper's vector counts: its title, its keywords (one
    string) and its abstract; what the cached counts' checksums are made of
    (:func:`store.recommend.vectors.paper_keys`)."""
    return doc.get("title", ""), " ".join(doc.get("keywords") or ()), abstract


@cache
def _hasher() -> Any:
    import numpy as np
    from sklearn.feature_extraction import FeatureHasher

    return FeatureHasher(n_features=FEATURES, input_type="string", alternate_sign=False, dtype=np.float32)


def count_matrix(documents: Iterable[list[str]]) -> Any:
    """The word counts of ``documents`` (lists of words) as a CSR matrix
    (float32, one row per document, :data:`FEATURES` columns)."""
    return _hasher().transform(documents)


def columns_of(terms: Iterable[str]) -> dict[int, str]:
    """The column of each word of ``terms``, by column (a later word wins a shared column)."""
    terms = list(dict.fromkeys(terms))
    if not terms:
        return {}
    matrix = _hasher().transform([[term] for term in terms])
    return {int(column): term for column, term in zip(matrix.indices, terms, strict=True)}


@cache
def stop_columns() -> Any:
    """The columns of scikit-learn's English stop words (a numpy array), left out of every vector."""
    import numpy as np
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return np.array(sorted(columns_of(word for word in ENGLISH_STOP_WORDS if _WORD.fullmatch(word))),
                    dtype=np.int32)
