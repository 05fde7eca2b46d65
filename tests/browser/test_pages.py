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

The debate case-file pages are built by the same directives from the same data columns,
so they share every element and style: axe's colour-contrast rule, by far its slowest,
runs on two of them, which between them hold every directive and admonition class any
case page uses (a test below keeps it so), and every other rule runs on all of them."""

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


CASE_PAGE = re.compile(r"book/debate/case-m\d\d")
CONTRAST_CHECKED = {"book/debate/case-m09", "book/debate/case-m12"}


def _axe_options(page: str) -> dict:
    if CASE_PAGE.fullmatch(page) and page not in CONTRAST_CHECKED:
        return {**AXE_OPTIONS, "rules": {"color-contrast": {"enabled": False}}}
    return AXE_OPTIONS


def _axe_context(edition: str, page: str) -> dict | None:
    """Where axe looks: the whole page, or on an instructor page that the student edition
    also has (the front page aside), only the parts the student page lacks."""
    if edition == "instructor" and page != "index" and not is_instructor_only(_source(page)):
        return {"include": [[selector] for selector in INSTRUCTOR_PARTS]}
    return None


def check_page(edition: str, page: str, base: str, visit) -> None:
    from axe_playwright_python.sync_playwright import Axe

    response = visit.page.goto(f"{base}/{page}.html", wait_until="load")
    assert response is not None and response.status == 200, f"{page}: HTTP {response and response.status}"
    visit.page.wait_for_load_state("networkidle")
    problems = []
    if not visit.page.locator("article.bd-article h1").first.is_visible():
        problems.append("no visible page heading")
    problems += [f"console error: {e}" for e in visit.console_errors]
    problems += [f"request outside 127.0.0.1: {u}" for u in visit.outside]
    problems += [f"HTTP error: {f}" for f in visit.failed]

    context = _axe_context(edition, page)
    if context is not None and not visit.page.locator(", ".join(INSTRUCTOR_PARTS)).count():
        problems.append("no solution or instructor note found: the page should not differ from the student edition")
    result = Axe().run(visit.page, context=context, options=_axe_options(page)).response
    found = []
    for violation in result["violations"]:
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


def _element_kinds(page: str) -> set[str]:
    """The directives and admonition classes a page's source uses."""
    text = _source(page).read_text(encoding="utf-8")
    return set(re.findall(r"^`{3,}\{([\w-]+)\}", text, re.M)) | set(re.findall(r"^:class: ([\w-]+)", text, re.M))


def test_contrast_checked_case_pages_hold_every_kind_of_element():
    covered = set().union(*(_element_kinds(p) for p in CONTRAST_CHECKED))
    case_pages = [p for p in STUDENT_PAGES if CASE_PAGE.fullmatch(p)]
    assert len(case_pages) > len(CONTRAST_CHECKED)
    for page in case_pages:
        extra = _element_kinds(page) - covered
        assert not extra, f"{page} uses {sorted(extra)}, which no page in CONTRAST_CHECKED has: add it there"
