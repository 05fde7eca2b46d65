"""Threshold cascades (Granovetter 1978) and preference falsification (Kuran 1991)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import thresholds as th

# --- Granovetter's published results -----------------------------------------------------------


def test_granovetter_100_to_1():
    assert th.cascade_size(th.granovetter_uniform(100)) == 100
    assert th.cascade_size(th.granovetter_perturbed(100)) == 1
    assert th.cascade_loop(th.granovetter_uniform(100)) == 100
    assert th.cascade_loop(th.granovetter_perturbed(100)) == 1
    assert th.cascade_path(th.granovetter_uniform(100)).tolist() == list(range(101))
    assert th.cascade_path(th.granovetter_perturbed(100)).tolist() == [0, 1]


def test_normal_thresholds_switch_on_near_twelve():
    # Quantile crowd of 100, mean 25: the jump lies between sigma = 12.50 and 12.55.
    sweep = th.sigma_sweep([12.5, 12.55], discretisation="quantile")
    assert sweep["final"][:, 0].tolist() == [5, 100]
    # Smooth (mean-field) map: 12.22.
    assert th.mean_field_switch_on() == pytest.approx(12.222, abs=0.001)
    # Random crowds: rare cascades below 11, most crowds cascade above 14.
    r = th.sigma_sweep([10.0, 12.0, 14.0], replicates=2000, seed=1)
    assert r["p_majority"][0] < 0.01 and 0.1 < r["p_majority"][1] < 0.25 and r["p_majority"][2] > 0.55


# --- Invariants ------------------------------------------------------------------------------


thresholds_lists = st.lists(st.integers(-3, 60), min_size=1, max_size=60)


@settings(max_examples=200)
@given(t=thresholds_lists)
def test_three_ways_to_compute_the_equilibrium_agree(t):
    arr = np.array(t, dtype=float)
    assert th.cascade_size(arr) == th.cascade_size_sorted(arr) == th.cascade_loop(arr)


@settings(max_examples=200)
@given(t=thresholds_lists, bumps=st.lists(st.integers(0, 5), min_size=60, max_size=60))
def test_raising_thresholds_never_enlarges_the_cascade(t, bumps):
    arr = np.array(t, dtype=float)
    higher = arr + np.array(bumps[: arr.size])
    assert th.cascade_size(higher) <= th.cascade_size(arr)


@given(t=thresholds_lists, shift=st.floats(0, 1))
def test_fractional_thresholds_act_as_their_ceiling(t, shift):
    arr = np.array(t, dtype=float)
    assert th.cascade_size(arr - shift * 0.999) == th.cascade_size(arr)


def test_vectorised_over_leading_axes():
    t = np.stack([th.granovetter_uniform(100), th.granovetter_perturbed(100)])
    assert th.cascade_size(t).tolist() == [100, 1]
    assert th.cascade_size(t.reshape(2, 1, 100)).shape == (2, 1)


def test_seeds_reproduce_runs_and_replicates_do_not_depend_on_batch_size():
    a = th.normal_thresholds([10.0, 12.0], replicates=5, seed=3)
    b = th.normal_thresholds([10.0, 12.0], replicates=5, seed=3)
    c = th.normal_thresholds([10.0, 12.0], replicates=2, seed=3)
    assert np.array_equal(a, b) and np.array_equal(a[:, :2], c)
    s1 = th.sigma_sweep([11.0, 13.0], replicates=50, seed=4)
    s2 = th.sigma_sweep([11.0, 13.0], replicates=50, seed=4)
    assert np.array_equal(s1["final"], s2["final"])


def test_pressure_silences_and_the_silence_breaks_suddenly():
    soc = th.Society()  # 60% privately opposed, thresholds N(10, 10) percent
    pub = th.public_opposition(soc, pressures=np.arange(0, 21.0), discretisation="quantile")[0, :, 0]
    assert np.all(np.diff(pub) <= 0)
    assert pub[0] == pytest.approx(0.6) and pub[8] == pytest.approx(0.6) and pub[9] < 0.05
    rnd = th.public_opposition(soc, pressures=[0.0, 20.0], replicates=20, seed=1)
    assert rnd.shape == (1, 2, 20) and np.all(rnd[0, 0] > 0.55) and np.all(rnd[0, 1] < 0.05)


@given(private=st.floats(0, 1), frac=st.floats(0, 1), candour=st.floats(0, 1))
def test_survey_approval_lies_between_private_and_public_approval(private, frac, candour):
    public = private * frac
    measured = th.survey_approval(public, private, candour)
    assert 1 - private - 1e-12 <= measured <= 1 - public + 1e-12


def test_approval_map_shapes_and_monotonicity():
    m = th.approval_map(th.Society(), [0.2, 0.4, 0.6], [0.0, 5.0, 10.0, 20.0])
    assert m["measured"].shape == (3, 4)
    assert np.all(np.diff(m["measured"], axis=1) >= 0)  # more pressure, more measured approval
    assert m["measured"][1:, 0] == pytest.approx([0.6, 0.4], abs=0.01)  # no pressure: all opponents speak
    assert m["measured"][0, 0] > 0.85  # ... unless they are too few to set each other off


def test_deterrence():
    assert th.deterrence(10, 0.0, 0.0) == 0.0
    assert th.deterrence(10, 0.5, 0.5) == pytest.approx(7.5)
    assert th.deterrence(10, 1.0, 0.0) == 10.0


# --- Bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: th.cascade_size([]), ValueError, "at least one person's threshold"),
        (lambda: th.cascade_size(["a", "b"]), TypeError, "thresholds must be numbers"),
        (lambda: th.cascade_size([0, float("nan")]), ValueError, "NaN"),
        (lambda: th.cascade_path(np.zeros((2, 3))), ValueError, "one population"),
        (lambda: th.granovetter_uniform(2), ValueError, r"n \(the size of the crowd\) must be at least 3"),
        (lambda: th.normal_thresholds([-1.0]), ValueError, r"sigmas \(the spread \(standard deviation\) of thresholds\) must lie in \[0, inf\]"),
        (lambda: th.normal_thresholds([5.0], discretisation="grid"), ValueError, "discretisation must be 'quantile' or 'random'"),
        (lambda: th.normal_thresholds([5.0], discretisation="quantile", replicates=3), ValueError, "replicates must be 1"),
        (lambda: th.normal_thresholds([5.0], seed=-2), ValueError, "seed"),
        (lambda: th.Society(private_opposition=1.2), ValueError, r"private_opposition \(the share who privately disapprove\)"),
        (lambda: th.Society(pressure=-1), ValueError, "pressure"),
        (lambda: th.Society(n=0), ValueError, r"n \(the number of people\) must be at least 1"),
        (lambda: th.public_opposition({"n": 3}), TypeError, "society must be a Society"),
        (lambda: th.public_opposition(th.Society(), pressures=[-3.0]), ValueError, "pressures"),
        (lambda: th.survey_approval(0.5, 0.4, 0.5), ValueError, "public_share must lie between 0 and private_share"),
        (lambda: th.survey_approval(0.1, 0.4, 2), ValueError, "candour"),
        (lambda: th.deterrence(5, 1.5, 0), ValueError, r"seen \(the chance that surveillance records an act of dissent\)"),
        (lambda: th.mean_field_switch_on(mean=60), ValueError, "mean must be below n / 2"),
    ],
)
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


@pytest.mark.parametrize(
    "tol, error, pattern",
    [(0, ValueError, r"tol .* must lie in \[1e-12, inf\] \(got 0\)"), (-1, ValueError, "tol"), (1e-20, ValueError, "tol"),
     (float("nan"), ValueError, "tol .* must be a finite number"), ("x", TypeError, "tol .* must be a number")],
)
def test_mean_field_tolerance_is_checked(tol, error, pattern):
    with pytest.raises(error, match=pattern):
        th.mean_field_switch_on(tol=tol)


def test_mean_field_finest_tolerance_ends():
    assert th.mean_field_switch_on(tol=1e-12) == pytest.approx(12.222, abs=0.001)
    # Near sigma = 9144 two neighbouring floats are 1.8e-12 apart, so a bracket of 1e-12 is out of
    # reach: the capped bisection ends anyway (it used to loop for ever).
    assert th.mean_field_switch_on(mean=2e4, n=1e5, tol=1e-12) == pytest.approx(9144.46, abs=0.01)


# --- Array-like arguments are checked and named ---------------------------------------------------


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: th.normal_thresholds("abc"), TypeError, r"sigmas \(the spread .*\) must be a number or a non-empty list of numbers \(got the text 'abc'\)"),
        (lambda: th.normal_thresholds([None]), TypeError, "sigmas .*got None at position 0"),
        (lambda: th.normal_thresholds([True]), TypeError, "sigmas .*a truth value"),
        (lambda: th.sigma_sweep([]), ValueError, "sigmas .* must not be empty"),
        (lambda: th.public_opposition(th.Society(n=10), pressures="x"), TypeError, r"pressures \(percentage points added to every threshold\)"),
        (lambda: th.public_opposition(th.Society(n=10), pressures=[None]), TypeError, "pressures .*got None"),
        (lambda: th.public_opposition(th.Society(n=10), private_opposition=True), TypeError, "private_opposition .*a truth value"),
        (lambda: th.public_opposition(th.Society(n=10), private_opposition=[0.2, 1.5]), ValueError, r"private_opposition .* must lie in \[0, 1\] \(got 1.5 at position 1\)"),
        (lambda: th.approval_map(th.Society(n=10), "abc", [0]), TypeError, "private_opposition .*got the text"),
        (lambda: th.approval_map(th.Society(n=10), [0.5], [np.nan]), ValueError, "pressures .* finite"),
        (lambda: th.survey_approval(np.nan, 0.5, 0.3), ValueError, r"public_share \(the share who oppose in public\) must hold finite numbers"),
        (lambda: th.survey_approval(0.1, [0.5, np.inf], 0.3), ValueError, "private_share .* finite"),
        (lambda: th.survey_approval("0.1", 0.5, 0.3), TypeError, "public_share .*got the text"),
        (lambda: th.survey_approval([0.02, 0.1], [0.5, 0.6, 0.7], 0.3), ValueError, r"public_share and private_share must have the same shape.*\(got shapes \(2,\) and \(3,\)\)"),
    ],
)
def test_bad_arrays_are_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_survey_approval_still_broadcasts():
    out = th.survey_approval([0.0, 0.1], 0.5, 0.5)
    assert np.allclose(out, [0.75, 0.7])
    assert th.survey_approval(0.02, 0.5, 0.3) == pytest.approx(1 - 0.02 - 0.3 * 0.48)
