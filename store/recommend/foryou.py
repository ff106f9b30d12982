""""For you": the papers still new, ranked by a model of the reader's decisions.

A logistic regression (scikit-learn's
:class:`~sklearn.linear_model.LogisticRegression`, classes weighed by their
size) is trained on the TF-IDF vectors (:mod:`store.recommend.vectors`) of the
papers the reader decided on, as arxiv-sanity-lite trains one per tag:

- for: papers queued, being read or read, and papers given a priority;
- against: papers skipped.

``for-you:TAG`` trains on one tag instead: for, the papers tagged TAG;
against, the other papers the reader decided on or tagged. Either way, with
fewer than :data:`MIN_EACH` papers of each kind there is nothing to learn
from: :attr:`ForYou.trained` is False and the order falls back to newest
first (publication date, then papers without one).

A paper's score is the model's decision value (its log-odds of being a
"for"); the terms named for it are the words whose weight times their value
in the paper's vector add most to the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from readlist.store.models import BLANK_STATE, ReaderState, Status
from readlist.store.recommend.vectors import Vectors, vectors_for

if TYPE_CHECKING:
    from readlist.store.library import Library

#: Fewest papers of each kind (for, against) the model is trained on.
MIN_EACH = 5
#: The sort order's name; ``for-you:TAG`` trains on a tag.
ORDER = "for-you"
#: Statuses that count for a paper (a priority does too).
FOR = frozenset({Status.TO_READ, Status.READING, Status.READ})
#: Terms named per paper.
REASONS = 5


def tag_of(order: str) -> str | None:
    """The tag of a ``for-you:TAG`` order (``None`` for plain ``for-you``)."""
    name = order.removeprefix("-")
    return name.split(":", 1)[1] if name.startswith(ORDER + ":") else None


def is_for_you(order: object) -> bool:
    """True for ``for-you`` and ``for-you:TAG`` (maybe ``-``-prefixed)."""
    if not isinstance(order, str):
        return False
    name = order.removeprefix("-")
    return name == ORDER or (name.startswith(ORDER + ":") and len(name) > len(ORDER) + 1)


def split(states: Mapping[str, ReaderState], tag: str | None = None) -> tuple[list[str], list[str]]:
    """The papers that count for and against (see the module docstring), each in the order given.

    Args:
        states: the reader's states, by paper id.
        tag: train on this tag instead of the decisions.
    """
    for_, against = [], []
    for paper_id, state in states.items():
        if tag is not None:
            if tag in state.tags:
                for_.append(paper_id)
            elif state.tags or state.status != Status.NEW:
                against.append(paper_id)
        elif state.status == Status.SKIPPED:
            against.append(paper_id)
        elif state.status in FOR or state.priority:
            for_.append(paper_id)
    return for_, against


@dataclass
class ForYou:
    """A trained (or untrainable) model of what the reader wants.

    Attributes:
        tag: the tag trained on, or ``None`` for the reader's decisions.
        positives: papers that counted for.
        negatives: papers that counted against.
        vectors: the vectors it was trained on and scores.
        coef: the model's weight per column (a numpy array), ``None`` when not trained.
        scores: the decision value of every row of ``vectors`` (numpy), ``None`` when not trained.
    """

    tag: str | None
    positives: int
    negatives: int
    vectors: Vectors | None = None
    coef: Any = None
    scores: Any = None

    @property
    def trained(self) -> bool:
        """True when there were enough decisions of each kind to train on."""
        return self.scores is not None

    def describe(self) -> str:
        """What it was trained on, or why it could not be, in one line."""
        what = f"tagged {self.tag}" if self.tag else "for"
        against = "not" if self.tag else "against"
        counts = f"{self.positives} {what}, {self.negatives} {against}"
        if self.trained:
            return f"trained on {counts}"
        return f"too few decisions to learn from ({counts}; {MIN_EACH} of each needed): newest first"

    def score(self, paper_id: str) -> float | None:
        """The paper's score (higher: more likely wanted), or ``None`` when not trained or unknown."""
        if self.scores is None or self.vectors is None or paper_id not in self.vectors.row_of:
            return None
        return float(self.scores[self.vectors.row_of[paper_id]])

    def reasons(self, paper_id: str, count: int = REASONS) -> tuple[str, ...]:
        """The words that add most to the paper's score, most first (``()`` when not trained)."""
        vectors = self.vectors
        if self.coef is None or vectors is None or paper_id not in vectors.row_of:
            return ()
        row = vectors.row(paper_id)
        contributions = row.data * self.coef[row.indices]
        names = vectors.words_by_column(paper_id)
        pairs = sorted(zip(contributions.tolist(), row.indices.tolist(), strict=True), reverse=True)
        return tuple(names[column] for value, column in pairs if value > 0 and column in names)[:count]


def train(library: Library, *, tag: str | None = None, vectors: Vectors | None = None,
          cancelled: Callable[[], bool] = lambda: False) -> ForYou | None:
    """Train the model on the reader's decisions (or on ``tag``) and score every paper.

    Builds the vectors first when none are given and the kept ones do not hold
    (:func:`store.recommend.vectors.vectors_for`). Changes nothing: safe in a worker thread.

    Returns:
        The model, or ``None`` when ``cancelled`` stopped the vectors' build.
    """
    states = dict(library.touched())
    for_, against = split({pid: s for pid, s in states.items() if pid in library}, tag)
    model = ForYou(tag, len(for_), len(against))
    if len(for_) < MIN_EACH or len(against) < MIN_EACH:
        return model
    vectors = vectors or vectors_for(library, cancelled=cancelled)
    if vectors is None:
        return None
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    row_of = vectors.row_of
    pairs = [(row_of[pid], 1) for pid in for_ if pid in row_of] + [(row_of[pid], 0) for pid in against
                                                                     if pid in row_of]
    rows, labels = [row for row, _ in pairs], np.array([label for _, label in pairs])
    # liblinear: its cost grows with the decisions and their words, not with the 2**18 columns (lbfgs's does)
    classifier = LogisticRegression(class_weight="balanced", C=10.0, solver="liblinear")
    classifier.fit(vectors.matrix[rows], labels)
    model.vectors = vectors
    model.coef = classifier.coef_.ravel().astype(np.float32)
    model.scores = vectors.matrix @ model.coef + np.float32(classifier.intercept_[0])
    return model


class ForYouKey:
    """The sort key of a ``for-you`` order (see :mod:`store.sorting`): papers still
    new (and, for ``for-you:TAG``, without the tag) first, by score (the key is
    minus the score; or newest first when the model is not trained: ``(0, date)``,
    ``(1,)`` without one), every other paper after them (no value).

    It reads each paper's status when called, so it stays right as the reader
    decides (``live``): a :class:`~store.sorting.Ranking` keeps it for its updates.

    Args:
        library: the library.
        model: the trained model.
        newest: the key of newest first (``store.sorting``'s date key).
    """

    live = True

    def __init__(self, library: Library, model: ForYou, newest: Callable[[str], Any]) -> None:
        self.library = library
        self.model = model
        self._newest = newest

    def __call__(self, paper_id: str) -> Any:
        state = self.library.touched().get(paper_id, BLANK_STATE)
        if state.status != Status.NEW or (self.model.tag is not None and self.model.tag in state.tags):
            return None
        if self.model.trained:
            score = self.model.score(paper_id)
            return math.inf if score is None else -score
        date = self._newest(paper_id)
        return (1,) if date is None else (0, date)

    def many(self, ids: list[str]) -> list[Any]:
        """The keys of ``ids``, as :meth:`__call__` gives them one by one (faster for a whole library)."""
        model, vectors = self.model, self.model.vectors
        if not model.trained or vectors is None:
            return [self(paper_id) for paper_id in ids]
        row_of, touched = vectors.row_of, self.library.touched()
        scores = (-model.scores).tolist()
        keys = [scores[row_of[pid]] if pid in row_of else math.inf for pid in ids]
        for at, paper_id in enumerate(ids):
            if paper_id in touched:
                keys[at] = self(paper_id)
        return keys
