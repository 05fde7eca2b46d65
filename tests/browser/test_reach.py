"""Reach every reader, in the browser:

- the in-browser kernel (JupyterLite + Pyodide shipped with the site) starts with no network
  and runs plain Python; a lab's first cell then asks for numpy and nothing else, from
  Pyodide's CDN only; with the network (CREDITLAB_NETWORK_TESTS=1, weekly CI) it runs;
- the offline bundle works from the file system and from `python -m http.server`;
- printing hides the navigation and prints the addresses of links to other sites;
- figures stay readable in dark mode;
- phone-width screenshots of key pages are kept for review (the layout of every page at
  phone width is checked page by page in test_pages.py);
- a printed page keeps its Chinese characters (a quick PDF check; `make pdf` builds the books).

Each test class goes to one xdist worker, so the slow ones run side by side.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from creditlab.devtools import lite
from creditlab.devtools.bundle import FOLDER, make_bundle
from creditlab.exercises.strip import MARKER

from ..conftest import ROOT, built_html
from .conftest import SCREENSHOTS, serve_folder
from .reach_checks import PHONE, phone_layout_problems

pytestmark = pytest.mark.browser

CDN = lite.cdn_url(lite.pyodide_version())
NETWORK = os.environ.get("CREDITLAB_NETWORK_TESTS") == "1"


def _serve(folder: Path):
    return serve_folder(folder, f"the local web server for {folder} did not start")


@pytest.fixture(scope="class")
def student_site():
    server, base = _serve(built_html("student"))
    yield base
    server.terminate()
    server.wait(timeout=10)


class _Recorder:
    """A browser context that refuses (and records) every request to a host not allowed."""

    def __init__(self, browser, allowed=("127.0.0.1",), **options):
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
        allowed = set(allowed)

        def route(r):
            url = r.request.url
            if url.startswith(("data:", "blob:")) or urlparse(url).hostname in allowed:
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()

    def close(self):
        self.context.close()


def _run_cell(page, cell, timeout):
    """Run ``cell`` of a JupyterLite notebook and return its output text once there is one."""
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    output = cell.locator(".jp-OutputArea-output").first
    output.wait_for(timeout=timeout)
    return cell.locator(".jp-OutputArea").inner_text()


def _open_notebook(page, base, notebook):
    page.goto(f"{base}/lite/notebooks/index.html?path={notebook}", wait_until="load")
    # The notebook renders in steps: wait until its cells are there and stay there.
    page.wait_for_function("document.querySelectorAll('.jp-CodeCell').length >= 2", timeout=90_000)
    page.wait_for_timeout(500)
    page.wait_for_function("document.querySelectorAll('.jp-CodeCell').length >= 2", timeout=30_000)


class TestBrowserKernel:
    def test_kernel_starts_offline_runs_python_and_asks_only_the_pyodide_cdn(self, browser, student_site):
        notebooks = lite.lite_notebooks(ROOT / "_build" / "src" / "student")
        lab = next(n for n in notebooks if n.startswith("book/labs/"))
        rec = _Recorder(browser)
        page = rec.page
        try:
            _open_notebook(page, student_site, lab)
            first = page.locator(".jp-CodeCell").first
            # A new cell above the lab's first code cell, with plain Python only.
            first.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Escape")
            page.keyboard.press("a")
            new = page.locator(".jp-CodeCell").first
            new.locator(".jp-InputArea-editor").click()
            page.keyboard.type("import sys; print(6 * 7, sys.platform)")
            page.keyboard.press("Shift+Enter")
            new.locator(".jp-OutputArea-output").first.wait_for(timeout=180_000)
            out = new.locator(".jp-OutputArea").inner_text()
            assert "42 emscripten" in out, out
            assert not rec.outside, f"the kernel asked other servers to start: {rec.outside}"
            # The lab's own first cell imports numpy and matplotlib: offline they cannot load,
            # and the only requests are for Pyodide's builds of them, on its CDN.
            lab_cell = page.locator(".jp-CodeCell").nth(1)
            text = _run_cell(page, lab_cell, timeout=120_000)
            assert "numpy" in text, text
            assert rec.outside, "numpy was not requested"
            wrong = [u for u in rec.outside if not u.startswith(CDN)]
            assert not wrong, f"requests to other servers than Pyodide's CDN: {wrong}"
            assert any("/numpy-" in u for u in rec.outside)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "student-lite-offline.png"))
        finally:
            rec.close()

    def test_browser_copies_of_exercises_hold_no_solution(self, browser, student_site):
        notebooks = [n for n in lite.lite_notebooks(ROOT / "_build" / "src" / "student") if n.startswith("exercises/")]
        rec = _Recorder(browser)
        try:
            _open_notebook(rec.page, student_site, notebooks[0])
            assert rec.page.locator(".jp-CodeCell").count() >= 2
            html = rec.page.content()
            assert MARKER not in html and "solution-start" not in html
            assert not rec.outside
        finally:
            rec.close()


@pytest.mark.network
@pytest.mark.skipif(not NETWORK, reason="needs the internet: set CREDITLAB_NETWORK_TESTS=1 (the weekly CI job does)")
class TestBrowserKernelOnline:
    def test_a_lab_cell_with_numpy_runs_in_the_browser(self, browser, student_site):
        lab = next(n for n in lite.lite_notebooks(ROOT / "_build" / "src" / "student") if n.startswith("book/labs/"))
        rec = _Recorder(browser, allowed=("127.0.0.1", urlparse(CDN).hostname))
        try:
            _open_notebook(rec.page, student_site, lab)
            text = _run_cell(rec.page, rec.page.locator(".jp-CodeCell").first, timeout=300_000)
            assert "Error" not in text, text
            assert text.strip(), "the cell printed nothing"
            assert not rec.outside, f"requests beyond the local site and Pyodide's CDN: {rec.outside}"
        finally:
            rec.close()


class TestOfflineBundle:
    def test_bundle_works_from_files_and_from_a_local_server(self, browser, tmp_path):
        html = built_html("student")
        archive = make_bundle(html, tmp_path / "bundle.zip", source="https://example.org/kit")
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            assert f"{FOLDER}/index.html" in names and f"{FOLDER}/README.txt" in names
            assert not any("/." in n for n in names), "hidden files in the bundle"
            zf.extractall(tmp_path)
        folder = tmp_path / FOLDER
        requests: list[str] = []
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        try:
            lab = next(n for n in lite.lite_notebooks(ROOT / "_build" / "src" / "student") if n.startswith("book/labs/"))
            for rel in ("index.html", lab.replace(".ipynb", ".html")):
                page.goto((folder / rel).as_uri(), wait_until="load")
                page.wait_for_load_state("networkidle")
                assert page.locator("article.bd-article h1").first.is_visible()
            # Styles, figures and mathematics came from the bundle.
            assert page.evaluate("getComputedStyle(document.querySelector('.bd-sidebar-primary')).position") != "static"
            assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
            page.locator("mjx-container").first.wait_for(timeout=15_000)
            # From files the in-browser notebooks cannot start: the link says what to do.
            page.locator("a.reach-run-lite").click()
            assert "python -m http.server" in page.locator(".reach-run-file-note").inner_text()
            assert not errors, errors
            # Search works from files too; only the text snippets under each result, which
            # Sphinx fetches page by page, are refused by the browser on file:// (no result lost).
            page.goto((folder / "search.html").as_uri() + "?q=defaulter", wait_until="load")
            page.locator("#search-results ul.search li").first.wait_for(timeout=15_000)
            outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
            assert not outside, f"the bundle asked for {outside}"
        finally:
            context.close()
        # Served with python -m http.server, the JupyterLite app loads too.
        server, base = _serve(folder)
        try:
            rec = _Recorder(browser)
            rec.page.goto(f"{base}/lite/notebooks/index.html?path={lab}", wait_until="load")
            rec.page.locator(".jp-CodeCell").first.wait_for(timeout=90_000)
            assert not rec.outside
            rec.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


class TestReading:
    def test_print_hides_navigation_and_prints_link_addresses(self, browser, student_site):
        rec = _Recorder(browser)
        page = rec.page
        try:
            page.goto(f"{student_site}/book/bibliography.html", wait_until="networkidle")
            page.emulate_media(media="print")
            for selector in (".bd-sidebar-primary", ".bd-header-article", ".bd-sidebar-secondary", ".prev-next-area"):
                hidden = page.evaluate(
                    "(s) => Array.from(document.querySelectorAll(s)).every(e => getComputedStyle(e).display === 'none')",
                    selector,
                )
                assert hidden, f"{selector} is printed"
            printed = page.evaluate(
                """() => Array.from(document.querySelectorAll('a[data-print-url]')).map(
                     a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
            )
            assert printed, "no link of the bibliography prints its address"
            for href, after in printed:
                assert href in after, f"{href} prints as {after}"
            bare = page.evaluate(
                """() => Array.from(document.querySelectorAll('.bd-article a[href^="http"]'))
                     .filter(a => a.textContent.trim() === a.getAttribute('href')).length"""
            )
            assert bare, "bare addresses are printed as they are (no duplicate)"
        finally:
            rec.close()

    def test_figures_are_readable_in_dark_mode(self, browser, student_site):
        rec = _Recorder(browser, color_scheme="dark")
        page = rec.page
        page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
        try:
            lab = next(n for n in lite.lite_notebooks(ROOT / "_build" / "src" / "student") if n.startswith("book/labs/"))
            page.goto(f"{student_site}/{lab.replace('.ipynb', '.html')}", wait_until="networkidle")
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
            filters = page.evaluate(
                "Array.from(document.querySelectorAll('div.cell_output img')).map(i => getComputedStyle(i).filter)"
            )
            assert filters and all("invert" in f for f in filters), filters
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.locator("div.cell_output img").first.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "student-dark-lab-figure.png"))
        finally:
            rec.close()

    def test_phone_screenshots_of_key_pages(self, browser, student_site):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        rec = _Recorder(browser)
        page = rec.page
        try:
            lab = next(n for n in lite.lite_notebooks(ROOT / "_build" / "src" / "student") if n.startswith("book/labs/"))
            for rel in ("index", "book/part1/timeline", lab.replace(".ipynb", "")):
                page.set_viewport_size({"width": 1280, "height": 900})
                page.goto(f"{student_site}/{rel}.html", wait_until="networkidle")
                assert not phone_layout_problems(page)
                name = SCREENSHOTS / f"student-phone-{rel.replace('/', '-')}.png"
                page.screenshot(path=str(name), full_page=True)
                assert name.stat().st_size > 10_000
            assert page.viewport_size == PHONE
            assert not rec.outside
        finally:
            rec.close()


class TestPrintedPage:
    def test_a_printed_page_keeps_its_chinese_text(self, browser, tmp_path):
        from pypdf import PdfReader

        from creditlab.devtools.pdf import print_pdf

        html = built_html("student")
        page = next(p for p in ("book/glossary.html", "book/intro.html") if (html / p).is_file())
        out = print_pdf(html, tmp_path / "page.pdf", subtitle="Student edition", page=page, browser=browser)
        reader = PdfReader(out)
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert len(reader.pages) >= 2
        assert re.search(r"[\u4e00-\u9fff]", text), "no Chinese characters in the PDF text"
        fonts = set()
        for p in reader.pages:
            for font in (p.get("/Resources", {}).get("/Font", {}) or {}).values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor")
                fonts.add(str(font.get("/BaseFont") or (descriptor and descriptor.get_object().get("/FontName"))))
        # Chinese terms are marked lang="zh-Hans", so a Simplified Chinese font draws them.
        assert any("CJK" in f and "SC" in f.upper().split("CJK")[-1] for f in fonts), f"no Simplified Chinese font: {fonts}"
        assert MARKER not in text
