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


class Visit:
    """A page with everything it asked for recorded."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

        def route(route):
            host = urlparse(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
                route.continue_()
            else:
                self.outside.append(route.request.url)
                route.abort()

        page.route("**/*", route)


@pytest.fixture
def visit(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Visit(page)
    context.close()
