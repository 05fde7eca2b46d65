"""Checks for ``exercises/ex-image-scoring.ipynb`` (image scoring, Nowak & Sigmund 1998).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..models import image_scoring as isc
from . import Feedback, as_number, correct, incorrect, is_unanswered, unanswered

__all__ = ["check_q_min", "check_crossing", "EX2_Q_VALUES", "EX2_PARAMS", "EX2_SEED", "EX2_REPLICATES"]

EX1_B, EX1_C = 3.0, 1.0

EX2_Q_VALUES = np.round(np.arange(0.0, 0.601, 0.05), 2)
EX2_PARAMS = isc.BinaryImageScoring(n=100, rounds=1000, b=1.0, c=0.3, initial_discriminators=0.95)
EX2_SEED = 1
EX2_REPLICATES = 100


def check_q_min(answer) -> Feedback:
    """Exercise 1: the smallest q at which discriminators resist defectors when b = 3, c = 1."""
    if is_unanswered(answer):
        return unanswered("Set q_min to a number: the smallest probability of knowing an image at which discriminators resist defectors.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"q_min should be a single number (got {type(answer).__name__}).")
    target = EX1_C / EX1_B
    if abs(value - target) < 1e-3:
        return correct(f"q must exceed c/b = {EX1_C:g}/{EX1_B:g} = {target:.3f}: with help worth three times its cost, a donor needs to know the recipient's image only a third of the time.")
    if abs(value - EX1_B / EX1_C) < 1e-3:
        return incorrect("You computed b/c. The condition compares q with the cost divided by the benefit, c/b.")
    if abs(value - (1 - target)) < 1e-3:
        return incorrect("Close: you found 1 - c/b. Start from b - c > b(1 - q) and solve for q.")
    if abs(value - 0.1) < 1e-3:
        return incorrect("0.1 is c/b for the lab's values (b = 1, c = 0.1). This exercise uses b = 3 and c = 1.")
    if not 0 <= value <= 1:
        return incorrect("q is a probability, so the answer lies between 0 and 1.")
    return incorrect("Not quite. A defector earns b(1 - q) and a discriminator b - c: set them equal and solve for q.")


@lru_cache(maxsize=1)
def _ex2_reference() -> tuple[np.ndarray, np.ndarray]:
    gap = isc.payoff_gap(EX2_Q_VALUES, EX2_PARAMS, replicates=EX2_REPLICATES, seed=EX2_SEED)
    return EX2_Q_VALUES, gap["gap_mean"]


def check_crossing(answer) -> Feedback:
    """Exercise 2: the first q on the grid at which the mean payoff gap is negative (c = 0.3)."""
    if is_unanswered(answer):
        return unanswered("Run payoff_gap as described, then set first_negative_q to the first q on the grid where the mean gap is below zero.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"first_negative_q should be a single number from q_values (got {type(answer).__name__}).")
    q_values, gaps = _ex2_reference()
    matches = np.flatnonzero(np.isclose(q_values, value, atol=1e-6))
    if matches.size == 0:
        return incorrect("Give one of the q values of the grid (0, 0.05, ..., 0.6), not an interpolated value.")
    k = int(matches[0])
    first = int(np.flatnonzero(gaps < 0)[0])
    q_star = isc.invasion_threshold_q(EX2_PARAMS.b, EX2_PARAMS.c, EX2_PARAMS.acts_per_player, defector_share=0.05)
    if k == first:
        return correct(
            f"The gap first turns negative at q = {q_values[k]:.2f}, a little above c/b = 0.3, close to "
            f"the lab's prediction q* = {q_star:.3f} for players who act about ten times."
        )
    if abs(value - 0.3) < 1e-6 and gaps[k] >= 0:
        return incorrect("0.3 is c/b, the threshold of the matrix. In the simulation the gap is still positive there: look a little further along the grid.")
    if gaps[k] >= 0:
        return incorrect(f"At q = {value:.2f} the mean gap is still positive ({gaps[k]:+.3f}): defectors still earn more there.")
    return incorrect(f"The gap is negative at q = {value:.2f}, but it is already negative at a smaller q on the grid: you want the first one.")
