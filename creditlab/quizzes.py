"""Self-check quizzes: one YAML file per page under ``data/quizzes/``.

Each file holds the questions shown under one page of the book, in a "Check yourself"
section that the Sphinx extension (:mod:`creditlab.sphinxext.quiz`) appends to that page,
so that nobody edits the chapter to add its quiz. The instructor edition prints the same
data as an answer key.

Format::

    page: book/labs/image-scoring      # the page's path without suffix (its docname)
    questions:
      - id: cost-benefit               # unique within the file: letters, digits, hyphens
        type: choice                   # one answer among options
        prompt: Which condition ...    # MyST inline markup (roles such as {term} allowed)
        options:
          - text: $q > c/b$
            correct: true              # exactly one option is correct
          - text: $q < c/b$
        explain: The reasoning ...     # MyST; shown after the reader answers
        sources: [nowak2006five]       # bibliography keys (book/references.bib)
      - id: threshold
        type: short                    # a short typed answer
        prompt: With b = 1 and c = 0.1 ...
        accept: ['0?\\.1', '1/10']     # regular expressions, each matched against the
                                       # whole answer (trimmed, spaces collapsed, any case)
        answer: '0.1'                  # the model answer; must match one of accept
        explain: ...
        sources: [nowak2006five]

:func:`load_quizzes` checks every file and raises :class:`QuizError` naming the file, the
question and the field of the first problem it finds. Source keys are checked against the
bibliography when ``bib`` is given; the Sphinx extension always gives it, so a quiz citing a
key missing from ``book/references.bib`` fails the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .paths import repo_root

__all__ = ["QuizError", "Quiz", "Question", "Option", "load_quiz", "load_quizzes", "normalise_answer", "accepts", "QUIZ_DIR"]

QUIZ_DIR = "data/quizzes"
_ID = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
_DOCNAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\Z")
# Regular-expression syntax that Python and JavaScript read differently: keep patterns simple.
_UNPORTABLE = re.compile(r"\(\?P|\(\?<[!=]|\\[AZzG]|\(\?[aiLmsux]")


class QuizError(ValueError):
    """A quiz file is malformed; the message names the file, the question and the field."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    prompt: str
    explain: str
    sources: tuple[str, ...]
    options: tuple[Option, ...] = ()
    accept: tuple[str, ...] = ()
    answer: str = ""

    @property
    def correct_option(self) -> Option | None:
        return next((o for o in self.options if o.correct), None)


@dataclass(frozen=True)
class Quiz:
    page: str
    path: Path
    questions: tuple[Question, ...]

    @property
    def sources(self) -> set[str]:
        return {key for q in self.questions for key in q.sources}


def normalise_answer(text: str) -> str:
    """What a typed answer is compared in: trimmed, inner spaces collapsed, lower case.
    ``quiz.js`` does the same in the browser."""
    return " ".join(str(text).split()).lower()


def accepts(question: Question, text: str) -> bool:
    """True if ``text`` is an accepted answer to a short-answer question."""
    value = normalise_answer(text)
    return bool(value) and any(re.fullmatch(p, value, re.IGNORECASE) for p in question.accept)


def _text(value, where: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizError(f"{where}: field '{field}' must be non-empty text (got {value!r})")
    return value.strip()


def _question(raw, where: str, bib: set[str] | None) -> Question:
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: each question must be a mapping with id, type, prompt, explain and sources")
    qid = raw.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise QuizError(f"{where}: field 'id' must be lower-case letters, digits and hyphens (got {qid!r})")
    where = f"{where} (question {qid})"
    known = {"id", "type", "prompt", "options", "accept", "answer", "explain", "sources"}
    unknown = set(raw) - known
    if unknown:
        raise QuizError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(known))}")
    qtype = raw.get("type")
    if qtype not in ("choice", "short"):
        raise QuizError(f"{where}: field 'type' must be 'choice' or 'short' (got {qtype!r})")
    prompt = _text(raw.get("prompt"), where, "prompt")
    explain = _text(raw.get("explain"), where, "explain")
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        raise QuizError(f"{where}: field 'sources' must be a non-empty list of bibliography keys (got {sources!r})")
    sources = tuple(s.strip() for s in sources)
    if bib is not None:
        missing = [s for s in sources if s not in bib]
        if missing:
            raise QuizError(f"{where}: field 'sources' cites key(s) missing from book/references.bib: {', '.join(missing)}")
    if qtype == "choice":
        if "accept" in raw or "answer" in raw:
            raise QuizError(f"{where}: a choice question takes 'options', not 'accept' or 'answer'")
        options = raw.get("options")
        if not isinstance(options, list) or len(options) < 2:
            raise QuizError(f"{where}: field 'options' must list at least two options")
        parsed = []
        for i, opt in enumerate(options, 1):
            if not isinstance(opt, dict) or set(opt) - {"text", "correct"}:
                raise QuizError(f"{where}: option {i} must be a mapping with 'text' and, for the right one, 'correct: true'")
            correct = opt.get("correct", False)
            if not isinstance(correct, bool):
                raise QuizError(f"{where}: option {i}: field 'correct' must be true or false (got {correct!r})")
            parsed.append(Option(_text(opt.get("text"), f"{where}, option {i}", "text"), correct))
        n_correct = sum(o.correct for o in parsed)
        if n_correct != 1:
            raise QuizError(f"{where}: field 'options' must mark exactly one option 'correct: true' (found {n_correct})")
        if len({o.text for o in parsed}) != len(parsed):
            raise QuizError(f"{where}: field 'options' repeats an option")
        return Question(qid, qtype, prompt, explain, sources, options=tuple(parsed))
    if "options" in raw:
        raise QuizError(f"{where}: a short-answer question takes 'accept' and 'answer', not 'options'")
    accept = raw.get("accept")
    if not isinstance(accept, list) or not accept or not all(isinstance(p, str) and p for p in accept):
        raise QuizError(f"{where}: field 'accept' must be a non-empty list of regular expressions")
    for pattern in accept:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise QuizError(f"{where}: field 'accept': {pattern!r} is not a valid regular expression ({exc})") from None
        if _UNPORTABLE.search(pattern):
            raise QuizError(f"{where}: field 'accept': {pattern!r} uses syntax that JavaScript reads differently")
    answer = _text(raw.get("answer"), where, "answer")
    question = Question(qid, qtype, prompt, explain, sources, accept=tuple(accept), answer=answer)
    if not accepts(question, answer):
        raise QuizError(f"{where}: field 'answer' ({answer!r}) is not matched by any pattern in 'accept'")
    return question


def load_quiz(path: Path | str, bib: set[str] | None = None) -> Quiz:
    """Read and check one quiz file. ``bib``: the bibliography keys sources must be in."""
    path = Path(path)
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise QuizError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise QuizError(f"{where}: expected a mapping with 'page' and 'questions'")
    unknown = set(raw) - {"page", "questions"}
    if unknown:
        raise QuizError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}; allowed: page, questions")
    page = raw.get("page")
    if not isinstance(page, str) or not _DOCNAME.match(page) or page.endswith((".md", ".ipynb")):
        raise QuizError(f"{where}: field 'page' must be a page path without suffix, e.g. book/labs/silence (got {page!r})")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise QuizError(f"{where}: field 'questions' must be a non-empty list")
    parsed = tuple(_question(q, f"{where}: question {i}", bib) for i, q in enumerate(questions, 1))
    ids = [q.id for q in parsed]
    dups = sorted({i for i in ids if ids.count(i) > 1})
    if dups:
        raise QuizError(f"{where}: question id(s) used twice: {', '.join(dups)}")
    return Quiz(page=page.strip("/"), path=path, questions=parsed)


def load_quizzes(directory: Path | str | None = None, bib: set[str] | None = None) -> dict[str, Quiz]:
    """Every quiz in ``directory`` (default ``data/quizzes``), by page. Two files for one
    page are an error."""
    directory = Path(directory) if directory else repo_root() / QUIZ_DIR
    quizzes: dict[str, Quiz] = {}
    if not directory.is_dir():
        return quizzes
    for path in sorted(directory.glob("*.yml")):
        quiz = load_quiz(path, bib)
        if quiz.page in quizzes:
            raise QuizError(f"{path}: page {quiz.page} already has a quiz in {quizzes[quiz.page].path.name}")
        quizzes[quiz.page] = quiz
    return quizzes
