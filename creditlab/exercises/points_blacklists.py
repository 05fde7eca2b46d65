"""Checks for ``exercises/ex-points-blacklists.ipynb`` (point catalogs and joint punishment).

Each check takes the student's answer and returns a :class:`~creditlab.exercises.Feedback`
with a hint; none raises on a wrong answer.
"""

from __future__ import annotations

from functools import lru_cache

from ..models import joint_punishment as jp
from ..models import points as pts
from . import (
    Feedback, as_number, correct, described, incorrect, is_unanswered, near_miss_hint,
    rounded_hint, unanswered,
)
from ._readings import check_two_readings

__all__ = [
    "check_balance",
    "check_irregular_lowest",
    "check_reach",
    "check_two_readings",
    "EX1_EVENTS",
    "EX2_SEED",
    "EX3_SEED",
]

#: Exercise 1: one resident's recorded events (Rongcheng catalog ids and counts).
EX1_EVENTS = {"RC-S10": 2, "RC-S03": 3, "RC-R01": 6}
EX2_SEED = 5
EX3_SEED = 49


@lru_cache(maxsize=1)
def _ledger():
    return pts.Ledger(1000, pts.load_catalog("rongcheng"), pts.load_bands("rongcheng"))


def check_balance(balance, band) -> Feedback:
    """Exercise 1: the balance and grade of one resident (start 1,000, Rongcheng catalog)."""
    if is_unanswered(balance) or is_unanswered(band):
        return unanswered("Set balance to a number and band to the grade's name, for example 'B'.")
    value = as_number(balance)
    if value is None:
        return incorrect(f"balance should be a single number (got {described(balance)}).")
    ledger = _ledger()
    cat = ledger.catalog
    target = ledger.start + sum(cat.points[cat.index(e)] * n for e, n in EX1_EVENTS.items())
    grade = ledger.bands.label_of([target])[0]
    if abs(value - target) > 1e-9:
        late, arrears, cleanup = (cat.points[cat.index(e)] * n for e, n in EX1_EVENTS.items())
        if abs(value - (target - 2 * cleanup)) < 1e-9:
            return incorrect("The clean-up is a reward: it adds points. Check its sign.")
        if abs(value - (ledger.start + late + cleanup + arrears / 3)) < 1e-9:
            return incorrect("Arrears cost points for every month they last: three months means three deductions.")
        if abs(value - (ledger.start - late - arrears + cleanup)) < 1e-9:
            return incorrect("Late fees and arrears are sanctions: they remove points.")
        return incorrect("Not quite. Add start + (points x count) for each event: two late fees, three months of arrears, six months of clean-up.")
    if str(band).strip().upper() != grade:
        return incorrect(f"The balance {target:.0f} is right. Now find its grade: the highest band whose cut-off it reaches.")
    return correct(f"{target:.0f} points, grade {grade}: the two late fees alone cost more than half a year of clean-ups earns.")


@lru_cache(maxsize=1)
def _ex2_reference():
    ledger = _ledger()
    population = pts.illustrative_population(n=10_000, years=2.0)
    heavier = pts.Ledger(ledger.start, ledger.catalog.with_points(RC_S10=-10), ledger.bands)
    run = pts.simulate(heavier, population, seed=EX2_SEED)
    base = pts.simulate(ledger, population, seed=EX2_SEED)
    g = [grp.name for grp in population.groups].index("irregular income")
    return (
        pts.band_shares(run)[g, -1],
        pts.lowest_band_composition(run)["irregular income"],
        pts.band_shares(base)[g, -1],
    )


def check_irregular_lowest(answer) -> Feedback:
    """Exercise 2: the share of irregular-income residents in the lowest grade when late fees cost 10."""
    if is_unanswered(answer):
        return unanswered("Set share to a number between 0 and 1.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"share should be a single number (got {described(answer)}).")
    target, composition, documented = _ex2_reference()
    if abs(value - target) < 1e-9:
        return correct(
            f"{target:.1%} of residents with an irregular income end in the lowest grade, against {documented:.1%} "
            "with the documented weight: halving one item's weight moves hundreds of people out of the bottom grade."
        )
    if abs(value - composition) < 1e-9:
        return incorrect("That is the share of the lowest grade who have an irregular income. The question asks the reverse: what share of the irregular-income group is in the lowest grade.")
    if abs(value - documented) < 1e-9:
        return incorrect("That is the result with the documented weight. Re-weight first: catalog.with_points(RC_S10=-10).")
    hint = near_miss_hint(value, target, 1e-9, share=True)
    if hint is not None:
        return hint
    return incorrect(f"Not the value we get. Use pts.illustrative_population(n=10_000, years=2.0) and seed={EX2_SEED}.")


@lru_cache(maxsize=1)
def _ex3_reference():
    net = jp.illustrative_networks(44, 55, 8, legal_basis_share=0.5, networks=1000, seed=EX3_SEED)
    return {s: jp.reach(net, jp.apply_2020_rules(net, s)) for s in (1, 2, 3)}


def check_reach(answer) -> Feedback:
    """Exercise 3: mean number of bodies still reached by a seriousness-2 listing after the 2020 rules."""
    if is_unanswered(answer):
        return unanswered("Set bodies to a number: the mean over the 1,000 networks.")
    value = as_number(answer)
    if value is None:
        return incorrect(f"bodies should be a single number (got {described(answer)}).")
    ref = _ex3_reference()
    target = float(ref[2].bodies.mean())
    if abs(value - target) < 1e-9:
        return correct(
            f"On average {target:.1f} of the 44 bodies still act, but only {ref[2].measures.mean():.1f} of the 55 "
            "measures: a body stays involved as long as one of its measures survives the filters."
        )
    if abs(value - 44) < 1e-9:
        return incorrect("44 is the reach before the 2020 rules. Apply jp.apply_2020_rules(networks, 2) and pass the mask to jp.reach.")
    if abs(value - float(ref[2].measures.mean())) < 1e-9:
        return incorrect("That is the mean number of measures. The question asks about bodies.")
    for s in (1, 3):
        if abs(value - float(ref[s].bodies.mean())) < 1e-9:
            return incorrect(f"That is the reach for seriousness {s}. The exercise asks for seriousness 2.")
    hint = rounded_hint(value, target, 1e-9)
    if hint is not None:
        return hint
    return incorrect(f"Not the value we get. Draw the networks with legal_basis_share=0.5, networks=1000, seed={EX3_SEED}.")
