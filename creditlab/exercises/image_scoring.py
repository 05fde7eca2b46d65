"""Checks for ``exercises/ex-image-scoring.ipynb`` (image scoring, Nowak & Sigmund 1998).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..models import image_scoring as isc
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint,
    rounded_hint, unanswered,
)
from ._readings import check_reputation_readings as check_two_readings

__all__ = [
    "check_q_min", "check_crossing", "check_share_k0", "check_sighting_probability", "check_two_readings",
    "EX2_Q_VALUES", "EX2_PARAMS", "EX2_SEED", "EX2_REPLICATES", "EX3_PARAMS", "EX3_SEED", "EX3_REPLICATES",
]

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
        return incorrect(f"q_min should be a single number (got {described(answer)}).")
    target = EX1_C / EX1_B
    if abs(value - target) < 1e-3:
        return correct(f"q must exceed c/b = {EX1_C:g}/{EX1_B:g} = {target:.3f}: with help worth three times its cost, a donor needs to know the recipient's image only a third of the time.")
    if abs(value - EX1_B / EX1_C) < 1e-3:
        return incorrect("You computed b/c. The condition compares q with the cost divided by the benefit, c/b.")
    if abs(value - (1 - target)) < 1e-3:
        return incorrect("Close: you found 1 - c/b. Start from b - c > b(1 - q) and solve for q.")
    if abs(value - 0.1) < 1e-3:
        return incorrect("0.1 is c/b for the lab's values (b = 1, c = 0.1). This exercise uses b = 3 and c = 1.")
    hint = near_miss_hint(value, target, 1e-3, share=True)
    if hint is not None:
        return hint
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
        return incorrect(f"first_negative_q should be a single number from q_values (got {described(answer)}).")
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


# --- Exercises 3 to 5: the full model --------------------------------------------------------

EX3_PARAMS = isc.ImageScoringGame(n=100, rounds=125, b=1.0, c=0.1, generations=150)
EX3_SEED = 3
EX3_REPLICATES = 40


@lru_cache(maxsize=1)
def _ex3_reference() -> dict[str, float]:
    run = isc.simulate_game(EX3_PARAMS, replicates=EX3_REPLICATES, seed=EX3_SEED)
    ends = run.final_state()
    return {label: float(np.mean(ends == label)) for label in ("k=0 fixed", "k<=0 only", "defectors only", "mixed")}


def check_share_k0(answer) -> Feedback:
    """Exercise 3: the share of the 40 runs of Fig. 1's set-up that end with k = 0 fixed."""
    if is_unanswered(answer):
        return unanswered("Run the 40 populations as described, then set share_k0 to the share (between 0 and 1) that end with k = 0 fixed.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"share_k0 should be a single number between 0 and 1 (got {described(answer)}).")
    ref = _ex3_reference()
    target = ref["k=0 fixed"]
    if abs(value - target) < 1e-9:
        return correct(
            f"{target:.1%} of the runs end with k = 0 fixed, while {ref['defectors only']:.1%} end with defectors only. "
            "The paper's Fig. 1 shows one history among several; a single run cannot tell you which is typical."
        )
    if abs(value - target * EX3_REPLICATES) < 1e-9:
        return incorrect("That is the number of runs; the question asks for the share, the number divided by 40.")
    if abs(value - (ref["k=0 fixed"] + ref["k<=0 only"])) < 1e-9:
        return incorrect("That share counts every run that ends cooperative. Count only the runs labelled 'k=0 fixed'.")
    if abs(value - ref["defectors only"]) < 1e-9:
        return incorrect("That is the share of runs won by defectors. The question asks for 'k=0 fixed'.")
    hint = near_miss_hint(value, target, 1e-9, share=True)
    if hint is not None:
        return hint
    if not 0 <= value <= 1:
        return incorrect("A share lies between 0 and 1.")
    return incorrect("Not quite. Use run.final_state() and compute np.mean(ends == 'k=0 fixed') with the given seed and sizes.")


FIG3_SIZES = (20, 50, 100)


def _has_text(answer) -> bool:
    """True if the answer is, or holds, text: numpy would read "0.56" as a number."""
    if isinstance(answer, (str, bytes)):
        return True
    if isinstance(answer, np.ndarray):
        return answer.dtype.kind in "SU" or (answer.dtype.kind == "O" and any(_has_text(a) for a in answer.ravel()))
    if isinstance(answer, (list, tuple)):
        return any(_has_text(a) for a in answer)
    return False


def check_sighting_probability(answer) -> Feedback:
    """Exercise 4: the chance that one bystander sees one act, for n = 20, 50, 100."""
    if is_unanswered(answer):
        return unanswered("Set p_see to a list of three numbers, one for each of n = 20, 50 and 100.")
    if _has_text(answer):
        return incorrect("p_see should be a list of three numbers, written without quotation marks.")
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        return incorrect("p_see should be a list of three numbers.")
    if values.size != 3 or not np.all(np.isfinite(values)):
        return incorrect("p_see should hold exactly three numbers, for n = 20, 50 and 100.")
    target = np.array([10 / (n - 2) for n in FIG3_SIZES])
    if np.allclose(values, target, atol=1e-3):
        return correct(
            "A bystander sees about 56% of the acts in a group of 20, 21% in a group of 50 and 10% in a group of 100. "
            "In the large group a donor has usually seen nothing of its recipient and reads 0: this is why cooperation fades in Fig. 3."
        )
    if np.allclose(values, [10 / n for n in FIG3_SIZES], atol=1e-3):
        return incorrect("Close: the donor and the recipient are not bystanders, so the ten observers are spread over n - 2 players, not n.")
    if np.allclose(values, [10 / (n - 1) for n in FIG3_SIZES], atol=1e-3):
        return incorrect("Close: leave out both the donor and the recipient, so divide by n - 2.")
    hint = rounded_hint(values, target, 1e-3)
    if hint is not None:
        return hint
    if np.any(values > 1) or np.any(values < 0):
        return incorrect("These are probabilities, so each lies between 0 and 1. Divide the mean number of observers by the number of bystanders.")
    return incorrect("Not quite. On average 10 of the n - 2 bystanders see an act; each sees it with the same probability.")
