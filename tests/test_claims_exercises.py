"""The checks of exercises/ex-claims.ipynb: hints, never tracebacks, and no key in the
student edition."""

import json
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditlab import datasets as ds
from creditlab.exercises import Feedback
from creditlab.exercises import claims as ex

from .conftest import ROOT, built_html

AUDIT = {r["id"]: r for r in ds.load("claims")}
KEY = {label: AUDIT[cid]["verdict"] for label, (cid, _) in ex.EXERCISE_CLAIMS.items()}
EVIDENCE = {label: "a source that settles it" for label in KEY}
GOOD_CORRECTION = (
    "Correction: we said a person's social credit score falls if they spend time with people whose "
    "scores are low. No government rule or evidence supports this; it began with 2015 reports about "
    "Sesame Credit, a private company's score."
)


def test_exercise_includes_unverifiable_claims_and_several_verdicts():
    assert list(KEY.values()).count("unverifiable") >= 2
    assert len(set(KEY.values())) >= 5


def test_the_key_agrees_with_the_audit():
    assert ex.check_verdicts(KEY, EVIDENCE).status == "correct"


def test_unanswered_starting_cell_gets_a_nudge():
    assert ex.check_verdicts(...).status == "unanswered"
    assert ex.check_verdicts({k: ... for k in KEY}, {k: ... for k in KEY}).status == "unanswered"
    assert ex.check_trace(..., ..., ..., ...).status == "unanswered"


def test_each_disagreement_is_explained_without_giving_the_verdict():
    wrong = dict(KEY)
    flipped = [k for k in KEY][:4]
    for k in flipped:
        wrong[k] = "supported" if KEY[k] != "supported" else "false"
    fb = ex.check_verdicts(wrong, EVIDENCE)
    assert fb.status == "incorrect"
    for k in flipped:
        line = next(d for d in fb.details if d.startswith(f"{k}:"))
        assert "differs" in line or "different" in line
        assert f"'{KEY[k]}'" not in line and f"is {KEY[k]}" not in line, f"{k}: the hint gives the verdict away"


def test_verdicts_without_evidence_are_not_complete():
    fb = ex.check_verdicts(KEY, None)
    assert fb.status == "incorrect" and "evidence" in str(fb)


def test_bad_labels_and_words_get_a_hint():
    fb = ex.check_verdicts({"E1": "true-ish", "X9": "false"}, EVIDENCE)
    assert fb.status == "incorrect" and "Unknown label" in fb.message and "Not a verdict" in fb.message


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.dictionaries(st.text(max_size=4), st.one_of(st.text(max_size=15), st.integers(), st.none()), max_size=12),
    ),
    st.one_of(st.none(), st.dictionaries(st.text(max_size=4), st.text(max_size=30), max_size=12)),
)
def test_check_verdicts_never_raises(verdicts, evidence):
    assert isinstance(ex.check_verdicts(verdicts, evidence), Feedback)


@given(
    st.one_of(st.none(), st.text(max_size=12), st.integers()),
    st.one_of(st.none(), st.text(max_size=8), st.booleans()),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
    st.one_of(st.none(), st.text(max_size=400)),
)
def test_check_trace_never_raises(first, system, documented, correction):
    assert isinstance(ex.check_trace(first, system, documented, correction), Feedback)


def test_trace_model_answer_passes_and_common_errors_get_hints():
    assert ex.check_trace("aclu2015", "private", False, GOOD_CORRECTION).status == "correct"
    fb = ex.check_trace("huston2018", "state", True, GOOD_CORRECTION)
    wrong = [d for d in fb.details if d.split(":")[0] in ("first_source", "system", "documented") and "right" not in d]
    assert fb.status == "incorrect" and len(wrong) == 3
    fb = ex.check_trace("aclu2015", "private", False, "The claim is wrong and we regret the error in our article.")
    assert fb.status == "incorrect" and "correction" in str(fb)
    long = GOOD_CORRECTION + " " + "More words here. " * 30
    assert "80 words" in str(ex.check_trace("aclu2015", "private", False, long))


def test_show_claims_hides_verdicts():
    html = ex.show_claims()._repr_html_()
    assert "<caption>" in html and 'scope="col"' in html
    for verdict in set(KEY.values()):
        assert f">{verdict}<" not in html


def test_student_edition_does_not_show_the_key():
    html = built_html("student")
    page = (html / "exercises" / "ex-claims.html").read_text(encoding="utf-8")
    source = (html / "_sources" / "exercises" / "ex-claims.ipynb").read_text(encoding="utf-8")
    for text in (page, source):
        for label, verdict in KEY.items():
            assert not re.search(rf'"{label}":\s*"{verdict}"', text.replace("&quot;", '"')), f"{label} answer leaks"
        assert "agrees with the audit" not in text
    instructor = (built_html("instructor") / "exercises" / "ex-claims.html").read_text(encoding="utf-8")
    assert "agrees with the audit" in instructor


def test_notebook_follows_the_exercise_pattern():
    nb = json.loads((ROOT / "exercises" / "ex-claims.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert any("check_verdicts(" in s for s in sources) and any("check_trace(" in s for s in sources)
    solutions = [c for c in nb["cells"] if "solution" in c.get("metadata", {}).get("tags", [])]
    assert solutions and all("".join(c["source"]).startswith("# kit-solution") for c in solutions)


@pytest.mark.parametrize("first", [["aclu2015"], {"aclu2015": 1}, 2015])
def test_trace_with_a_list_or_dict_source_gets_a_hint(first):
    fb = ex.check_trace(first, "private", False, GOOD_CORRECTION)
    line = next(d for d in fb.details if d.startswith("first_source:"))
    assert fb.status == "incorrect" and "one key" in line


def test_trace_normalises_the_source_and_accepts_numpy_truth_values():
    assert ex.check_trace(" ACLU2015 ", "Private", np.False_, GOOD_CORRECTION).status == "correct"
    fb = ex.check_trace("aclu2015", "private", np.True_, GOOD_CORRECTION)
    assert any(d.startswith("documented: which document") for d in fb.details)


@pytest.mark.parametrize("spell", [str.lower, lambda k: f" {k.lower()} ", lambda k: int(k[1:])])
def test_verdict_labels_are_normalised(spell):
    verdicts = {spell(k): v for k, v in KEY.items()}
    evidence = {spell(k): v for k, v in EVIDENCE.items()}
    assert ex.check_verdicts(verdicts, evidence).status == "correct"


def test_unknown_labels_are_reported_even_when_nothing_else_is_answered():
    fb = ex.check_verdicts({"X9": "false"}, EVIDENCE)
    assert fb.status == "incorrect" and "Unknown label" in fb.message
    fb = ex.check_verdicts({"E1": "false", "e1": "supported"}, EVIDENCE)
    assert fb.status == "incorrect" and "more than once" in fb.message
