"""The Labs II exercise checks: right answers pass, common mistakes get a hint, nothing raises."""

import math

import pytest

from creditlab.exercises import errors_at_scale as es
from creditlab.exercises import negative_spiral as ns
from creditlab.exercises import runaway_feedback as rf
from creditlab.exercises._readings import check_readings
from creditlab.models import spiral as sp

CHECKS = [
    rf.check_sd_limit, rf.check_corrected_share, rf.check_reports_limit,
    ns.check_breakeven, ns.check_time_with_fees, ns.check_best_repair,
    es.check_wrongful, es.check_wrong_share, es.check_time_wrong, es.check_stock_share,
]


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("answer", [..., None, "0.5", [1, 2], float("nan"), -1e9, 0, 1e12, True])
def test_checks_never_raise_and_answer_with_a_status(check, answer):
    fb = check(answer)
    assert fb.status in {"correct", "incorrect", "unanswered"}
    assert fb.message
    if answer is ... or answer is None:
        assert fb.status == "unanswered"


@pytest.mark.parametrize(
    "check, right, wrong, hint",
    [
        (rf.check_sd_limit, 1 / math.sqrt(12), 1 / 12, "variance"),
        (rf.check_corrected_share, 0.75, 1.0, "runs away"),
        (rf.check_reports_limit, (math.sqrt(17) - 3) / 2, (math.sqrt(5) - 1) / 2, "reports of 0.2"),
        (ns.check_breakeven, 0.8, 2 / 3, "Liu et al."),
        (ns.check_time_with_fees, float(sp.mean_recovery_time(ns.EX2_MODEL)["periods"][ns.EX2_START - 300]),
         float(sp.mean_recovery_time(sp.SpiralModel())["periods"][ns.EX2_START - 300]), "without fees"),
        (ns.check_best_repair, 2, 3, "still above"),
        (es.check_wrongful, 2e-5 * es.scale_numbers()[0], 2e-4 * es.scale_numbers()[0], "power of ten"),
        (es.check_wrong_share, es.le.screen_from_volume(es.scale_numbers()[1], es.scale_numbers()[0], 2e-5).wrong_share,
         100 * es.le.screen_from_volume(es.scale_numbers()[1], es.scale_numbers()[0], 2e-5).wrong_share, "percentage"),
        (es.check_time_wrong, es.EX_REGIME.mean_time_wrong, 1 / es.EX_REGIME.exit_rate_wrong, "cap"),
        (es.check_stock_share, es.le.stock_wrong_share(es.EX_NEW_WRONG, es.EX_REGIME), es.EX_NEW_WRONG, "new listings"),
    ],
)
def test_right_answers_pass_and_typical_mistakes_get_a_specific_hint(check, right, wrong, hint):
    assert check(right).status == "correct"
    fb = check(wrong)
    assert fb.status == "incorrect" and hint in fb.message


def test_readings_check_asks_for_two_cited_arguments():
    long_a = "The record works because rates per inspection recover the truth, 0.30 against 0.20, so grading by rates " \
             "and keeping random checks gives regulators an accurate picture of where rules are broken."
    long_b = "The count shows 85 percent of violations in district A, so whoever chose where to look first decides " \
             "what the record shows, and the published count then looks like evidence against A."
    assert check_readings(..., long_b).status == "unanswered"
    assert check_readings(3, long_b).status == "incorrect"
    assert "words" in check_readings("too short 1", long_b).message
    assert "almost the same" in check_readings(long_a, long_a).message
    assert "number" in check_readings(long_a.replace("0.30 against 0.20", "clearly"), long_b).message
    assert check_readings(long_a, long_b).status == "correct"
    assert rf.check_readings_urn(long_a, long_b) and ns.check_readings_spiral(long_a, long_b) and es.check_readings_errors(long_a, long_b)


def test_comparison_table_is_accessible_html_and_plain_text():
    from creditlab.models._compare import Comparison

    table = Comparison("Published and ours", ["Quantity", "Published", "Ours"], [["sd", "0.289", "0.288 <b>"]])
    html = table._repr_html_()
    assert "<caption>Published and ours</caption>" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "&lt;b&gt;" in html  # cell text is escaped
    assert "Published and ours" in repr(table) and "0.288" in repr(table)
    with pytest.raises(ValueError, match="each row needs 3 cells"):
        Comparison("x", ["a", "b", "c"], [["only one"]])


# --- QA fixes: near misses get the right hint ----------------------------------------------------


def test_positive_predictive_value_is_not_taken_for_a_percentage():
    share = es._reference_share()
    fb = es.check_wrong_share(1 - share)
    assert fb.status == "incorrect" and "positive predictive value" in fb.message, fb.message
    for percent in (100 * share, round(100 * share, 2)):
        assert "percentage" in es.check_wrong_share(percent).message


@pytest.mark.parametrize(
    "check, answer",
    [(es.check_stock_share, 2.14), (ns.check_breakeven, 80), (rf.check_corrected_share, 75), (rf.check_sd_limit, 28.9),
     (rf.check_reports_limit, 56.2)],
)
def test_percentages_are_detected(check, answer):
    fb = check(answer)
    assert fb.status == "incorrect" and "looks like a percentage" in fb.message, fb.message


@pytest.mark.parametrize(
    "check, answer",
    [(es.check_stock_share, 0.021), (es.check_wrong_share, 0.011), (es.check_wrongful, 28_000), (es.check_time_wrong, 0.93),
     (rf.check_sd_limit, 0.29), (rf.check_reports_limit, 0.56),
     (ns.check_time_with_fees, round(float(sp.mean_recovery_time(ns.EX2_MODEL)["periods"][ns.EX2_START - 300]), 1))],
)
def test_rounded_answers_are_told_they_look_rounded(check, answer):
    fb = check(answer)
    assert fb.status == "incorrect" and "looks rounded" in fb.message, fb.message


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("answer", [0.123456789, 3.0, 4])
def test_hints_do_not_repeat_the_label(check, answer):
    assert "Not yet. Not yet." not in str(check(answer))


def test_no_check_module_writes_the_label_itself():
    import inspect
    import re

    from creditlab import exercises

    for module in (es, ns, rf):
        assert not re.search(r'incorrect\(\s*f?"Not yet', inspect.getsource(module)), module.__name__
    assert str(exercises.incorrect("x")) == "Not yet. x"


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
def test_numbers_written_as_text_are_not_graded(check):
    fb = check("0.8")
    assert fb.status == "incorrect" and "quotation marks" in fb.message, fb.message


@pytest.mark.parametrize("answer", [0, 7, 1e300, -2])
def test_best_repair_outside_the_range_gets_the_range(answer):
    fb = ns.check_best_repair(answer)
    assert fb.status == "incorrect" and "from 1 to 6" in fb.message and "repair_after=" not in fb.message
    assert len(fb.message) < 200


def test_near_miss_hint_says_what_to_give_instead():
    from creditlab.exercises import near_miss_hint

    assert "Give the rate as a share (divide by 100)" in near_miss_hint(25.0, 0.25, 1e-3, share=True, what="the rate as a share").message
    assert "a number between 0 and 1" in near_miss_hint(25.0, 0.25, 1e-3, share=True).message
    assert "standard deviation of the share itself" in rf.check_sd_limit(28.9).message
