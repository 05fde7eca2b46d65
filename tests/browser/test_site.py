"""Site-wide behaviour of both editions: search finds words, mathematics renders offline,
solutions toggle (instructor) or are absent (student), and screenshots of key pages are
kept for review. Page-by-page checks (clean loading, no outside requests, axe) are in
test_pages.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import SCREENSHOTS

pytestmark = pytest.mark.browser



def _load(visit, site, page):
    response = visit.page.goto(site.url(page), wait_until="load")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    visit.settle()
    return response


def test_search_finds_a_known_word(site, visit):
    visit.page.goto(f"{site.base}/search.html?q=defaulter", wait_until="load")
    results = visit.page.locator("#search-results ul.search li")
    # Sphinx's search fills the list item by item; read it once the summary says it is done.
    visit.page.wait_for_function(
        "(document.querySelector('#search-results p.search-summary') || {}).textContent"
        " && document.querySelector('#search-results p.search-summary').textContent.includes('Search finished')",
        timeout=60000,
    )
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


def test_claims_audit_filters_and_sorts_in_the_browser(site, visit):
    """The claim audit's filter form appears with JavaScript, hides and shows rows by verdict,
    reading and pattern, reports the count, and the column headings sort the table."""
    from creditlab import datasets as ds

    claims = ds.load("claims")
    _load(visit, site, "book/claims/audit")
    page = visit.page
    rows = page.locator("table.creditlab-claims-table tbody tr.claims-row")
    assert rows.count() == len(claims)
    form = page.locator("form.claims-filters")
    assert form.is_visible(), "the filter form is shown once the script runs"

    verdict = page.get_by_label("Verdict", exact=True)
    verdict.select_option("false")
    expected = [r["id"] for r in claims if r["verdict"] == "false"]
    visible = page.locator("table.creditlab-claims-table tbody tr.claims-row:visible")
    assert visible.count() == len(expected)
    assert sorted(visible.locator("td.claims-col-id").all_inner_texts()) == sorted(expected)
    assert page.locator("#claim-c01").is_hidden(), "a supported claim is hidden when filtering for false ones"
    assert f"Showing {len(expected)} of {len(claims)}" in form.locator(".claims-status").inner_text()

    page.get_by_label("Reading", exact=True).select_option("004")
    both = [r for r in claims if r["verdict"] == "false" and r["article"].startswith("004")]
    assert visible.count() == len(both)

    page.get_by_role("button", name="Show all").click()
    page.wait_for_function(f"document.querySelectorAll('tr.claims-row:not([hidden])').length === {len(claims)}")
    page.get_by_label("Error pattern", exact=True).select_option("private-vs-state")
    assert visible.count() == len([r for r in claims if "private-vs-state" in r["patterns"]])

    # Keyboard: focus the verdict filter and change it with the arrow keys.
    page.get_by_role("button", name="Show all").click()
    verdict.focus()
    page.keyboard.press("ArrowDown")
    assert verdict.input_value() == "supported"
    assert visible.count() == len([r for r in claims if r["verdict"] == "supported"])

    # Sorting by id, descending then ascending.
    page.get_by_role("button", name="Show all").click()
    sort = page.get_by_role("button", name="Sort by Id")
    sort.click()
    sort.click()
    header = page.locator("table.creditlab-claims-table thead th").first
    assert header.get_attribute("aria-sort") == "descending"
    first = page.locator("table.creditlab-claims-table tbody tr").first.get_attribute("id")
    assert first == "claim-c" + str(max(int(r["id"][1:]) for r in claims))
    assert not visit.console_errors and not visit.outside


def test_labs_one_and_two_show_figures_with_alt_text_and_no_widgets(site, visit):
    # The labs of issue 5 (image scoring, reputation norms): every figure has meaningful alt
    # text, maths renders offline, and the "turn the knob" cells show a static figure (no
    # widget code is loaded from anywhere).
    for page in ("book/labs/image-scoring", "book/labs/reputation-norms"):
        _load(visit, site, page)
        images = visit.page.locator("article.bd-article img")
        assert images.count() >= 3, page
        for i in range(images.count()):
            alt = images.nth(i).get_attribute("alt") or ""
            assert len(alt) > 40, f"{page}: image {i} has no meaningful alt text"
        visit.page.locator("article.bd-article mjx-container").first.wait_for(timeout=15000)
        assert visit.page.locator(".jupyter-widgets, .widget-area").count() == 0, page
        assert not visit.outside and not visit.console_errors


def _debate_frozen_clock(page):
    """Fake timers that move only when the test says so."""
    import datetime

    start = datetime.datetime(2026, 1, 5, 9, 0, 0)
    page.clock.install(time=start)
    return lambda: page.clock.pause_at(start + datetime.timedelta(seconds=5))


def test_debate_timer_works_from_the_keyboard(site, visit):
    page = visit.page
    freeze = _debate_frozen_clock(page)
    _load(visit, site, "book/debate/tools")
    freeze()
    timer = page.locator(".debate-timer").first
    clock = timer.locator(".debate-timer-clock")
    assert clock.inner_text() == "8:00"
    timer.get_by_role("button", name="Start").focus()
    page.keyboard.press("Enter")
    page.clock.run_for(70_000)
    assert clock.inner_text() == "6:50"
    assert "Points of information may be offered" in timer.locator(".debate-timer-status").inner_text()
    assert "Points of information open" in timer.locator("[aria-live=polite]").first.inner_text()
    timer.get_by_role("button", name="Pause").focus()
    page.keyboard.press("Space")
    page.clock.run_for(5_000)
    assert clock.inner_text() == "6:50", "paused"
    timer.get_by_role("button", name="Next speech").focus()
    page.keyboard.press("Enter")
    assert timer.locator(".debate-timer-speech").inner_text().startswith("2 of 8: First Opposition")
    timer.get_by_label("Format").select_option("pf")
    assert timer.locator(".debate-timer-speech").inner_text().startswith("1 of 11: Pro constructive")
    prep = timer.get_by_role("button", name="Start Pro prep (3:00 left)")
    prep.focus()
    page.keyboard.press("Enter")
    page.clock.run_for(30_000)
    assert "2:30 left" in timer.get_by_role("button", name=re.compile("Stop Pro prep")).inner_text()
    assert not visit.console_errors and not visit.outside


def test_debate_flow_sheet_keeps_notes_and_downloads_them(site, visit):
    page = visit.page
    _load(visit, site, "book/debate/tools")
    cell = page.get_by_label("First Proposition, row 1")
    cell.fill("Enforcement works (E004)")
    page.reload(wait_until="load")
    cell = page.get_by_label("First Proposition, row 1")
    assert cell.input_value() == "Enforcement works (E004)", "notes survive a reload"
    with page.expect_download() as info:
        page.get_by_role("button", name="Download flow (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("row,") and "Enforcement works (E004)" in text
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear flow").click()
    assert page.get_by_label("First Proposition, row 1").input_value() == ""
    assert not visit.console_errors and not visit.outside


def test_debate_map_is_labelled_focusable_and_exported(site, visit):
    page = visit.page
    _load(visit, site, "book/debate/case-m01")
    svg = page.locator("svg.debate-map-svg")
    assert svg.get_attribute("role") == "img"
    name = page.locator(f"#{svg.get_attribute('aria-labelledby')}").text_content()
    assert name.startswith("Argument map of motion M01") and len(name) > 80
    region = page.locator(".debate-map-scroll")
    region.focus()
    assert region.evaluate("el => document.activeElement === el")
    from urllib.parse import urljoin

    for link in page.locator(".debate-map-text a[download]").all():
        url = urljoin(page.url, link.get_attribute("href"))
        assert page.request.get(url).status == 200, url
    _load(visit, site, "debate/packets/M01")
    assert page.locator("h1").inner_text().startswith("Prep packet: M01")
    assert not visit.console_errors and not visit.outside


def test_debate_drill_timer_counts_down(site, visit):
    page = visit.page
    freeze = _debate_frozen_clock(page)
    _load(visit, site, "book/debate/drills")
    freeze()
    drill = page.locator(".debate-drill-timer").first
    drill.get_by_role("button").focus()
    page.keyboard.press("Enter")
    page.clock.run_for(30_000)
    assert drill.get_by_role("timer").inner_text() == "0:30"
    page.clock.run_for(31_000)
    assert drill.get_attribute("data-state") == "over"
    assert not visit.console_errors and not visit.outside
