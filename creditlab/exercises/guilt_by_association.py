"""Checks for ``exercises/ex-guilt-by-association.ipynb`` (Wei et al. 2016, network credit scoring).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..models import network_scoring as ns
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, percentage_hint,
    rounded_hint, unanswered,
)
from ._readings import check_readings as _check_readings

__all__ = [
    "check_factor",
    "check_posterior",
    "check_fragmentation",
    "check_claim",
    "check_readings",
    "EX3_DROP",
    "EX3_PARAMS",
    "EX3_SEED",
]

EX1_EPS, EX1_P1 = 0.1, 0.5
EX2 = {"y": +1, "n_low": 4, "n_high": 1, "epsilon": 0.2, "p1": 0.3}
EX3_DROP = np.round(np.linspace(0, 1, 11), 2)
EX3_PARAMS = ns.NetworkParams(n=20_000, meetings=10, epsilon=0.2, q_same=1.0, q_diff=0.3)
EX3_SEED = 11


def check_factor(answer) -> Feedback:
    """Exercise 1: the factor per low-rated friend at epsilon = 0.1, p1 = 0.5 (benchmark)."""
    if is_unanswered(answer):
        return unanswered("Set factor to a number: how much one friend with a low record multiplies the odds of being a low type.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"factor should be a single number (got {described(answer)}).")
    e, p1 = EX1_EPS, EX1_P1
    target = (e * p1 + 1 - e) / (e + (1 - e) * p1)
    if abs(value - target) < 1e-3:
        return correct(
            f"A = ({e} x {p1} + {1 - e:g}) / ({e} + {1 - e:g} x {p1}) = {target:.4f}. More reliable records (smaller epsilon) "
            "make each friend's record more telling, weaker homophily (larger p1) makes it less telling."
        )
    if abs(value - 1 / target) < 1e-3:
        return incorrect("That is 1/A, the factor for a friend with a HIGH record. A low-rated friend makes a low type more likely, so the factor is above 1.")
    if abs(value - ns.low_friend_factor(0.2, 1.0, 0.3)) < 1e-3:
        return incorrect("1.955 is the factor at the lab's values (epsilon = 0.2, p1 = 0.3). This exercise uses epsilon = 0.1 and p1 = 0.5.")
    if abs(value - (1 - e) / e) < 1e-3 or abs(value - e / (1 - e)) < 1e-3:
        return incorrect("That is the factor for a person's OWN record. The question asks about a friend's record: use A from Lemma 8 with q_s = 1 and q_d = p1.")
    hint = rounded_hint(value, target, 1e-3)
    if hint is not None:
        return hint
    if value <= 1:
        return incorrect("A friend with a low record is evidence that you are a low type, so the factor must be above 1.")
    return incorrect("Not quite. In the benchmark q_s = 1 and q_d = p1; put them into A = (eps q_d + (1 - eps) q_s) / (eps q_s + (1 - eps) q_d).")


def check_posterior(answer) -> Feedback:
    """Exercise 2: P(high) for a good record with 4 low-rated and 1 high-rated friend."""
    if is_unanswered(answer):
        return unanswered("Set p_high to the probability (a number between 0 and 1) that this person is a high type.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"p_high should be a single number (got {described(answer)}).")
    e, p1 = EX2["epsilon"], EX2["p1"]
    target = ns.posterior_high(EX2["y"], EX2["n_low"], EX2["n_high"], e, 1.0, p1)
    hint = percentage_hint(value, target)
    if hint is not None:
        return hint
    if not 0 <= value <= 1:
        return incorrect("p_high is a probability, so it lies between 0 and 1. Did you compute the odds instead? P = 1 / (1 + odds).")
    if abs(value - target) < 1e-3:
        return correct(
            f"P(high) = {target:.3f}. Three net low-rated friends (4 - 1) outweigh a good own record: the odds of a low "
            f"type are 0.25 x 1.955^3 = {0.25 * ns.low_friend_factor(e, 1.0, p1) ** 3:.2f}."
        )
    if abs(value - (1 - target)) < 1e-3:
        return incorrect("That is the probability of a LOW type. The lemma gives P(high) = 1 / (1 + odds of low).")
    if abs(value - ns.posterior_high(EX2["y"], EX2["n_low"], 0, e, 1.0, p1)) < 1e-3:
        return incorrect("Close: you left out the friend with a high record. Each high-rated friend divides the odds by A.")
    if abs(value - ns.posterior_high(-EX2["y"], EX2["n_low"], EX2["n_high"], e, 1.0, p1)) < 1e-3:
        return incorrect("The person's own record is GOOD (y = +1), which divides the odds of a low type by (1 - eps)/eps = 4.")
    hint = rounded_hint(value, target, 1e-3)
    if hint is not None:
        return hint
    return incorrect("Not quite. Odds of a low type = (eps/(1-eps))^y x A^L x A^(-H); then P(high) = 1 / (1 + odds).")


@lru_cache(maxsize=1)
def _ex3_reference() -> tuple[np.ndarray, np.ndarray]:
    run = ns.drop_sweep(EX3_DROP, EX3_PARAMS, basis="rating", seed=EX3_SEED)
    return EX3_DROP, run["largest_component"]


def check_fragmentation(answer) -> Feedback:
    """Exercise 3: the smallest d on the grid at which the largest group holds under 90% of people."""
    if is_unanswered(answer):
        return unanswered("Run the sweep as described, then set first_d to the first value of d on the grid where the largest group holds less than 90% of people.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"first_d should be a single number from the grid of d (got {described(answer)}).")
    drop, largest = _ex3_reference()
    first = int(np.flatnonzero(largest < 0.9)[0])
    if value < 0 or value > 1:
        return incorrect("d is a probability, between 0 and 1: give one of the values 0, 0.1, ..., 1.")
    matches = np.flatnonzero(np.isclose(drop, value, atol=1e-6))
    if matches.size == 0:
        if 0.5 <= value < 1 and np.any(np.isclose(largest, value, atol=5e-3)):
            return incorrect("That looks like a share of people, not a value of d. Give the d at which the share first drops below 0.9.")
        return incorrect("Give one of the values of d on the grid (0, 0.1, ..., 1), not an interpolated value.")
    k = int(matches[0])
    if k == first:
        return correct(
            f"At d = {drop[k]:.1f} the largest group holds {largest[k]:.1%} of people (at d = {drop[k - 1]:.1f}: "
            f"{largest[k - 1]:.1%}). The network holds together while a few ties go, then comes apart quickly."
        )
    if largest[k] >= 0.9:
        return incorrect(f"At d = {drop[k]:.1f} the largest group still holds {largest[k]:.1%} of people: look further along the grid.")
    return incorrect(f"At d = {drop[k]:.1f} the largest group is below 90% ({largest[k]:.1%}), but it already is at a smaller d: you want the first one.")


CLAIM_OPTIONS = {
    "A": "China's state social credit system lowers a person's score when they spend time with people who have low scores.",
    "B": "No government rule provides for scoring people by their friends; the claim traces to commentary on a private score, but private credit scoring has used and proposed social network data.",
    "C": "Scoring people by their friends has never been used or proposed anywhere; the mechanism is pure fiction.",
    "D": "Sesame Credit is the government's social credit score, so what Sesame does is what the state system does.",
}


def check_claim(answer) -> Feedback:
    """Exercise 4: which statement about "your friends lower your score" is accurate?"""
    if is_unanswered(answer):
        return unanswered("Set claim_answer to one letter, \"A\", \"B\", \"C\" or \"D\".")
    if not isinstance(answer, str) or answer.strip().upper() not in CLAIM_OPTIONS:
        return incorrect("Answer with one letter as a string: \"A\", \"B\", \"C\" or \"D\".")
    letter = answer.strip().upper()
    if letter == "B":
        return correct(
            "As a claim about the state system it is a myth; as a mechanism it is real in private credit scoring, "
            "which is why Wei et al. studied it. Keeping those two apart is the whole point."
        )
    hints = {
        "A": "That is the viral claim itself. Which government rule would provide for it? The lab's introduction says what the claim check found.",
        "C": "Too strong: Wei et al. wrote their model because of a growing practice of using social network data in credit scoring.",
        "D": "This is the conflation the claim check warns against: Sesame Credit is a private, commercial score, not the state system.",
    }
    return incorrect(hints[letter])


def check_readings(trust_deficit_argument, mass_line_argument) -> Feedback:
    """Exercise 5: one argument for each reading from the same run (form only; see the model answers)."""
    return _check_readings(
        trust_deficit_argument,
        mass_line_argument,
        topic="the network model",
        trust_words=("accura", "record", "lend", "trust", "incentive", "credit", "honest", "information"),
        mass_line_words=("friend", "exclu", "manag", "self", "police", "relationship", "isolat", "control", "participat"),
    )
