"""Guilt by association (Wei et al. 2016): the closed form, the simulation's invariants, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import network_scoring as ns

# --- The closed form -------------------------------------------------------------------------


def test_odds_factor_at_benchmark_values():
    # Lemma 3 / the paper's comparison: (eps*p1 + 1 - eps) / (eps + (1 - eps)*p1) at eps = 0.2, p1 = 0.3.
    a = ns.low_friend_factor(0.2, 1.0, 0.3)
    assert a == pytest.approx(0.86 / 0.44, abs=1e-12)
    assert round(a, 3) == 1.955
    assert 1 / a == pytest.approx(0.44 / 0.86)
    assert round(1 / a, 3) == 0.512


def test_benchmark_is_q_same_one():
    assert ns.benchmark_tie_probabilities(0.3) == (1.0, 0.3)


def test_noisy_ties_reduce_to_benchmark_without_noise():
    assert ns.noisy_tie_probabilities(0.0, 1.0, 0.3) == pytest.approx((1.0, 0.3))


@given(tau=st.floats(0.01, 0.49), p_tau=st.floats(0.05, 0.99), frac=st.floats(0.01, 0.99))
def test_noisy_ties_keep_the_papers_ordering(tau, p_tau, frac):
    # The paper: p1 < q_d < q_s < 1 once types are seen with noise (here p1 = p_{1-tau}).
    p1 = p_tau * frac
    qs, qd = ns.noisy_tie_probabilities(tau, p_tau, p1)
    assert p1 <= qd <= qs <= 1
    # ... so each low-signal friend says less than in the benchmark (the paper's comparison).
    assert 1 <= ns.low_friend_factor(0.2, qs, qd) <= ns.low_friend_factor(0.2, 1.0, p1) + 1e-12


@given(eps=st.floats(0.01, 0.49), qs=st.floats(0.05, 1.0), frac=st.floats(0.0, 1.0))
def test_bayes_derivation_equals_lemma(eps, qs, frac):
    qd = qs * frac
    assert ns.odds_factor_by_bayes(eps, qs, qd) == pytest.approx(ns.low_friend_factor(eps, qs, qd), rel=1e-12)


def test_posterior_matches_lemma_by_hand():
    # y = +1 (good record), 3 low-signal and 1 high-signal friend: odds(low) = 0.25 * A**2.
    a = 0.86 / 0.44
    expected = 1 / (1 + 0.25 * a**2)
    assert ns.posterior_high(1, 3, 1) == pytest.approx(expected, abs=1e-12)
    assert ns.posterior_high(1, 0, 0) == pytest.approx(0.8)
    assert ns.posterior_high(-1, 0, 0) == pytest.approx(0.2)


@given(
    y=st.sampled_from([-1, 1]),
    n_low=st.integers(0, 400),
    n_high=st.integers(0, 400),
    eps=st.floats(0.01, 0.49),
    qs=st.floats(0.05, 1.0),
    frac=st.floats(0.0, 1.0),
)
def test_posterior_is_a_probability_and_monotone(y, n_low, n_high, eps, qs, frac):
    qd = qs * frac
    p = ns.posterior_high(y, n_low, n_high, eps, qs, qd)
    assert 0.0 <= p <= 1.0
    # One more low-rated friend never raises the score; one more high-rated friend never lowers it.
    assert ns.posterior_high(y, n_low + 1, n_high, eps, qs, qd) <= p
    assert ns.posterior_high(y, n_low, n_high + 1, eps, qs, qd) >= p
    # A low own record never scores higher than a high one.
    assert ns.posterior_high(-1, n_low, n_high, eps, qs, qd) <= ns.posterior_high(1, n_low, n_high, eps, qs, qd)


def test_posterior_vectorises_and_stays_finite_for_huge_counts():
    p = ns.posterior_high(np.array([1, 1, -1]), np.array([0, 5000, 0]), np.array([5000, 0, 0]))
    assert p.shape == (3,)
    assert np.all(np.isfinite(p)) and p[0] == pytest.approx(1.0) and p[1] == pytest.approx(0.0)


@given(
    y=st.sampled_from([-1, 1]),
    n_low=st.integers(0, 30),
    n_high=st.integers(0, 30),
    eps=st.floats(0.02, 0.48),
    qs=st.floats(0.1, 1.0),
    frac=st.floats(0.0, 1.0),
    meetings=st.floats(0.5, 30),
)
def test_exact_posterior_without_dropping_is_lemma_8(y, n_low, n_high, eps, qs, frac, meetings):
    params = ns.NetworkParams(n=1000, meetings=meetings, epsilon=eps, q_same=qs, q_diff=qs * frac)
    a = ns.posterior_after_dropping(y, n_low, n_high, params, 0.0, 0.0)
    b = ns.posterior_high(y, n_low, n_high, eps, qs, qs * frac)
    assert a == pytest.approx(b, abs=1e-9)


# --- The simulation --------------------------------------------------------------------------


def test_lemma_8_is_calibrated_on_a_simulated_network():
    """Among simulated people with the same record and the same L - H, the share of high
    types matches Lemma 8 (the lemma is exact for this generative model)."""
    net = ns.generate(ns.NetworkParams(n=100_000), seed=11)
    n_low, n_high = ns.signal_counts(net)
    p = ns.posterior_high(net.signal, n_low, n_high)
    for y in (-1, 1):
        for k in range(-3, 4):
            group = (net.signal == y) & (n_low - n_high == k)
            m = int(group.sum())
            assert m > 500
            share = net.high[group].mean()
            expected = p[group][0]
            assert abs(share - expected) < 4 * math.sqrt(expected * (1 - expected) / m), (y, k, share, expected)


def test_generate_is_reproducible_and_well_formed():
    params = ns.NetworkParams(n=2000, meetings=8)
    a, b = ns.generate(params, seed=5), ns.generate(params, seed=5)
    assert np.array_equal(a.u, b.u) and np.array_equal(a.v, b.v) and np.array_equal(a.signal, b.signal)
    c = ns.generate(params, seed=6)
    assert not (a.u.size == c.u.size and np.array_equal(a.u, c.u))
    assert np.all(a.u < a.v)  # no self-ties, each tie once
    keys = a.u.astype(np.int64) * params.n + a.v
    assert np.unique(keys).size == keys.size
    assert set(np.unique(a.signal)) <= {-1, 1}


def test_homophily_matches_the_tie_probabilities():
    net = ns.generate(ns.NetworkParams(n=50_000), seed=2)
    frag = ns.fragmentation(net)
    assert frag["same_type_ties"] == pytest.approx(1.0 / 1.3, abs=0.01)  # q_s / (q_s + q_d)
    assert frag["mean_degree"] == pytest.approx(10 * 1.3 / 2, rel=0.02)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(2, 300),
    meetings=st.floats(0, 8),
    dh=st.floats(0, 1),
    dl=st.floats(0, 1),
    basis=st.sampled_from(["rating", "type"]),
)
def test_dropping_only_removes_ties_to_low_contacts_and_conserves_degree_sums(seed, n, meetings, dh, dl, basis):
    meetings = min(meetings, n - 1)
    net = ns.generate(ns.NetworkParams(n=n, meetings=meetings), seed=seed)
    pruned = ns.drop_ties(net, dh, dl, basis=basis, seed=seed)
    before = set(zip(net.u.tolist(), net.v.tolist()))
    after = set(zip(pruned.u.tolist(), pruned.v.tolist()))
    assert after <= before
    deg0, deg1 = net.degrees(), pruned.degrees()
    # Degree sums: twice the ties, before and after; what each person lost adds up to twice the dropped ties.
    assert deg0.sum() == 2 * net.n_ties and deg1.sum() == 2 * pruned.n_ties
    assert np.all(deg1 <= deg0) and (deg0 - deg1).sum() == 2 * (len(before) - len(after))
    low = (net.signal < 0) if basis == "rating" else ~net.high
    for u, v in before - after:
        assert low[u] or low[v], "a tie between two contacts who are not low was dropped"
    # Nothing is dropped when nobody drops; the same seed gives the same pruned network.
    assert ns.drop_ties(net, 0.0, 0.0, basis=basis).n_ties == net.n_ties
    again = ns.drop_ties(net, dh, dl, basis=basis, seed=seed)
    assert np.array_equal(again.u, pruned.u) and np.array_equal(again.v, pruned.v)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 200), m=st.integers(0, 400))
def test_components_equal_breadth_first_search(seed, n, m):
    rng = np.random.default_rng(seed)
    u, v = rng.integers(0, n, m), rng.integers(0, n, m)
    got = ns.connected_components(n, u, v)
    want = ns.components_by_search(n, u, v)
    assert np.array_equal(got, want)  # both label a component by its smallest node id


def test_components_on_a_path_and_isolates():
    labels = ns.connected_components(6, np.array([4, 3, 2]), np.array([5, 4, 3]))
    assert labels.tolist() == [0, 1, 2, 2, 2, 2]


def test_fragmentation_and_accuracy_when_everyone_drops_low_rated_contacts():
    net = ns.generate(ns.NetworkParams(n=20_000), seed=1)
    pruned = ns.drop_ties(net, 1.0, 1.0, seed=1)
    f0, f1 = ns.fragmentation(net), ns.fragmentation(pruned)
    assert f0["largest_component"] > 0.99 and f1["largest_component"] < 0.5
    assert f1["isolated_low_rated"] == 1.0 and f1["components"] > 100 * f0["components"]
    a0 = ns.accuracy(net)
    a1 = ns.accuracy(pruned, drop_high=1.0, drop_low=1.0)
    assert a0["lemma8"] > a0["record_only"] + 0.04
    assert a1["lemma8"] == pytest.approx(a1["record_only"], abs=0.005)  # only high-rated friends are left
    assert a1["refitted"] >= a1["lemma8"]


def test_type_based_dropping_sorts_and_splits_the_network_but_scores_improve():
    sweep = ns.drop_sweep([0.0, 0.5, 1.0], ns.NetworkParams(n=20_000), basis="type", high_only=True, seed=3)
    assert sweep["same_type_ties"][-1] == 1.0 and sweep["largest_component"][-1] < 0.55
    assert np.all(np.diff(sweep["refitted"]) > 0) and np.all(np.diff(sweep["lemma8"]) > 0)


def test_drop_sweep_is_reproducible_and_nested():
    a = ns.drop_sweep([0.0, 0.3, 0.6, 1.0], ns.NetworkParams(n=5000), seed=9)
    b = ns.drop_sweep([0.0, 0.3, 0.6, 1.0], ns.NetworkParams(n=5000), seed=9)
    for key in a:
        assert np.array_equal(a[key], b[key])
    assert np.all(np.diff(a["mean_degree"]) <= 0) and np.all(np.diff(a["components"]) >= 0)


# --- Bad input: clear errors naming the parameter --------------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"epsilon": 0.5}, ValueError, r"epsilon \(the probability that a person's own record is wrong\) must lie in \(0, 0.5\)"),
        ({"epsilon": 0.0}, ValueError, "epsilon"),
        ({"epsilon": "0.2"}, TypeError, "epsilon .* must be a number"),
        ({"q_same": 0.0}, ValueError, r"q_same .* must lie in \(0, 1\]"),
        ({"q_diff": 1.2}, ValueError, "q_diff .* is a probability"),
        ({"q_same": 0.3, "q_diff": 0.5}, ValueError, r"q_diff must not exceed q_same \(got q_diff=0.5, q_same=0.3\)"),
    ],
)
def test_signal_model_rejects_bad_values(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        ns.SignalModel(**kwargs)


@pytest.mark.parametrize(
    "args, error, pattern",
    [
        ((0, 1, 1), ValueError, r"y \(a person's own record\) must be \+1 \(high\) or -1 \(low\)"),
        ((True, 1, 1), TypeError, "y"),
        ((1, -1, 0), ValueError, "n_low counts friends, so it cannot be negative"),
        ((1, 1.5, 0), TypeError, "n_low must count friends"),
        ((1, 0, "3"), TypeError, "n_high must be a whole number"),
    ],
)
def test_posterior_rejects_bad_data(args, error, pattern):
    with pytest.raises(error, match=pattern):
        ns.posterior_high(*args)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"n": 1}, ValueError, r"n \(the number of people\) must be at least 2"),
        ({"n": 10, "meetings": 20}, ValueError, r"meetings .* cannot exceed n - 1 = 9"),
        ({"meetings": -1}, ValueError, "meetings"),
        ({"n": 2.5}, TypeError, "n .* must be a whole number"),
        ({"epsilon": 0.7}, ValueError, "epsilon"),
    ],
)
def test_network_params_reject_bad_values(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        ns.NetworkParams(**kwargs)


def test_simulation_functions_reject_bad_arguments():
    net = ns.generate(ns.NetworkParams(n=100), seed=0)
    with pytest.raises(ValueError, match=r"drop_high .* is a probability"):
        ns.drop_ties(net, 1.5, 0.0)
    with pytest.raises(ValueError, match="basis must be 'rating'"):
        ns.drop_ties(net, 0.5, 0.5, basis="friends")
    with pytest.raises(TypeError, match="net must be a Network"):
        ns.drop_ties({"u": []}, 0.5, 0.5)
    with pytest.raises(TypeError, match="params must be a NetworkParams"):
        ns.generate({"n": 10})
    with pytest.raises(ValueError, match="seed"):
        ns.generate(seed=-1)
    with pytest.raises(ValueError, match="drop_values"):
        ns.drop_sweep([0.2, 1.4], ns.NetworkParams(n=100))
    with pytest.raises(ValueError, match=r"tau .* must lie in \[0, 0.5\)"):
        ns.noisy_tie_probabilities(0.5, 0.9, 0.2)
    with pytest.raises(ValueError, match="p_one_minus_tau must not exceed p_tau"):
        ns.noisy_tie_probabilities(0.1, 0.2, 0.9)
    with pytest.raises(ValueError, match="edge ends must be node ids"):
        ns.connected_components(3, np.array([0]), np.array([3]))


# --- Shapes, arrays, model objects and switches are checked ---------------------------------------


def test_posteriors_name_mismatched_shapes():
    pattern = r"y \(each person's own record\), n_low and n_high .* must describe the same people.*\(got shapes \(2,\), \(3,\) and \(\)\)"
    with pytest.raises(ValueError, match=pattern):
        ns.posterior_high([1, -1], [4, 0, 1], 1)
    with pytest.raises(ValueError, match=pattern):
        ns.posterior_after_dropping([1, -1], [4, 0, 1], 1, ns.NetworkParams(n=100))
    assert ns.posterior_high([1, -1], [4, 0], 1).shape == (2,)


@pytest.mark.parametrize(
    "values, error, pattern",
    [
        ("abc", TypeError, r"drop_values \(the chance of dropping a tie to a low-rated contact\) .*got the text 'abc'"),
        ([None], TypeError, "drop_values .*got None at position 0"),
        (True, TypeError, "drop_values .*a truth value"),
        ([], ValueError, "drop_values .* must not be empty"),
    ],
)
def test_drop_sweep_names_bad_drop_values(values, error, pattern):
    with pytest.raises(error, match=pattern):
        ns.drop_sweep(values, ns.NetworkParams(n=100))


def test_drop_sweep_high_only_must_be_true_or_false():
    with pytest.raises(TypeError, match=r"high_only \(only high types drop ties\) must be True or False \(got 'yes'\)"):
        ns.drop_sweep([0.1], ns.NetworkParams(n=100), high_only="yes")


@pytest.mark.parametrize("fn", [ns.signal_counts, ns.fragmentation, ns.accuracy])
def test_network_functions_name_a_wrong_object(fn):
    with pytest.raises(TypeError, match=r"net must be a Network, made by ns.generate\(\) or ns.drop_ties\(\) \(got dict\)"):
        fn({})
