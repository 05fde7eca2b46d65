"""Site-wide behaviour of both editions: search finds words, mathematics renders offline,
solutions toggle (instructor) or are absent (student), and screenshots of key pages are
kept for review. Page-by-page checks (clean loading, no outside requests, axe) are in
test_pages.py."""

from __future__ import annotations

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser



def _load(visit, site, page):
    response = visit.page.goto(site.url(page), wait_until="load")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    visit.page.wait_for_load_state("networkidle")
    return response


def test_search_finds_a_known_word(site, visit):
    visit.page.goto(f"{site.base}/search.html?q=defaulter", wait_until="load")
    results = visit.page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=15000)
    titles = " ".join(results.all_inner_texts())
    assert "Timeline" in titles and "One system, two readings" in titles, titles
    assert not visit.outside


def test_mathematics_renders_offline(site, visit):
    _load(visit, site, "book/labs/image-scoring")
    visit.page.locator("mjx-container").first.wait_for(timeout=15000)
    assert visit.page.locator("mjx-container").count() > 5
    assert not visit.outside and not visit.console_errors


def test_solutions_toggle_or_are_absent(site, visit):
    _load(visit, site, "exercises/ex-image-scoring")
    solutions = visit.page.locator("div.solution")
    if site.edition == "student":
        assert solutions.count() == 0
        assert visit.page.get_by_text("Your turn.").count() >= 2
        return
    assert solutions.count() >= 2
    first = solutions.first
    body = first.locator("section").first
    assert not body.is_visible(), "solutions start folded"
    first.locator("button.toggle-button").click()
    body.wait_for(state="visible", timeout=5000)
    assert "q_min" in body.inner_text()


def test_screenshots_of_key_pages(site, visit):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page in ("index", "book/labs/image-scoring", "exercises/ex-image-scoring"):
        _load(visit, site, page)
        name = f"{site.edition}-{page.replace('/', '-')}.png"
        visit.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        assert (SCREENSHOTS / name).stat().st_size > 10_000
