"""The inspection urn (Ensign et al. 2018): published limits, invariants, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import urn

# --- Published and classical results ------------------------------------------------------------


def test_uniform_limit_sd_is_one_over_sqrt_12():
    assert urn.beta_limit_sd(1, 1) == pytest.approx(1 / math.sqrt(12), abs=1e-15)
    assert round(urn.beta_limit_sd(1, 1), 3) == 0.289


def test_exact_finite_sd_tends_to_the_beta_limit():
    values = [urn.exact_share_sd(t, 0.5) for t in (10, 100, 1000, 20000)]
    assert all(a < b for a, b in zip(values, values[1:]))
    assert values[-1] == pytest.approx(urn.beta_limit_sd(), abs=2e-4)
    assert urn.exact_share_sd(0, 0.5) == 0.0


def test_equal_rates_give_a_random_uniform_limit_in_simulation():
    run = urn.simulate(urn.InspectionUrn(rate_a=0.5, rate_b=0.5), rounds=400, trajectories=40_000, seed=1)
    x = run.final_share
    exact = urn.exact_share_sd(400, 0.5)
    assert abs(x.mean() - 0.5) < 4 * exact / math.sqrt(x.size)
    assert x.std() == pytest.approx(exact, rel=0.02)
    # Uniform: each decile holds about a tenth of the runs.
    counts = np.histogram(x, bins=10, range=(0, 1))[0] / x.size
    assert np.all(np.abs(counts - 0.1) < 0.012)


def test_unequal_rates_run_away_and_correction_recovers_the_ratio():
    p = urn.InspectionUrn(rate_a=0.6, rate_b=0.4)
    assert list(urn.stable_limits(p)) == [1.0]
    run = urn.simulate(p, rounds=1000, trajectories=4000, seed=2)
    assert np.median(run.final_share) > 0.85
    fixed = urn.InspectionUrn(rate_a=0.6, rate_b=0.4, correction=True)
    assert urn.stable_limits(fixed) == pytest.approx([0.6], abs=1e-9)
    assert urn.corrected_limit(0.6, 0.4) == pytest.approx(0.6)
    run = urn.simulate(fixed, rounds=1000, trajectories=4000, seed=2)
    assert run.final_share.mean() == pytest.approx(0.6, abs=0.005)


def test_reports_attenuate_but_do_not_remove_the_bias():
    p = urn.InspectionUrn(rate_a=0.6, rate_b=0.4, report_a=0.2, report_b=0.2)
    roots = urn.fixed_point_roots(p)
    stable = urn.stable_limits(p)
    assert len(stable) == 1 and stable[0] == pytest.approx(roots[0], abs=1e-9)
    # The golden ratio: (c+d-a-b) x^2 + (a-2c-d) x + c = -0.2 x^2 - 0.2 x + 0.2 = 0.
    assert stable[0] == pytest.approx((math.sqrt(5) - 1) / 2, abs=1e-12)
    assert p.true_share < stable[0] < 1.0


def test_random_floor_stops_the_runaway_but_keeps_a_bias():
    p = urn.InspectionUrn(rate_a=0.5, rate_b=0.5, floor=0.2)
    assert urn.stable_limits(p) == pytest.approx([0.5])
    q = urn.InspectionUrn(rate_a=0.6, rate_b=0.4, floor=0.2)
    (x,) = urn.stable_limits(q)
    assert 0.6 < x < 1.0
    assert urn.drift(x, q) == pytest.approx(0.0, abs=1e-12)


def test_equal_rates_have_no_deterministic_limit():
    assert urn.stable_limits(urn.InspectionUrn()) is None
    assert np.allclose(urn.drift(np.linspace(0, 1, 11)), 0.0)


def test_discoveries_per_inspection_are_unbiased_even_when_counts_are_not():
    p = urn.InspectionUrn(rate_a=0.3, rate_b=0.1)
    run = urn.simulate(p, rounds=2000, trajectories=2000, seed=5)
    found_a = run.found_a.sum() / run.inspected_a.sum()
    assert found_a == pytest.approx(0.3, abs=0.01)
    assert np.nanmean(run.record_share) > 0.9 > p.true_share


# --- Invariants (property tests) -------------------------------------------------------------------

rate = st.floats(0, 1)


@settings(max_examples=30, deadline=None)
@given(
    ra=rate, rb=rate, pa=st.floats(0, 0.5), pb=st.floats(0, 0.5), f=st.floats(0, 1), corr=st.booleans(),
    rounds=st.integers(1, 60), n=st.integers(1, 50), seed=st.integers(0, 2**32 - 1),
)
def test_shares_sum_to_one_counts_add_up_and_seeds_repeat(ra, rb, pa, pb, f, corr, rounds, n, seed):
    p = urn.InspectionUrn(rate_a=ra, rate_b=rb, report_a=pa, report_b=pb, floor=f, correction=corr)
    run = urn.simulate(p, rounds=rounds, trajectories=n, seed=seed, checkpoints=[0, rounds])
    share_b = (p.prior_b + run.counted_b) / (p.prior_a + p.prior_b + run.counted_a + run.counted_b)
    assert np.allclose(run.final_share + share_b, 1.0, atol=1e-6)
    assert np.all((run.share >= 0) & (run.share <= 1))
    assert np.allclose(run.share[0], 0.5)
    assert np.all(run.inspected_a + run.inspected_b == rounds)
    assert np.all(run.found_a <= run.inspected_a) and np.all(run.found_b <= run.inspected_b)
    if not pa and not pb:
        assert np.all(run.counted_a <= run.found_a) and np.all(run.counted_b <= run.found_b)
    again = urn.simulate(p, rounds=rounds, trajectories=n, seed=seed, checkpoints=[0, rounds])
    assert np.array_equal(run.share, again.share)


@settings(max_examples=40, deadline=None)
@given(ra=st.floats(0.01, 1), rb=st.floats(0.01, 1))
def test_correction_always_targets_the_true_ratio(ra, rb):
    p = urn.InspectionUrn(rate_a=ra, rate_b=rb, correction=True)
    (x,) = urn.stable_limits(p)
    assert x == pytest.approx(ra / (ra + rb), abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(d_a=st.floats(0.05, 1), d_b=st.floats(0.05, 1), r_a=st.floats(0.01, 1), r_b=st.floats(0.01, 1))
def test_paper_quadratic_matches_the_drift(d_a, d_b, r_a, r_b):
    p = urn.InspectionUrn(rate_a=d_a, rate_b=d_b, report_a=r_a, report_b=r_b)
    roots = urn.fixed_point_roots(p)
    assert len(roots) >= 1
    assert np.allclose(urn.drift(roots, p), 0.0, atol=1e-9)
    stable = urn.stable_limits(p)
    assert any(np.isclose(stable[0], r, atol=1e-7) for r in roots)


def test_seed_blocks_make_large_runs_reproducible_and_seeds_differ():
    a = urn.simulate(rounds=5, trajectories=urn.BLOCK + 10, seed=3)
    b = urn.simulate(rounds=5, trajectories=urn.BLOCK + 10, seed=3)
    c = urn.simulate(rounds=5, trajectories=urn.BLOCK + 10, seed=4)
    assert np.array_equal(a.share, b.share) and not np.array_equal(a.share, c.share)


# --- Bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"rate_a": 1.5}, ValueError, r"rate_a \(the chance that an inspection in group A finds a violation\) is a probability"),
        ({"rate_b": -0.1}, ValueError, "rate_b .* must lie between 0 and 1"),
        ({"report_a": 2}, ValueError, "report_a"),
        ({"floor": 1.2}, ValueError, "floor"),
        ({"prior_a": 0}, ValueError, r"prior_a .* must lie in \(0, inf\]"),
        ({"prior_b": -1}, ValueError, "prior_b"),
        ({"rate_a": "high"}, TypeError, "rate_a .* must be a probability"),
        ({"correction": "yes"}, TypeError, "correction must be True or False"),
    ],
)
def test_bad_parameters_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        urn.InspectionUrn(**kwargs)


def test_bad_run_arguments_are_named():
    with pytest.raises(ValueError, match="rounds"):
        urn.simulate(rounds=0)
    with pytest.raises(ValueError, match="trajectories"):
        urn.simulate(trajectories=0)
    with pytest.raises(ValueError, match="seed"):
        urn.simulate(seed=-1)
    with pytest.raises(TypeError, match="params must be an InspectionUrn"):
        urn.simulate({"rate_a": 0.5})
    with pytest.raises(ValueError, match="checkpoints must lie between 0 and rounds"):
        urn.simulate(rounds=10, checkpoints=[5, 20])
    with pytest.raises(ValueError, match="increasing"):
        urn.simulate(rounds=10, checkpoints=[5, 5])
    with pytest.raises(ValueError, match="x is a share"):
        urn.drift(1.5)
    with pytest.raises(ValueError, match="set correction=False and floor=0"):
        urn.fixed_point_roots(urn.InspectionUrn(correction=True))
    with pytest.raises(ValueError, match="both 0"):
        urn.corrected_limit(0, 0)
    with pytest.raises(ValueError, match="rate .* is a probability"):
        urn.exact_share_sd(10, 1.5)


# --- Array-like arguments, model objects and the grid are checked ------------------------------


@pytest.mark.parametrize(
    "checkpoints, error, pattern",
    [
        ("abc", TypeError, r"checkpoints \(the rounds at which the share is recorded\) .* \(got the text 'abc'\)"),
        ([None], TypeError, "checkpoints .*got None at position 0"),
        ([True, 5], TypeError, "checkpoints .* a truth value"),
        ([2.5], TypeError, "checkpoints .* whole numbers"),
        ([], ValueError, "checkpoints .* must not be empty"),
    ],
)
def test_bad_checkpoints_are_named(checkpoints, error, pattern):
    with pytest.raises(error, match=pattern):
        urn.simulate(rounds=10, trajectories=2, checkpoints=checkpoints)


def test_valid_checkpoints_are_unchanged():
    run = urn.simulate(rounds=10, trajectories=3, checkpoints=[0, 5.0, 10])
    assert run.checkpoints.dtype == np.int64 and run.checkpoints.tolist() == [0, 5, 10]
    assert run.share.shape == (3, 3)


def test_visit_probability_checks_the_share_like_drift():
    p = urn.InspectionUrn(floor=0.2)
    assert urn.visit_probability(0.5, p) == pytest.approx(0.5)
    assert np.allclose(urn.visit_probability([0.0, 1.0], p), [0.1, 0.9])
    for fn in (urn.visit_probability, urn.drift):
        with pytest.raises(ValueError, match=r"x is a share of the record, so it must lie between 0 and 1 \(got 1.5\)"):
            fn(1.5)
        with pytest.raises(ValueError, match=r"x \(A's share of the record\) must hold finite numbers"):
            fn([0.5, math.nan])
        with pytest.raises(TypeError, match="x .*got the text"):
            fn("0.5")


@pytest.mark.parametrize("grid, error", [(0, ValueError), (-5, ValueError), (2, ValueError), (2.5, TypeError), (True, TypeError)])
def test_stable_limits_checks_the_grid(grid, error):
    with pytest.raises(error, match=r"grid \(the number of points in \[0, 1\] at which the drift is evaluated\)"):
        urn.stable_limits(urn.InspectionUrn(rate_a=0.6), grid=grid)


def test_stable_limits_on_a_coarser_grid_agree():
    p = urn.InspectionUrn(rate_a=0.6, rate_b=0.4, correction=True)
    assert urn.stable_limits(p, grid=101) == pytest.approx(urn.stable_limits(p), abs=1e-9)


@pytest.mark.parametrize("fn", [urn.visit_probability, urn.drift])
def test_analysis_functions_reject_a_wrong_params_object(fn):
    with pytest.raises(TypeError, match=r"params must be an InspectionUrn, .* \(got dict\)"):
        fn(0.5, {})


@pytest.mark.parametrize("fn", [urn.stable_limits, urn.fixed_point_roots])
def test_limit_functions_reject_a_wrong_params_object(fn):
    with pytest.raises(TypeError, match=r"params must be an InspectionUrn.*\(got dict\)"):
        fn({})
