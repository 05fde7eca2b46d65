"""Exercise checks of labs 1 and 2 answer with hints, never tracebacks; the knob helper."""

import numpy as np
import pytest

from creditlab.exercises import image_scoring as exi
from creditlab.exercises import reputation_norms as exn
from creditlab.knobs import Slider, interactive_session, knobs
from creditlab.models import norms as nm

GARBAGE = [None, ..., "abc", [1, 2], {"a": 1}, float("nan"), True]


@pytest.mark.parametrize(
    "check",
    [exi.check_share_k0, exi.check_sighting_probability, exn.check_public_share, exn.check_public_share_with_slips,
     exn.check_private_agreement, exn.check_best_private_rule],
)
@pytest.mark.parametrize("answer", GARBAGE, ids=repr)
def test_checks_never_raise(check, answer):
    feedback = check(answer)
    assert feedback.status in {"correct", "incorrect", "unanswered"}
    assert feedback.message


def test_image_scoring_checks_accept_the_solution_and_hint_on_mistakes():
    ref = exi._ex3_reference()
    assert exi.check_share_k0(ref["k=0 fixed"])
    assert "number of runs" in exi.check_share_k0(ref["k=0 fixed"] * 40).message or ref["k=0 fixed"] == 0
    assert not exi.check_share_k0(ref["defectors only"]) or ref["defectors only"] == ref["k=0 fixed"]
    assert exi.check_sighting_probability([10 / 18, 10 / 48, 10 / 98])
    assert "n - 2" in exi.check_sighting_probability([0.5, 0.2, 0.1]).message


def test_norms_checks_accept_the_solution_and_hint_on_mistakes():
    assert exn.check_public_share(0.9)
    assert "private" in exn.check_public_share(0.5).message
    assert exn.check_public_share_with_slips(nm.public_good_share("stern judging", 0.1, 0.05))
    assert "execution" in exn.check_public_share_with_slips(0.95).message
    assert exn.check_private_agreement(exn._ex3_reference())
    assert "information='private'" in exn.check_private_agreement(1.0).message
    assert exn.check_best_private_rule("simple standing")
    assert not exn.check_best_private_rule("stern judging")


def test_two_readings_check():
    good_t = "A shared record raises q for everyone: cooperation rose from 0.18 to 0.9 when information was complete among strangers."
    good_h = "Whoever writes the rule decides who counts as good; the keeper chose b, c and what helping means, 1 rule for all."
    assert exn.check_two_readings(good_t, good_h)
    assert exn.check_two_readings(..., good_h).status == "unanswered"
    assert "number" in exn.check_two_readings(good_t, "Whoever writes the rule decides who counts as good and what helping means for everyone").message
    assert "same text" in exn.check_two_readings(good_t, good_t).message
    assert not exn.check_two_readings("too short 1", good_h)


def test_knobs_static_outside_jupyter(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.delenv("CREDITLAB_WIDGETS", raising=False)
    assert not interactive_session()
    assert knobs(lambda a, b: (a, b), a=Slider(2, 0, 5, 1), b=Slider(0.5, 0, 1, 0.1)) == (2, 0.5)
    monkeypatch.setenv("CREDITLAB_WIDGETS", "1")
    assert interactive_session()
    with pytest.raises(ValueError, match="must lie between"):
        Slider(2, 3, 5, 1)
    with pytest.raises(ValueError, match="step must be positive"):
        Slider(1, 0, 5, 0)


def test_knobs_make_sliders_when_asked(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.setenv("CREDITLAB_WIDGETS", "1")
    seen = []
    knobs(lambda q: seen.append(q), q=Slider(0.5, 0, 1, 0.1))
    assert seen == [0.5]  # interact calls the function once with the default


# --- QA fixes: truth values, rounded answers, percentages, text ------------------------------------

from creditlab import exercises as ex  # noqa: E402
from creditlab.exercises import points_blacklists as exp  # noqa: E402
from creditlab.exercises import trust_game as ext  # noqa: E402


def _interval():
    ref = ext._ex3_reference()[0]
    return np.array([ref["ci_low"], ref["ci_high"]])


def test_bootstrap_accepts_numpy_truth_values():
    ci = _interval()
    includes_zero = ci[0] < 0 < ci[1]
    assert isinstance(includes_zero, np.bool_)
    assert ext.check_bootstrap(ci, includes_zero)
    assert ext.check_bootstrap(tuple(ci), np.True_)
    assert "look again at whether zero" in ext.check_bootstrap(ci, np.False_).message
    assert "True or False" in ext.check_bootstrap(ci, "yes").message


def test_bootstrap_does_not_read_text_as_numbers():
    low, high = _interval()
    assert ext.check_bootstrap((str(low), str(high)), True).status == "incorrect"


@pytest.mark.parametrize(
    "check, answer",
    [
        (lambda v: ext.check_bootstrap(v, True), tuple(np.round(_interval(), 3))),
        (ext.check_excluded, 0.107),
        (exp.check_irregular_lowest, 0.182),
        (exp.check_reach, 25.1),
        (exn.check_private_agreement, 0.50),
        (exi.check_share_k0, 0.08),
        (exi.check_q_min, 0.33),
        (exi.check_sighting_probability, [0.56, 0.21, 0.10]),
        (exn.check_public_share_with_slips, 0.87),
        (ext.check_mean_returned, 6.5),
    ],
)
def test_rounded_answers_are_told_they_look_rounded_not_to_change_the_method(check, answer):
    fb = check(answer)
    assert fb.status == "incorrect" and ("looks rounded" in fb.message or "look rounded" in fb.message), fb.message
    assert "seed" not in fb.message and "Not quite" not in fb.message


@pytest.mark.parametrize(
    "check, answer",
    [(exn.check_public_share, 90), (exp.check_irregular_lowest, 18.15), (exi.check_q_min, 33.3), (ext.check_excluded, 10.7)],
)
def test_percentages_are_detected(check, answer):
    fb = check(answer)
    assert fb.status == "incorrect" and "looks like a percentage" in fb.message, fb.message


def test_share_k0_correct_message_prints_enough_digits():
    target = exi._ex3_reference()["k=0 fixed"]
    message = exi.check_share_k0(target).message
    assert f"{target:.1%}" in message  # 7.5%, not a rounded 8%


def test_text_that_reads_like_a_number_is_not_graded():
    fb = exi.check_q_min("0.333")
    assert fb.status == "incorrect" and "quotation marks" in fb.message
    assert exi.check_sighting_probability(["0.5556", "0.2083", "0.102"]).status == "incorrect"
    assert ex.as_number("0.5") is None and ex.as_number(np.True_) is None and ex.as_number(np.float64(0.5)) == 0.5


def test_rounded_and_percentage_helpers():
    assert ex.agrees_when_rounded(0.107, 0.10708) and ex.agrees_when_rounded(25, 25.078)
    assert not ex.agrees_when_rounded(0.1, 0.075)  # one digit that far off is a different answer
    assert not ex.agrees_when_rounded(0, 0.3) and not ex.agrees_when_rounded(0.1072, 0.10708)
    assert ex.rounded_hint(0.2, 0.3, 1e-3) is None
    hint = ex.rounded_hint(0.33, 1 / 3, 1e-3)
    assert hint is not None and hint.status == "incorrect" and "3 significant digits" in hint.message
    assert ex.percentage_hint(0.9886, 0.011430) is None and ex.percentage_hint(1.14, 0.011430) is not None


def test_public_share_with_slips_names_the_one_minus_e1_mistake():
    from creditlab.exercises import reputation_norms as rn

    feedback = rn.check_public_share_with_slips(0.9)
    assert feedback.status == "incorrect" and "1 - e1" in feedback.message and "rounded" not in feedback.message


def test_rounded_hint_asks_for_no_more_digits_than_the_answer_has():
    from creditlab.exercises import rounded_hint

    hint = rounded_hint(0.08, 3 / 40, 1e-9)
    assert hint is not None and "at least 2 significant digits" in hint.message
