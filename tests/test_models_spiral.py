"""The negative spiral (Liu et al. 2018 parameters, iterated): exact results, simulation, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import spiral as sp

# --- Published parameters and closed forms ----------------------------------------------------------


def test_liu_parameters_and_the_two_thirds_breakeven():
    assert (sp.GAIN, sp.LOSS) == (75, 150)
    assert sp.breakeven_probability() == pytest.approx(2 / 3, abs=1e-15)
    assert sp.expected_change(2 / 3) == pytest.approx(0.0, abs=1e-12)
    assert sp.expected_change(1.0) == 75 and sp.expected_change(0.0) == -150
    assert np.allclose(sp.expected_change([0.2, 0.9]), [225 * 0.2 - 150, 225 * 0.9 - 150])


def test_lender_breakeven_for_liu_utility_ratios():
    assert sp.lender_breakeven(4) == pytest.approx(0.8)
    assert sp.lender_breakeven(10) == pytest.approx(10 / 11)


def test_default_threshold_is_the_lenders_profit_threshold():
    m = sp.SpiralModel()
    assert sp.lender_threshold(m, 4) == m.threshold
    assert m.repayment_curve(m.threshold) >= 0.8 > m.repayment_curve(m.threshold - 1)


def test_outcome_curve_is_zero_at_zero_lending_and_peaks_at_the_breakeven_score():
    m = sp.SpiralModel()
    scores = np.arange(300, 851)
    weights = np.exp(-0.5 * ((scores - 600) / 90) ** 2)
    out = sp.outcome_curve(m, scores, weights=weights)
    assert out["beta"][0] == 0 and out["delta_mu"][0] == 0 and out["beta"][-1] == pytest.approx(1)
    peak = out["threshold"][np.argmax(out["delta_mu"])]
    assert abs(peak - sp.score_for_probability(2 / 3, m)) <= 1


# --- Exact results against each other and against simulation -------------------------------------


def _direct_mean_time(m):
    """Plain first-step analysis on scores (no repair): the reference for the excursion method."""
    xs = np.arange(m.score_min, m.threshold)
    A = np.eye(xs.size)
    for j, x in enumerate(xs):
        p = float(m.repay_probability(x))
        up = min(x + m.gain, m.score_max)
        down = max(x - m.loss, m.score_min)
        if up < m.threshold:
            A[j, up - m.score_min] -= p
        A[j, down - m.score_min] -= 1 - p
    return np.linalg.solve(A, np.ones(xs.size))


@pytest.mark.parametrize("fee", [0.0, 0.1, 0.15])
def test_excursion_method_equals_direct_first_step_analysis(fee):
    m = sp.SpiralModel(fee_penalty=fee)
    assert np.allclose(sp.mean_recovery_time(m)["periods"], _direct_mean_time(m), rtol=1e-10)


def test_repair_matches_the_runs_formula_when_climbing_is_impossible():
    # A flat curve (p about 1/2) and a threshold out of reach by climbing: recovery needs k
    # repayments in a row, whose mean waiting time is (1 - p^k) / ((1 - p) p^k).
    m = sp.SpiralModel(scale=1e12, gain=1, threshold=850, repair_after=3)
    p = float(m.repay_probability(300))
    expected = (1 - p**3) / ((1 - p) * p**3)
    assert sp.mean_recovery_time(m)["periods"][0] == pytest.approx(expected, rel=1e-9)


def test_fees_lengthen_recovery_and_repair_shortens_it():
    base = sp.SpiralModel()
    fee = sp.SpiralModel(fee_penalty=0.1)
    fixed = sp.SpiralModel(fee_penalty=0.1, repair_after=2)
    t = {name: sp.mean_recovery_time(m)["periods"][0] for name, m in [("base", base), ("fee", fee), ("fixed", fixed)]}
    assert t["fee"] > 3 * t["base"] and t["fixed"] < t["fee"] / 3
    assert sp.basin(fee) > sp.basin(base)


def test_impossible_recovery_is_infinite():
    m = sp.SpiralModel(fee_penalty=1.0)
    assert np.all(np.isinf(sp.mean_recovery_time(m)["periods"]))
    assert np.all(sp.recovery_probability(m)["probability"] == 0)


def test_simulation_matches_exact_truncated_recovery_time_and_distribution():
    m = sp.SpiralModel(fee_penalty=0.1, repair_after=2)
    horizon = 150
    exact = sp.recovery_survival(m, 300, horizon)[:horizon].sum()
    run = sp.simulate(m, start=300, periods=horizon, people=40_000, seed=3)
    t = np.where(run.recovery_time < 0, horizon, run.recovery_time)
    assert run.truncated_mean_recovery() == pytest.approx(exact, abs=4 * t.std() / math.sqrt(t.size))
    dist = sp.distribution_after(m, m.threshold, 30)
    run = sp.simulate(m, start=m.threshold, periods=30, people=40_000, seed=4)
    below = dist[: m.threshold - m.score_min].sum()
    assert run.below[-1] == pytest.approx(below, abs=4 * math.sqrt(below * (1 - below) / 40_000))
    assert run.mean_score[-1] == pytest.approx((dist * m.scores).sum(), rel=0.01)


def test_survival_sums_to_the_mean_as_the_horizon_grows():
    m = sp.SpiralModel(repair_after=1, fee_penalty=0.1)
    s = sp.recovery_survival(m, 300, 3000)
    assert s[:-1].sum() == pytest.approx(sp.mean_recovery_time(m)["periods"][0], rel=1e-6)


# --- Invariants ----------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    fee=st.floats(0, 0.5), k=st.one_of(st.none(), st.integers(1, 4)), start=st.integers(300, 850),
    periods=st.integers(1, 40), seed=st.integers(0, 2**32 - 1),
)
def test_scores_stay_in_range_and_seeds_repeat(fee, k, start, periods, seed):
    m = sp.SpiralModel(fee_penalty=fee, repair_after=k)
    run = sp.simulate(m, start=start, periods=periods, people=200, seed=seed)
    assert run.final_scores.min() >= 300 and run.final_scores.max() <= 850
    assert np.all((run.below >= 0) & (run.below <= 1))
    again = sp.simulate(m, start=start, periods=periods, people=200, seed=seed)
    assert np.array_equal(run.final_scores, again.final_scores)
    dist = sp.distribution_after(m, start, periods)
    assert dist.sum() == pytest.approx(1.0) and np.all(dist >= -1e-15)


@settings(max_examples=30, deadline=None)
@given(fee=st.floats(0, 0.4), mid=st.floats(350, 700), scale=st.floats(20, 200))
def test_recovery_probability_is_a_probability_and_rises_with_the_score(fee, mid, scale):
    m = sp.SpiralModel(midpoint=mid, scale=scale, fee_penalty=fee)
    h = sp.recovery_probability(m)["probability"]
    assert np.all((h >= 0) & (h <= 1))
    # Along each residue class of the 75-point steps, a higher score never lowers the chance.
    for r in range(75):
        assert np.all(np.diff(h[r::75]) >= -1e-9)


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"threshold": 900}, ValueError, r"threshold \(the lender's cut-off, a score above 300 and at most 850\) must be at most 850"),
        ({"threshold": 250}, ValueError, "threshold .* must be at least 301"),
        ({"fee_band": 200}, ValueError, "fee_band"),
        ({"fee_penalty": 1.5}, ValueError, "fee_penalty .* is a probability"),
        ({"scale": 0}, ValueError, r"scale .* must lie in \(0, inf\]"),
        ({"gain": 0}, ValueError, "gain .* must be at least 1"),
        ({"loss": 600}, ValueError, "loss .* must be at most 550"),
        ({"repair_after": 0}, ValueError, "repair_after .* must be at least 1"),
        ({"repair_to": 900}, ValueError, "repair_to"),
        ({"score_min": 900}, ValueError, "score_min must be below score_max"),
        ({"threshold": 600.5}, TypeError, "threshold .* must be a whole number"),
    ],
)
def test_bad_parameters_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        sp.SpiralModel(**kwargs)


def test_bad_arguments_are_named():
    m = sp.SpiralModel()
    with pytest.raises(ValueError, match="p .* is a probability"):
        sp.expected_change(1.2)
    with pytest.raises(ValueError, match="start scores must lie between"):
        sp.simulate(m, start=900)
    with pytest.raises(ValueError, match="people=10"):
        sp.simulate(m, start=[400, 500], people=10)
    with pytest.raises(ValueError, match="periods"):
        sp.simulate(m, periods=0)
    with pytest.raises(ValueError, match="below the threshold"):
        sp.recovery_survival(m, 700, 10)
    with pytest.raises(ValueError, match="utility_ratio"):
        sp.lender_breakeven(-4)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        sp.score_for_probability(1.0)
    with pytest.raises(TypeError, match="model must be a SpiralModel"):
        sp.simulate("model")


# --- Array-like arguments, model objects and the repair rule are checked ------------------------


@pytest.mark.parametrize(
    "start, error, pattern",
    [
        ("450", TypeError, r"start \(the starting score or scores\) must be .* \(got the text '450'\)"),
        ([None, 450, 450], TypeError, "start .*got None at position 0, which is not a number"),
        (True, TypeError, "start .* a truth value"),
        ([450.5, 450, 450], TypeError, "start .* whole numbers"),
        ([450, np.nan, 450], ValueError, "start .* finite"),
    ],
)
def test_bad_start_is_named(start, error, pattern):
    with pytest.raises(error, match=pattern):
        sp.simulate(start=start, people=3, periods=2)
    with pytest.raises(error, match=pattern):
        sp.distribution_after(sp.SpiralModel(), start, 2)


def test_valid_start_gives_the_same_run():
    a = sp.simulate(start=450, people=50, periods=5, seed=1)
    b = sp.simulate(start=[450.0] * 50, people=50, periods=5, seed=1)
    assert np.array_equal(a.final_scores, b.final_scores) and np.array_equal(a.below, b.below)


@pytest.mark.parametrize(
    "call",
    [
        lambda: sp.mean_recovery_time({}),
        lambda: sp.recovery_probability({}),
        lambda: sp.basin({}),
        lambda: sp.score_for_probability(0.5, {}),
        lambda: sp.distribution_after({}, 400, 2),
        lambda: sp.recovery_survival("model", 400, 2),
        lambda: sp.simulate([]),
        lambda: sp.with_repair(None, 2),
        lambda: sp.outcome_curve(None, [400, 500]),
    ],
)
def test_a_wrong_model_object_is_named(call):
    with pytest.raises(TypeError, match=r"model must be a SpiralModel"):
        call()


def test_repair_to_needs_repair_after():
    with pytest.raises(ValueError, match="repair_to .* needs repair_after .*got repair_to=600"):
        sp.SpiralModel(repair_to=600)
    m = sp.SpiralModel(repair_after=2, repair_to=600)
    assert m.repair_to == 600
    assert sp.SpiralModel(repair_after=2).repair_to == 589  # default: the threshold
    assert sp.SpiralModel().repair_to is None  # no repair rule, no repair score
    assert sp.with_repair(m, None).repair_after is None
    assert sp.with_repair(sp.SpiralModel(), 3).repair_to == 589


def test_expected_change_rejects_text_and_truth_values():
    with pytest.raises(TypeError, match=r"p \(the repayment probability\)"):
        sp.expected_change("0.5")
    with pytest.raises(TypeError, match=r"p \(the repayment probability\)"):
        sp.expected_change([True, 0.5])
