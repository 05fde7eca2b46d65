"""The whole book as one PDF per edition: ``make pdf`` (both) or ``make pdf EDITION=student``.

Route: Sphinx's single-page HTML build of the edition (``_build/<edition>/singlehtml``),
printed to A4 by headless Chromium through Playwright, with the book's print stylesheet
(navigation hidden, external links followed by their address, folded boxes opened). The
PDF has a cover, page numbers, a bookmark outline of the chapters and tagged structure
for screen readers; text stays text (selectable, searchable, Chinese included).

Why not LaTeX: the book's charts are inline SVG drawn by ``{datachart}`` and its pages use
HTML-only features (dropdown data tables, the theme's admonitions); a LaTeX build drops
raw HTML, so every chart would be missing, and it needs about 2 GB of TeX Live with CJK
fonts. Printing the HTML gives exactly what readers see on screen, with the fonts the
system already has for Chinese (``fonts-noto-cjk`` on Debian).

Nothing is fetched while printing: requests to any host but the local server are refused.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import http.server
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from ..paths import repo_root

__all__ = ["pdf_path", "print_pdf", "build_pdf", "main"]

_FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 16mm;color:#555;display:flex;'
    'justify-content:space-between;font-family:sans-serif">'
    '<span>{title}</span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
)

_PREPARE = """
(args) => {
  const [subtitle, stamp, source] = args;
  document.documentElement.dataset.theme = "light";
  document.documentElement.dataset.mode = "light";
  if (window.creditlabPreparePrint) { window.creditlabPreparePrint(); }
  document.querySelectorAll("details").forEach((d) => d.setAttribute("open", ""));
  const article = document.querySelector("article.bd-article") || document.body;
  const title = document.title.replace(/\\s+[-|\\u2014\\u2013]\\s+.*$/, "");
  const cover = document.createElement("section");
  cover.className = "reach-cover";
  const h = document.createElement("p");
  h.className = "reach-cover-title";
  h.textContent = title;
  const s = document.createElement("p");
  s.className = "reach-cover-subtitle";
  s.textContent = subtitle;
  const m = document.createElement("p");
  m.className = "reach-cover-meta";
  m.textContent = stamp;
  const l = document.createElement("p");
  l.className = "reach-cover-meta";
  l.textContent = source;
  cover.append(h, s, m, l);
  article.prepend(cover);
  return title;
}
"""

_COVER_CSS = """
.reach-cover { break-after: page; padding-top: 35vh; text-align: center; }
.reach-cover-title { font-size: 2.2em; font-weight: 600; margin-bottom: 0.5em; }
.reach-cover-subtitle { font-size: 1.3em; margin-bottom: 3em; }
.reach-cover-meta { font-size: 0.95em; color: #444; margin: 0.3em 0; }
/* The cover replaces the theme's print title; each page of the book starts a new sheet. */
#jb-print-docs-body { display: none !important; }
span[id^="document-"] + section { break-before: page; }
"""


def pdf_path(edition: str, root: Path | None = None) -> Path:
    root = Path(root) if root else repo_root()
    return root / "_build" / edition / "pdf" / f"social-credit-course-kit-{edition}.pdf"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - keep the console clean
        pass


def _serve(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def print_pdf(
    html_dir: Path, out: Path, *, subtitle: str, source: str = "", page: str = "index.html", browser=None
) -> Path:
    """Print ``page`` of a built HTML folder to ``out`` (A4) with headless Chromium.

    ``browser`` is a Playwright browser to use (a new headless Chromium by default).
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    server = _serve(Path(html_dir))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        if browser is not None:
            return _print(browser, base, page, out, subtitle, source)
        from playwright.sync_api import sync_playwright

        from .chromium import HOW_TO_INSTALL, LAUNCH_ARGS, find_chromium

        chromium = find_chromium()
        if not chromium:
            raise SystemExit(HOW_TO_INSTALL)
        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            try:
                return _print(own, base, page, out, subtitle, source)
            finally:
                own.close()
    finally:
        server.shutdown()
        server.server_close()


def _print(browser, base: str, page: str, out: Path, subtitle: str, source: str) -> Path:
    refused: list[str] = []

    def route(r):
        if urlparse(r.request.url).hostname == "127.0.0.1" or r.request.url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context = browser.new_context(viewport={"width": 1100, "height": 1400}, color_scheme="light")
    try:
        context.add_init_script("try { localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light'); } catch (e) {}")
        context.route("**/*", route)
        tab = context.new_page()
        tab.goto(f"{base}/{page}", wait_until="load", timeout=120_000)
        tab.wait_for_load_state("networkidle")
        tab.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null")
        stamp = f"Built {_dt.date.today().isoformat()}"
        title = tab.evaluate(_PREPARE, [subtitle, stamp, source])
        tab.add_style_tag(content=_COVER_CSS)
        tab.evaluate("() => document.fonts.ready.then(() => true)")
        tab.evaluate(
            "() => Promise.all(Array.from(document.images).map(i => i.complete ? 1 :"
            " new Promise(r => { i.onload = i.onerror = r; })))"
        )
        tab.emulate_media(media="print")
        tab.pdf(
            path=str(out),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_FOOTER.format(title=title.replace("<", "&lt;")),
            margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            outline=True,
            tagged=True,
        )
    finally:
        context.close()
    if refused:
        print(f"[creditlab] refused {len(refused)} request(s) to other servers while printing: {refused[:3]}")
    return out


def build_pdf(edition: str, root: Path | None = None, *, quiet: bool = True) -> Path:
    """Build the single-page HTML of ``edition`` and print it; return the PDF's path."""
    import yaml

    from ..build import build

    root = Path(root) if root else repo_root()
    started = time.perf_counter()
    html = build(edition, builder="singlehtml", quiet=quiet, root=root)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    source = (config.get("repository") or {}).get("url", "")
    subtitle = "Instructor edition (with worked solutions)" if edition == "instructor" else "Student edition"
    out = print_pdf(html, pdf_path(edition, root), subtitle=subtitle, source=f"Source: {source}" if source else "")
    rel = out.relative_to(root) if out.is_relative_to(root) else out
    size = out.stat().st_size / 1e6
    print(f"[creditlab] the {edition} edition as PDF ({size:.1f} MB, {time.perf_counter() - started:.1f} s): {rel}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m creditlab.devtools.pdf", description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=["student", "instructor", "both"], default="both")
    args = parser.parse_args(argv)
    editions = ["student", "instructor"] if args.edition == "both" else [args.edition]
    for edition in editions:
        build_pdf(edition)
    return 0


if __name__ == "__main__":
    sys.exit(main())
