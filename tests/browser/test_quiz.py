"""The self-check quizzes in Chromium, with the keyboard alone.

On a lab page of the student edition: Tab to the first question, choose a wrong answer with
the arrow keys, check it with Enter (the verdict says it is wrong and the reasoning appears),
choose the right one, check it with Space (the verdict says it is right); then type a wrong
and a right short answer and check each with Enter. The instructor edition shows the key
without any answer; without JavaScript the questions and the reasoning are still there.
axe-core finds no serious or critical violation with the reasoning open. Screenshots go to
_build/screenshots/ for review.
"""

from __future__ import annotations

import subprocess

import pytest

from ..conftest import built_html
from .conftest import SCREENSHOTS, Site, serve_folder

pytestmark = pytest.mark.browser

PAGE = "book/labs/image-scoring"
BASE = "#quiz-book-labs-image-scoring"
CHOICE = f"{BASE}-condition"  # option 1 is right, option 2 wrong
SHORT = f"{BASE}-threshold"  # model answer 0.1


@pytest.fixture(scope="module")
def sites():
    """Both editions served locally, started on first use."""
    running: dict[str, tuple[subprocess.Popen, Site]] = {}

    def get(edition: str) -> Site:
        if edition not in running:
            html = built_html(edition)
            server, base = serve_folder(html, f"the local web server for the {edition} edition did not start")
            running[edition] = (server, Site(edition, html, base))
        return running[edition][1]

    yield get
    for server, _ in running.values():
        server.terminate()
        server.wait(timeout=10)


def _open(visit, site, fragment: str = ""):
    response = visit.page.goto(site.url(PAGE) + fragment, wait_until="load")
    assert response is not None and response.status == 200
    visit.settle()
    visit.page.locator(f"{CHOICE} .kit-quiz-check").wait_for(state="visible", timeout=10000)


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _tab_to(page, element_id: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _active_id(page) == element_id:
            return
    raise AssertionError(f"Tab never reached #{element_id} (stopped at #{_active_id(page)})")


def _serious_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}) at {' '.join(map(str, n['target']))}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


def test_quiz_with_the_keyboard_alone(sites, visit):
    site = sites("student")
    page = visit.page
    # A keyboard user follows the page's table of contents to "Check yourself" (the link's
    # #check-yourself); the browser then starts Tab navigation at that section.
    _open(visit, site, "#check-yourself")
    verdict = page.locator(f"{CHOICE} .kit-quiz-verdict")
    reveal = page.locator(f"{CHOICE} .kit-quiz-reveal")
    assert not reveal.is_visible(), "the reasoning stays hidden until the reader answers"

    page.locator(f"{BASE} mjx-container").first.wait_for(timeout=15000)  # formulas typeset
    page.keyboard.press("Tab")  # enters the first question's radio group
    assert _active_id(page) == f"{CHOICE[1:]}-o1"
    page.keyboard.press("ArrowDown")  # moves to, and selects, option 2 (wrong)
    assert page.locator(f"{CHOICE}-o2").is_checked()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "kit-quiz-check"
    page.keyboard.press("Enter")
    assert "Not quite" in verdict.inner_text()
    assert reveal.is_visible() and "A defector among discriminators" in reveal.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(CHOICE).screenshot(path=str(SCREENSHOTS / "quiz-student-wrong-answer.png"))

    page.keyboard.press("Shift+Tab")  # back to the radio group (the checked option)
    assert _active_id(page) == f"{CHOICE[1:]}-o2"
    page.keyboard.press("ArrowUp")  # option 1 (right)
    assert page.locator(f"{CHOICE}-o1").is_checked()
    assert verdict.inner_text() == "", "a new choice clears the old verdict"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert "Correct" in verdict.inner_text()
    assert page.locator(f"{CHOICE}.kit-quiz-right").count() == 1
    page.locator(CHOICE).screenshot(path=str(SCREENSHOTS / "quiz-student-right-answer.png"))

    # Short answer: Tab on to its text box, type, Enter checks.
    _tab_to(page, f"{SHORT[1:]}-input")
    short_verdict = page.locator(f"{SHORT} .kit-quiz-verdict")
    page.keyboard.type("0.5")
    page.keyboard.press("Enter")
    assert "Not quite" in short_verdict.inner_text()
    assert "one in ten" in page.locator(f"{SHORT} .kit-quiz-explain").inner_text()
    page.keyboard.press("Control+A")
    page.keyboard.type(" 1/10 ")
    page.keyboard.press("Enter")
    assert "Correct" in short_verdict.inner_text()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.press("Enter")
    assert "Type an answer first" in short_verdict.inner_text()
    page.locator(SHORT).screenshot(path=str(SCREENSHOTS / "quiz-student-short-answer.png"))

    # The live regions are announced, and nothing failed or left the local host.
    assert page.locator(f"{CHOICE} [aria-live=polite] .kit-quiz-verdict").count() == 1
    assert not visit.console_errors and not visit.outside and not visit.failed
    problems = _serious_axe_violations(page)
    assert not problems, "axe, with the reasoning open:\n  " + "\n  ".join(problems)


def test_instructor_edition_shows_the_key(sites, visit):
    site = sites("instructor")
    page = visit.page
    _open(visit, site)
    label = page.locator(f"label[for='{CHOICE[1:]}-o1']")
    assert "(correct answer)" in label.inner_text()
    assert page.locator(f"{CHOICE} .kit-quiz-reveal").is_visible(), "reasoning open without answering"
    assert "Model answer: 0.1" in page.locator(f"{SHORT} .kit-quiz-explain").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(f"{BASE}").screenshot(path=str(SCREENSHOTS / "quiz-instructor-key.png"))
    problems = _serious_axe_violations(page)
    assert not problems, "axe, instructor key:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_questions_and_reasoning_without_javascript(sites, browser, edition):
    site = sites(edition)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(site.url(PAGE), wait_until="load")
        question = page.locator(CHOICE)
        assert question.locator("legend").is_visible()
        assert not question.locator(".kit-quiz-check").is_visible(), "no dead button without JavaScript"
        summary = question.locator(".kit-quiz-reveal > summary")
        assert summary.is_visible()
        if edition == "student":  # folded: a <details> opens from the keyboard with no script
            summary.focus()
            page.keyboard.press("Enter")
        assert "A defector among discriminators" in question.locator(".kit-quiz-explain").inner_text()
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        question.screenshot(path=str(SCREENSHOTS / f"quiz-{site.edition}-no-js-phone.png"))
    finally:
        context.close()
