"""Self-check quizzes: the data are well formed, cover every Part I chapter and every lab,
cite sources that resolve, and render in both editions (the student edition hides the key
until the reader answers; the instructor edition shows it and prints an answer key page)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from creditlab.bib import bib_keys
from creditlab.quizzes import QuizError, accepts, load_quiz, load_quizzes, normalise_answer
from creditlab.sphinxext.quiz import HEADING, section_for

from .conftest import built_html
from .test_teaching_plans import PENDING, exists, toc_files

REQUIRED = [
    "book/part1/what-it-is", "book/part1/numbers", "book/part1/timeline",
    "book/part1/reading-trust-deficit", "book/part1/reading-mass-line", "book/part1/between",
    "book/labs/image-scoring", "book/labs/reputation-norms", "book/labs/trust-game",
    "book/labs/points-and-blacklists", "book/labs/runaway-feedback", "book/labs/negative-spiral",
    "book/labs/errors-at-scale", "book/labs/guilt-by-association", "book/labs/silence",
]
QUIZZES = load_quizzes()


def test_every_chapter_and_lab_has_a_quiz_of_three_to_five_questions():
    missing = [p for p in REQUIRED if p not in QUIZZES]
    assert not missing, f"no quiz for {missing}"
    for page, quiz in QUIZZES.items():
        assert 3 <= len(quiz.questions) <= 5, f"{quiz.path.name}: {len(quiz.questions)} questions (want 3 to 5)"
        types = {q.type for q in quiz.questions}
        assert "choice" in types, f"{quiz.path.name}: needs at least one multiple-choice question"


def test_there_are_short_answer_questions():
    assert sum(q.type == "short" for quiz in QUIZZES.values() for q in quiz.questions) >= 5


@pytest.mark.parametrize("page", sorted(QUIZZES))
def test_quiz_page_exists_and_sources_resolve(page):
    quiz = QUIZZES[page]
    if not exists(page):
        assert page in PENDING, f"{quiz.path.name}: page {page} does not exist"
        return  # its sources are checked once the page (and its bibliography entries) arrive
    assert page in toc_files(), f"{quiz.path.name}: page {page} is not in _toc.yml"
    missing = sorted(quiz.sources - bib_keys())
    assert not missing, f"{quiz.path.name}: sources missing from book/references.bib: {missing}"


def test_model_answers_are_accepted_and_wrong_ones_are_not():
    for quiz in QUIZZES.values():
        for q in quiz.questions:
            if q.type == "short":
                assert accepts(q, q.answer) and accepts(q, "  " + q.answer.upper() + " ")
                assert not accepts(q, "") and not accepts(q, "no idea")


def test_normalise_answer():
    assert normalise_answer("  Social   CREDIT ") == "social credit"


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "bad.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


GOOD_Q = {"id": "q1", "type": "choice", "prompt": "P?", "options": [{"text": "a", "correct": True}, {"text": "b"}],
          "explain": "Because.", "sources": ["kobie2019complicated"]}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"type": "essay"}, "field 'type'"),
        ({"options": [{"text": "a"}, {"text": "b"}]}, "exactly one option"),
        ({"options": [{"text": "a", "correct": True}]}, "at least two options"),
        ({"explain": ""}, "field 'explain'"),
        ({"sources": []}, "field 'sources'"),
        ({"sources": ["nosuchkey2099"]}, "nosuchkey2099"),
        ({"id": "Q 1"}, "field 'id'"),
        ({"colour": "red"}, "unknown field"),
    ],
)
def test_a_broken_question_is_reported_with_file_question_and_field(tmp_path, change, message):
    path = _write(tmp_path, {"page": "book/labs/x", "questions": [{**GOOD_Q, **change}]})
    with pytest.raises(QuizError) as err:
        load_quiz(path, bib_keys())
    text = str(err.value)
    assert "bad.yml" in text and message in text
    if "id" not in change:
        assert "question q1" in text


def test_a_short_answer_must_accept_its_own_model_answer(tmp_path):
    question = {"id": "s1", "type": "short", "prompt": "P?", "accept": ["0\\.1"], "answer": "one tenth",
                "explain": "x", "sources": ["kobie2019complicated"]}
    with pytest.raises(QuizError, match="field 'answer'"):
        load_quiz(_write(tmp_path, {"page": "book/x", "questions": [question]}))
    question.update(accept=["(?P<n>0)"], answer="0")
    with pytest.raises(QuizError, match="JavaScript"):
        load_quiz(_write(tmp_path, {"page": "book/x", "questions": [question]}))


def test_duplicate_ids_and_pages_are_errors(tmp_path):
    with pytest.raises(QuizError, match="used twice"):
        load_quiz(_write(tmp_path, {"page": "book/x", "questions": [GOOD_Q, GOOD_Q]}))
    (tmp_path / "a.yml").write_text(yaml.safe_dump({"page": "book/x", "questions": [GOOD_Q]}))
    (tmp_path / "b.yml").write_text(yaml.safe_dump({"page": "book/x", "questions": [GOOD_Q]}))
    (tmp_path / "bad.yml").unlink()
    with pytest.raises(QuizError, match="already has a quiz"):
        load_quizzes(tmp_path)


def test_the_appended_section_is_a_quiz_directive():
    text = section_for("book/labs/image-scoring")
    assert f"## {HEADING}" in text and "```{quiz} book/labs/image-scoring" in text


# --- the built editions (make test builds both before pytest runs) -------------------------

PAGE = "book/labs/image-scoring"  # a page on every branch, with a quiz


def _quiz_html(edition: str) -> str:
    html = (built_html(edition) / f"{PAGE}.html").read_text(encoding="utf-8")
    start = html.index('<div class="kit-quiz"')
    return html[start:]


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_quiz_markup_is_accessible_without_javascript(edition):
    html = _quiz_html(edition)
    quiz = QUIZZES[PAGE]
    assert html.count('<fieldset class="kit-quiz-fieldset">') == len(quiz.questions)
    assert html.count('<legend class="kit-quiz-prompt">') == len(quiz.questions)
    for q in quiz.questions:
        qid = f"quiz-book-labs-image-scoring-{q.id}"
        assert f'id="{qid}"' in html
        if q.type == "choice":
            for i in range(1, len(q.options) + 1):
                assert f'<input type="radio" name="{qid}" id="{qid}-o{i}"' in html
                assert f'<label for="{qid}-o{i}">' in html
        else:
            assert f'<label for="{qid}-input">' in html and f'id="{qid}-input"' in html
        assert f'id="{qid}-feedback" aria-live="polite"' in html
    assert '<details class="kit-quiz-reveal' in html  # readable and answerable without JS
    assert '<button type="button" class="kit-quiz-check" hidden>Check</button>' in html
    # every source is cited through the bibliography
    assert html.count("Sources:") == len(quiz.questions)


def test_student_edition_keeps_the_key_folded_and_instructor_edition_shows_it():
    student, instructor = _quiz_html("student"), _quiz_html("instructor")
    assert "(correct answer)" not in student and "<details class=\"kit-quiz-reveal\" open>" not in student
    assert instructor.count("(correct answer)") == sum(q.type == "choice" for q in QUIZZES[PAGE].questions)
    assert instructor.count('<details class="kit-quiz-reveal" open>') == len(QUIZZES[PAGE].questions)
    assert 'data-edition="instructor"' in instructor and 'data-edition="student"' in student


def test_quiz_assets_ship_with_the_book():
    for edition in ("student", "instructor"):
        html = built_html(edition)
        for name in ("quiz.js", "quiz.css"):
            assert (html / "_static" / name).is_file(), f"{edition}: _static/{name} missing"
        page = (html / f"{PAGE}.html").read_text(encoding="utf-8")
        assert re.search(r'<script defer="defer" src="[./]*_static/quiz\.js', page) or "_static/quiz.js" in page


def test_answer_key_page_is_instructor_only():
    assert not (built_html("student") / "book" / "teaching" / "quiz-key.html").exists()
    key = (built_html("instructor") / "book" / "teaching" / "quiz-key.html").read_text(encoding="utf-8")
    for page in QUIZZES:
        if exists(page):
            title_page = page.split("/")[-1]
            assert f"{title_page}.html" in key, f"answer key lacks {page}"
    assert "(correct)" in key and "Model answer:" in key



# --- The extension checks sources against the bibliography ----------------------------------------


def _kit(tmp_path: Path, sources: list[str]) -> Path:
    """A minimal kit: one quiz citing ``sources`` and a bibliography with one entry."""
    (tmp_path / "data" / "quizzes").mkdir(parents=True)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "references.bib").write_text("@book{known2020,\n  title = {Known},\n  year = {2020},\n}\n", encoding="utf-8")
    quiz = {"page": "book/labs/x", "questions": [{**GOOD_Q, "sources": sources}]}
    (tmp_path / "data" / "quizzes" / "x.yml").write_text(yaml.safe_dump(quiz), encoding="utf-8")
    return tmp_path


def _env(root: Path):
    from types import SimpleNamespace

    return SimpleNamespace(config=SimpleNamespace(creditlab_root=str(root)), app=SimpleNamespace(), docname="book/labs/x")


def test_the_extension_loads_quizzes_whose_sources_resolve(tmp_path):
    from creditlab.sphinxext.quiz import _quizzes

    quizzes = _quizzes(_env(_kit(tmp_path, ["known2020"])))
    assert quizzes["book/labs/x"].sources == {"known2020"}


def test_the_extension_rejects_a_quiz_citing_an_unknown_key(tmp_path):
    from creditlab.sphinxext.quiz import _quizzes

    with pytest.raises(QuizError, match=r"x\.yml: question 1 \(question q1\): field 'sources' cites key\(s\) missing from book/references.bib: nosuchkey2099"):
        _quizzes(_env(_kit(tmp_path, ["known2020", "nosuchkey2099"])))


def test_an_unknown_key_is_a_build_warning_naming_the_quiz(tmp_path, monkeypatch):
    """The source-read hook reports the problem as a warning (an error in the strict build),
    even for a page whose quiz would never be rendered."""
    from creditlab.sphinxext import quiz as ext

    warnings = []
    monkeypatch.setattr(ext.logger, "warning", lambda message, **kw: warnings.append((message, kw)))
    env = _env(_kit(tmp_path, ["nosuchkey2099"]))
    env.app.env = env
    source = ["# A page without a quiz\n"]
    ext._append_quiz(env.app, "book/other", source)
    assert len(warnings) == 1 and "x.yml" in warnings[0][0] and "question q1" in warnings[0][0]
    assert "nosuchkey2099" in warnings[0][0] and source == ["# A page without a quiz\n"]
