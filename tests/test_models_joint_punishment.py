"""Joint punishment: the documented memorandum counts, network invariants, the 2020 filters, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditlab import datasets as ds
from creditlab.models import joint_punishment as jp


def test_documented_counts_and_signatories_agree():
    counts = jp.documented_counts()
    assert counts == {"bodies": 44, "measures": 55, "categories": 8}
    sig = jp.load_signatories()
    assert len(sig) == counts["bodies"]
    assert [r["order"] for r in sig] == list(range(1, 45))
    assert sig[0]["name_en"] == "National Development and Reform Commission"
    assert sig[1]["name_en"] == "Supreme People's Court"


def test_full_listing_reaches_every_documented_body_and_measure():
    net = jp.illustrative_networks(networks=200, seed=1)
    r = jp.reach(net)
    assert np.all(r.measures == 55) and np.all(r.bodies == 44) and np.all(r.categories == 8)
    assert np.all(r.actions >= 55)


@settings(max_examples=40)
@given(
    b=st.integers(1, 12),
    m=st.integers(1, 12),
    co=st.floats(0, 1),
    lb=st.floats(0, 1),
    seed=st.integers(0, 10_000),
)
def test_network_invariants(b, m, co, lb, seed):
    c = min(m, 3)
    net = jp.illustrative_networks(b, m, c, co_implement=co, legal_basis_share=lb, networks=20, seed=seed)
    assert net.shape == (20, m, b)
    assert net.implements.any(axis=2).all(), "every measure has a body"
    if m >= b:
        assert net.implements.any(axis=1).all(), "every body has a measure when there are enough measures"
    r = jp.reach(net)
    assert np.all(r.measures == m)
    assert np.all(r.actions == net.implements.sum(axis=(1, 2)))
    # Filters only remove: reach after the 2020 rules never exceeds reach before.
    for s in (1, 2, 3):
        after = jp.reach(net, jp.apply_2020_rules(net, s))
        assert np.all(after.measures <= r.measures) and np.all(after.bodies <= r.bodies) and np.all(after.actions <= r.actions)
    # A more serious listing may trigger more measures, never fewer.
    mild, severe = (jp.reach(net, jp.apply_2020_rules(net, s)).measures for s in (1, 3))
    assert np.all(mild <= severe)


@given(seed=st.integers(0, 10_000))
def test_seeds_reproduce_networks(seed):
    a = jp.illustrative_networks(networks=10, seed=seed)
    b = jp.illustrative_networks(networks=10, seed=seed)
    assert np.array_equal(a.implements, b.implements) and np.array_equal(a.legal_basis, b.legal_basis)


def test_without_legal_basis_filter_most_serious_listing_keeps_everything():
    net = jp.illustrative_networks(networks=50, seed=3)
    keep = jp.apply_2020_rules(net, 3, require_legal_basis=False)
    assert keep.all()


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: jp.illustrative_networks(n_bodies=0), ValueError, r"n_bodies \(the number of signatory bodies\) must be at least 1"),
        (lambda: jp.illustrative_networks(5, 3, 4), ValueError, r"n_categories \(4\) cannot exceed n_measures \(3\)"),
        (lambda: jp.illustrative_networks(co_implement=1.5), ValueError, r"co_implement .* is a probability"),
        (lambda: jp.illustrative_networks(legal_basis_share=-0.1), ValueError, "legal_basis_share"),
        (lambda: jp.illustrative_networks(networks=0), ValueError, "networks"),
        (lambda: jp.illustrative_networks(3, 3, 1, bodies=("a", "b")), ValueError, "bodies names 2 bodies but n_bodies is 3"),
        (lambda: jp.apply_2020_rules(jp.illustrative_networks(networks=2), 4), ValueError, r"seriousness .* must be at most 3"),
        (lambda: jp.MemorandumNetwork(("a",), np.zeros((2, 1), bool), [0, 0], [1, 1], [True, True]), ValueError, "every measure needs at least one body"),
        (lambda: jp.MemorandumNetwork(("a",), np.ones((2, 1), bool), [0, 0], [1, 5], [True, True]), ValueError, "severity must be 1"),
        (lambda: jp.MemorandumNetwork(("a", "b"), np.ones((2, 1), bool), [0, 0], [1, 1], [True, True]), ValueError, "1 body columns but 2 bodies"),
    ],
)
def test_bad_parameters_raise_clear_errors(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_signatory_kinds_are_documented_classes():
    kinds = {r["kind"] for r in ds.load("mou2016_signatories")}
    assert kinds <= {"party", "judicial", "government", "mass-organisation", "enterprise"}


# --- Model objects, masks and switches are checked -----------------------------------------------


def _small_network(**changes):
    kwargs = dict(bodies=("a", "b"), implements=np.eye(2, dtype=bool), category=[0, 1], severity=[1, 3], legal_basis=[True, False])
    kwargs.update(changes)
    return jp.MemorandumNetwork(**kwargs)


def test_a_wrong_network_object_is_named():
    for call in (lambda: jp.apply_2020_rules(None), lambda: jp.reach({})):
        with pytest.raises(TypeError, match=r"network must be a MemorandumNetwork, for example jp.illustrative_networks\(\) \(got"):
            call()


@pytest.mark.parametrize(
    "triggered, error, pattern",
    [
        (np.ones(5, bool), ValueError, r"triggered \(the measures a listing sets off\) must have one value per measure, shape \(55,\) or \(3, 55\) .*\(got shape \(5,\)\)"),
        ("abc", TypeError, r"triggered .* must hold True or False values \(got the text 'abc'\)"),
        ([None] * 55, TypeError, "triggered .* must hold True or False values"),
        (np.full(55, 2), TypeError, "triggered .* or 1 and 0"),
    ],
)
def test_a_bad_trigger_mask_is_named(triggered, error, pattern):
    net = jp.illustrative_networks(networks=3)
    with pytest.raises(error, match=pattern):
        jp.reach(net, triggered)


def test_valid_trigger_masks_give_the_same_reach():
    net = jp.illustrative_networks(networks=3)
    mask = jp.apply_2020_rules(net, 2)
    a, b = jp.reach(net, mask), jp.reach(net, mask.astype(int))
    assert np.array_equal(a.measures, b.measures) and np.array_equal(a.actions, b.actions)
    one = np.zeros(55, bool)
    one[0] = True
    assert jp.reach(net, one).measures.tolist() == [1, 1, 1]


def test_severity_and_category_must_be_whole_numbers():
    assert _small_network().severity.tolist() == [[1, 3]]
    with pytest.raises(TypeError, match=r"severity \(how severe each measure is, .*\) must hold whole numbers only \(got 2.7 at position 0\)"):
        _small_network(severity=[2.7, 1])
    with pytest.raises(TypeError, match="category .* whole numbers"):
        _small_network(category=[0.5, 1])
    with pytest.raises(ValueError, match=r"category .* must lie in \[0, inf\] \(got -1"):
        _small_network(category=[0, -1])
    with pytest.raises(TypeError, match=r"legal_basis \(whether each measure has a basis in law\) must hold True or False"):
        _small_network(legal_basis=["no", "yes"])


def test_require_legal_basis_must_be_true_or_false():
    net = jp.illustrative_networks(networks=2)
    with pytest.raises(TypeError, match=r"require_legal_basis \(.*\) must be True or False \(got 'no'\)"):
        jp.apply_2020_rules(net, require_legal_basis="no")
    assert np.array_equal(jp.apply_2020_rules(net, 2, require_legal_basis=np.bool_(True)), jp.apply_2020_rules(net, 2))


def test_reach_distribution_of_nothing_is_a_clear_error():
    with pytest.raises(ValueError, match=r"values \(a reach statistic, one value per network\) is empty"):
        jp.reach_distribution([])
    with pytest.raises(ValueError, match="values .* finite"):
        jp.reach_distribution([1.0, np.nan])
    assert jp.reach_distribution([3, 3])["mean"] == 3.0
