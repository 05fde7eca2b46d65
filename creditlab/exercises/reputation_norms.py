"""Checks for ``exercises/ex-reputation-norms.ipynb`` (assessment rules, public and private
reputation: Ohtsuki & Iwasa 2004; Uchida & Sasaki 2013).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

from ..models import norms as nm
from . import Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint, unanswered
from ._readings import check_reputation_readings as check_two_readings

__all__ = [
    "check_public_share", "check_public_share_with_slips", "check_private_agreement", "check_best_private_rule",
    "check_two_readings", "EX3_PARAMS", "EX3_SEED", "EX3_REPLICATES",
]

EX3_PARAMS = nm.ReputationParams(n=40, rounds=200, norm="stern judging", information="private", e2=0.1)
EX3_SEED = 5
EX3_REPLICATES = 3


def check_public_share(answer) -> Feedback:
    """Exercise 1: the share of good players under one public record, stern judging, e1 = 0, e2 = 0.1."""
    if is_unanswered(answer):
        return unanswered("Set g_public to a number between 0 and 1.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"g_public should be a single number (got {described(answer)}).")
    if abs(value - 0.9) < 1e-3:
        return correct("With one record and no execution errors, only the record keeper's own mistakes make anyone bad: g = 1 - e2 = 0.9.")
    if abs(value - 0.1) < 1e-3:
        return incorrect("0.1 is the share recorded as bad. The question asks for the share recorded as good.")
    if abs(value - 0.5) < 1e-3:
        return incorrect("1/2 is the result for private views. With one public record everyone agrees: who is made bad, and how often?")
    hint = near_miss_hint(value, 0.9, 1e-3, share=True)
    if hint is not None:
        return hint
    return incorrect("Not quite. Every discriminator helps good recipients and refuses bad ones, and stern judging calls both good; only an assessment error (probability e2) records a bad verdict.")


def check_public_share_with_slips(answer) -> Feedback:
    """Exercise 2: the same with execution errors, e1 = 0.1, e2 = 0.05."""
    if is_unanswered(answer):
        return unanswered("Set g_slips to a number between 0 and 1, rounded to three decimals or better.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"g_slips should be a single number (got {described(answer)}).")
    target = nm.public_good_share("stern judging", 0.1, 0.05)
    if abs(value - target) < 1e-3:
        return correct(f"g = (1 - e2) / (1 + e1 (1 - 2 e2)) = 0.95 / 1.09 = {target:.4f}: a failed help to a good recipient is judged bad, so slips cost reputation too.")
    if abs(value - 0.95) < 1e-3:
        return incorrect("0.95 ignores the execution errors: a donor who means to help a good recipient but fails is judged bad.")
    if abs(value - 0.85) < 1e-3:
        return incorrect("Close, but the errors do not simply add up: a slip only happens when the recipient is good, which itself depends on g. Solve g = e2 + (1 - 2 e2) (1 - e1 g).")
    if abs(value - 0.9) < 1e-3:
        return incorrect("0.9 is 1 - e1: it counts the slips but leaves out the assessment errors, and a slip only costs reputation when the recipient is good. Solve g = e2 + (1 - 2 e2) (1 - e1 g).")
    hint = near_miss_hint(value, target, 1e-3, share=True)
    if hint is not None:
        return hint
    return incorrect("Not quite. Write the chance of a good verdict as 1 - e1 g, add the assessment error: g = e2 + (1 - 2 e2)(1 - e1 g), and solve for g (or use nm.public_good_share).")


@lru_cache(maxsize=1)
def _ex3_reference() -> float:
    run = nm.simulate(EX3_PARAMS, replicates=EX3_REPLICATES, seed=EX3_SEED)
    return float(run.tail_mean("agreement").mean())


def check_private_agreement(answer) -> Feedback:
    """Exercise 3: the share of observers who agree (last half of the run, mean over populations)."""
    if is_unanswered(answer):
        return unanswered("Run the simulation as described, then set agreement to run.tail_mean('agreement').mean().")
    value = as_number(answer)
    if value is None:
        return incorrect(f"agreement should be a single number (got {described(answer)}).")
    target = _ex3_reference()
    if abs(value - target) < 1e-6:
        return correct(f"Observers agree about a player {target:.2f} of the time: no better than two coin tosses. Private judging under stern judging leaves no shared reputation.")
    if abs(value - 1.0) < 1e-6:
        return incorrect("Agreement is exactly 1 with a public record. Did you set information='private'?")
    hint = near_miss_hint(value, target, 1e-6, share=True)
    if hint is not None:
        return hint
    if 0.45 < value < 0.55:
        return incorrect("You are in the right range, but not on the reference value: use the given parameters, replicates=3 and seed=5, and the tail mean of 'agreement'.")
    return incorrect("Not quite. Use nm.simulate(params, replicates=3, seed=5) with the parameters in the starting cell, then run.tail_mean('agreement').mean().")


def check_best_private_rule(answer) -> Feedback:
    """Exercise 4: which rule keeps the most players good with private views."""
    if is_unanswered(answer):
        return unanswered("Set best_rule to one of the names in nm.NORMS, as a string.")
    if not isinstance(answer, str):
        return incorrect("best_rule should be the name of a rule, as a string, for example 'stern judging'.")
    name = answer.strip().lower()
    if name not in nm.NORMS:
        return incorrect(f"Give one of: {', '.join(nm.NORMS)}.")
    if name == "simple standing":
        return correct("Simple standing judges any help as good, so a disagreement about a recipient does not spread to the donors who help it: views stay close.")
    if name == "image scoring":
        return incorrect("Image scoring keeps observers in agreement, but look at the share seen as good: it is lower than for another rule.")
    return incorrect(f"Under {name} the share seen as good falls with private views. Compare the 'good' column for all four rules.")
