"""Checks for ``exercises/ex-runaway-feedback.ipynb`` (the inspection urn, Ensign et al. 2018).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

import math

from ..models import urn
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint, unanswered,
)
from ._readings import check_readings

__all__ = ["check_sd_limit", "check_corrected_share", "check_reports_limit", "check_readings_urn", "EX3_PARAMS"]

EX2_RATES = (0.3, 0.1)
EX3_PARAMS = urn.InspectionUrn(rate_a=0.6, rate_b=0.4, report_a=0.4, report_b=0.4)


def check_sd_limit(answer) -> Feedback:
    """Exercise 1: the standard deviation of the limiting share, equal rates, one record each."""
    if is_unanswered(answer):
        return unanswered("Set sd_limit to a number: the standard deviation of the uniform distribution on [0, 1].")
    value = as_number(answer)
    if value is None:
        return incorrect(f"sd_limit should be one number (got {described(answer)}).")
    target = 1 / math.sqrt(12)
    if abs(value - target) < 1e-3:
        return correct(
            f"1/sqrt(12) = {target:.4f}. A record with equal true rates is as likely to end at 0.1 as at 0.5: "
            "the spread is that of a uniform distribution."
        )
    if abs(value - 1 / 12) < 1e-3:
        return incorrect("1/12 is the variance of the uniform distribution. The standard deviation is its square root.")
    if abs(value - 0.5) < 1e-3:
        return incorrect("0.5 is the mean of the limit (and the truth). The question asks how widely records spread around it.")
    hint = near_miss_hint(value, target, 1e-3, share=True, what="the standard deviation of the share itself, on its scale from 0 to 1")
    if hint is not None:
        return hint
    if abs(value - target) < 0.01:
        return incorrect(
            f"Close: {value:.4f} looks like a simulated value. Give the exact value of the limit, which you can write as a formula."
        )
    return incorrect("With one record each the limit is uniform on [0, 1]; use the variance of a uniform distribution.")


def check_corrected_share(answer) -> Feedback:
    """Exercise 2: where the corrected record settles for rates 0.3 and 0.1."""
    if is_unanswered(answer):
        return unanswered("Set corrected_share to the share of the record that the corrected urn converges to.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"corrected_share should be one number (got {described(answer)}).")
    a, b = EX2_RATES
    target = a / (a + b)
    if abs(value - target) < 1e-3:
        return correct(f"{a}/({a} + {b}) = {target:.2f}: with the correction the record learns the true ratio of the rates.")
    if abs(value - 1.0) < 1e-3:
        return incorrect("1 is where the uncorrected record runs away to. The correction is switched on here.")
    if abs(value - 0.5) < 1e-3:
        return incorrect("0.5 would mean the two districts are alike. Their rates are 0.3 and 0.1.")
    if abs(value - a) < 1e-3 or abs(value - a / b) < 1e-3:
        return incorrect("The answer is a share of the record, between 0 and 1: the rate of A divided by the sum of both rates.")
    hint = near_miss_hint(value, target, 1e-3, share=True)
    if hint is not None:
        return hint
    if abs(value - target) < 0.02:
        return incorrect(f"Close, {value:.3f} looks simulated. Give the exact limit; urn.corrected_limit computes it.")
    return incorrect("Use urn.stable_limits on an InspectionUrn with correction=True, or the formula from the lab.")


def check_reports_limit(answer) -> Feedback:
    """Exercise 3: the stable share with discoveries 0.6/0.4 and reports 0.4/0.4."""
    if is_unanswered(answer):
        return unanswered("Set reports_limit to the stable share of the record (a number between 0 and 1).")
    value = as_number(answer)
    if value is None:
        return incorrect(f"reports_limit should be one number (got {described(answer)}).")
    target = float(urn.stable_limits(EX3_PARAMS)[0])
    if abs(value - target) < 1e-3:
        return correct(
            f"{target:.4f} = (sqrt(17) - 3)/2: closer to the truth (0.6) than with weaker reports (0.618 in the lab), "
            "but the bias is still there."
        )
    if abs(value - (math.sqrt(5) - 1) / 2) < 1e-3:
        return incorrect("0.618 is the lab's case with reports of 0.2. Here the reports are 0.4 each: recompute the matrix.")
    if abs(value - 0.6) < 1e-3:
        return incorrect("0.6 is the truth. Reports attenuate the bias but do not remove it: the limit lies above 0.6.")
    if abs(value - 1.0) < 1e-3:
        return incorrect("1 is the limit without reports. With reports every district keeps gaining records.")
    hint = near_miss_hint(value, target, 1e-3, share=True)
    if hint is not None:
        return hint
    if abs(value - target) < 0.02:
        return incorrect(f"Close, {value:.3f} looks simulated or rounded. Solve the quadratic exactly (urn.fixed_point_roots).")
    return incorrect(
        "Build the matrix a = d_A + r_A, b = r_B, c = r_A, d = d_B + r_B and take the root in [0, 1] of "
        "(c + d - a - b) x^2 + (a - 2c - d) x + c = 0."
    )


def check_readings_urn(trust_deficit, mass_line) -> Feedback:
    """Exercise 4: one argument for each reading from the same run of the urn."""
    return check_readings(trust_deficit, mass_line, topic="the inspection urn")
