"""Browser fixtures: Debian's (or Playwright's) Chromium, driven headless through Playwright.

Never `playwright install` here: `make test` makes sure a Chromium exists first
(`python -m creditlab.devtools.chromium --ensure`). If none can be found these tests fail,
with the instructions to install one; they never skip.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import urlopen

import pytest
import yaml

from creditlab.devtools.chromium import HOW_TO_INSTALL, LAUNCH_ARGS, find_chromium

from ..conftest import ROOT, built_html

SCREENSHOTS = ROOT / "_build" / "screenshots"


def toc_pages() -> list[str]:
    """Page paths (without suffix) listed in the book's `_toc.yml`, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                pages.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return pages


@pytest.fixture(scope="session")
def browser():
    path = find_chromium()
    if not path:
        pytest.fail(HOW_TO_INSTALL)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=LAUNCH_ARGS)
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_folder(folder: Path, failure: str, tries: int = 200) -> tuple[subprocess.Popen, str]:
    """Serve ``folder`` with Python's web server on a free local port; return the server
    process and its base URL once /index.html answers (``pytest.fail(failure)`` if it never does)."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(tries):
        try:
            urlopen(base + "/index.html", timeout=1).close()
            return server, base
        except OSError:
            time.sleep(0.05)
    server.kill()
    pytest.fail(failure)


class Site:
    def __init__(self, edition: str, html: Path, base: str):
        self.edition, self.html, self.base = edition, html, base

    def url(self, page: str) -> str:
        return f"{self.base}/{page}.html"


@pytest.fixture(scope="module", params=["student", "instructor"])
def site(request):
    edition = request.param
    html = built_html(edition)
    server, base = serve_folder(html, "the local web server did not start", tries=100)
    yield Site(edition, html, base)
    server.terminate()
    server.wait(timeout=10)


# What a page still does after its load event: MathJax typesets (and fetches its fonts), and
# web fonts finish loading. Awaited by Visit.settle.
_SETTLED_JS = """
async () => {
  const mj = window.MathJax && window.MathJax.startup && window.MathJax.startup.promise;
  if (mj) await mj;
  if (document.fonts) await document.fonts.ready;
}
"""


class Visit:
    """A page with everything it asked for recorded.

    What a test tool run inside the page fetches (:meth:`tool`) is not the page's: axe, for
    one, fetches the page's style sheets again to read them, and resolves an ``@import`` in
    a sheet against the page's address instead of the sheet's, asking for a file that is not
    there. Those fetches are left out of ``failed`` and ``console_errors``; a request to
    another host is recorded in ``outside`` whoever makes it."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.pending = 0  # requests sent and not yet answered (or failed)
        self._in_tool = False
        self._tool_urls: set[str] = set()

        def console(message):
            if message.type != "error":
                return
            if message.location.get("url") in self._tool_urls and message.text.startswith("Failed to load resource"):
                return
            self.console_errors.append(message.text)

        def request(r):
            self.pending += 1
            if self._in_tool and r.resource_type in ("fetch", "xhr"):
                self._tool_urls.add(r.url)

        def response(r):
            if r.status >= 400 and r.url not in self._tool_urls:
                self.failed.append(f"{r.status} {r.url}")

        def answered(r):
            self.pending -= 1

        page.on("console", console)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("response", response)
        page.on("request", request)
        page.on("requestfinished", answered)
        page.on("requestfailed", answered)

        def route(route):
            host = urlparse(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        page.route("**/*", route)

    @contextmanager
    def tool(self):
        """Within this block, what the page fetches is a test tool's, not the page's."""
        self._in_tool = True
        try:
            yield
        finally:
            self._in_tool = False

    def settle(self, timeout_ms: int = 10000) -> None:
        """Wait until the page has typeset its mathematics, loaded its fonts and has no
        request in flight. Unlike Playwright's "networkidle", which always waits half a
        second more, this returns as soon as the page is quiet; a request the page makes
        later is still recorded (by the route above), so checks that read ``outside`` and
        ``failed`` after the page's other checks see it."""
        self.page.evaluate(_SETTLED_JS)
        waited = 0
        while self.pending > 0:
            if waited >= timeout_ms:
                raise AssertionError(f"{self.page.url}: {self.pending} request(s) still unanswered after {timeout_ms / 1000:g} s")
            self.page.wait_for_timeout(20)
            waited += 20


@pytest.fixture
def visit(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Visit(page)
    context.close()
