"""Errors at scale: base rates, time on the list, the appeal queue; closed forms against simulation."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import listing_errors as le

# --- Base rates ----------------------------------------------------------------------------------


def test_one_in_ten_thousand_of_1_4_billion():
    s = le.Screen(population=1.4e9, prevalence=0.0, false_positive_rate=1e-4)
    assert s.wrongful_listings == pytest.approx(140_000)
    assert s.wrong_share == 1.0


def test_screen_from_volume_reproduces_the_volume():
    s = le.screen_from_volume(2.46e6, 1.4e9, 1e-4)
    assert s.listings == pytest.approx(2.46e6)
    assert s.wrong_share == pytest.approx(s.wrongful_listings / 2.46e6)
    assert 0.05 < s.wrong_share < 0.06


@settings(max_examples=60, deadline=None)
@given(
    n=st.floats(1e3, 2e9), prev=st.floats(0, 1), sens=st.floats(0, 1), fpr=st.floats(0, 1),
)
def test_listings_add_up_and_shares_are_probabilities(n, prev, sens, fpr):
    s = le.Screen(population=n, prevalence=prev, sensitivity=sens, false_positive_rate=fpr)
    assert s.listings == pytest.approx(s.true_listings + s.wrongful_listings)
    assert s.listings <= n * (1 + 1e-12)
    if s.listings > 0:
        assert 0 <= s.wrong_share <= 1 and s.ppv == pytest.approx(1 - s.wrong_share)


@settings(max_examples=60, deadline=None)
@given(share=st.floats(1e-5, 0.5), fpr_frac=st.floats(0, 0.99), sens=st.floats(0.5, 1))
def test_screen_from_volume_inverts_the_screen(share, fpr_frac, sens):
    n = 1.0e9
    fpr = fpr_frac * share
    s = le.screen_from_volume(share * n, n, fpr, sens)
    assert s.listings == pytest.approx(share * n, rel=1e-9)


# --- Time on the list ------------------------------------------------------------------------------


def test_mean_time_closed_forms():
    assert le.mean_time_on_list(0.5) == pytest.approx(2.0)
    assert le.mean_time_on_list(0.5, 3.0) == pytest.approx((1 - math.exp(-1.5)) / 0.5)
    assert le.mean_time_on_list(0.0, 3.0) == 3.0
    assert le.mean_time_on_list(0.0) == math.inf


@pytest.mark.parametrize(
    "regime",
    [
        le.RemovalRegime(comply_rate=1.0, review_rate=0.1),
        le.RemovalRegime(comply_rate=0.5, appeal_rate=2.0, appeal_success=0.6),
        le.RemovalRegime(comply_rate=0.5, appeal_rate=1.0, appeal_success=0.5, max_term=3.0),
        le.RemovalRegime(comply_rate=0.0, max_term=2.0),
    ],
)
def test_simulated_times_match_the_closed_form(regime):
    for wrong, exact in ((True, regime.mean_time_wrong), (False, regime.mean_time_right)):
        t = le.simulate_time_on_list(regime, 200_000, wrong=wrong, seed=7)
        se = t.std() / math.sqrt(t.size)
        assert t.mean() == pytest.approx(exact, abs=max(4 * se, 1e-12))


def test_without_a_way_off_wrong_listings_last_forever_and_fill_the_list():
    r = le.RemovalRegime(comply_rate=1.0)
    assert r.mean_time_wrong == math.inf
    assert np.all(np.isinf(le.simulate_time_on_list(r, 10, wrong=True)))
    assert le.stock_wrong_share(0.01, r) == 1.0


@settings(max_examples=60, deadline=None)
@given(w=st.floats(0.001, 0.999), comply=st.floats(0.01, 5), wrong_exit=st.floats(0.01, 5))
def test_stock_share_exceeds_flow_share_exactly_when_wrong_listings_last_longer(w, comply, wrong_exit):
    r = le.RemovalRegime(comply_rate=comply, review_rate=wrong_exit)
    stock = le.stock_wrong_share(w, r)
    assert 0 <= stock <= 1
    if wrong_exit < comply * (1 - 1e-9):
        assert stock > w
    elif wrong_exit > comply * (1 + 1e-9):
        assert stock < w


# --- The appeal queue ------------------------------------------------------------------------------


def test_erlang_c_reduces_to_m_m_1():
    assert le.erlang_c(0.8, 1.0, 1) == pytest.approx(0.8)
    assert le.erlang_c_time(0.8, 1.0, 1) == pytest.approx(1 / (1 - 0.8))


def test_erlang_c_two_servers_textbook_value():
    # a = 1, c = 2: C = (1/2 * 2) / (1 + 1 + 1) = 1/3.
    assert le.erlang_c(1.0, 1.0, 2) == pytest.approx(1 / 3)


@pytest.mark.parametrize("lam, mu, c", [(0.7, 1.0, 1), (8.0, 1.0, 10), (45.0, 1.0, 50)])
def test_simulated_queue_matches_erlang_c(lam, mu, c):
    w = le.simulate_queue(lam, mu, c, customers=3000, replicates=300, warmup=600, seed=11)
    exact = le.erlang_c_time(lam, mu, c)
    assert w.mean() == pytest.approx(exact, rel=0.03)


# --- Bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: le.Screen(population=-5), ValueError, r"population \(the number of people screened\) must lie in \[0, inf\]"),
        (lambda: le.Screen(false_positive_rate=1.5), ValueError, "false_positive_rate .* is a probability"),
        (lambda: le.Screen(prevalence=-0.1), ValueError, "prevalence"),
        (lambda: le.Screen(sensitivity="all"), TypeError, "sensitivity"),
        (lambda: le.screen_from_volume(2.46e6, 1.4e9, 0.01), ValueError, "would wrongly list 14,000,000 people even if no one"),
        # A useless test is named as such before any volume arithmetic.
        (lambda: le.screen_from_volume(0.3e9, 1e9, 0.5, sensitivity=0.0), ValueError, "sensitivity .* must exceed false_positive_rate"),
        (lambda: le.screen_from_volume(3e9, 1.4e9, 0.0), ValueError, "cannot exceed population"),
        (lambda: le.screen_from_volume(-1, 1.4e9, 0.0), ValueError, "volume"),
        (lambda: le.RemovalRegime(comply_rate=-1), ValueError, "comply_rate"),
        (lambda: le.RemovalRegime(appeal_success=2), ValueError, "appeal_success .* is a probability"),
        (lambda: le.RemovalRegime(max_term=0), ValueError, r"max_term .* must lie in \(0, inf\]"),
        (lambda: le.mean_time_on_list(-0.5), ValueError, "exit_rate"),
        (lambda: le.erlang_c(10, 1, 5), ValueError, "the office is overloaded"),
        (lambda: le.erlang_c(1, 0, 5), ValueError, "service_rate"),
        (lambda: le.erlang_c(1, 1, 0), ValueError, "servers .* must be at least 1"),
        (lambda: le.simulate_queue(0.5, 1, 1, customers=10, warmup=10), ValueError, "warmup"),
        (lambda: le.stock_wrong_share(1.5, le.RemovalRegime()), ValueError, "new_wrong_share"),
        (lambda: le.simulate_time_on_list("strict", wrong=True), TypeError, "regime must be a RemovalRegime"),
    ],
)
def test_bad_input_is_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_seeds_repeat():
    r = le.RemovalRegime(comply_rate=1.0, review_rate=0.2)
    a = le.simulate_time_on_list(r, 100, wrong=True, seed=3)
    b = le.simulate_time_on_list(r, 100, wrong=True, seed=3)
    assert np.array_equal(a, b)
    assert np.array_equal(le.simulate_queue(0.5, 1, 1, customers=50, replicates=3, warmup=5, seed=1),
                          le.simulate_queue(0.5, 1, 1, customers=50, replicates=3, warmup=5, seed=1))


def _erlang_c_by_powers(lam, mu, c):
    """The former formula (sums of a^k / k!), kept to check the recursion against it; it
    overflows to nan from about 750 servers."""
    a = lam / mu
    term = total = 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c * c / (c - a)
    return last / (total + last)


@pytest.mark.parametrize("c", [1, 2, 3, 7, 50, 200, 700])
@pytest.mark.parametrize("load", [0.0, 0.05, 0.5, 0.9, 0.999])
@pytest.mark.parametrize("mu", [0.4, 1.0, 12.0])
def test_erlang_c_recursion_agrees_with_the_former_formula(c, load, mu):
    lam = load * c * mu
    with np.errstate(all="ignore"):
        old = _erlang_c_by_powers(lam, mu, c)
    assert math.isfinite(old)
    new = le.erlang_c(lam, mu, c)
    assert new == pytest.approx(old, rel=1e-12, abs=1e-300)
    assert le.erlang_c_time(lam, mu, c) == pytest.approx(old / (c * mu - lam) + 1 / mu, rel=1e-12)


@pytest.mark.parametrize("lam, c", [(950, 1000), (9_500, 10_000), (760, 800)])
def test_erlang_c_for_large_offices_is_finite(lam, c):
    pw = le.erlang_c(lam, 1, c)
    assert 0 < pw < 1
    assert math.isfinite(le.erlang_c_time(lam, 1, c)) and le.erlang_c_time(lam, 1, c) > 1
    assert math.isnan(_erlang_c_by_powers(lam, 1, c))  # what the former formula gave


# --- Model objects and switches are checked -------------------------------------------------------


def test_stock_wrong_share_names_a_wrong_regime():
    with pytest.raises(TypeError, match=r"regime must be a RemovalRegime, .* \(got NoneType\)"):
        le.stock_wrong_share(0.02, None)


@pytest.mark.parametrize("wrong", ["yes", "no", 1, None])
def test_wrong_must_be_true_or_false(wrong):
    with pytest.raises(TypeError, match=r"wrong \(.*\) must be True or False"):
        le.simulate_time_on_list(le.RemovalRegime(), 10, wrong=wrong)


def test_numpy_truth_values_are_accepted_for_wrong():
    a = le.simulate_time_on_list(le.RemovalRegime(review_rate=1.0), 20, wrong=np.bool_(True), seed=4)
    b = le.simulate_time_on_list(le.RemovalRegime(review_rate=1.0), 20, wrong=True, seed=4)
    assert np.array_equal(a, b)
