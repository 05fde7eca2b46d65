"""Checks for ``exercises/ex-silence.ipynb`` (Granovetter 1978 thresholds; Kuran 1991 falsification).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..models import thresholds as th
from . import Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint, unanswered
from ._readings import check_readings as _check_readings

__all__ = [
    "check_cascade",
    "check_switch_on",
    "check_critical_pressure",
    "check_measured",
    "check_readings",
    "EX1_THRESHOLDS",
    "EX2_SIGMAS",
    "EX3_SOCIETY",
    "EX3_PRESSURES",
]

EX1_THRESHOLDS = [0, 1, 1, 3, 5, 5, 6, 7, 8, 9]
EX2_SIGMAS = np.round(np.arange(5, 15.001, 0.05), 2)
EX2_MEAN = 20.0
EX3_SOCIETY = th.Society(n=1000, private_opposition=0.5, mean=10, sigma=10)
EX3_PRESSURES = np.round(np.arange(0, 20.001, 0.5), 1)
EX4 = {"public": 0.02, "private": 0.5, "candour": 0.3}


def check_cascade(answer) -> Feedback:
    """Exercise 1: how many of the ten join?"""
    if is_unanswered(answer):
        return unanswered("Set joined to a whole number: how many of the ten people end up taking part.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"joined should be a whole number of people, between 0 and 10 (got {described(answer)}).")
    if value != int(value):
        return incorrect("joined should be a whole number of people, between 0 and 10.")
    value = int(value)
    target = th.cascade_size(np.array(EX1_THRESHOLDS, dtype=float))
    if value == target:
        return correct(
            f"{target} join: 1 (the instigator), then the two with threshold 1 (3 in all), then the one with threshold 3 "
            "(4 in all). The next threshold is 5, and only 4 have joined, so the cascade stops."
        )
    if value == 10:
        return incorrect("Not everyone joins. Count round by round: after each round, who has a threshold at most equal to the number already taking part?")
    if value in (1, 3):
        return incorrect(f"After {value} have joined, is there anyone whose threshold is at most {value} who has not joined yet?")
    if value == 6:
        return incorrect("The two people with threshold 5 need five others already taking part. How many have joined before them?")
    return incorrect("Not quite. Start with the person with threshold 0 and add, round by round, everyone whose threshold is at most the number already taking part.")


@lru_cache(maxsize=1)
def _ex2_reference() -> tuple[np.ndarray, np.ndarray]:
    run = th.sigma_sweep(EX2_SIGMAS, mean=EX2_MEAN, n=100, discretisation="quantile")
    return EX2_SIGMAS, run["final"][:, 0]


def check_switch_on(answer) -> Feedback:
    """Exercise 2: the smallest sigma on the grid at which more than half of a quantile crowd (mean 20) join."""
    if is_unanswered(answer):
        return unanswered("Run the sweep, then set sigma_star to the first sigma on the grid at which more than 50 of the 100 join.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"sigma_star should be a single number from the grid (got {described(answer)}).")
    sigmas, final = _ex2_reference()
    first = int(np.flatnonzero(final > 50)[0])
    if abs(value - 12.55) < 1e-6:
        return incorrect("12.55 is the switch-on for a mean threshold of 25, in the lab. Here the mean is 20: run the sweep with mean=20.")
    matches = np.flatnonzero(np.isclose(sigmas, value, atol=1e-6))
    if matches.size == 0:
        if 50 < value <= 100:
            return incorrect("That looks like a number of people. Give the value of sigma at which the crowd first tips.")
        return incorrect("Give one of the values of sigma on the grid (5, 5.05, ..., 15).")
    k = int(matches[0])
    if k == first:
        return correct(
            f"At sigma = {sigmas[k]:.2f}, {final[k]} join; at {sigmas[k - 1]:.2f} only {final[k - 1]}. A lower mean threshold "
            "needs less spread before the low end of the crowd sets off everyone else."
        )
    if final[k] <= 50:
        return incorrect(f"At sigma = {value:.2f} only {final[k]} join: look at larger sigma.")
    return incorrect(f"At sigma = {value:.2f} the crowd does tip ({final[k]} join), but it already tips at a smaller sigma: you want the first one.")


@lru_cache(maxsize=1)
def _ex3_reference() -> tuple[np.ndarray, np.ndarray]:
    public = th.public_opposition(EX3_SOCIETY, pressures=EX3_PRESSURES, discretisation="quantile")[0, :, 0]
    return EX3_PRESSURES, public


def check_critical_pressure(answer) -> Feedback:
    """Exercise 3: the smallest pressure on the grid at which public opposition falls below 10%."""
    if is_unanswered(answer):
        return unanswered("Compute public opposition on the grid of pressures, then set critical to the first pressure at which it is below 10%.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"critical should be a single number from the grid of pressures (got {described(answer)}).")
    pressures, public = _ex3_reference()
    first = int(np.flatnonzero(public < 0.1)[0])
    matches = np.flatnonzero(np.isclose(pressures, value, atol=1e-6))
    if matches.size == 0:
        if 0 <= value < 1:
            return incorrect("That looks like a share of people. Give the pressure (in percentage points) at which opposition goes quiet.")
        return incorrect("Give one of the pressures on the grid (0, 0.5, ..., 20).")
    k = int(matches[0])
    if k == first:
        return correct(
            f"At pressure {pressures[k]:.1f} public opposition is {public[k]:.1%}; at {pressures[k - 1]:.1f} it is {public[k - 1]:.0%}. "
            "With fewer private opponents than in the lab (50% instead of 60%), less pressure silences them."
        )
    if public[k] >= 0.1:
        return incorrect(f"At pressure {value:.1f} public opposition is still {public[k]:.0%}: look at larger pressures.")
    return incorrect(f"At pressure {value:.1f} opposition is already quiet ({public[k]:.1%}), but it is quiet at a smaller pressure too: you want the first one.")


def check_measured(answer) -> Feedback:
    """Exercise 4: the approval a survey measures (public 2%, private 50%, candour 0.3)."""
    if is_unanswered(answer):
        return unanswered("Set measured to the share (between 0 and 1) of respondents who say they approve.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"measured should be a single number (got {described(answer)}).")
    pub, priv, c = EX4["public"], EX4["private"], EX4["candour"]
    target = 1 - pub - c * (priv - pub)
    if abs(value - target) < 1e-3:
        return correct(
            f"1 - 0.02 - 0.3 x (0.5 - 0.02) = {target:.3f}: a survey reports {target:.0%} approval where only 50% approve "
            "in private, and 98% appear to in public."
        )
    if abs(value - (1 - pub)) < 1e-3:
        return incorrect("That is approval in public. In the survey, some of the silent opponents (a share equal to the candour) tell the truth.")
    if abs(value - (1 - priv)) < 1e-3:
        return incorrect("That is private approval: what a fully candid survey would measure. Here candour is only 0.3.")
    if abs(value - (1 - pub - c * priv)) < 1e-3:
        return incorrect("Close: candour applies to the SILENT opponents only (private minus public); the 2% who oppose in public say so anyway.")
    hint = near_miss_hint(value, target, 1e-3, share=True)
    if hint is not None:
        return hint
    if not 0 <= value <= 1:
        return incorrect("measured is a share, between 0 and 1.")
    return incorrect("Not quite. Measured approval = 1 - public opposition - candour x (private opposition - public opposition).")


def check_readings(trust_deficit_argument, mass_line_argument) -> Feedback:
    """Exercise 5: one argument for each reading from the same run (form only; see the model answers)."""
    return _check_readings(
        trust_deficit_argument,
        mass_line_argument,
        topic="the threshold model",
        trust_words=("approv", "support", "genuine", "trust", "survey", "benefit", "honest", "evidence"),
        mass_line_words=("pressure", "silen", "report", "manag", "falsif", "surveil", "consent", "control", "fear"),
    )
