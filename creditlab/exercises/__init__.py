"""Exercise checks that answer with a hint, and the student-copy tool.

A check function takes the student's answer and returns a :class:`Feedback`, which shows
as a short coloured box in Jupyter and in the book, and as plain text elsewhere. It never
raises on a wrong or missing answer: a student should read a hint, not a traceback.

Solutions are stripped from student copies by :mod:`creditlab.exercises.strip`; the
command ``python -m creditlab.exercises student-copy SRC OUT`` makes copies to hand out.
"""

from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass

__all__ = ["Feedback", "is_unanswered", "as_number", "correct", "incorrect", "unanswered"]


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``status`` is ``correct``, ``incorrect`` or ``unanswered``."""

    status: str
    message: str

    _LABELS = {"correct": "Correct.", "incorrect": "Not yet.", "unanswered": "Not answered yet."}

    def __bool__(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return f"{self._LABELS[self.status]} {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return (
            f'<div class="creditlab-feedback creditlab-feedback-{self.status}" role="status">'
            f"<strong>{self._LABELS[self.status]}</strong> {html.escape(self.message)}</div>"
        )

    def _repr_markdown_(self) -> str:
        return f"**{self._LABELS[self.status]}** {self.message}"


def correct(message: str) -> Feedback:
    return Feedback("correct", message)


def incorrect(message: str) -> Feedback:
    return Feedback("incorrect", message)


def unanswered(message: str = "Replace the ... in the starting cell with your answer and run it again.") -> Feedback:
    return Feedback("unanswered", message)


def is_unanswered(value) -> bool:
    """True for the placeholders a starting cell uses: ``...`` and ``None``."""
    return value is Ellipsis or value is None


def as_number(value) -> float | None:
    """The answer as a finite float, or ``None`` if it is not a single number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    try:  # numpy scalars and 0-d arrays
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
