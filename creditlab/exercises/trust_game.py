"""Checks for ``exercises/ex-trust-game.ipynb`` (the trust game of Berg, Dickhaut & McCabe 1995).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

from ..models import trust_game as tg
from . import (
    Feedback, as_bool, as_number, correct, described, incorrect, is_unanswered, near_miss_hint,
    rounded_hint, unanswered,
)
from ._readings import check_two_readings

__all__ = [
    "check_mean_returned",
    "check_profit_gain",
    "check_bootstrap",
    "check_excluded",
    "check_two_readings",
    "EX3_SEED",
    "EX3_N_BOOT",
    "EX4_SEED",
    "EX4_ERROR",
]

EX3_SEED, EX3_N_BOOT = 7, 10_000
EX4_SEED, EX4_ERROR = 11, 0.2


@lru_cache(maxsize=1)
def _stats():
    return tg.summary(tg.load_berg1995())


def _close(a: float, b: float, tol: float) -> bool:
    return abs(a - b) <= tol


def check_mean_returned(answer) -> Feedback:
    """Exercise 1: the mean amount returned in the social-history treatment, in dollars."""
    if is_unanswered(answer):
        return unanswered("Set mean_returned to a number: the average dollars returned by the 28 social-history receivers.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"mean_returned should be a single number (got {described(answer)}).")
    s = _stats()
    target = s["social-history"]["mean_returned"]
    if _close(value, target, 0.006):
        return correct(f"{target:.4f} dollars, which rounds to the published 6.46: 181 dollars returned by 28 receivers.")
    if _close(value, s["no-history"]["mean_returned"], 0.006):
        return incorrect("That is the mean of the no-history treatment. Select the social-history pairs.")
    if _close(value, 181, 0.5):
        return incorrect("That is the total returned. Divide by the number of pairs.")
    if _close(value, s["social-history"]["mean_sent"], 0.006):
        return incorrect("That is the mean amount sent. The question asks about the amount returned.")
    if _close(value, s["social-history"]["return_ratio"], 0.01):
        return incorrect("That is the return ratio (returned per dollar that arrived). The question asks for dollars returned.")
    hint = rounded_hint(value, target, 0.006)
    if hint is not None:
        return hint
    return incorrect("Not quite. Use data.select('social-history').returned and take its mean.")


def check_profit_gain(answer) -> Feedback:
    """Exercise 2: how much more senders earned with social history (10 - sent + returned)."""
    if is_unanswered(answer):
        return unanswered("Set gain to a number: mean sender payoff with social history minus without.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"gain should be a single number (got {described(answer)}).")
    s = _stats()
    with_h, without = s["social-history"]["mean_sender_payoff"], s["no-history"]["mean_sender_payoff"]
    target = with_h - without
    if _close(value, target, 0.01):
        return correct(
            f"Senders earned {target:.2f} dollars more on average ({with_h:.2f} against {without:.2f}): "
            "the extra returns, less the little extra they sent."
        )
    if _close(value, -target, 0.01):
        return incorrect("The sign is reversed: subtract the no-history mean from the social-history mean.")
    diff_returned = s["social-history"]["mean_returned"] - s["no-history"]["mean_returned"]
    if _close(value, diff_returned, 0.01):
        return incorrect("That is the difference in amounts returned. A sender's payoff also loses what was sent: 10 - sent + returned.")
    if _close(value, with_h, 0.01) or _close(value, without, 0.01):
        return incorrect("That is one treatment's mean payoff. The question asks for the difference between the two.")
    hint = rounded_hint(value, target, 0.01)
    if hint is not None:
        return hint
    return incorrect("Not quite. Compute 10 - sent + returned for every pair, average it by treatment, and subtract.")


@lru_cache(maxsize=1)
def _ex3_reference():
    d = tg.load_berg1995()
    ratio = tg.bootstrap_difference(d, "return_ratio", n_boot=EX3_N_BOOT, seed=EX3_SEED)
    returned = tg.bootstrap_difference(d, "returned", n_boot=EX3_N_BOOT, seed=EX3_SEED)
    return ratio, returned


def check_bootstrap(ci, includes_zero) -> Feedback:
    """Exercise 3: the 95% interval of the return-ratio difference (seed 7), and whether it includes 0."""
    if is_unanswered(ci) or is_unanswered(includes_zero):
        return unanswered("Set ci to the pair (low, high) and includes_zero to True or False.")
    try:
        low, high = (as_number(x) for x in ci)
    except (TypeError, ValueError):
        low = high = None
    if low is None or high is None:
        return incorrect(
            "ci should be a pair of numbers, (low, high), taken from the bootstrap's ci_low and ci_high "
            "(numbers, not text in quotation marks)."
        )
    includes_zero = as_bool(includes_zero)
    if includes_zero is None:
        return incorrect("includes_zero should be True or False.")
    ref, returned = _ex3_reference()
    if low > high:
        return incorrect("The pair is reversed: give (low, high).")
    if _close(low, returned["ci_low"], 1e-9) and _close(high, returned["ci_high"], 1e-9):
        return incorrect("That interval is for the dollars returned. The exercise asks for statistic='return_ratio'.")
    if not (_close(low, ref["ci_low"], 1e-9) and _close(high, ref["ci_high"], 1e-9)):
        hint = rounded_hint((low, high), (ref["ci_low"], ref["ci_high"]), 1e-9)
        if hint is not None:
            return hint
        if _close(low, ref["ci_low"], 0.03) and _close(high, ref["ci_high"], 0.03):
            return incorrect(f"Close: the interval moves a little with the seed. Use seed={EX3_SEED} and n_boot={EX3_N_BOOT}.")
        return incorrect("Not the interval we get. Call tg.bootstrap_difference(data, 'return_ratio', n_boot=10_000, seed=7).")
    truth = ref["ci_low"] < 0 < ref["ci_high"]
    if includes_zero != truth:
        return incorrect("The interval is right; look again at whether zero lies between its ends.")
    return correct(
        f"The 95% interval [{low:+.3f}, {high:+.3f}] includes zero: receivers returned a larger share of what arrived "
        "after the report, but samples of 28 and 32 pairs cannot rule out no effect."
    )


@lru_cache(maxsize=1)
def _ex4_reference():
    fr = tg.return_fractions(tg.load_berg1995())
    return tg.record_policy(fr, record_error=EX4_ERROR, seed=EX4_SEED)


def check_excluded(answer) -> Feedback:
    """Exercise 4: the share of reciprocators sent nothing when 20% of records are wrong (seed 11)."""
    if is_unanswered(answer):
        return unanswered("Set excluded to a number between 0 and 1.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"excluded should be a single number (got {described(answer)}).")
    res = _ex4_reference()
    target = res.share_reciprocators_excluded["record"]
    if _close(value, target, 1e-6):
        return correct(
            f"About {target:.1%} of the receivers who do reciprocate are sent nothing, because their record shows "
            "someone else's past. The errors of a record fall on people who did nothing wrong."
        )
    if _close(value, 0.0, 1e-9):
        return incorrect("With record_error=0 nobody who reciprocates is excluded. Set record_error=0.2.")
    if _close(value, res.share_trusted["record"], 1e-6) or _close(value, 1 - res.share_trusted["record"], 1e-6):
        return incorrect("That is about all receivers. The question asks about reciprocators only: share_reciprocators_excluded.")
    hint = near_miss_hint(value, target, 1e-6, share=True)
    if hint is not None:
        return hint
    if value > 1 or value < 0:
        return incorrect("A share lies between 0 and 1.")
    return incorrect(f"Not the value we get. Use tg.record_policy(fractions, record_error=0.2, seed={EX4_SEED}).")
