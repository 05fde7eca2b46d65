"""Every page, one test each (so that xdist spreads them over workers): it loads with no
console error and no failed request, asks nothing of any host but 127.0.0.1, shows its
heading, axe-core finds no serious or critical violation that is not a pinned, known
theme issue, and at a phone's width (390 x 844) nothing makes the page scroll sideways
(tables and code scroll inside their own box, figures scale). The student edition is
tested page by page; the instructor edition on the pages that differ from it (those
holding solutions or instructor notes). On those pages every check but axe covers the
whole page; axe covers the parts that differ (the solutions and instructor notes), since
the rest of the page is the student page, checked already. The instructor edition's own
pages, and its front page with the instructor navigation, get the full axe check.

axe's colour-contrast rule, by far its slowest (about a millisecond an element), runs on
every page, once for each look an element has there: an element whose text colour, font size
and weight, text shadow, visibility and kind of text, and the backgrounds, opacities,
filters, positions and transforms of every box it sits in, are all those of an element
earlier on the page has that element's contrast (see _FIRST_LOOK_JS; a test below checks
that this still finds a faded paragraph among many like it). All other rules see every element."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from creditlab.editions import is_instructor_only
from creditlab.exercises import strip

from ..conftest import ROOT, built_html
from .conftest import serve_folder, toc_pages
from .reach_checks import phone_layout_problems

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
KNOWN = yaml.safe_load((HERE / "axe_known_issues.yml").read_text(encoding="utf-8"))["known"] or []
REPORTS = ROOT / "_build" / "axe"
# Every rule set of axe-core, the experimental rules included (they catch, for instance,
# buttons whose accessible name hides their visible text).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice", "experimental"],
    },
    "resultTypes": ["violations"],
}


def _source(page: str) -> Path:
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{page}{suffix}").is_file():
            return ROOT / f"{page}{suffix}"
    raise FileNotFoundError(page)


PAGES = toc_pages()
STUDENT_PAGES = [p for p in PAGES if not is_instructor_only(_source(p))]
_DIFFERS = re.compile(r"\{solution|\{instructor-note\}|kit-solution")
# The parts of a page that only the instructor edition has: what the student edition strips
# (creditlab.exercises.strip: the solution marker and the tagged notebook cells) and the
# instructor notes (class kit-instructor, set by creditlab.sphinxext).
INSTRUCTOR_PARTS = (f".{strip.MARKER}", ".kit-instructor", *(f".tag_{tag}" for tag in strip.STRIP_TAGS))
INSTRUCTOR_PAGES = ["index"] + [
    p for p in PAGES if p != "index" and (is_instructor_only(_source(p)) or _DIFFERS.search(_source(p).read_text(encoding="utf-8")))
]


def _serve(edition: str):
    return serve_folder(built_html(edition), f"the local web server for the {edition} edition did not start")


@pytest.fixture(scope="session")
def servers():
    running = {}

    def get(edition: str) -> str:
        if edition not in running:
            running[edition] = _serve(edition)
        return running[edition][1]

    yield get
    for server, _ in running.values():
        server.terminate()
        server.wait(timeout=10)


def _known_for(page: str) -> list[dict]:
    return [k for k in KNOWN if k.get("pages", "*") == "*" or page in k.get("pages", [])]


FIRST = "data-kit-first-look"
FIRST_LINK = "data-kit-first-link"

# Marks the first element of each look under the given roots (the whole body if none): with
# the attribute FIRST, the look that decides the contrast of an element's text (its colour,
# size, weight, shadow and visibility, whether it is shown at all, whether it holds letters
# or only symbols, and every enclosing box's background colour and image, opacity, filter,
# blend mode, position and transform); and with FIRST_LINK, among links, the look that
# decides whether a link stands out from the text around it (axe's link-in-text-block: the
# link's look and its borders, outline, underline, font and ::before/::after content, the
# same of the boxes up to its text block and of that block, and whether axe counts it as in
# a text block at all). Returns the counts. Needs axe injected (for isInTextBlock).
_FIRST_LOOK_JS = """
([roots, mark, markLink]) => {
  const boxes = new Map();
  const box = (el) => {
    if (!el || el.nodeType !== 1) return '';
    if (!boxes.has(el)) {
      const s = getComputedStyle(el);
      boxes.set(el, box(el.parentElement) + '>' + [s.backgroundColor, s.backgroundImage, s.opacity,
        s.filter, s.mixBlendMode, s.position, s.transform].join('|'));
    }
    return boxes.get(el);
  };
  const look = (el) => {
    const s = getComputedStyle(el);
    let text = '';
    for (const n of el.childNodes) if (n.nodeType === 3) text += n.nodeValue;
    const kind = /[\\p{L}\\p{N}]/u.test(text) ? 'letters' : (text.trim() ? 'symbols' : '');
    const shown = el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0;
    return [el.tagName, s.color, s.fontSize, s.fontWeight, s.textShadow, s.visibility, shown, kind, box(el)].join('|');
  };
  const style = (el) => {
    const s = getComputedStyle(el);
    const pseudo = ['before', 'after'].map((p) => getComputedStyle(el, ':' + p).content);
    return [look(el), s.display, s.borderBottom, s.borderTop, s.outline, s.fontFamily, s.fontStyle,
      s.textDecoration, s.textDecorationLine, s.textDecorationStyle, ...pseudo].join('|');
  };
  const isBlock = (el) => {
    const d = getComputedStyle(el).display;
    return ['block', 'list-item', 'table', 'flex', 'grid', 'inline-block'].includes(d) || d.startsWith('table-');
  };
  const linkLook = (el) => {
    const parts = [style(el), el.getAttribute('role'), (el.innerText || '').trim() ? 'text' : '',
      axe.commons.dom.isInTextBlock(el)];
    for (let p = el.parentElement; p; p = p.parentElement) {
      parts.push(style(p));
      if (isBlock(p)) break;
    }
    return parts.join('#');
  };
  const tops = roots.length ? roots.flatMap((r) => Array.from(document.querySelectorAll(r))) : [document.body];
  const looks = new Set(), linkLooks = new Set();
  let elements = 0, links = 0;
  axe.setup();
  try {
    for (const top of tops) {
      for (const el of [top, ...top.querySelectorAll('*')]) {
        elements++;
        const k = look(el);
        if (!looks.has(k)) { looks.add(k); el.setAttribute(mark, ''); }
        if (el.matches('a[href], [role=link]')) {
          links++;
          const l = linkLook(el);
          if (!linkLooks.has(l)) { linkLooks.add(l); el.setAttribute(markLink, ''); }
        }
      }
    }
  } finally {
    axe.teardown();
  }
  return {elements, looks: looks.size, links, linkLooks: linkLooks.size};
}
"""


def run_axe(page, context: dict | None, options: dict = AXE_OPTIONS) -> list[dict]:
    """axe's violations on ``page`` (a Playwright page) within ``context``: every rule of
    ``options`` on every element, except the two that compare colours element by element,
    by far the slowest. Colour contrast runs on the first element of each look, and
    link-in-text-block on the first link of each link look (see _FIRST_LOOK_JS): the others
    have the same colours, the same boxes and the same styles, so the same result."""
    from axe_playwright_python.sync_playwright import Axe

    roots = [selector for (selector,) in context["include"]] if context else []
    page.evaluate(Axe().axe_script)
    page.evaluate(_FIRST_LOOK_JS, [roots, FIRST, FIRST_LINK])
    page.evaluate(
        f"axe.configure({{rules: [{{id: 'color-contrast', selector: '[{FIRST}]'}},"
        f" {{id: 'link-in-text-block', selector: 'a[href][{FIRST_LINK}], [role=link][{FIRST_LINK}]'}}]}})"
    )
    return page.evaluate("([context, options]) => axe.run(context || document, options)", [context, options])["violations"]


def _axe_context(edition: str, page: str) -> dict | None:
    """Where axe looks: the whole page, or on an instructor page that the student edition
    also has (the front page aside), only the parts the student page lacks."""
    if edition == "instructor" and page != "index" and not is_instructor_only(_source(page)):
        return {"include": [[selector] for selector in INSTRUCTOR_PARTS]}
    return None


def check_page(edition: str, page: str, base: str, visit) -> None:
    response = visit.page.goto(f"{base}/{page}.html", wait_until="load")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    visit.settle()
    problems = []
    if not visit.page.locator("article.bd-article h1").first.is_visible():
        problems.append("no visible page heading")

    context = _axe_context(edition, page)
    if context is not None and not visit.page.locator(", ".join(INSTRUCTOR_PARTS)).count():
        problems.append("no solution or instructor note found: the page should not differ from the student edition")
    found = []
    with visit.tool():
        violations = run_axe(visit.page, context)
    for violation in violations:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            target = " ".join(map(str, node["target"]))
            found.append({"rule": violation["id"], "impact": violation["impact"], "target": target, "help": violation["help"]})
    known = _known_for(page)
    for item in found:
        if not any(k["rule"] == item["rule"] and k["target"] in item["target"] for k in known):
            problems.append(f"axe {item['rule']} ({item['impact']}) at {item['target']}: {item['help']}")
    for k in known:
        if not any(k["rule"] == item["rule"] and k["target"] in item["target"] for item in found):
            problems.append(f"known issue {k['rule']} at {k['target']} no longer occurs here: update axe_known_issues.yml")
    problems += [f"phone width: {p}" for p in phone_layout_problems(visit.page)]
    # Read last, once the page is quiet again: whatever it asked for during the checks counts too.
    visit.settle()
    problems += [f"console error: {e}" for e in visit.console_errors]
    problems += [f"request outside 127.0.0.1: {u}" for u in visit.outside]
    problems += [f"HTTP error: {f}" for f in visit.failed]
    report = REPORTS / edition / f"{page}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(found, indent=1))
    assert not problems, f"{edition} edition, {page}:\n  " + "\n  ".join(problems)


def _chunked(prefix: str, edition: str, pages: list[str], chunks: int) -> None:
    """Define test classes Test<prefix>0.., each checking a share of the pages. pytest-xdist
    (`--dist loadscope`) sends each class to one worker, so the pages spread over workers
    while each notebook's nbval cells stay together."""
    for i in range(chunks):
        share = pages[i::chunks]
        if not share:
            continue

        @pytest.mark.parametrize("page", share)
        def test_page(self, page, servers, visit, _edition=edition):
            check_page(_edition, page, servers(_edition), visit)

        globals()[f"Test{prefix}{i}"] = type(f"Test{prefix}{i}", (), {"test_page": test_page})


_chunked("StudentPages", "student", STUDENT_PAGES, 4)
_chunked("InstructorPages", "instructor", INSTRUCTOR_PAGES, 2)



_LOOKS_PAGE = """<!doctype html><html lang="en"><head><title>Looks</title>
<style>p {{ color: #222; }} a {{ color: #1a4f9c; }} .dim {{ color: #c8c8c8; }}</style></head><body><main>
<h1>Forty paragraphs alike</h1>
<div style="display: none"><p class="dim">A hidden paragraph with the faded look.</p></div>
<div style="background: #fff">{same}
<p id="faded" style="color: #c8c8c8">A faded paragraph among many like it.</p>
<p style="text-decoration: underline; color: #1c4a94">This paragraph is underlined and blue, so
<a href="#lost" id="lost">a link like all the others</a> does not stand out in it.</p></div>
<div><p class="dim" id="dim">A shown paragraph with the faded look of the hidden one.</p></div>
<div style="background: #333">
<p id="dark">Dark text on a dark box: the same paragraph style, another background.</p></div>
</main></body></html>"""


def test_contrast_once_per_look_still_finds_what_differs(browser):
    """One element of each look is enough, and the check still finds: a paragraph whose
    colour differs; one whose own style is that of forty others but whose box is dark; one
    whose look is that of a hidden paragraph before it; and a link that looks like forty
    others but sits in a paragraph it does not stand out from. The forty like paragraphs
    and links are each checked once."""
    context = browser.new_context()
    page = context.new_page()
    same = "".join(f'<p>Paragraph {i}, dark grey on white, with <a href="#{i}">a link</a> in it.</p>' for i in range(40))
    page.set_content(_LOOKS_PAGE.format(same=same))
    found = {
        (violation["id"], " ".join(map(str, node["target"])))
        for violation in run_axe(page, None)
        for node in violation["nodes"]
    }
    first = page.locator(f"main p[{FIRST}]").count()
    first_links = page.locator(f"main a[{FIRST_LINK}]").count()
    context.close()
    assert found == {
        ("color-contrast", "#faded"), ("color-contrast", "#dark"), ("color-contrast", "#dim"), ("link-in-text-block", "#lost"),
    }, found
    assert first == 6, f"{first} paragraphs were checked for contrast: the forty alike should count once"
    assert first_links == 2, f"{first_links} links were checked against their text: the forty alike should count once"
