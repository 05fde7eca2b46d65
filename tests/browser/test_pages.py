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

axe's two rules that compare colours element by element, colour contrast and
link-in-text-block, are by far its slowest (about a millisecond an element). They run on
every page, on the first element of each look (see _LOOKS_JS: an element's text colour,
size, weight and shadow, and the backgrounds, opacities, filters, positions and transforms
of every box around it; for links also their borders, underline and font and those of the
text block around them), since elements of one look get the same result; and on all the
elements of a look whose first one axe could not settle (see _RUN_JS), as for text scrolled
partly out of its box or a single character. A test below checks that this still finds
what differs, and that forty like paragraphs and links are checked once. All other rules see every element."""

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


LOOK, LINK_LOOK = "data-kit-look", "data-kit-link-look"  # each element's look, each link's link look (numbers)
FIRST, FIRST_LINK = "data-kit-first-look", "data-kit-first-link"  # the first element of each
RECHECK, RECHECK_LINK = "data-kit-recheck", "data-kit-recheck-link"  # the others, where the first settled nothing
COLOUR_RULES = ("color-contrast", "link-in-text-block")

# Numbers the looks of the elements with text of their own under the given roots (the whole
# body if none), and marks the first element of each. An element's look is what decides the
# contrast of its text: its tag, its text's colour (also -webkit-text-fill-color and
# -stroke), size, weight, shadow and visibility, whether it holds letters or only symbols, and every enclosing box's background colour and image, opacity,
# filter, blend mode, position and transform. A link's link look is what decides whether it stands out
# from the text around it (axe's link-in-text-block): its look and its borders, outline,
# underline, font and ::before/::after content, the same of the boxes up to its text block
# and of that block.
_LOOKS_JS = """
([roots, attr, rules]) => {
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
  const ownText = (el) => {
    let text = '';
    for (const n of el.childNodes) if (n.nodeType === 3) text += n.nodeValue;
    return text;
  };
  const look = (el) => {
    const s = getComputedStyle(el);
    const kind = /[\\p{L}\\p{N}]/u.test(ownText(el)) ? 'letters' : 'symbols';
    return [el.tagName, s.color, s.webkitTextFillColor, s.webkitTextStrokeWidth, s.webkitTextStrokeColor,
      s.fontSize, s.fontWeight, s.textShadow, s.visibility, kind, box(el)].join('|');
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
    const parts = [style(el), el.getAttribute('role')];
    for (let p = el.parentElement; p; p = p.parentElement) {
      parts.push(style(p));
      if (isBlock(p)) break;
    }
    return parts.join('#');
  };
  const tops = roots.length ? roots.flatMap((r) => Array.from(document.querySelectorAll(r))) : [document.body];
  const all = new Set(tops.flatMap((t) => [t, ...t.querySelectorAll('*')]));  // roots may nest
  const looks = new Map(), linkLooks = new Map();
  const number = (map, key, el, lookAttr, firstAttr) => {
    if (!map.has(key)) { map.set(key, map.size); el.setAttribute(firstAttr, ''); }
    el.setAttribute(lookAttr, map.get(key));
  };
  axe.setup();  // the rules' tests read axe's tree of the page
  try {
    // Only the elements each rule applies to (by the rule's own selector and test) get a
    // look: colour contrast reads an element's own text, link-in-text-block links with text
    // in a text block, and neither reads what is not shown.
    const [contrast, link] = rules.map((id) => axe.utils.getRule(id));
    for (const el of all) {
      const hasText = ownText(el).trim() !== '', isLink = el.matches(link.selector);
      if (!(hasText || isLink) || !el.checkVisibility()) continue;
      const node = axe.utils.getNodeFromTree(el);
      if (!node) continue;
      if (hasText && contrast.matches(el, node)) number(looks, look(el), el, attr.look, attr.first);
      if (isLink && link.matches(el, node)) number(linkLooks, linkLook(el), el, attr.linkLook, attr.firstLink);
    }
  } finally {
    axe.teardown();
  }
  return {elements: all.size, looks: looks.size, linkLooks: linkLooks.size};
}
"""

# Runs axe: every rule but the two colour rules on every element; the two colour rules on the
# first element of each look; then, for each look whose first element got neither a pass
# nor a violation (axe could not tell, as for text scrolled partly out of its box or a single
# character), that rule on every other element of the look. Returns the violations.
_RUN_JS = """
async ([context, options, rules, attr]) => {
  const where = context || document;
  const kinds = [
    {id: rules[0], look: attr.look, first: attr.first, recheck: attr.recheck, selector: (mark) => `[${mark}]`},
    {id: rules[1], look: attr.linkLook, first: attr.firstLink, recheck: attr.recheckLink,
     selector: (mark) => `a[href][${mark}], [role=link][${mark}]`},
  ];
  const only = (mark) => {
    axe.configure({rules: kinds.map((k) => ({id: k.id, selector: k.selector(k[mark])}))});
    return {runOnly: {type: 'rule', values: rules}};
  };
  const off = Object.fromEntries(rules.map((id) => [id, {enabled: false}]));
  const main = await axe.run(where, {...options, rules: {...(options.rules || {}), ...off}});
  const first = await axe.run(where, {...only('first'), resultTypes: ['violations', 'passes']});
  let again = 0;
  for (const k of kinds) {
    const settled = new Set();
    for (const result of [...first.violations, ...first.passes].filter((r) => r.id === k.id)) {
      for (const node of result.nodes) {
        const el = document.querySelector(node.target[0]);
        if (el) settled.add(el.getAttribute(k.look));
      }
    }
    for (const el of document.querySelectorAll(`[${k.look}]`)) {
      if (!el.hasAttribute(k.first) && !settled.has(el.getAttribute(k.look))) { el.setAttribute(k.recheck, ''); again++; }
    }
  }
  const rest = again ? (await axe.run(where, {...only('recheck'), resultTypes: ['violations']})).violations : [];
  return [...main.violations, ...first.violations, ...rest];
}
"""
_ATTRS = {"look": LOOK, "linkLook": LINK_LOOK, "first": FIRST, "firstLink": FIRST_LINK, "recheck": RECHECK, "recheckLink": RECHECK_LINK}


def run_axe(page, context: dict | None, options: dict = AXE_OPTIONS) -> list[dict]:
    """axe's violations on ``page`` (a Playwright page) within ``context``: every rule of
    ``options`` on every element, except the two that compare colours element by element,
    by far the slowest. Those run on the first element of each look (see _LOOKS_JS), whose
    others have the same colours, boxes and styles, and on all elements of a look whose
    first element axe could not settle (see _RUN_JS)."""
    from axe_playwright_python.sync_playwright import Axe

    roots = [selector for (selector,) in context["include"]] if context else []
    page.evaluate(Axe().axe_script)
    page.evaluate(_LOOKS_JS, [roots, _ATTRS, list(COLOUR_RULES)])
    return page.evaluate(_RUN_JS, [context, options, list(COLOUR_RULES), _ATTRS])


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
<div style="background: #fafafa"><p class="dim">1</p><p class="dim" id="twelve">12</p></div>
<div style="background: #f5f5f5"><p class="dim">[\u2026]</p><p class="dim" id="commas">[\u2026, \u2026]</p></div>
</main></body></html>"""


def test_colour_rules_once_per_look_still_find_what_differs(browser):
    """The two colour rules run on one element of each look, and still find: a paragraph
    whose colour differs; one whose own style is that of forty others but whose box is dark;
    one whose look is that of a hidden paragraph before it; a link that looks like forty
    others but sits in a paragraph it does not stand out from; and, where axe left the first
    element of a look out or could not settle it (a single character, symbols only), the
    later ones. The forty like paragraphs and links are checked once."""
    context = browser.new_context()
    page = context.new_page()
    same = "".join(f'<p class="same">Paragraph {i}, dark grey on white, with <a class="same" href="#{i}">a link</a>.</p>' for i in range(40))
    page.set_content(_LOOKS_PAGE.format(same=same))
    found = {
        (violation["id"], " ".join(map(str, node["target"])))
        for violation in run_axe(page, None)
        for node in violation["nodes"]
    }
    checked = [page.locator(f"p.same[{a}]").count() for a in (FIRST, RECHECK)]
    checked_links = [page.locator(f"a.same[{a}]").count() for a in (FIRST_LINK, RECHECK_LINK)]
    context.close()
    assert found == {
        ("color-contrast", "#faded"), ("color-contrast", "#dark"), ("color-contrast", "#dim"),
        ("color-contrast", "#twelve"), ("color-contrast", "#commas"), ("link-in-text-block", "#lost"),
    }, found
    assert checked == [1, 0], f"{checked} of the forty like paragraphs were checked first and again: should be [1, 0]"
    assert checked_links == [1, 0], f"{checked_links} of the forty like links were checked first and again: should be [1, 0]"
