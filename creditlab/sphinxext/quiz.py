"""Self-check quizzes that give feedback in the static page, without a server.

The questions live as data in ``data/quizzes/<name>.yml`` (format and checks in
:mod:`creditlab.quizzes`). For every quiz whose ``page`` is part of the build, this module
appends a "Check yourself" section with a ``{quiz}`` directive to that page's source as it
is read (Sphinx's ``source-read`` event; for a notebook, a markdown cell is appended), so
that no chapter file is edited to add its quiz. A page that is not in the build is skipped
silently.

Directives
----------
``{quiz} [page]``
    The questions of the quiz for ``page`` (default: the current page). Usually added
    automatically; write it in a page to place the questions elsewhere (the page then gets
    no automatic section).
``{quiz-key}``
    Every quiz of the pages in the build, printed as an answer key (for an instructor-only
    page).

Markup (progressive enhancement): each question is a ``<fieldset>`` with a ``<legend>``;
options are radio buttons with labels, a short answer is a labelled text box. Without
JavaScript the reader can still answer and open "Answer and reasoning". With
``static/quiz.js`` a "Check" button gives a verdict in an ``aria-live`` region and reveals
the reasoning. The instructor edition marks the correct option and shows the reasoning
open: it doubles as the key.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..bib import bib_keys
from ..paths import repo_root
from ..quizzes import QUIZ_DIR, Quiz, QuizError, load_quizzes

logger = logging.getLogger(__name__)

__all__ = ["setup", "QuizDirective", "QuizKeyDirective", "section_for"]

HEADING = "Check yourself"
_EXPLICIT = re.compile(r"^\s*(```+|:::+)\{quiz\}", re.MULTILINE)


# ---------------------------------------------------------------------------
# Nodes (HTML only; other builders leave the interactive parts out)
# ---------------------------------------------------------------------------


class quiz_block(nodes.General, nodes.Element):
    """The whole quiz of a page."""


class quiz_question(nodes.General, nodes.Element):
    """One question: a fieldset with its legend, answers, Check button and feedback."""


class quiz_legend(nodes.Part, nodes.TextElement):
    """The prompt of a question."""


class quiz_option(nodes.Part, nodes.TextElement):
    """A radio button with its label."""


class quiz_short(nodes.General, nodes.Element):
    """A labelled text box."""


class quiz_feedback(nodes.General, nodes.Element):
    """The verdict (filled in by quiz.js) and the answer with its reasoning."""


def _attr(value) -> str:
    return html.escape(str(value), quote=True)


def visit_block(self, node):
    self.body.append(
        f'<div class="kit-quiz" id="{_attr(node["quiz_id"])}" data-edition="{_attr(node["edition"])}">'
    )


def depart_block(self, node):
    self.body.append("</div>\n")


def visit_question(self, node):
    self.body.append(
        f'<div class="kit-quiz-question" id="{_attr(node["qid"])}" data-type="{_attr(node["qtype"])}">'
        f'<fieldset class="kit-quiz-fieldset">'
    )


def depart_question(self, node):
    self.body.append("</div>\n")


def visit_legend(self, node):
    self.body.append(f'<legend class="kit-quiz-prompt"><span class="kit-quiz-number">{_attr(node["number"])}</span> ')


def depart_legend(self, node):
    self.body.append("</legend>")


def visit_option(self, node):
    correct = "true" if node["correct"] else "false"
    self.body.append(
        f'<div class="kit-quiz-option"><input type="radio" name="{_attr(node["group"])}" '
        f'id="{_attr(node["input_id"])}" value="{_attr(node["value"])}" data-correct="{correct}">'
        f'<label for="{_attr(node["input_id"])}">'
    )


def depart_option(self, node):
    if node["show_key"] and node["correct"]:
        self.body.append(' <strong class="kit-quiz-key">(correct answer)</strong>')
    self.body.append("</label></div>")


def visit_short(self, node):
    self.body.append(
        f'<div class="kit-quiz-short"><label for="{_attr(node["input_id"])}">Your answer</label> '
        f'<input type="text" id="{_attr(node["input_id"])}" autocomplete="off" spellcheck="false" '
        f"data-accept='{_attr(json.dumps(list(node['accept'])))}'></div>"
    )
    raise nodes.SkipNode


def visit_feedback(self, node):
    opened = " open" if node["show_key"] else ""
    self.body.append(
        "</fieldset>"
        '<button type="button" class="kit-quiz-check" hidden>Check</button>'
        f'<div class="kit-quiz-feedback" id="{_attr(node["fb_id"])}" aria-live="polite">'
        '<p class="kit-quiz-verdict"></p>'
        f'<details class="kit-quiz-reveal"{opened}><summary>Answer and reasoning</summary>'
        '<div class="kit-quiz-explain">'
    )


def depart_feedback(self, node):
    self.body.append("</div></details></div>")


def _skip(self, node):
    raise nodes.SkipNode


def _pass(self, node):
    pass


# ---------------------------------------------------------------------------
# Directives
# ---------------------------------------------------------------------------


def _quizzes(env) -> dict[str, Quiz]:
    """The quizzes, read once per build (and re-read when a file or the bibliography changes).

    Every source key is checked against ``book/references.bib`` here, so that an unknown key
    fails the build with the quiz file and the question named, whether or not the quiz's
    page is part of the edition being built (a ``{cite:p}`` that does not resolve would only
    be reported for a page in the build, and at the page rather than the quiz file).
    """
    root = Path(env.config.creditlab_root or repo_root())
    directory = root / QUIZ_DIR
    bib = root / "book" / "references.bib"
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in directory.glob("*.yml"))) if directory.is_dir() else ()
    stamp += (bib.stat().st_mtime_ns if bib.is_file() else None,)
    cached = getattr(env.app, "_creditlab_quizzes", None)
    if cached is None or cached[0] != stamp:
        keys = bib_keys(bib) if bib.is_file() else None
        env.app._creditlab_quizzes = (stamp, load_quizzes(directory, bib=keys))
    return env.app._creditlab_quizzes[1]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _QuizBase(SphinxDirective):
    def _parse_block(self, text: str, container: nodes.Element, source: str) -> None:
        self.state.nested_parse(StringList(text.splitlines(), source=source), self.content_offset, container)

    def _parse_inline(self, text: str) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(" ".join(text.split()), self.lineno)
        return parsed + messages

    def _sources_line(self, q) -> str:
        return "Sources: {cite:p}`" + ",".join(q.sources) + "`."


class QuizDirective(_QuizBase):
    """Render the quiz of a page (see the module docstring)."""

    optional_arguments = 1
    has_content = False

    def run(self):
        page = (self.arguments[0] if self.arguments else self.env.docname).strip("/")
        try:
            quizzes = _quizzes(self.env)
        except QuizError as exc:
            raise self.error(f"quiz: {exc}")
        quiz = quizzes.get(page)
        if quiz is None:
            raise self.error(f"quiz: no quiz for page {page!r} in {QUIZ_DIR}/")
        self.env.note_dependency(str(quiz.path))
        edition = self.config.creditlab_edition
        show_key = edition == "instructor"
        base = f"quiz-{_slug(page)}"
        block = quiz_block(quiz_id=base, edition=edition)
        intro = (
            "Instructor edition: the correct answers are marked and the reasoning is open."
            if show_key
            else "Answer, then press **Check** (or Enter) to see whether you are right and why. "
            "Nothing you type leaves this page."
        )
        self._parse_block(intro, block, f"<quiz {page}>")
        for n, q in enumerate(quiz.questions, 1):
            qid = f"{base}-{q.id}"
            question = quiz_question(qid=qid, qtype=q.type)
            legend = quiz_legend(number=f"{n}.")
            legend.extend(self._parse_inline(q.prompt))
            question += legend
            if q.type == "choice":
                for i, opt in enumerate(q.options, 1):
                    option = quiz_option(
                        group=qid, input_id=f"{qid}-o{i}", value=str(i), correct=opt.correct, show_key=show_key
                    )
                    option.extend(self._parse_inline(opt.text))
                    question += option
            else:
                question += quiz_short(input_id=f"{qid}-input", accept=q.accept)
            feedback = quiz_feedback(fb_id=f"{qid}-feedback", show_key=show_key)
            if q.type == "choice":
                answer = "**Answer:** " + q.correct_option.text
            else:
                answer = "**Model answer:** " + q.answer
            self._parse_block(f"{answer}\n\n{q.explain}\n\n{self._sources_line(q)}", feedback, f"<quiz {page}:{q.id}>")
            question += feedback
            block += question
        return [block]


class QuizKeyDirective(_QuizBase):
    """Every quiz of the pages in this build, as a printable answer key."""

    has_content = False

    def run(self):
        try:
            quizzes = _quizzes(self.env)
        except QuizError as exc:
            raise self.error(f"quiz-key: {exc}")
        found = self.env.found_docs
        lines: list[str] = []
        for page, quiz in sorted(quizzes.items()):
            if page not in found:
                continue
            self.env.note_dependency(str(quiz.path))
            lines.append(f"## {{doc}}`/{page}`")
            lines.append("")
            for n, q in enumerate(quiz.questions, 1):
                prompt = " ".join(q.prompt.split())
                lines.append(f"{n}. {prompt}")
                lines.append("")
                if q.type == "choice":
                    for i, opt in enumerate(q.options):
                        mark = " **(correct)**" if opt.correct else ""
                        lines.append(f"   {chr(97 + i)}) {' '.join(opt.text.split())}{mark}")
                        lines.append("")
                else:
                    lines.append(f"   **Model answer:** {' '.join(q.answer.split())}")
                    lines.append("")
                for para in q.explain.strip().split("\n\n"):
                    lines.append("   " + " ".join(para.split()))
                    lines.append("")
                lines.append("   " + self._sources_line(q))
                lines.append("")
        if not lines:
            lines = ["No page with a quiz is part of this build."]
        container = nodes.container(classes=["kit-quiz-answer-key"])
        self._parse_block("\n".join(lines), container, "<quiz-key>")
        return [container]


# ---------------------------------------------------------------------------
# Adding the "Check yourself" section to each page that has a quiz
# ---------------------------------------------------------------------------


def section_for(page: str) -> str:
    """The MyST text appended to a page that has a quiz."""
    return f"\n\n## {HEADING}\n\n```{{quiz}} {page}\n```\n"


def _append_quiz(app, docname, source):
    try:
        quizzes = _quizzes(app.env)
    except QuizError as exc:
        logger.warning(f"quiz: {exc}", location=docname)
        return
    if docname not in quizzes:
        return
    text = source[0]
    path = str(app.env.doc2path(docname))
    if path.endswith(".ipynb"):
        try:
            nb = json.loads(text)
        except json.JSONDecodeError:
            return  # the notebook reader reports the problem
        cells = nb.get("cells", [])
        if any(_EXPLICIT.search("".join(c.get("source", ""))) for c in cells if c.get("cell_type") == "markdown"):
            return
        cell = {"cell_type": "markdown", "metadata": {}, "source": section_for(docname).strip() + "\n"}
        if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) >= (4, 5):
            cell["id"] = "kit-quiz-check-yourself"
        cells.append(cell)
        source[0] = json.dumps(nb, ensure_ascii=False)
    elif path.endswith(".md"):
        if _EXPLICIT.search(text):
            return
        source[0] = text.rstrip("\n") + section_for(docname)


def setup(app):
    for node, visit, depart in (
        (quiz_block, visit_block, depart_block),
        (quiz_question, visit_question, depart_question),
        (quiz_legend, visit_legend, depart_legend),
        (quiz_option, visit_option, depart_option),
        (quiz_short, visit_short, None),
        (quiz_feedback, visit_feedback, depart_feedback),
    ):
        app.add_node(
            node,
            html=(visit, depart),
            latex=(_skip, None),
            text=(_skip, None),
            man=(_skip, None),
            texinfo=(_skip, None),
        )
    app.add_directive("quiz", QuizDirective)
    app.add_directive("quiz-key", QuizKeyDirective)
    app.connect("source-read", _append_quiz)
    app.add_js_file("quiz.js", loading_method="defer")
    app.add_css_file("quiz.css")
