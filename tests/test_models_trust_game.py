"""The trust game: Berg et al.'s published means exactly, payoff invariants, the bootstrap, bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditlab import datasets as ds
from creditlab.models import trust_game as tg

from ._broken_data import copy_data, edit_record, named


@pytest.fixture(scope="module")
def data():
    return tg.load_berg1995()


# --- Published results (Berg, Dickhaut & McCabe 1995, Fig. 2 and Fig. 3 captions) -------------


def test_published_means_to_the_cent(data):
    s = tg.summary(data)
    for t, pub in tg.PUBLISHED.items():
        assert s[t]["pairs"] == pub["pairs"]
        assert round(s[t]["mean_sent"], 2) == pub["mean_sent"]
        assert round(s[t]["mean_returned"], 2) == pub["mean_returned"]


def test_exact_totals(data):
    # The means are exact fractions of whole dollars: 165/32, 149/32, 150/28, 181/28.
    nh, sh = data.select("no-history"), data.select("social-history")
    assert (nh.sent.sum(), nh.returned.sum(), sh.sent.sum(), sh.returned.sum()) == (165, 149, 150, 181)


def test_published_distribution_of_amounts_sent(data):
    # No history: two senders each sent $0, $1, $2 and $4; four sent $3; six $5; five $6;
    # three $7; one $8; none $9; five $10 (30 of 32 sent something).
    expected = [2, 2, 2, 4, 2, 6, 5, 3, 1, 0, 5]
    assert list(tg.PUBLISHED["no-history"]["sent_counts"]) == expected
    assert tg.sent_distribution(data, "no-history").tolist() == expected
    assert tg.sent_distribution(data, "social-history").sum() == 28


def test_sender_profit_means(data):
    s = tg.summary(data)
    assert s["no-history"]["mean_sender_payoff"] == pytest.approx(9.5)
    assert s["social-history"]["mean_sender_payoff"] == pytest.approx(311 / 28)


# --- Invariants ---------------------------------------------------------------------------------


@given(
    sent=st.lists(st.integers(0, 10), min_size=1, max_size=30),
    frac=st.lists(st.floats(0, 1), min_size=30, max_size=30),
)
def test_payoffs_conserve_the_tripled_pie(sent, frac):
    s = np.array(sent, dtype=float)
    r = np.floor(np.array(frac[: len(sent)]) * 3 * s)
    ps, pr = tg.payoffs(s, r)
    assert np.allclose(ps + pr, 20 + 2 * s)
    assert np.all(ps >= 0) and np.all(pr >= 10)


@given(seed=st.integers(0, 2**32 - 1))
def test_bootstrap_is_reproducible(seed):
    d = tg.load_berg1995()
    a = tg.bootstrap_difference(d, n_boot=500, seed=seed)
    b = tg.bootstrap_difference(d, n_boot=500, seed=seed)
    assert a == b
    assert a["ci_low"] <= a["ci_high"]


def test_bootstrap_centre_and_interval(data):
    out = tg.bootstrap_difference(data, "returned", n_boot=10_000, seed=1995)
    assert out["observed"] == pytest.approx(181 / 28 - 149 / 32)
    assert out["ci_low"] < out["observed"] < out["ci_high"]
    assert out["ci_low"] < 0 < out["ci_high"]  # the interval includes zero at 95%


@given(err=st.floats(0, 1), thr=st.floats(0, 1), seed=st.integers(0, 1000))
def test_record_policy_invariants(err, thr, seed):
    fr = tg.return_fractions(tg.load_berg1995())
    res = tg.record_policy(fr, threshold=thr, record_error=err, matchings=50, seed=seed)
    for k in ("aggregate", "record"):
        assert 0 <= res.share_trusted[k] <= 1
        assert 0 <= res.share_reciprocators_excluded[k] <= 1
        # Total payoff is 2E + (m - 1) * mean sent, whatever is returned.
        assert res.total_payoff[k] >= 20 - 1e-9
    assert res.share_reciprocators_excluded["aggregate"] == 0.0  # everyone is sent something
    again = tg.record_policy(fr, threshold=thr, record_error=err, matchings=50, seed=seed)
    assert again == res


def test_perfect_records_never_exclude_reciprocators():
    fr = tg.return_fractions(tg.load_berg1995())
    res = tg.record_policy(fr, record_error=0.0, seed=3)
    assert res.share_reciprocators_excluded["record"] == 0.0
    noisy = tg.record_policy(fr, record_error=0.5, seed=3)
    assert noisy.share_reciprocators_excluded["record"] > 0.1
    assert res.sender_payoff["record"] > res.sender_payoff["aggregate"]


# --- Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: tg.TrustGame(endowment=0), ValueError, r"endowment \(what each player holds at the start\) must lie in \(0, inf\]"),
        (lambda: tg.TrustGame(multiplier=-3), ValueError, "multiplier"),
        (lambda: tg.payoffs([11], [0]), ValueError, r"sent must lie in \[0, 10\]"),
        (lambda: tg.payoffs([2], [7]), ValueError, r"returned must lie in \[0, multiplier \* sent\] = \[0, 6\]"),
        (lambda: tg.payoffs([1, 2], [0]), ValueError, "same shape"),
        (lambda: tg.bootstrap_difference(tg.load_berg1995(), "median"), ValueError, "statistic must be one of"),
        (lambda: tg.bootstrap_difference(tg.load_berg1995(), n_boot=10), ValueError, r"n_boot .* must be at least 100"),
        (lambda: tg.bootstrap_difference(tg.load_berg1995(), level=1.2), ValueError, "level .* is a probability"),
        (lambda: tg.record_policy([0.5], seed=0), ValueError, "at least 2 receivers"),
        (lambda: tg.record_policy([0.2, 1.4]), ValueError, "between 0 and 1"),
        (lambda: tg.record_policy([0.2, 0.4], record_error=2), ValueError, r"record_error .* is a probability"),
        (lambda: tg.record_policy([0.2, 0.4], aggregate_sent=12), ValueError, r"aggregate_sent .* must lie in \[0, 10\]"),
        (lambda: tg.load_berg1995().select("history"), ValueError, "treatment must be one of"),
    ],
)
def test_bad_parameters_raise_clear_errors(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("returned", "13", "is more than 3 times the 3 sent"),
        ("sent", "11", "above the maximum 10"),
        ("treatment", "gossip", "'gossip' is not one of"),
        ("returned", "", "is required but empty"),
    ],
)
def test_broken_pair_is_named_precisely(tmp_path, field, value, message):
    d = copy_data(tmp_path)
    edit_record(d / "berg1995_trust.csv", "NH02", field, value)
    with pytest.raises(ds.DataError) as info:
        tg.load_berg1995(directory=d)
    text = str(info.value)
    assert "berg1995_trust.csv" in text and named(d / "berg1995_trust.csv", "NH02") in text and f"field '{field}'" in text and message in text


@pytest.mark.parametrize(
    "sent, returned, pattern",
    [(5, 16, r"returned must lie in \[0, multiplier \* sent\] = \[0, 15\] \(got 16\)"), (5, -1, "returned must lie in"),
     (11, 0, r"sent must lie in \[0, 10\]"), (np.float64(5), np.float64(16), "returned must lie in")],
)
def test_single_amounts_out_of_range_are_named(sent, returned, pattern):
    with pytest.raises(ValueError, match=pattern):
        tg.payoffs(sent, returned)


def test_single_amounts_give_single_payoffs():
    ps, pr = tg.payoffs(5, 7)
    assert np.ndim(ps) == 0 and np.ndim(pr) == 0 and (float(ps), float(pr)) == (12.0, 18.0)
    ps, pr = tg.payoffs([5], [7])
    assert ps.shape == (1,) and pr.shape == (1,)


# --- Data and rule objects are checked --------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: tg.bootstrap_difference(None),
        lambda: tg.summary({}),
        lambda: tg.sent_distribution([], "no-history"),
        lambda: tg.return_fractions("berg"),
    ],
)
def test_a_wrong_data_object_is_named(call):
    with pytest.raises(TypeError, match=r"data must be a TrustData, for example tg.load_berg1995\(\) \(got"):
        call()


def test_a_wrong_game_object_is_named():
    with pytest.raises(TypeError, match=r"game must be a TrustGame, .* \(got int\)"):
        tg.payoffs(5, 7, game=0)


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: tg.payoffs("5", 7), TypeError, r"sent \(the dollars each sender passed\) .*got the text '5'"),
        (lambda: tg.payoffs([5, None], [1, 1]), TypeError, "sent .*got None at position 1"),
        (lambda: tg.payoffs(5, np.nan), ValueError, r"returned \(the dollars each receiver sent back\) must hold finite numbers"),
        (lambda: tg.record_policy([0.2, True]), TypeError, "fractions .*a truth value"),
    ],
)
def test_bad_amounts_are_named(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_keep_draws_must_be_true_or_false(bad):
    """A truthy string or a number is not taken for True: keep_draws is named."""
    with pytest.raises(TypeError, match="keep_draws"):
        tg.bootstrap_difference(tg.load_berg1995(), n_boot=100, keep_draws=bad)
