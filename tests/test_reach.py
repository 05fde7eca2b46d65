"""Reach every reader, checked on the built editions (files only; the browser tests are in
tests/browser/test_reach.py):

- the JupyterLite site is built into each edition and offers every lab and exercise notebook
  (the student copies in the student edition), with creditlab as a wheel built from the
  sources and Pyodide shipped with the site (when npm is available);
- every notebook page links to JupyterLite, Binder and Colab at the right paths, and offers
  its .ipynb download, which in the student edition holds no solution;
- every image, chart and embedded object of the site has meaningful alt text, and every
  chart has its data or a caption next to it;
- no page asks for a stylesheet, script or font from another server.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml

from creditlab.devtools import lite
from creditlab.sphinxext.reach import mark_chinese, name_toc_toggles
from creditlab.exercises.strip import MARKER, find_solutions

from .conftest import ROOT, built_html, read_notebook

EDITIONS = ("student", "instructor")
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
REPO_URL = CONFIG["repository"]["url"].rstrip("/")
ORG, REPO = REPO_URL.split("github.com/")[1].split("/")[:2]
BRANCH = CONFIG["repository"].get("branch", "main")


def _tree(edition: str) -> Path:
    return ROOT / "_build" / "src" / edition


def _lite_notebooks(edition: str) -> list[str]:
    return lite.lite_notebooks(_tree(edition))


def _pages(html: Path):
    for page in sorted(html.rglob("*.html")):
        rel = page.relative_to(html)
        if rel.parts[0] in ("_static", "lite", "_sources"):
            continue
        yield page


class _Tags(HTMLParser):
    """Every start tag with its attributes, the text inside elements by id, and link texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, list[str]]] = []  # (tag, attrs, ancestors as "tag.class")
        self.stack: list[tuple[str, dict]] = []
        self.text_by_id: dict[str, str] = {}
        self._open_ids: list[tuple[str, list[str]]] = []
        self.link_text: dict[int, list[str]] = {}

    _VOID = {"img", "br", "hr", "meta", "link", "input", "source", "area", "base", "col", "embed", "param", "track", "wbr"}

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attrs, [f"{t}.{a.get('class', '')}" for t, a in self.stack]))
        if tag in self._VOID:
            return
        self.stack.append((tag, attrs))
        if attrs.get("id"):
            self._open_ids.append((attrs["id"], []))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self._VOID and self.stack:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        while self.stack:
            t, attrs = self.stack.pop()
            if attrs.get("id") and self._open_ids and self._open_ids[-1][0] == attrs["id"]:
                ident, parts = self._open_ids.pop()
                self.text_by_id[ident] = " ".join("".join(parts).split())
            if t == tag:
                break

    def handle_data(self, data):
        for _, parts in self._open_ids:
            parts.append(data)


def _parse(path: Path) -> _Tags:
    parser = _Tags()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


# ---------------------------------------------------------------------------
# JupyterLite
# ---------------------------------------------------------------------------


def test_the_browser_route_offers_every_lab_and_exercise_notebook():
    source = sorted(
        p.relative_to(ROOT).as_posix()
        for d in lite.NOTEBOOK_DIRS
        for p in (ROOT / d).rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )
    assert source, "there are lab or exercise notebooks"
    assert set(_lite_notebooks("instructor")) == set(source)
    assert set(_lite_notebooks("student")) <= set(source)


@pytest.mark.parametrize("edition", EDITIONS)
def test_jupyterlite_site_is_built_with_the_editions_notebooks(edition):
    out = built_html(edition) / "lite"
    assert (out / "index.html").is_file() and (out / "notebooks" / "index.html").is_file(), "no JupyterLite site"
    listed = json.loads((out / "api" / "contents" / "all.json").read_text(encoding="utf-8"))
    assert listed, "JupyterLite lists no contents"
    for rel in _lite_notebooks(edition):
        served = out / "files" / rel
        assert served.is_file(), f"{rel} is not offered in the browser"
        nb = json.loads(served.read_text(encoding="utf-8"))
        edition_copy = read_notebook(_tree(edition) / rel)
        code = [c["source"] for c in nb["cells"] if c.get("id") != "creditlab-browser-setup"]
        assert code == [c["source"] for c in edition_copy["cells"]], f"{rel}: not the {edition} edition's copy"
        if edition == "student":
            text = served.read_text(encoding="utf-8")
            assert MARKER not in text and "solution-start" not in text, f"{rel}: the browser copy holds a solution"


@pytest.mark.parametrize("edition", EDITIONS)
def test_jupyterlite_needs_nothing_from_other_servers_to_start(edition):
    out = built_html(edition) / "lite"
    settings = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = settings["litePluginSettings"]["@jupyterlite/pyodide-kernel-extension:kernel"]
    if not shutil.which("npm"):
        pytest.skip("npm is not installed: the build ships no Pyodide (it said so) and browsers load it from its CDN")
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs", "Pyodide is not shipped with the site"
    assert kernel["disablePyPIFallback"] is True
    static = out / "static" / "pyodide"
    for name in lite.PYODIDE_CORE:
        assert (static / name).is_file(), f"Pyodide's {name} is missing"
    lock = json.loads((static / "pyodide-lock.json").read_text(encoding="utf-8"))
    cdn = lite.cdn_url(lite.pyodide_version())
    local = []
    for name, entry in lock["packages"].items():
        file_name = entry["file_name"]
        if file_name.startswith("https://"):
            assert file_name.startswith(cdn), f"{name} would load from {file_name}"
            continue
        wheel = static / file_name
        assert wheel.is_file(), f"{name}: {file_name} is not shipped"
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"], f"{name}: checksum differs"
        local.append(name)
    for needed in ("creditlab", "micropip", "ipython", "jedi"):
        assert needed in local, f"{needed} must ship with the site"
    for compiled in ("numpy", "matplotlib"):
        assert lock["packages"][compiled]["file_name"].startswith(cdn)
    assert lock["packages"]["creditlab"]["imports"] == ["creditlab"]
    assert list((out / "pypi").glob("comm-*.whl")), "comm (needed by the kernel) must ship with the site"


def test_creditlab_wheel_is_built_from_the_sources_and_works_without_the_repository(tmp_path):
    first = lite.build_wheel(ROOT, tmp_path / "a")
    second = lite.build_wheel(ROOT, tmp_path / "b")
    assert first.read_bytes() == second.read_bytes(), "the wheel is not reproducible"
    names = zipfile.ZipFile(first).namelist()
    assert "creditlab/models/image_scoring.py" in names
    assert any(n.startswith("creditlab/_kit/data/") and n.endswith(".csv") for n in names)
    assert "creditlab/_kit/book/references.bib" in names
    assert not any(n.startswith(("creditlab/sphinxext/", "creditlab/devtools/")) for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(first).extractall(site)
    code = (
        "import creditlab, creditlab.datasets as d; "
        "from creditlab.models import image_scoring as isc; "
        f"assert creditlab.__file__.startswith({str(site)!r}), creditlab.__file__; "
        "name = d.available()[0]; print(name, len(d.load(name).records), isc.discriminator_threshold(1.0, 0.1))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site), "PATH": ""},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[-1] == "0.1"


def test_without_npm_the_build_still_offers_the_notebooks(tmp_path, monkeypatch):
    tree = tmp_path / "_build" / "src" / "student"
    target = tree / "exercises" / "ex.ipynb"
    target.parent.mkdir(parents=True)
    shutil.copy(next((ROOT / "exercises").glob("*.ipynb")), target)
    monkeypatch.setattr(lite.shutil, "which", lambda name: None)
    monkeypatch.setenv("CREDITLAB_CACHE", str(tmp_path / "cache"))  # nothing cached from earlier builds
    site = lite.prepare("student", tmp_path, tree, contents_dir=tmp_path / "contents")
    assert site is not None and not site.vendored
    assert any("npm" in note for note in site.notes)
    assert list((site.lite_dir / "pypi").glob("creditlab-*.whl")), "creditlab is offered to piplite"
    nb = json.loads((tmp_path / "contents" / "exercises" / "ex.ipynb").read_text(encoding="utf-8"))
    assert nb["cells"][0]["id"] == "creditlab-browser-setup" and "%pip install" in "".join(nb["cells"][0]["source"])
    settings = json.loads((site.lite_dir / "jupyter-lite.json").read_text(encoding="utf-8"))
    assert not (site.lite_dir / "static" / "pyodide").exists()
    assert settings["jupyter-config-data"]["litePluginSettings"]


# ---------------------------------------------------------------------------
# Launch buttons and downloads
# ---------------------------------------------------------------------------


def _links(path: Path) -> list[str]:
    return [attrs.get("href", "") for tag, attrs, _ in _parse(path).tags if tag == "a"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_notebook_pages_offer_browser_binder_colab_and_download(edition):
    html = built_html(edition)
    notebooks = _lite_notebooks(edition)
    assert notebooks
    for rel in notebooks:
        page = html / rel.replace(".ipynb", ".html")
        links = _links(page)
        lite_links = [l for l in links if "lite/notebooks/index.html" in l]
        assert lite_links, f"{page.name}: no JupyterLite link"
        for link in lite_links:
            url = urlparse(link)
            assert parse_qs(url.query)["path"] == [rel]
            assert (page.parent / url.path).resolve() == (html / "lite" / "notebooks" / "index.html").resolve()
        binder = [l for l in links if l.startswith("https://mybinder.org/")]
        colab = [l for l in links if l.startswith("https://colab.research.google.com/")]
        repo_has_solutions = bool(find_solutions(None, notebook=read_notebook(ROOT / rel)))
        if edition == "student" and repo_has_solutions:
            assert not binder and not colab, f"{rel}: the student edition links to the repository's copy with solutions"
        else:
            assert binder and colab, f"{page.name}: Binder or Colab button missing"
            for link in binder:
                assert link == f"https://mybinder.org/v2/gh/{ORG}/{REPO}/{BRANCH}?urlpath=lab/tree/{rel}"
            for link in colab:
                assert link == f"https://colab.research.google.com/github/{ORG}/{REPO}/blob/{BRANCH}/{rel}"
            assert (ROOT / rel).is_file(), f"the launch buttons open {rel}, which the repository does not have"
        downloads = [l for l in links if l.endswith(".ipynb") and "_sources/" in l]
        assert downloads, f"{page.name}: no .ipynb download"
        for link in downloads:
            target = (page.parent / unquote(urlparse(link).path)).resolve()
            nb = json.loads(target.read_text(encoding="utf-8"))
            assert nb.get("nbformat") == 4 and nb["cells"], f"{link}: not a notebook"
            if edition == "student":
                text = target.read_text(encoding="utf-8")
                assert MARKER not in text and "solution-start" not in text, f"{link}: the download holds a solution"
                assert not find_solutions(None, notebook=nb), f"{link}: the download holds a solution"


def test_binder_environment_matches_the_lock():
    pins = dict(
        line.split("==", 1)
        for line in (ROOT / "requirements-lock.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    pins = {k.lower(): v for k, v in pins.items()}
    binder = [l for l in (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines() if "==" in l]
    assert binder
    for line in binder:
        name, version = line.split("==", 1)
        assert pins.get(name.lower()) == version, f"binder/requirements.txt pins {line}, the lock {pins.get(name.lower())}"
    assert "pip install" in (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Alt text, chart data, no outside assets
# ---------------------------------------------------------------------------

GENERIC = re.compile(
    r"^(image|img|picture|photo|figure|fig\.?|chart|graph|plot|diagram|icon|logo|screenshot|untitled|alt|"
    r"placeholder|output|png|svg|jpe?g|gif|\d+|(image|figure|chart|plot|graph)\s*\d*)$",
    re.IGNORECASE,
)
FILE_LIKE = re.compile(r"\.(png|jpe?g|svg|gif|webp)$|^<Figure size|^[\w-]+_\d+$", re.IGNORECASE)


def _alt_problem(alt: str, *, content: bool) -> str | None:
    text = " ".join(alt.split())
    if GENERIC.match(text) or FILE_LIKE.search(text):
        return f"generic alt text {alt!r}"
    if content and len(text) < 40:
        return f"alt text too short to say what the figure shows ({len(text)} characters): {alt!r}"
    return None


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_image_chart_and_object_has_meaningful_alt_text(edition):
    html = built_html(edition)
    problems = []
    for page in _pages(html):
        parsed = _parse(page)
        rel = page.relative_to(html)
        for tag, attrs, ancestors in parsed.tags:
            where = f"{rel}: <{tag} {attrs.get('src') or attrs.get('data') or attrs.get('id') or ''}>"
            if tag == "img":
                if "alt" not in attrs:
                    problems.append(f"{where}: no alt attribute")
                    continue
                tags = [a.split(".", 1)[0] for a in ancestors]
                decorative = attrs["alt"] == "" and ("a" in tags or "button" in tags)
                content = "figure" in tags or any("cell_output" in a for a in ancestors)
                if attrs["alt"] == "" and not decorative:
                    problems.append(f"{where}: empty alt on an image that is not a decorative icon")
                elif not decorative:
                    problem = _alt_problem(attrs["alt"], content=content)
                    if problem:
                        problems.append(f"{where}: {problem}")
            elif tag == "svg" and attrs.get("role") == "img":
                label = attrs.get("aria-label") or " ".join(
                    parsed.text_by_id.get(i, "") for i in attrs.get("aria-labelledby", "").split()
                )
                problem = _alt_problem(label, content=True) if label.strip() else "no accessible name"
                if problem:
                    problems.append(f"{where}: {problem}")
            elif tag == "object":
                label = attrs.get("aria-label") or attrs.get("title", "")
                problem = _alt_problem(label, content=True) if label.strip() else "no accessible name"
                if problem:
                    problems.append(f"{where}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_chart_has_its_data_or_a_caption_nearby(edition):
    html = built_html(edition)
    problems = []
    for page in _pages(html):
        text = page.read_text(encoding="utf-8")
        rel = page.relative_to(html)
        for match in re.finditer(r'<div[^>]*class="[^"]*creditlab-chart(?!-)[^"]*"', text):
            after = text[match.end(): match.end() + 200_000]
            caption = after.find("creditlab-chart-caption")
            if caption < 0:
                problems.append(f"{rel}: a chart without its caption")
                continue
            block = after[caption: caption + 100_000]
            block = block[: block.find('<div class="creditlab-chart') if '<div class="creditlab-chart' in block else None]
            words = re.sub(r"<[^>]+>", " ", block)
            if "<table" not in block and len(" ".join(words.split())) < 80:
                problems.append(f"{rel}: a chart (:no-table:) without its data table or a text summary in its caption")
        for match in re.finditer(r"<figure[^>]*>(.*?)</figure>", text, re.DOTALL):
            if "<img" in match.group(1) and "<figcaption" not in match.group(1):
                problems.append(f"{rel}: a figure without a caption")
        for tag, attrs, ancestors in _parse(page).tags:
            if tag == "img" and any("cell_output" in a for a in ancestors) and not any(a.startswith("figure.") for a in ancestors):
                problems.append(f"{rel}: a notebook figure without a caption (set mystnb.figure.caption)")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_page_loads_assets_from_other_servers(edition):
    html = built_html(edition)
    problems = []
    for page in _pages(html):
        for tag, attrs, _ in _parse(page).tags:
            url = attrs.get("src") if tag in ("script", "img", "iframe", "audio", "video", "source") else None
            if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "icon", "modulepreload"):
                url = attrs.get("href")
            if url and re.match(r"^(https?:)?//", url):
                problems.append(f"{page.relative_to(html)}: <{tag}> loads {url}")
        text = page.read_text(encoding="utf-8")
        if "fonts.googleapis.com" in text or "fonts.gstatic.com" in text:
            problems.append(f"{page.relative_to(html)}: mentions Google Fonts")
    assert not problems, "\n".join(problems)


def test_chinese_text_is_marked_as_chinese_outside_svg_and_scripts():
    html = '<p>The term 社会信用体系 here</p><svg><title>信用</title></svg><script>x="中"</script><a title="中">信用</a>'
    out = mark_chinese(html)
    assert '<span lang="zh-Hans">社会信用体系</span>' in out
    assert "<title>信用</title>" in out and 'x="中"' in out and 'title="中"' in out
    assert out.count('lang="zh-Hans"') == 2
    assert mark_chinese("<p>no Chinese</p>") == "<p>no Chinese</p>"


@pytest.mark.parametrize("edition", EDITIONS)
def test_chinese_terms_are_marked_in_the_pages(edition):
    html = built_html(edition)
    unmarked = []
    for page in _pages(html):
        text = page.read_text(encoding="utf-8")
        body = text[text.find('<article'):text.find('</article>')]
        stripped = re.sub(r'<span lang="zh-Hans">[^<]*</span>', "", body)
        stripped = re.sub(r"<(svg|script|style)\b.*?</\1>|<[^>]*>", "", stripped, flags=re.DOTALL)
        if re.search(r"[\u4e00-\u9fff]", stripped):
            unmarked.append(str(page.relative_to(html)))
    assert not unmarked, f"Chinese text without lang=zh-Hans in: {unmarked}"


def test_lite_digest_ignores_what_the_jupyterlite_build_writes(tmp_path):
    # The JupyterLite build writes a hidden .cache folder into its input folder; if the digest
    # read it, the first rebuild after a clean build would rebuild JupyterLite for nothing.
    from creditlab.sphinxext.reach import _lite_digest

    lite_dir, contents = tmp_path / "lite-src", tmp_path / "lite-contents"
    (lite_dir / "pypi").mkdir(parents=True)
    contents.mkdir()
    (lite_dir / "jupyter-lite.json").write_text("{}")
    (lite_dir / "pypi" / "creditlab.whl").write_bytes(b"wheel")
    (contents / "lab.ipynb").write_text("{}")
    site = lite.LiteSite("student", lite_dir, contents, ["book/labs/lab.ipynb"], "0", True)
    before = _lite_digest(site)
    (lite_dir / ".cache" / "doit").mkdir(parents=True)
    (lite_dir / ".cache" / "doit" / "state.json").write_text("written by the build")
    (contents / ".ipynb_checkpoints").mkdir()
    (contents / ".ipynb_checkpoints" / "lab-checkpoint.ipynb").write_text("{}")
    assert _lite_digest(site) == before
    (contents / "lab.ipynb").write_text('{"changed": 1}')
    assert _lite_digest(site) != before


def test_sidebar_toggles_get_a_name_from_their_chapter():
    theme = (
        '<li class="toctree-l1 has-children"><a class="reference internal" href="cases.html">Case <em>files</em> &amp; maps</a>'
        '<details open="open"><summary><span class="toctree-toggle" role="presentation"><i class="fa-solid fa-chevron-down"></i>'
        "</span></summary><ul><li><a class=\"reference internal\" href=\"case-m01.html\">M01</a></li></ul></details></li>"
    )
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(theme, "html.parser")
    named = str(name_toc_toggles(soup))
    assert '<summary><span class="visually-hidden">Pages under Case files &amp; maps</span><span class="toctree-toggle"' in named
    assert str(name_toc_toggles(soup)) == named, "naming twice adds nothing"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_sidebar_toggle_of_the_built_book_has_a_name(edition):
    """The sidebar's expand buttons (<summary>) have hidden text, so a screen reader can say
    what they open (axe summary-name): checked on the pages whose sidebar has nested pages."""
    html = built_html(edition)
    for page in ("index.html", "book/debate/cases.html", "book/debate/case-m01.html"):
        text = (html / page).read_text(encoding="utf-8")
        summaries = re.findall(r"<summary>(.*?)</summary>", text, re.S)
        toggles = [s for s in summaries if "toctree-toggle" in s]
        assert toggles, f"{edition} {page}: no expandable entry in the sidebar (the case pages are sections of book/debate/cases)"
        unnamed = [s for s in toggles if '<span class="visually-hidden">Pages under ' not in s]
        assert not unnamed, f"{edition} {page}: sidebar toggle without a name: {unnamed[0][:200]}"
