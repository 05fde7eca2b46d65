"""The built site works for people: pages load cleanly, nothing leaves 127.0.0.1, search
finds words, solutions toggle (instructor) or are absent (student), and axe finds no
serious or critical problem caused by the book's own content."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from .conftest import SCREENSHOTS, toc_pages

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
KNOWN = yaml.safe_load((HERE / "axe_known_issues.yml").read_text(encoding="utf-8"))["known"] or []


def _load(visit, site, page):
    response = visit.page.goto(site.url(page), wait_until="load")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    visit.page.wait_for_load_state("networkidle")
    return response


def test_every_page_loads_cleanly_and_stays_local(site, visit):
    pages = toc_pages(site.edition)
    assert len(pages) >= 6
    problems = []
    for page in pages:
        _load(visit, site, page)
        h1 = visit.page.locator("article.bd-article h1").first
        if not h1.is_visible():
            problems.append(f"{page}: no visible heading")
        for label, items in (("console error", visit.console_errors), ("request outside 127.0.0.1", visit.outside), ("HTTP error", visit.failed)):
            problems += [f"{page}: {label}: {item}" for item in items]
            items.clear()
    assert not problems, "\n".join(problems)


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


def _is_known(rule: str, target: str) -> bool:
    return any(k["rule"] == rule and k["target"] in target for k in KNOWN)


def test_accessibility_no_serious_violations_from_our_content(site, visit):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    new, seen_known = [], set()
    report = {}
    for page in toc_pages(site.edition):
        _load(visit, site, page)
        result = axe.run(visit.page).response
        for violation in result["violations"]:
            if violation["impact"] not in ("serious", "critical"):
                continue
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                report.setdefault(page, []).append({"rule": violation["id"], "impact": violation["impact"], "target": target})
                if _is_known(violation["id"], target):
                    seen_known.add((violation["id"]))
                else:
                    new.append(f"{page}: {violation['id']} ({violation['impact']}) at {target}: {violation['help']}")
    out = Path(SCREENSHOTS.parent / f"axe-{site.edition}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1))
    assert not new, "accessibility violations not in tests/browser/axe_known_issues.yml:\n" + "\n".join(new)
    stale = [k["rule"] for k in KNOWN if k["rule"] not in seen_known]
    assert not stale, f"these known theme issues no longer occur; delete them from axe_known_issues.yml: {stale}"


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
