"""Wide tables on a phone: one card per row, each cell under its column's name (tables.js),
still a table with its headers for assistive technology; on a wide screen, a plain table."""

from __future__ import annotations

import pytest

from ..conftest import built_html
from .conftest import serve_folder
from .reach_checks import PHONE, phone_layout_problems

pytestmark = pytest.mark.browser

PAGES = ["book/labs/bridge", "book/part1/numbers", "book/teaching/assessments", "book/part1/timeline"]

_STATE = """() => Array.from(document.querySelectorAll('article.bd-article table')).map(t => ({
  stackable: t.dataset.creditlabStack || null,
  stacked: t.classList.contains('creditlab-stacked'),
  fits: t.scrollWidth <= t.parentElement.clientWidth + 1,
  role: t.getAttribute('role'),
  heads: Array.from(t.querySelectorAll('thead th')).map(th => th.textContent.trim()),
  firstRow: Array.from((t.querySelector('tbody tr') || {children: []}).children).map(c => {
    const label = c.querySelector('.creditlab-cell-label');
    return {role: c.getAttribute('role'), label: label ? label.textContent : null,
            hidden: label ? label.getAttribute('aria-hidden') : null,
            shown: label ? getComputedStyle(label).display !== 'none' : false};
  }),
}))"""


@pytest.fixture(scope="module")
def student_site():
    server, base = serve_folder(built_html("student"), "the local web server did not start")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def on_phone(browser, student_site):
    """Open a page of the student edition at a phone's width: ``on_phone("book/labs/bridge")``."""
    context = browser.new_context(viewport=PHONE)

    def open_page(page: str):
        tab = context.new_page()
        tab.goto(f"{student_site}/{page}.html", wait_until="load")
        tab.wait_for_timeout(300)
        return tab

    yield open_page
    context.close()


@pytest.mark.parametrize("page", PAGES)
def test_wide_tables_become_labelled_cards_on_a_phone(on_phone, page):
    tab = on_phone(page)
    tables = tab.evaluate(_STATE)
    assert tables, f"{page}: no table found"
    stacked = [t for t in tables if t["stacked"]]
    assert stacked, f"{page}: no wide table was turned into cards at phone width"
    for t in tables:
        if t["stackable"] == "yes":
            assert t["fits"], f"{page}: a table is still wider than its column: {t['heads']}"
            assert t["role"] == "table"
            for i, cell in enumerate(t["firstRow"]):
                assert cell["role"] in ("cell", "rowheader")
                assert cell["label"] == t["heads"][i] and cell["hidden"] == "true"
                assert cell["shown"] == t["stacked"], "labels show only on cards"
    assert phone_layout_problems(tab) == []
    # Back on a wide screen the same tables are plain tables again, labels hidden.
    tab.set_viewport_size({"width": 1280, "height": 900})
    tab.wait_for_timeout(300)
    wide = tab.evaluate(_STATE)
    assert not any(t["stacked"] for t in wide)
    assert not any(c["shown"] for t in wide for c in t["firstRow"])


def test_stacked_tables_pass_axe_on_a_phone(on_phone):
    from axe_playwright_python.sync_playwright import Axe

    tab = on_phone("book/labs/bridge")
    result = Axe().run(tab, context={"include": [["article.bd-article table"]]},
                       options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"]}}).response
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_the_claim_audit_keeps_its_sortable_table(on_phone):
    # Its header holds sort buttons that must stay visible: it scrolls inside its box instead.
    tab = on_phone("book/claims/audit")
    claims = tab.evaluate("""() => Array.from(document.querySelectorAll('table.creditlab-claims-table')).map(t =>
        [t.dataset.creditlabStack, t.classList.contains('creditlab-stacked'), !!t.querySelector('thead button')])""")
    assert claims and all(c == ["no", False, True] for c in claims), claims
    assert phone_layout_problems(tab) == []
