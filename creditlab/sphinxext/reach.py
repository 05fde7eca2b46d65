"""Reach every reader: run the notebooks in the browser, read the book anywhere.

- **JupyterLite.** Loads ``jupyterlite-sphinx`` and points it at the JupyterLite folder that
  :mod:`creditlab.devtools.lite` writes for the edition being built (its notebooks are that
  edition's copies: no solutions in the student edition). The site is built into
  ``<html>/lite`` once per HTML build; other builders (the single-page build behind the PDF)
  skip it. The Google Fonts stylesheet that ``jupyterlite-sphinx`` adds to every page is
  removed: the book asks nothing of any other server until a reader clicks.
- **Run this notebook.** Every lab and exercise notebook page gets a short panel under its
  title: run it in the browser, on Binder or Colab, or download the ``.ipynb``, with what
  each choice loads and from where. The theme's launch menu gets a JupyterLite entry too.
- **Reading.** ``reach.css`` holds the print stylesheet, the phone layout fixes, dark-mode
  rules for figures, and accessibility fixes of the theme; ``templates/`` overrides the
  theme's button macros where its markup is inaccessible. The sidebar's expand buttons (a
  bare chevron in the theme) get a hidden name, "Pages under <chapter>".
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

from sphinx.util import logging

logger = logging.getLogger(__name__)

_REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
# Runs of Chinese characters (CJK ideographs and CJK punctuation) in the text of a page.
_HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+")
_TEXT = re.compile(r"(^|>)([^<]+)")
# Parts of a page whose text must stay as it is (no HTML elements allowed inside).
_RAW_BLOCKS = re.compile(r"(<(svg|script|style|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def mark_chinese(body: str) -> str:
    """Wrap runs of Chinese characters in ``<span lang="zh-Hans">``: screen readers then read
    them with a Chinese voice, and browsers pick a Simplified Chinese font (not a Japanese one)."""

    def text(match):
        segment = match.group(2)
        if not _HAN.search(segment):
            return match.group(0)
        return match.group(1) + _HAN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', segment)

    if not _HAN.search(body):
        return body
    parts = _RAW_BLOCKS.split(body)
    # re.split with two groups yields: text, block, tag name, text, block, tag name, ...
    out = []
    for i, part in enumerate(parts):
        kind = i % 3
        if kind == 0:
            out.append(_TEXT.sub(text, part))
        elif kind == 1:
            out.append(part)
    return "".join(out)
LITE_DIR = "lite"  # jupyterlite-sphinx's output folder inside the HTML


def _is_remote(name) -> bool:
    return bool(_REMOTE.match(str(name or "")))


def _edition_base(app) -> Path:
    """``_build/<edition>``: the parent of the builder's output folder."""
    return Path(app.outdir).resolve().parent


def _disable_lite_build(app) -> None:
    try:
        from jupyterlite_sphinx.jupyterlite_sphinx import jupyterlite_build
    except ImportError:  # pragma: no cover
        return
    for listener in list(app.events.listeners.get("build-finished", [])):
        if getattr(listener, "handler", None) is jupyterlite_build:
            app.disconnect(listener.id)


def _config_inited(app, config):
    # Template overrides of the theme's inaccessible buttons (see templates/).
    templates = str(Path(__file__).resolve().parent / "templates")
    if templates not in config.templates_path:
        config.templates_path.insert(0, templates)
    # Before jupyterlite-sphinx's own handler (which empties this folder): stage the
    # notebooks outside the edition's source tree.
    base = _edition_base(app)
    folder = "lite-contents" if config.creditlab_lite else "lite-contents-unused"
    config.jupyterlite_content_dir = str(base / folder)
    config.jupyterlite_dir = str(base / "lite-src")


def _singlehtml_handlers(app) -> None:
    """The single-page build (for the PDF) uses only translation handlers registered for
    ``singlehtml`` once any extension registers one (sphinx-exercise does), so the ``html``
    handlers of every other extension (sphinx-design, myst-nb, ...) go missing. Copy them."""
    handlers = app.registry.translation_handlers
    if app.builder.name == "singlehtml" and "singlehtml" in handlers:
        for node, visit_depart in handlers.get("html", {}).items():
            handlers["singlehtml"].setdefault(node, visit_depart)


def _builder_inited(app):
    app.creditlab_lite = None
    _singlehtml_handlers(app)
    if not app.config.creditlab_lite or app.builder.name != "html":
        _disable_lite_build(app)
        return
    from ..devtools.lite import prepare

    root = Path(app.config.creditlab_root or Path(app.srcdir).parent)
    edition = app.config.creditlab_edition
    site = prepare(edition, root, Path(app.srcdir), contents_dir=Path(app.config.jupyterlite_content_dir))
    if site is None:  # no notebooks in this book: no JupyterLite site
        _disable_lite_build(app)
        return
    for note in site.notes:  # printed even in a quiet build: the builder should know
        print(f"[creditlab] JupyterLite: {note}", flush=True)
    app.creditlab_lite = site
    stamp = Path(app.outdir) / LITE_DIR / _STAMP
    digest = _lite_digest(site)
    if stamp.is_file() and stamp.read_text().strip() == digest and (stamp.parent / "index.html").is_file():
        logger.info(f"[creditlab] JupyterLite: {len(site.notebooks)} notebook(s), unchanged since the last build")
        _disable_lite_build(app)
        return
    logger.info(
        f"[creditlab] JupyterLite: building {len(site.notebooks)} notebook(s) of the {edition} edition into "
        f"{LITE_DIR}/; Pyodide " + (f"{site.pyodide_version} ships with the site" if site.vendored else "loads from its CDN")
    )
    app.connect("build-finished", lambda app, exc: _write_stamp(stamp, digest, exc), priority=900)


_STAMP = ".creditlab-lite-stamp"


def _lite_digest(site) -> str:
    """A hash of everything the JupyterLite build reads, to skip it when nothing changed."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256()
    for dist in ("jupyterlite-core", "jupyterlite-pyodide-kernel", "jupyterlite-sphinx"):
        digest.update(f"{dist}={version(dist)};".encode())
    # JupyterLab extensions installed in the environment are built into the site too.
    import sys

    for package in sorted(Path(sys.prefix, "share", "jupyter", "labextensions").glob("**/package.json")):
        if "node_modules" not in package.parts and "static" not in package.parts:
            digest.update(package.read_bytes())
    for folder in (site.lite_dir, site.contents_dir):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder)
            # Hidden files and folders are the JupyterLite build's own (its .cache is
            # written during the build): reading them would make the next build differ.
            if path.is_file() and not any(part.startswith(".") for part in rel.parts):
                digest.update(str(rel).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _write_stamp(stamp: Path, digest: str, exc) -> None:
    if exc is None and (stamp.parent / "index.html").is_file():
        stamp.write_text(digest + "\n")


# ---------------------------------------------------------------------------
# The "Run this notebook" panel and the launch menu
# ---------------------------------------------------------------------------


def _launch_links(context) -> dict[str, str]:
    """The theme's launch buttons of this page, by text (Binder, Colab, JupyterHub)."""
    links = {}
    for group in context.get("header_buttons", []) or []:
        if group.get("label") == "launch-buttons":
            for button in group.get("buttons", []):
                if button.get("type") == "link":
                    links[button["text"]] = button["url"]
    return links


def _add_launch_entry(context, url: str) -> None:
    entry = {
        "type": "link",
        "text": "JupyterLite",
        "tooltip": "Run in your browser (JupyterLite)",
        "icon": "_static/images/logo_jupyterlite.svg",
        "url": url,
    }
    buttons = context.setdefault("header_buttons", [])
    for group in buttons:
        if group.get("label") == "launch-buttons":
            group.setdefault("buttons", []).insert(0, entry)
            return
    buttons.append(
        {"type": "group", "tooltip": "Launch interactive content", "icon": "fas fa-rocket", "buttons": [entry], "label": "launch-buttons"}
    )


def run_panel(
    lite_url: str | None,
    launch: dict[str, str],
    download: str | None,
    vendored: bool,
    *,
    withheld: bool = False,
    repository: str = "",
) -> str:
    """The HTML of the panel that offers the ways to run a notebook."""
    items = []
    if lite_url:
        items.append(
            f'<li><a class="reach-run-lite" href="{html.escape(lite_url)}">Run it in your browser</a>: '
            "nothing to install (JupyterLite).</li>"
        )
    online = [f'<a class="reach-run-{name.lower()}" href="{html.escape(url)}">{name}</a>' for name, url in launch.items()]
    if online:
        services = online[0] if len(online) == 1 else ", ".join(online[:-1]) + " or " + online[-1]
        items.append(f"<li>Open it on {services}: online services that run it on their servers.</li>")
    if download:
        items.append(
            f'<li><a class="reach-run-download" href="{html.escape(download)}" download>Download the notebook</a> '
            "(.ipynb) to run it in your own Jupyter.</li>"
        )
    if not items:
        return ""
    if vendored:
        python_from = "The Python that runs in your browser (Pyodide) comes with this site, so plain Python works even offline."
    else:
        python_from = "The Python that runs in your browser (Pyodide) is loaded from its public CDN, cdn.jsdelivr.net."
    details = (
        '<details class="reach-run-details"><summary>What each choice loads, and from where</summary>'
        "<p>Nothing is loaded until you click. "
        f"{python_from} The labs also need numpy and matplotlib, which Pyodide publishes only on its "
        "public CDN: the first time a notebook imports them, your browser downloads them from "
        "cdn.jsdelivr.net (an internet connection is needed then). Changes you make in the browser "
        "stay in this browser; download the notebook to keep your work.</p>"
        + (
            "<p>Binder and Colab are not offered for this notebook in the student edition: they would "
            "open the copy in the kit's repository, which is the instructor's version.</p>"
            if withheld
            else "<p>Binder and Colab open the notebook from the kit's repository on their own servers, "
            "under their own terms (Colab asks for a Google account). Colab does not install the "
            "course's Python package by itself: add a first cell with "
            f"<code>%pip install -q git+{html.escape(repository)}</code> and run it.</p>"
            if repository
            else "<p>Binder and Colab open the notebook from the kit's repository on their own servers, "
            "under their own terms (Colab asks for a Google account).</p>"
        )
        + "</details>"
    )
    return (
        '<aside class="reach-run" aria-label="Run this notebook">'
        '<p class="reach-run-title">Run this notebook</p>'
        f'<ul class="reach-run-options">{"".join(items)}</ul>{details}</aside>'
    )


def _repository_copy_has_solutions(app, notebook: str) -> bool:
    """True if the repository's copy of ``notebook`` (what Binder and Colab open) holds solutions."""
    import json

    from ..exercises.strip import find_solutions

    root = Path(app.config.creditlab_root or Path(app.srcdir).parent)
    path = root / notebook
    if not path.is_file():
        return False
    try:
        return bool(find_solutions(None, notebook=json.loads(path.read_text(encoding="utf-8")), where=str(path)))
    except ValueError:
        return True  # a broken solution structure: better not to link to it


def _drop_external_launch(context) -> None:
    for group in context.get("header_buttons", []) or []:
        if group.get("label") == "launch-buttons":
            group["buttons"] = [b for b in group.get("buttons", []) if b.get("text") == "JupyterLite"]


def _page_context(app, pagename, templatename, context, doctree):
    site = getattr(app, "creditlab_lite", None)
    notebook = f"{pagename}.ipynb"
    if site is not None and notebook in site.notebooks:
        lite_url = context["pathto"](f"{LITE_DIR}/notebooks/index.html", 1) + "?path=" + quote(notebook)
        launch = _launch_links(context)
        _add_launch_entry(context, lite_url)
        withheld = False
        if app.config.creditlab_edition == "student" and launch and _repository_copy_has_solutions(app, notebook):
            # Binder and Colab open the repository's copy, which holds the worked solutions:
            # the student edition offers only its own copies (browser and download).
            launch, withheld = {}, True
            _drop_external_launch(context)
        download = None
        if context.get("page_source_suffix") == ".ipynb" and app.config.html_copy_source:
            download = f"{context['pathto']('_sources', 1)}/{context.get('sourcename', notebook)}"
        repository = (app.config.html_theme_options or {}).get("repository_url", "")
        panel = run_panel(lite_url, launch, download, site.vendored, withheld=withheld, repository=repository)
        body = context.get("body") or ""
        end = body.find("</h1>")
        if panel and end >= 0:
            context["body"] = body[: end + 5] + panel + body[end + 5 :]
    if context.get("body"):
        context["body"] = mark_chinese(context["body"])
    # Nothing on a page may come from another server (fonts, scripts, styles).
    for key in ("css_files", "script_files"):
        assets = context.get(key)
        if assets:
            context[key] = [a for a in assets if not _is_remote(getattr(a, "filename", a))]


def name_toc_toggles(soup):
    """Give each of the sidebar's expand buttons a name (the theme's are a bare chevron: axe
    summary-name, serious): hidden text "Pages under <title>" inside its <summary>. Changes
    the BeautifulSoup tree the theme's generator returns in place (the theme caches it per
    page, so a second call finds the names there and adds nothing) and returns it. A part
    caption inside a summary is its name already."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.select_one(".visually-hidden, p.caption") or not summary.select_one(".toctree-toggle"):
            continue
        link = summary.parent.find_previous_sibling("a")
        title = link.get_text(" ", strip=True) if link else ""
        if title:
            hidden = soup.new_tag("span", attrs={"class": "visually-hidden"})
            hidden.string = f"Pages under {title}"
            summary.insert(0, hidden)
    return soup


def _name_sidebar_toggles(app, pagename, templatename, context, doctree):
    """Wrap the theme's sidebar generator (set at priority 500) so its output names the toggles."""
    generate = context.get("generate_toctree_html")
    if generate is None or getattr(generate, "creditlab_named", False):
        return

    def generate_named(*args, **kwargs):
        return name_toc_toggles(generate(*args, **kwargs))

    generate_named.creditlab_named = True
    context["generate_toctree_html"] = generate_named


def setup(app):
    app.setup_extension("jupyterlite_sphinx")
    # jupyterlite-sphinx adds a Google Fonts stylesheet to every page: drop it at the source.
    app.registry.css_files = [(f, a) for f, a in app.registry.css_files if not _is_remote(f)]
    app.add_config_value("creditlab_lite", True, "", [bool])
    app.connect("config-inited", _config_inited, priority=400)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=600)
    app.connect("html-page-context", _name_sidebar_toggles, priority=600)
    app.add_css_file("reach.css")
    app.add_js_file("reach.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
