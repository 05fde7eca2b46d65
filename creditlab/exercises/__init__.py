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
from decimal import Decimal

import numpy as np

__all__ = [
    "Feedback",
    "is_unanswered",
    "as_number",
    "as_bool",
    "described",
    "agrees_when_rounded",
    "rounded_hint",
    "percentage_hint",
    "near_miss_hint",
    "correct",
    "incorrect",
    "unanswered",
]


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
    """The answer as a finite float, or ``None`` if it is not a single number.

    Text is not a number, even when it reads like one (``"0.333"``): a check should tell the
    student to drop the quotation marks rather than grade the text. Truth values (``True``,
    ``numpy.True_``) are not numbers either.
    """
    if isinstance(value, (bool, np.bool_, str, bytes)) or (isinstance(value, np.ndarray) and value.dtype.kind in "bSUO"):
        return None
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    try:  # numpy scalars and 0-d arrays
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def as_bool(value) -> bool | None:
    """The answer as ``True``/``False`` (a Python or numpy truth value), or ``None`` if it is not one.

    ``ci[0] < 0 < ci[1]`` on numpy numbers gives ``numpy.True_``, which a student rightly
    takes for True; a 0-d numpy array of booleans counts too.
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype == np.bool_:
        return bool(value)
    return None


def described(value) -> str:
    """What the student gave, for a hint that asks for a number: the type's name, and for text
    the advice to drop the quotation marks."""
    if isinstance(value, (str, bytes)):
        text = value if len(value) <= 20 else value[:17] + "..."
        return f"the text {text!r}; write the number without quotation marks"
    return type(value).__name__


def _written_digits(value: float) -> tuple[int, int]:
    """``(exponent, significant digits)`` of ``value`` as Python writes it: 0.107 -> (-3, 3),
    25.1 -> (-1, 3), 80.0 -> (1, 1)."""
    sign, digits, exponent = Decimal(repr(float(value))).normalize().as_tuple()
    return int(exponent), len(digits)


def agrees_when_rounded(value: float, target: float, *, rel: float = 0.1) -> bool:
    """True if ``value`` is ``target`` rounded to the digits ``value`` is written with.

    ``value`` must lie within half a unit of its own last digit from ``target`` (0.107 for
    0.10708, 0.5 for 0.4994, 25 for 25.078) and within ``rel`` of ``target`` (so that 0 is
    not "0.3 rounded"). This tells a rounded answer from a wrong one; it never makes an answer
    correct. A check tests its named mistakes first, so that an answer from a wrong method
    that happens to lie this close gets the method's hint, not this one.
    """
    try:
        value, target = float(value), float(target)
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(value) and math.isfinite(target)) or target == 0:
        return False
    exponent, _ = _written_digits(value)
    gap = abs(value - target)
    return gap <= rel * abs(target) and gap <= 0.5 * 10.0**exponent * (1 + 1e-9) + 1e-12 * abs(target)


def _significant_digits(target: float, tol: float) -> int:
    """Significant digits of ``target`` that bring a rounded copy within ``tol`` of it, and no
    more than ``target`` itself is written with (7.5% needs 2, not 9)."""
    decimals = math.ceil(-math.log10(2 * tol) - 1e-12)
    needed = max(2, decimals + math.floor(math.log10(abs(target))) + 1)
    return min(needed, max(2, _written_digits(target)[1]))


def rounded_hint(value, target, tol: float) -> Feedback | None:
    """The "looks rounded" hint for an answer that misses the tolerance ``tol`` of a correct
    answer but agrees with ``target`` to the digits it is written with; ``None`` otherwise.

    ``value`` and ``target`` are numbers, or sequences of numbers of the same length (all must
    agree). A check calls this after its exact-mistake hints and before any hint about the
    seed, the method or a simulated value, so that a student who copied a printed, rounded
    value is not sent to change a correct method.
    """
    values = [value] if isinstance(value, numbers.Real) else list(value)
    targets = [target] if isinstance(target, numbers.Real) else list(target)
    if not values or len(values) != len(targets):
        return None
    if not all(agrees_when_rounded(v, t) for v, t in zip(values, targets)):
        return None
    digits = max(_significant_digits(t, tol) for t in targets)
    what = "your values look" if len(values) > 1 else "your value looks"
    return incorrect(
        f"Close: {what} rounded. Give the unrounded result as your code computes it "
        f"(or at least {digits} significant digits)."
    )


def percentage_hint(value: float, target: float, what: str = "the share as a number between 0 and 1") -> Feedback | None:
    """The "looks like a percentage" hint if ``value`` is ``100 * target`` (to the digits it is
    written with) for a share ``target``; ``None`` otherwise. ``what`` says what to give instead."""
    if target == 0 or abs(value) <= abs(target) or not agrees_when_rounded(value, 100 * target):
        return None
    return incorrect(f"That looks like a percentage. Give {what} (divide by 100).")


def near_miss_hint(value: float, target: float, tol: float, *, share: bool = False, what: str | None = None) -> Feedback | None:
    """For a ``share`` (a number between 0 and 1), :func:`percentage_hint` (``what`` says what
    to give instead, as there); then :func:`rounded_hint`. ``None`` if neither applies. (A
    :class:`Feedback` that is not correct is falsy: test the result with ``is not None``.)"""
    if share:
        hint = percentage_hint(value, target) if what is None else percentage_hint(value, target, what)
        if hint is not None:
            return hint
    return rounded_hint(value, target, tol)
