"""The filter: free words matched fuzzily against a paper's text, best first.

Each word of the query must match somewhere in the paper (title, tags, note,
organisation or abstract). A word matches a field when it occurs in it, or,
for words of four letters or more, when rapidfuzz's ``partial_ratio`` (the
best-aligned substring's normalised Indel similarity, see
https://rapidfuzz.github.io/RapidFuzz/Usage/fuzz.html#partial-ratio) reaches
:data:`MATCH_CUTOFF`, so typos such as ``difusion`` still find *diffusion*.

Papers are ranked by the sum, over the words, of the best field score
weighted by the field's weight (a hit in the title counts more than one in the
abstract); ties keep library order.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from store.models import Entry

#: Lowest ``partial_ratio`` (0-100) that counts as a fuzzy match.
MATCH_CUTOFF = 80
#: Words shorter than this must match exactly (fuzzy matches of short words are noise).
MIN_FUZZY_LENGTH = 4
#: Field weights used for ranking.
WEIGHTS = {"title": 1.0, "tags": 0.9, "note": 0.8, "org": 0.7, "abstract": 0.6}


def query_words(text: str) -> list[str]:
    """The lower-cased words of a query."""
    return [word for word in text.casefold().split() if word]


def _fields(entry: Entry) -> tuple[tuple[str, float], ...]:
    return (
        (entry.title.casefold(), WEIGHTS["title"]),
        (" ".join(entry.tags), WEIGHTS["tags"]),
        (entry.note.casefold(), WEIGHTS["note"]),
        (entry.paper.org.casefold(), WEIGHTS["org"]),
        (entry.paper.abstract.casefold(), WEIGHTS["abstract"]),
    )


def word_score(word: str, text: str) -> float:
    """How well ``word`` (lower case) matches ``text`` (lower case), 0-100."""
    if not text:
        return 0.0
    if word in text:
        return 100.0
    if len(word) < MIN_FUZZY_LENGTH:
        return 0.0
    return fuzz.partial_ratio(word, text, score_cutoff=MATCH_CUTOFF)


def score(entry: Entry, words: list[str]) -> float:
    """The rank score of ``entry`` for ``words``; 0 when some word matches nowhere."""
    fields = _fields(entry)
    total = 0.0
    for word in words:
        best = max(word_score(word, text) * weight for text, weight in fields)
        if best <= 0:
            return 0.0
        total += best
    return total


def search(entries: Iterable[Entry], text: str) -> list[Entry]:
    """The entries matching the query ``text``, best first.

    Args:
        entries: the entries to filter, in library order.
        text: what the reader typed; blank means "everything".

    Returns:
        The matching entries; all of them, in the given order, for a blank query.
    """
    words = query_words(text)
    if not words:
        return list(entries)
    scored = [(s, i, e) for i, e in enumerate(entries) if (s := score(e, words)) > 0]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [entry for _, _, entry in scored]
