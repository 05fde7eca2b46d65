"""Exercise checks of Labs II (guilt by association; silence): right answers pass, common
mistakes get a specific hint, and nothing a student types makes a check raise."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditlab.exercises import Feedback
from creditlab.exercises import guilt_by_association as gba
from creditlab.exercises import silence as sil
from creditlab.models import network_scoring as ns
from creditlab.models import thresholds as th

ONE_ARG = [gba.check_factor, gba.check_posterior, gba.check_fragmentation, gba.check_claim,
           sil.check_cascade, sil.check_switch_on, sil.check_critical_pressure, sil.check_measured]
TWO_ARGS = [gba.check_readings, sil.check_readings]


@pytest.mark.parametrize("check", ONE_ARG + TWO_ARGS, ids=lambda f: f"{f.__module__.split('.')[-1]}.{f.__name__}")
def test_unanswered_gives_a_hint_not_an_error(check):
    args = (...,) if check in ONE_ARG else (..., ...)
    result = check(*args)
    assert isinstance(result, Feedback) and result.status == "unanswered" and not result


odd_inputs = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                       st.text(max_size=30), st.lists(st.integers(), max_size=3), st.just(np.array([1.0, 2.0])))


@given(value=odd_inputs)
def test_no_check_raises_on_odd_input(value):
    for check in ONE_ARG:
        assert isinstance(check(value), Feedback)
    for check in TWO_ARGS:
        assert isinstance(check(value, value), Feedback)
        assert isinstance(check("a real argument " * 10, value), Feedback)


def test_right_answers_pass():
    assert gba.check_factor(0.95 / 0.55)
    assert gba.check_posterior(ns.posterior_high(1, 4, 1))
    drop, largest = gba._ex3_reference()
    assert gba.check_fragmentation(drop[np.flatnonzero(largest < 0.9)[0]])
    assert gba.check_claim(" b ")
    assert sil.check_cascade(4)
    sig, final = sil._ex2_reference()
    assert sil.check_switch_on(sig[np.flatnonzero(final > 50)[0]])
    p, pub = sil._ex3_reference()
    assert sil.check_critical_pressure(p[np.flatnonzero(pub < 0.1)[0]])
    assert sil.check_measured(th.survey_approval(0.02, 0.5, 0.3))


@pytest.mark.parametrize(
    "check, answer, hint",
    [
        (gba.check_factor, 0.55 / 0.95, "1/A"),
        (gba.check_factor, 0.86 / 0.44, "lab's values"),
        (gba.check_factor, 9.0, "OWN record"),
        (gba.check_posterior, 1 - ns.posterior_high(1, 4, 1), "LOW type"),
        (gba.check_posterior, ns.posterior_high(1, 4, 0), "left out the friend with a high record"),
        (gba.check_posterior, 1.87, "probability"),
        (gba.check_fragmentation, 0.3, "still holds"),
        (gba.check_fragmentation, 0.9, "already is at a smaller d"),
        (gba.check_claim, "A", "viral claim"),
        (gba.check_claim, "D", "conflation"),
        (sil.check_cascade, 10, "Not everyone joins"),
        (sil.check_cascade, 6, "threshold 5"),
        (sil.check_switch_on, 12.55, "mean threshold of 25"),
        (sil.check_critical_pressure, 0.04, "share of people"),
        (sil.check_measured, 0.98, "approval in public"),
        (sil.check_measured, 0.5, "private approval"),
        (sil.check_measured, 1 - 0.02 - 0.15, "SILENT opponents"),
    ],
)
def test_common_mistakes_get_specific_hints(check, answer, hint):
    result = check(answer)
    assert result.status == "incorrect" and hint in result.message, result.message


def test_argument_checks_explain_what_is_missing():
    long_td = "Accuracy rises from 0.86 to 0.94 once friends' records count, " + "so lenders learn more " * 6
    long_ml = "People drop friends and 50% of society ends up outside the largest group, " + "managed by the score " * 5
    assert gba.check_readings(long_td, long_ml)
    assert "cites no number" in gba.check_readings(long_td, "people drop friends " * 10).message
    assert "words" in gba.check_readings("Accuracy 0.9.", long_ml).message
    assert "same text" in gba.check_readings(long_td, long_td).message
    assert "Hoffman's terms" in gba.check_readings(long_td, "The weather on 3 May " + "was fine and sunny " * 6).message


@pytest.mark.parametrize(
    "check, answer",
    [(sil.check_measured, 0.84), (gba.check_factor, 1.73), (gba.check_posterior, 0.35)],
)
def test_rounded_answers_are_told_they_look_rounded(check, answer):
    result = check(answer)
    assert result.status == "incorrect" and "looks rounded" in result.message, result.message


@pytest.mark.parametrize("check, answer", [(sil.check_measured, 83.6), (gba.check_posterior, 34.9)])
def test_percentages_are_detected(check, answer):
    result = check(answer)
    assert result.status == "incorrect" and "looks like a percentage" in result.message, result.message


@pytest.mark.parametrize("check", [gba.check_factor, sil.check_measured, sil.check_cascade])
def test_numbers_written_as_text_are_not_graded(check):
    result = check("4")
    assert result.status == "incorrect" and "quotation marks" in result.message, result.message
