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
