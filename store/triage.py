"""A triage session: going through a batch of papers, one decision each.

The session is plain data (papers, position, decisions) kept in the
library's settings after every step, so triage resumes where it stopped,
also after a restart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

#: Name of the library setting holding the unfinished session.
SETTING = "triage"


@dataclass
class TriageSession:
    """Papers to triage and what was decided.

    Attributes:
        ids: the papers, in the order they are shown.
        position: index of the paper shown now; ``len(ids)`` once done.
        decisions: paper id -> what was decided (``"to-read"``, ``"skipped"``,
            ``"read"``, ``"to-read P1"`` ...).
    """

    ids: list[str]
    position: int = 0
    decisions: dict[str, str] = field(default_factory=dict)

    @property
    def current(self) -> str | None:
        """The paper shown now, or ``None`` when the session is over."""
        return self.ids[self.position] if self.position < len(self.ids) else None

    @property
    def done(self) -> bool:
        """True when every paper has been shown."""
        return self.position >= len(self.ids)

    def decide(self, decision: str) -> None:
        """Record a decision on the current paper and go to the next one."""
        if self.current is not None:
            self.decisions[self.current] = decision
            self.position += 1

    def forward(self) -> None:
        """Go to the next paper without deciding."""
        self.position = min(self.position + 1, len(self.ids))

    def back(self) -> None:
        """Go back to the previous paper."""
        self.position = max(self.position - 1, 0)

    def revisit(self, paper_id: str) -> None:
        """Go back to ``paper_id`` and forget its decision (after an undo)."""
        if paper_id in self.ids:
            self.decisions.pop(paper_id, None)
            self.position = self.ids.index(paper_id)

    def summary(self) -> Counter[str]:
        """How many papers got each decision, plus ``undecided``."""
        counts = Counter(self.decisions.get(pid, "undecided") for pid in self.ids)
        return counts

    def to_setting(self) -> dict[str, Any]:
        """The session as JSON-ready data for :meth:`Library.set_setting`."""
        return {"ids": self.ids, "position": self.position, "decisions": self.decisions}

    @classmethod
    def from_setting(cls, value: Any, known: set[str] | dict) -> TriageSession | None:
        """A stored session, without papers no longer in the library; ``None``
        when there is none or it is unreadable."""
        if not isinstance(value, dict) or not isinstance(value.get("ids"), list):
            return None
        ids = [pid for pid in value["ids"] if isinstance(pid, str) and pid in known]
        stored = value.get("decisions")
        stored = stored if isinstance(stored, dict) else {}
        decisions = {k: v for k, v in stored.items() if k in ids and isinstance(v, str)}
        position = value.get("position", 0)
        if not isinstance(position, int):
            position = 0
        return cls(ids, max(0, min(position, len(ids))), decisions)
