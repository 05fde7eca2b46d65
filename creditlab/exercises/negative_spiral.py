"""Checks for ``exercises/ex-negative-spiral.ipynb`` (Liu et al. 2018 parameters, iterated).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from ..models import spiral as sp
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, percentage_hint,
    rounded_hint, unanswered,
)
from ._readings import check_readings

__all__ = ["check_breakeven", "check_time_with_fees", "check_best_repair", "check_readings_spiral", "EX2_MODEL", "EX2_START"]

EX1_GAIN, EX1_LOSS = 50, 200
EX2_MODEL = sp.SpiralModel(fee_penalty=0.1)
EX2_START = EX2_MODEL.threshold - EX2_MODEL.loss  # one default just at the threshold
EX3_KS = range(1, 7)


def check_breakeven(answer) -> Feedback:
    """Exercise 1: the repayment probability at which a +50 / -200 score has zero expected change."""
    if is_unanswered(answer):
        return unanswered("Set p_break to a number between 0 and 1.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"p_break should be one number (got {described(answer)}).")
    target = EX1_LOSS / (EX1_GAIN + EX1_LOSS)
    if abs(value - target) < 1e-6:
        return correct(
            f"200/(50 + 200) = {target:g}. A harsher penalty for default means a borrower must repay four times in "
            "five just to stand still."
        )
    if abs(value - EX1_GAIN / (EX1_GAIN + EX1_LOSS)) < 1e-6:
        return incorrect("You found gain/(gain + loss). Set 50 p - 200 (1 - p) = 0 and solve for p.")
    if abs(value - 2 / 3) < 1e-6:
        return incorrect("2/3 is the break-even for Liu et al.'s +75 / -150. This exercise uses +50 / -200.")
    if abs(value - EX1_GAIN / EX1_LOSS) < 1e-6 or abs(value - EX1_LOSS / EX1_GAIN) < 1e-6:
        return incorrect("The break-even is a probability: loss divided by the sum of gain and loss.")
    hint = percentage_hint(value, target)
    if hint is not None:
        return hint
    return incorrect("The expected change is 50 p - 200 (1 - p); find the p that makes it zero.")


def check_time_with_fees(answer) -> Feedback:
    """Exercise 2: mean periods to recover from one default below the threshold, with fees of 0.1."""
    if is_unanswered(answer):
        return unanswered("Set t_fee to the expected number of periods (a number).")
    value = as_number(answer)
    if value is None:
        return incorrect(f"t_fee should be one number (got {described(answer)}).")
    lo = EX2_MODEL.score_min
    target = float(sp.mean_recovery_time(EX2_MODEL)["periods"][EX2_START - lo])
    no_fee = float(sp.mean_recovery_time(sp.SpiralModel())["periods"][EX2_START - lo])
    from_floor = float(sp.mean_recovery_time(EX2_MODEL)["periods"][0])
    if abs(value - target) <= 1e-6 * target:
        return correct(
            f"About {target:.0f} periods, against {no_fee:.0f} without fees: the fee turns one default at the "
            "threshold into a long stay below it."
        )
    if abs(value - no_fee) <= 1e-6 * no_fee:
        return incorrect("That is the time without fees. Build the model with fee_penalty=0.1.")
    if abs(value - from_floor) <= 1e-6 * from_floor:
        return incorrect(f"That is the time from the bottom of the range (300). Start from {EX2_START}, one default below the threshold.")
    hint = rounded_hint(value, target, 1e-6 * target)
    if hint is not None:
        return hint
    if abs(value - target) <= 0.05 * target:
        return incorrect("Close: this looks simulated or rounded. Read the exact value from sp.mean_recovery_time.")
    return incorrect(
        f"Use sp.mean_recovery_time(model); its 'periods' array starts at score {lo}, so the score "
        f"{EX2_START} is at index {EX2_START - lo}."
    )


def _best_k() -> int:
    lo = sp.SpiralModel().score_min
    benchmark = float(sp.mean_recovery_time(sp.SpiralModel())["periods"][300 - lo])
    good = [k for k in EX3_KS if sp.mean_recovery_time(sp.SpiralModel(fee_penalty=0.1, repair_after=k))["periods"][300 - lo] < benchmark]
    return max(good)


def check_best_repair(answer) -> Feedback:
    """Exercise 3: the largest repair_after that brings recovery from 300 under the no-fee time."""
    if is_unanswered(answer):
        return unanswered("Set best_k to a whole number from 1 to 6.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"best_k should be a whole number of repayments, from 1 to 6 (got {described(answer)}).")
    if value != int(value):
        return incorrect("best_k should be a whole number of repayments, from 1 to 6.")
    if not min(EX3_KS) <= value <= max(EX3_KS):
        return incorrect(f"best_k is one of the values of repair_after you try, a whole number from 1 to 6 (got {value:g}).")
    k = int(value)
    target = _best_k()
    if k == target:
        return correct(
            f"With repair after {target} repayments in a row, someone at 300 recovers a little faster than without "
            f"fees; with {target + 1} the rule still helps but not that much, and from 4 on it never applies, because "
            "four climbs of 75 points reach the threshold first."
        )
    if k == 1:
        return incorrect("k = 1 does beat the no-fee time, but the question asks for the largest k that does.")
    if k > target:
        return incorrect(f"With repair_after={k} the mean time from 300 is still above the no-fee time. Try smaller values.")
    return incorrect("Loop over k = 1..6, compute the mean time from 300 for each, and keep the largest k below the no-fee time.")


def check_readings_spiral(trust_deficit, mass_line) -> Feedback:
    """Exercise 4: one argument for each reading from the same run of the spiral."""
    return check_readings(trust_deficit, mass_line, topic="the spiral")
