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
