"""Checks for ``exercises/ex-errors-at-scale.ipynb`` (base rates, time on the list).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

import math
from functools import lru_cache

from .. import datasets
from ..models import listing_errors as le
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint,
    percentage_hint, rounded_hint, unanswered,
)
from ._readings import check_readings

__all__ = [
    "check_wrongful",
    "check_wrong_share",
    "check_time_wrong",
    "check_stock_share",
    "check_readings_errors",
    "scale_numbers",
    "EX_ALPHA",
    "EX_REGIME",
    "EX_NEW_WRONG",
]

EX_ALPHA = 2e-5
EX_REGIME = le.RemovalRegime(comply_rate=1.0, appeal_rate=1.5, appeal_success=0.6, max_term=2.0)
EX_NEW_WRONG = 0.02


@lru_cache(maxsize=1)
def scale_numbers() -> tuple[int, int]:
    """China's population at the end of 2024 and the new listings on the defaulter list in
    2024 (person-times), read from ``data/listing_scale.csv`` (records L001 and L002)."""
    data = datasets.load("listing_scale")
    return data.by_id("L001")["value"], data.by_id("L002")["value"]


def check_wrongful(answer) -> Feedback:
    """Exercise 1: wrongful listings from a false-positive rate of 2 in 100,000 of the whole population."""
    if is_unanswered(answer):
        return unanswered("Set wrongful to a number of people.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"wrongful should be one number (got {described(answer)}).")
    population, volume = scale_numbers()
    target = EX_ALPHA * population
    if abs(value - target) <= 0.002 * target:
        return correct(
            f"About {target:,.0f} people a year: a rate of two in a hundred thousand is tiny per person and large for a country."
        )
    if value > 0:
        power = math.log10(value / target)
        if round(power) != 0 and abs(power - round(power)) < 0.01:
            return incorrect("The digits are right but the size is off by a power of ten. 2e-5 is 0.00002.")
    if abs(value - EX_ALPHA * volume) < 1:
        return incorrect("You applied the rate to the people listed. A false-positive rate applies to the people screened who should not be listed.")
    hint = rounded_hint(value, target, 0.002 * target)
    if hint is not None:
        return hint
    return incorrect("Multiply the false-positive rate by the number of people screened.")


def _reference_share() -> float:
    population, volume = scale_numbers()
    return le.screen_from_volume(volume, population, EX_ALPHA).wrong_share


def check_wrong_share(answer) -> Feedback:
    """Exercise 2: the share of the 2024 listings that would be wrong."""
    if is_unanswered(answer):
        return unanswered("Set wrong_share to a share between 0 and 1 (not a percentage).")
    value = as_number(answer)
    if value is None:
        return incorrect(f"wrong_share should be one number (got {described(answer)}).")
    target = _reference_share()
    if abs(value - target) <= 0.005 * target:
        return correct(
            f"About {target:.2%} of those listed: roughly one in {1 / target:.0f}. With a national volume of listings, "
            "even this rate means tens of thousands of people."
        )
    # The positive predictive value (about 0.99) lies close to the percentage (about 1.1):
    # test it first, and detect a percentage only when it agrees with 100 * target.
    if abs(value - (1 - target)) <= 0.005:
        return incorrect("You found the share of the listed who are rightly listed (the positive predictive value). The question asks for the rest.")
    hint = percentage_hint(value, target)
    if hint is not None:
        return hint
    if abs(value - EX_ALPHA) < 1e-9:
        return incorrect("That is the false-positive rate itself. Divide the wrongful listings by all listings.")
    hint = rounded_hint(value, target, 0.005 * target)
    if hint is not None:
        return hint
    return incorrect("Divide the wrongful listings (exercise 1) by the number listed in the year.")


def check_time_wrong(answer) -> Feedback:
    """Exercise 3: expected years on the list for a wrongly listed person under EX_REGIME."""
    if is_unanswered(answer):
        return unanswered("Set t_wrong to a number of years.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"t_wrong should be one number (got {described(answer)}).")
    mu = EX_REGIME.exit_rate_wrong
    target = EX_REGIME.mean_time_wrong
    if abs(value - target) <= 5e-4:
        return correct(f"(1 - exp(-{mu:g} x 2)) / {mu:g} = {target:.4f} years: the cap at two years shortens the mean a little.")
    if abs(value - 1 / mu) <= 1e-4:
        return incorrect(f"1/{mu:g} ignores the two-year cap. The time on the list is the smaller of the exponential time and 2.")
    if abs(value - 1 / EX_REGIME.appeal_rate) <= 1e-4:
        return incorrect("Only 60% of objections succeed: the exit rate is appeal_rate times appeal_success.")
    if abs(value - EX_REGIME.max_term) <= 1e-4:
        return incorrect("2 years is the cap. Most wrong listings end earlier, when an objection succeeds.")
    if abs(value - EX_REGIME.mean_time_right) <= 1e-4:
        return incorrect("That is the time of a rightly listed person. A wrongly listed person leaves through objections.")
    hint = rounded_hint(value, target, 5e-4)
    if hint is not None:
        return hint
    if abs(value - target) <= 0.02 * target:
        return incorrect("Close: this looks simulated. Give the exact value from the formula (or regime.mean_time_wrong).")
    return incorrect("Use E[T] = (1 - exp(-mu L)) / mu with mu = appeal_rate x appeal_success and L = max_term.")


def check_stock_share(answer) -> Feedback:
    """Exercise 4: share of the people on the list who are wrongly listed (steady state)."""
    if is_unanswered(answer):
        return unanswered("Set stock_share to a share between 0 and 1.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"stock_share should be one number (got {described(answer)}).")
    target = le.stock_wrong_share(EX_NEW_WRONG, EX_REGIME)
    if abs(value - target) <= 1e-4:
        direction = "more" if target > EX_NEW_WRONG else "less"
        return correct(
            f"{target:.2%} of the list, {direction} than the {EX_NEW_WRONG:.0%} of new listings: what matters is how "
            "long each group stays, not only how many come in."
        )
    if abs(value - EX_NEW_WRONG) <= 1e-4:
        return incorrect("That is the share among new listings. On the list, each group counts in proportion to how long it stays.")
    hint = near_miss_hint(value, target, 1e-4, share=True)
    if hint is not None:
        return hint
    return incorrect("Weight each group by its mean time on the list: w T_wrong / (w T_wrong + (1 - w) T_right).")


def check_readings_errors(trust_deficit, mass_line) -> Feedback:
    """Exercise 5: one argument for each reading from the same run of the model."""
    return check_readings(trust_deficit, mass_line, topic="the listing model")
