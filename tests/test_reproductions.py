"""The stored long runs (data/image_scoring_runs.csv) match what the code produces today,
and agree with the published numbers within the lab's stated tolerance."""

import pytest

from creditlab import datasets
from creditlab import reproductions as rp
from creditlab.models import image_scoring as isc

RUNS = datasets.load("image_scoring_runs")


def _counts_after(params, seed, q=None):
    run = isc.simulate_game(params, q=q, seed=seed)
    return ";".join(str(int(c)) for c in run.counts[0, rp.CHECK_GENERATIONS])


def test_fig1_record_matches_the_code():
    r = RUNS.by_id("IS-FIG1")
    assert _counts_after(rp.fig1_params(rp.CHECK_GENERATIONS), r["master_seed"]) == r["check_counts"]
    assert r["seeds"] == rp.FIG1["seeds"] and r["share_a"] + r["share_b"] + r["share_c"] <= 1.0 + 1e-9


@pytest.mark.parametrize("n", [20, 50])
def test_fig3_records_match_the_code_and_the_paper(n):
    r = RUNS.by_id(f"IS-FIG3-N{n}")
    assert _counts_after(rp.fig3_params(n, rp.CHECK_GENERATIONS), r["master_seed"]) == r["check_counts"]
    assert abs(r["mean"] - rp.FIG3["published"][n]) <= 0.10


def test_fig3_n100_within_tolerance_and_shares_fall_with_n():
    means = [RUNS.by_id(f"IS-FIG3-N{n}")["mean"] for n in (20, 50, 100)]
    assert abs(means[2] - 0.18) <= 0.10
    assert means[0] > means[1] > means[2]


@pytest.mark.parametrize("n", [20, 50, 100])
def test_fig3_readings_the_lab_compares(n):
    """The lab's reading (bystanders only) is within two standard errors of the paper at every
    n; the other reading's record at n = 20 matches the code; at n = 100 the other reading lies
    just over two standard errors above the paper; and the two readings differ by less than
    twice their combined standard error, as the lab says."""
    mine, other = RUNS.by_id(f"IS-FIG3-N{n}"), RUNS.by_id(f"IS-FIG3R-N{n}")
    published = rp.FIG3["published"][n]
    assert abs(mine["mean"] - published) <= 2 * mine["se"]
    assert mine["experiment"] == "fig3" and other["experiment"] == "fig3-recipient"
    if n == 20:
        params = rp.fig3_params(n, rp.CHECK_GENERATIONS, recipient_observes=True)
        assert _counts_after(params, other["master_seed"]) == other["check_counts"]
    if n == 100:
        assert 2 < (other["mean"] - published) / other["se"] < 2.5
    assert abs(other["mean"] - mine["mean"]) < 2 * (other["se"] ** 2 + mine["se"] ** 2) ** 0.5


def test_qsweep_first_record_matches_the_code():
    r = RUNS.by_id("IS-Q000")
    assert _counts_after(rp.qsweep_params(rp.CHECK_GENERATIONS), r["master_seed"], q=[0.0]) == r["check_counts"]
