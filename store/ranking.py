"""How matches are scored, and what a search returns.

A paper's score is the sum, over the query's text terms, of the best field
it matched in, weighted by the field (a hit in the title counts more than one
in the abstract) and by the match's quality (exact, or a typo's similarity).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Field weights. The source's keywords count less than the reader's own tags and note.
WEIGHTS = {"title": 1.0, "tags": 0.9, "note": 0.8, "keyword": 0.75, "org": 0.7, "author": 0.7, "abstract": 0.6}
#: The fields a free word is looked for in.
SEARCHED = tuple(WEIGHTS)
#: A fuzzy match counts this much of an exact one (times the similarity).
FUZZY_FACTOR = 0.8


@dataclass(frozen=True)
class Match:
    """A search result.

    Attributes:
        rows: row numbers of the search index, best first.
        scores: the rank score of each row that has one (from text terms).
        words: the words and typo variants that matched, for highlighting.
    """

    rows: list[int]
    scores: dict[int, float]
    words: frozenset[str] = frozenset()


def ranked(rows: set[int] | list[int], scores: dict[int, float]) -> list[int]:
    """``rows`` best score first; ties (and rows without a score) in row order."""
    ordered = sorted(rows)
    if not scores:
        return ordered
    if len(scores) >= len(ordered):
        if len(set(scores.values())) > 1:
            ordered.sort(key=scores.__getitem__, reverse=True)  # stable: ties keep row order
    else:
        ordered.sort(key=lambda row: scores.get(row, 0.0), reverse=True)
    return ordered
