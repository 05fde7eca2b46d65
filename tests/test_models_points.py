"""The points ledger: documented catalog values, ledger invariants, monotone bands, bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditlab import datasets as ds
from creditlab.models import points as pts

from ._broken_data import copy_data, edit_record, named


def _population(n=400, years=2.0):
    steady = pts.Group("steady", 0.8, {"RC-S03": 0.2, "RC-S10": 0.3, "RC-S07": 0.01, "RC-R01": 3, "RC-R02": 0.05})
    irregular = pts.Group("irregular", 0.2, {"RC-S03": 1.5, "RC-S10": 2.0, "RC-S07": 0.04, "RC-R01": 1, "RC-R02": 0.01})
    return pts.Population(n, (steady, irregular), years=years)


@pytest.fixture(scope="module")
def ledger():
    return pts.Ledger(1000, pts.load_catalog("rongcheng"), pts.load_bands("rongcheng"))


# --- Documented values ------------------------------------------------------------------------


def test_rongcheng_documented_deductions():
    cat = pts.load_catalog("rongcheng")
    # Rongcheng's assessment standards: late public-service fees -20, bank arrears -10 a month,
    # damaging public equipment -100.
    assert cat.points[cat.index("RC-S10")] == -20
    assert cat.points[cat.index("RC-S03")] == -10
    assert cat.points[cat.index("RC-S14")] == -100
    data = ds.load("point_catalogs")
    assert {r["basis"] for r in data.where(scheme="rongcheng", kind="sanction")} == {"documented"}
    assert {r["basis"] for r in data.where(scheme="suqian")} == {"illustrative"}


def test_documented_scheme_facts():
    facts = ds.load("point_scheme_facts")
    assert facts.by_id("PF01")["value"] == 1000 and facts.by_id("PF01")["basis"] == "verified"
    assert facts.by_id("PF02")["value"] == 8
    assert facts.by_id("PF04")["basis"] == "reported"  # Rongcheng's 1,000-point start
    assert facts.by_id("PF11")["value"] == 1050
    assert ds.load("point_bands").by_id("HT-B1")["min_points"] == 1050


def test_rongcheng_cutoffs_are_labelled_illustrative():
    assert {r["cutoff_basis"] for r in ds.load("point_bands").where(scheme="rongcheng")} == {"illustrative"}


# --- Invariants -------------------------------------------------------------------------------


@given(seed=st.integers(0, 10_000), rr=st.floats(0, 1), rs=st.floats(0, 1))
def test_ledger_conserves_points(ledger, seed, rr, rs):
    run = pts.simulate(ledger, _population(), record_reward=rr, record_sanction=rs, seed=seed)
    # Every balance is the start plus the recorded points, exactly.
    assert np.array_equal(run.balance, 1000 + run.recorded @ ledger.catalog.vector)
    # Nothing is recorded that did not happen.
    assert np.all(run.recorded <= run.events) and np.all(run.recorded >= 0)
    # Total points in the ledger = start * n + sum of points over all recorded events.
    assert run.balance.sum() == pytest.approx(1000 * run.population.n + (run.recorded.sum(0) * ledger.catalog.vector).sum())


@given(seed=st.integers(0, 10_000))
def test_seeds_reproduce_runs(ledger, seed):
    a = pts.simulate(ledger, _population(), seed=seed)
    b = pts.simulate(ledger, _population(), seed=seed)
    assert np.array_equal(a.recorded, b.recorded) and np.array_equal(a.band, b.band)


@given(
    cutoffs=st.lists(st.integers(-2000, 2000), min_size=1, max_size=6, unique=True),
    balances=st.lists(st.floats(-5000, 5000, allow_nan=False), min_size=2, max_size=50),
)
def test_band_assignment_is_monotone(cutoffs, balances):
    cut = sorted(cutoffs, reverse=True)
    bands = pts.Bands(labels=tuple(f"g{i}" for i in range(len(cut) + 1)), cutoffs=tuple(cut))
    b = np.sort(np.array(balances))
    grade = bands.assign(b)
    # A higher balance never gets a lower grade (grade 0 is the top).
    assert np.all(np.diff(grade) <= 0)
    # And each balance meets its grade's cut-off but not the one above.
    for bal, g in zip(b, grade):
        if g < len(cut):
            assert bal >= cut[g]
        if g > 0:
            assert bal < cut[g - 1]


@given(seed=st.integers(0, 1000), extra=st.integers(1, 50))
def test_heavier_sanctions_never_raise_a_balance(ledger, seed, extra):
    heavier = ledger.catalog.with_points(RC_S10=ledger.catalog.points[ledger.catalog.index("RC-S10")] - extra)
    a = pts.simulate(ledger, _population(), seed=seed)
    b = pts.simulate(pts.Ledger(1000, heavier, ledger.bands), _population(), seed=seed)
    assert np.all(b.balance <= a.balance)
    assert np.all(b.band >= a.band)  # nobody moves up a grade


def test_group_sizes_add_up():
    pop = pts.Population(7, (pts.Group("a", 1 / 3), pts.Group("b", 1 / 3), pts.Group("c", 1 / 3)))
    assert pop.group_sizes().sum() == 7


def test_catalog_design_decides_who_is_lowest(ledger):
    pop = _population(n=5000)
    documented = pts.simulate(ledger, pop, seed=1)
    assert pts.lowest_band_composition(documented)["irregular"] > 0.9
    court_only = pts.Ledger(1000, ledger.catalog.only(["RC-S02", "RC-S07", "RC-S11"]), ledger.bands)
    run = pts.simulate(court_only, pop, seed=1)
    assert (run.band == ledger.bands.lowest).sum() < (documented.band == ledger.bands.lowest).sum() / 10
    # Switched-off events still happen; they just do not count.
    assert np.array_equal(run.events, documented.events)


def test_serious_breaches_are_catalog_sanctions():
    cat = pts.load_catalog("rongcheng")
    assert all(cat.kinds[cat.index(e)] == "sanction" for e in pts.SERIOUS_BREACHES)


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: pts.Catalog(("a",), (-5,), ("reward",)), ValueError, r"points of a must be positive \(or zero to switch it off\): it is a reward \(got -5\)"),
        (lambda: pts.Catalog(("a",), (5,), ("sanction",)), ValueError, "points of a must be negative"),
        (lambda: pts.Catalog(("a",), (5,), ("bonus",)), ValueError, "kind of a must be 'reward' or 'sanction'"),
        (lambda: pts.Catalog(("a",), (2.5,), ("reward",)), TypeError, "points of a .* must be a whole number"),
        (lambda: pts.Bands(("A", "B", "C"), (900, 950)), ValueError, r"bands are not ordered: the cut-off of B \(950\) must be lower than that of A \(900\)"),
        (lambda: pts.Bands(("A", "B"), (900, 800)), ValueError, "one cut-off fewer than grades"),
        (lambda: pts.Bands(("A",), ()), ValueError, "at least 2 grades"),
        (lambda: pts.Ledger(-1, pts.Catalog(("a",), (1,), ("reward",)), pts.Bands(("A", "B"), (0,))), ValueError, r"start \(the balance everyone starts with\) must lie in \[0, inf\]"),
        (lambda: pts.Population(1, (pts.Group("a", 1.0),)), ValueError, r"n \(the number of residents\) must be at least 2"),
        (lambda: pts.Population(10, (pts.Group("a", 0.5),)), ValueError, "shares of the groups must add up to 1"),
        (lambda: pts.Group("a", 1.2), ValueError, "share of group a .* is a probability"),
        (lambda: pts.Group("a", 1.0, {"RC-S10": -1}), ValueError, r"rate of RC-S10 in group a .* must lie in \[0, inf\]"),
        (lambda: pts.Population(10, (pts.Group("a", 1.0),), years=0), ValueError, "years"),
        (lambda: pts.load_catalog("atlantis"), ValueError, "no catalog for scheme 'atlantis'"),
    ],
)
def test_bad_parameters_raise_clear_errors(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_simulate_rejects_bad_probabilities_and_unknown_events(ledger):
    with pytest.raises(ValueError, match=r"record_reward .* is a probability"):
        pts.simulate(ledger, _population(), record_reward=1.5)
    typo = pts.Population(10, (pts.Group("a", 1.0, {"RC-S99": 1.0}),))
    with pytest.raises(KeyError, match="has no event 'RC-S99'"):
        pts.simulate(ledger, typo)


@pytest.mark.parametrize(
    "record, field, value, message",
    [
        ("RC-S10", "points", "20", "a sanction must remove points (got 20)"),
        ("RC-R01", "points", "-2", "a reward must add points (got -2)"),
        ("RC-S10", "points", "minus twenty", "is not a whole number"),
        ("RC-S10", "kind", "fine", "'fine' is not one of"),
        ("RC-S10", "sources", "nosuchkey2099", "not found in the bibliography"),
    ],
)
def test_broken_catalog_record_is_named(tmp_path, record, field, value, message):
    d = copy_data(tmp_path)
    edit_record(d / "point_catalogs.csv", record, field, value)
    with pytest.raises(ds.DataError) as info:
        pts.load_catalog("rongcheng", directory=d)
    text = str(info.value)
    assert "point_catalogs.csv" in text and named(d / "point_catalogs.csv", record) in text and f"field '{field}'" in text and message in text


@pytest.mark.parametrize(
    "record, field, value, message",
    [
        ("RC-B3", "min_points", "1100", "must be lower than the cut-off of the band above"),
        ("RC-B2", "min_points", "", "every band except the lowest needs a cut-off"),
        ("RC-B6", "min_points", "800", "the lowest band takes every balance below the next"),
        ("RC-B4", "rank", "7", "expected rank 4"),
    ],
)
def test_broken_bands_are_named(tmp_path, record, field, value, message):
    d = copy_data(tmp_path)
    edit_record(d / "point_bands.csv", record, field, value)
    with pytest.raises(ds.DataError) as info:
        pts.load_bands("rongcheng", directory=d)
    text = str(info.value)
    assert "point_bands.csv" in text and named(d / "point_bands.csv", record) in text and f"field '{field}'" in text and message in text


def test_grading_a_missing_balance_is_an_error_not_the_top_grade():
    bands = pts.Bands(labels=("A", "B", "C"), cutoffs=(1000, 900))
    assert bands.label_of([1000, 950, 10]).tolist() == ["A", "B", "C"]
    with pytest.raises(ValueError, match=r"balances \(the point balances to grade\) must hold finite numbers only \(got nan at position 0\)"):
        bands.label_of([np.nan])
    with pytest.raises(TypeError, match="balances .*got the text"):
        bands.assign("1000")
