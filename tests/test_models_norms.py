"""Reputation norms: the published 1/2 (Uchida & Sasaki 2013), the public 1 - e, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab.models import norms as nm


def test_norm_tables_match_the_literature():
    assert nm.norm_table("stern judging") == {"C to G": "G", "C to B": "B", "D to G": "B", "D to B": "G"}
    assert nm.norm_table("simple standing") == {"C to G": "G", "C to B": "G", "D to G": "B", "D to B": "G"}
    assert nm.norm_table("shunning") == {"C to G": "G", "C to B": "B", "D to G": "B", "D to B": "B"}
    assert nm.norm_table("image scoring") == {"C to G": "G", "C to B": "G", "D to G": "B", "D to B": "B"}


def test_private_stern_judging_leaves_half_good():
    # Uchida & Sasaki (2013): private information + assessment error -> good with probability 1/2.
    run = nm.simulate(nm.ReputationParams(n=40, rounds=300, e2=0.05), replicates=4, seed=13)
    assert abs(run.tail_mean().mean() - 0.5) < 0.03
    assert abs(run.tail_mean("agreement").mean() - 0.5) < 0.03


def test_public_stern_judging_keeps_one_minus_e_good():
    for e2 in (0.02, 0.1):
        run = nm.simulate(nm.ReputationParams(n=60, rounds=200, e2=e2, information="public"), replicates=4, seed=2)
        assert abs(run.tail_mean().mean() - (1 - e2)) < 0.015
        assert nm.public_good_share("stern judging", 0.0, e2) == pytest.approx(1 - e2)
    assert nm.public_good_share("stern judging", 0.1, 0.05) == pytest.approx(0.95 / (1 + 0.1 * 0.9))


@pytest.mark.parametrize("norm", list(nm.NORMS))
def test_public_simulation_matches_the_analytic_share(norm):
    run = nm.simulate(nm.ReputationParams(n=60, rounds=300, norm=norm, e1=0.05, e2=0.05, information="public"), replicates=6, seed=4)
    assert abs(run.tail_mean().mean() - nm.public_good_share(norm, 0.05, 0.05)) < 0.03


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"n": 1}, ValueError, r"n \(the number of players\) must be at least 2"),
        ({"rounds": 0}, ValueError, "rounds"),
        ({"norm": "kindness"}, ValueError, "norm must be one of"),
        ({"information": "leaked"}, ValueError, "information must be 'private'"),
        ({"e1": 1.2}, ValueError, r"e1 \(the execution error"),
        ({"e2": -0.1}, ValueError, r"e2 \(the assessment error"),
        ({"observe": 2}, ValueError, "observe"),
        ({"defectors": 0.7, "cooperators": 0.6}, ValueError, "defectors \\+ cooperators"),
        # Shares that fit but whose head counts do not (0.5 of 3 rounds to 2, twice).
        ({"n": 3, "defectors": 0.5, "cooperators": 0.5}, ValueError, "round to 2 \\+ 2 players, more than the 3"),
        ({"n": 3.5}, TypeError, "n .* must be a whole number"),
    ],
)
def test_bad_parameters_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        nm.ReputationParams(**kwargs)


def test_simulate_rejects_bad_arguments():
    with pytest.raises(TypeError, match="params must be a ReputationParams"):
        nm.simulate({"n": 3})
    with pytest.raises(ValueError, match="replicates"):
        nm.simulate(replicates=0)
    with pytest.raises(ValueError, match="seed"):
        nm.simulate(seed=-1)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    info=st.sampled_from(["private", "public"]),
    norm=st.sampled_from(list(nm.NORMS)),
    e1=st.floats(0, 0.3),
    e2=st.floats(0, 0.3),
    defectors=st.floats(0, 0.5),
)
def test_invariants(seed, info, norm, e1, e2, defectors):
    p = nm.ReputationParams(n=8, rounds=12, norm=norm, information=info, e1=e1, e2=e2, defectors=defectors)
    a = nm.simulate(p, replicates=2, seed=seed)
    b = nm.simulate(p, replicates=2, seed=seed)
    assert np.array_equal(a.views, b.views) and np.array_equal(a.good, b.good)
    for x in (a.good, a.agreement, a.cooperation):
        assert np.all((x >= 0) & (x <= 1))
    if info == "public":
        assert np.all(a.agreement == 1) and np.all(a.views == a.views[:, :1, :])
    # Help received equals help given: every act has one donor and one recipient.
    assert a.help_received.sum() == pytest.approx(a.cooperation.sum() * p.n)
    # Defectors never help.
    assert np.all(a.views.shape == (2, 8, 8))


def test_without_errors_everyone_stays_good():
    for info in ("private", "public"):
        run = nm.simulate(nm.ReputationParams(n=10, rounds=30, e2=0.0, information=info), replicates=2, seed=0)
        assert np.all(run.good == 1) and np.all(run.cooperation == 1)


def test_a_biased_assessor_marks_its_targets():
    p = nm.ReputationParams(n=40, rounds=150, information="public", e2=0.0, target_share=0.25, target_bias=0.5)
    run = nm.simulate(p, replicates=3, seed=8)
    seen_good = run.views[:, 0, :]
    assert seen_good[:, :10].mean() < seen_good[:, 10:].mean() - 0.2


def test_tail_mean_names_the_valid_series():
    run = nm.simulate(nm.ReputationParams(n=5, rounds=4), seed=1)
    assert run.tail_mean("good", 1.0) == pytest.approx(run.good.mean(axis=1))
    assert run.tail_mean("cooperation", 0.5).shape == (1,)
    for bad in ("bogus", "params", "views", None):
        with pytest.raises(ValueError, match=r"attr \(the series to average\) must be one of 'good', 'agreement', 'cooperation'"):
            run.tail_mean(bad)
    with pytest.raises(ValueError, match=r"fraction .* must lie in \(0, 1\]"):
        run.tail_mean("good", 0)
