"""The course kit's Sphinx extension.

It renders the curated data sets inside MyST pages, so that prose never retypes a number a
data file holds, and it knows which edition (student or instructor) is being built.

Directives and roles
--------------------
``{datatable} <dataset>``
    A table of records from ``data/<dataset>.csv``. Options: ``:columns:`` (fields, comma
    separated; default all), ``:headers:`` (column headings), ``:where:`` (``field=value``
    filters, comma separated; a list field matches if it contains the value), ``:sort:``
    (a field; ``-field`` for descending), ``:caption:`` (required: tables need a caption for
    screen readers). ``bibkeys`` fields become citations, dates are written out.
``{datum}`dataset:ID.field```
    One value from a record, e.g. ``{datum}`timeline:T004.date``` renders "14 June 2014".
``{instructor-note}``
    An admonition shown only in the instructor edition; in the student edition the build
    tree does not contain it at all (see :mod:`creditlab.editions`), and this directive
    drops it as a second line of defence.

The extension also re-reads every notebook when the ``creditlab`` package or ``data/``
changes, because notebook outputs depend on them (see ``fingerprint``).
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import __version__
from .. import datasets as ds
from ..paths import repo_root

logger = logging.getLogger(__name__)

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#$~])")


def format_date(text: str) -> str:
    """``2014-06-14`` -> ``14 June 2014``; ``2013-10`` -> ``October 2013``; ``1999`` -> ``1999``."""
    y, m, d = ds.parse_date(text)
    if m is None:
        return str(y)
    if d is None:
        return f"{_MONTHS[m - 1]} {y}"
    return f"{d} {_MONTHS[m - 1]} {y}"


def md_escape(text: str) -> str:
    """Escape Markdown syntax so that data text renders literally inside generated MyST."""
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")
    # A leading % starts a MyST comment and would swallow the text.
    return "\\" + text if text.startswith("%") else text


def format_number(value) -> str:
    """A number for readers: thousands separators, never scientific notation.

    ``1400000000`` -> ``1,400,000,000``; ``0.0125`` -> ``0.0125``; ``2.5e6`` -> ``2,500,000``.
    """
    value = float(value)
    if value.is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):  # smaller than 1e-6: keep six significant digits
        text = f"{value:.6g}"
    return text


_LARGE = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def format_words(value) -> str:
    """A large whole number the way prose gives it: ``520000000000`` -> ``520 billion``,
    ``2830000000000`` -> ``2.83 trillion``. Falls back to :func:`format_number` below a
    million, for fractions, and where words would round (more than three decimals)."""
    if isinstance(value, float) and not value.is_integer():
        return format_number(value)
    v = int(value)
    for size, word in _LARGE:
        if abs(v) >= size:
            if v % (size // 1000):
                return format_number(value)
            whole, thousandths = divmod(abs(v) // (size // 1000), 1000)
            text = f"{whole}.{thousandths:03d}".rstrip("0").rstrip(".")
            return f"{'-' if v < 0 else ''}{text} {word}"
    return format_number(value)


def render_value(spec: dict, value) -> str:
    """One field value as MyST Markdown."""
    if value is None or value == []:
        return ""
    ftype = spec["type"]
    if ftype == "bibkeys":
        return "{cite:p}`" + ",".join(value) + "`"
    if ftype == "date":
        return md_escape(format_date(value))
    if ftype == "enums":
        return md_escape(", ".join(value))
    if ftype == "url":
        return f"<{value}>"
    if ftype == "number":
        return format_number(value)
    if ftype == "integer":
        return f"{value:,}"
    return md_escape(str(value))


def _data_dir(app) -> Path:
    return Path(app.config.creditlab_root or repo_root()) / "data"


def _load(env, name: str) -> ds.Dataset:
    data_dir = _data_dir(env.app)
    bib = Path(env.srcdir) / "book" / "references.bib"
    dataset = ds.load(name, directory=data_dir, bibliography=bib if bib.is_file() else None)
    env.note_dependency(str(dataset.path))
    if dataset.schema.path is not None:
        env.note_dependency(str(dataset.schema.path))
    return dataset


class DataTableDirective(SphinxDirective):
    """Render records of a data set as a captioned table (see the module docstring)."""

    required_arguments = 1
    has_content = False
    option_spec = {
        "columns": directives.unchanged,
        "headers": directives.unchanged,
        "where": directives.unchanged,
        "sort": directives.unchanged,
        "caption": directives.unchanged_required,
        "widths": directives.unchanged,
        "name": directives.unchanged,
    }

    def run(self):
        name = self.arguments[0]
        try:
            dataset = _load(self.env, name)
        except (ds.DataError, FileNotFoundError) as exc:
            raise self.error(f"datatable {name}: {exc}")
        fields = dataset.schema.fields
        columns = [c.strip() for c in self.options.get("columns", ",".join(fields)).split(",") if c.strip()]
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise self.error(f"datatable {name}: unknown column(s) {', '.join(unknown)}; fields: {', '.join(fields)}")
        headers = [h.strip() for h in self.options.get("headers", "").split(",") if h.strip()] or [
            c.replace("_", " ").capitalize() for c in columns
        ]
        if len(headers) != len(columns):
            raise self.error(f"datatable {name}: {len(headers)} headers for {len(columns)} columns")
        if "caption" not in self.options:
            raise self.error(f"datatable {name}: give a :caption: (screen readers announce it)")

        records = dataset.records
        for cond in [c.strip() for c in self.options.get("where", "").split(",") if c.strip()]:
            if "=" not in cond:
                raise self.error(f"datatable {name}: :where: takes field=value, got {cond!r}")
            key, value = (s.strip() for s in cond.split("=", 1))
            try:
                keep = {id(r) for r in dataset.where(**{key: value})}
            except KeyError as exc:
                raise self.error(f"datatable {name}: {exc}")
            records = [r for r in records if id(r) in keep]
        sort = self.options.get("sort")
        if sort:
            reverse = sort.startswith("-")
            key = sort.lstrip("-")
            if key not in fields:
                raise self.error(f"datatable {name}: cannot sort by unknown field {key!r}")
            if fields[key]["type"] == "date":
                records = sorted(records, key=lambda r: ds.date_sort_key(r[key]) if r[key] else (0, 0, 0), reverse=reverse)
            else:
                records = sorted(records, key=lambda r: (r[key] is None, r[key]), reverse=reverse)
        if not records:
            raise self.error(f"datatable {name}: no records match {self.options.get('where')!r}")

        lines = [f"```{{list-table}} {md_escape(self.options['caption'])}", ":header-rows: 1"]
        lines.append(f":class: creditlab-datatable creditlab-datatable-{name}")
        if "widths" in self.options:
            lines.append(f":widths: {self.options['widths']}")
        if "name" in self.options:
            lines.append(f":name: {self.options['name']}")
        lines.append("")
        lines.append("* - " + "\n  - ".join(md_escape(h) for h in headers))
        for r in records:
            cells = [render_value(fields[c], r[c]) or "\u2014" for c in columns]
            lines.append("* - " + "\n  - ".join(cells))
        lines.append("```")
        container = nodes.container(classes=["creditlab-datatable-wrapper"])
        self.state.nested_parse(StringList(lines, source=f"<datatable {name}>"), self.content_offset, container)
        return [container]


class DatumRole(SphinxRole):
    """``{datum}`dataset:ID.field``` -> the value of one field of one record.

    ``{datum}`statistics:S092.value in words``` gives a large number in words ("520 billion").
    """

    def run(self):
        match = re.fullmatch(r"\s*([\w-]+):([^.\s]+)\.(\w+)(?:\s+in\s+(words))?\s*", self.text)
        if not match:
            msg = self.inliner.reporter.error(
                f"datum: expected dataset:ID.field or dataset:ID.field in words (e.g. timeline:T004.date), got {self.text!r}",
                line=self.lineno,
            )
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        name, rid, fieldname, words = match.groups()
        try:
            dataset = _load(self.env, name)
            record = dataset.by_id(rid)
            spec = dataset.schema.fields[fieldname]
        except (ds.DataError, FileNotFoundError, KeyError) as exc:
            msg = self.inliner.reporter.error(f"datum {self.text}: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        value = record[fieldname]
        if words:
            if spec["type"] not in ("integer", "number"):
                msg = self.inliner.reporter.error(f"datum {self.text}: 'in words' needs a number field, {fieldname} is {spec['type']}", line=self.lineno)
                return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
            text = "" if value is None else format_words(value)
        elif spec["type"] == "date" and value:
            text = format_date(value)
        elif spec["type"] == "integer" and value is not None:
            text = f"{value:,}"
        elif spec["type"] == "number" and value is not None:
            text = format_number(value)
        elif isinstance(value, list):
            text = ", ".join(value)
        else:
            text = "" if value is None else str(value)
        return [nodes.inline(text, text, classes=["creditlab-datum"])], []


class InstructorNoteDirective(SphinxDirective):
    """An admonition for instructors; dropped from the student edition."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self):
        if self.config.creditlab_edition != "instructor":
            return []
        title = self.arguments[0] if self.arguments else "Instructor note"
        node = nodes.admonition(classes=["instructor-note", "kit-instructor"])
        node += nodes.title(title, title)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class UniqueExerciseIds(SphinxPostTransform):
    """sphinx-exercise gives every exercise and solution body the same HTML id
    (``exercise-content``, ``solution-content``), so a page with two exercises repeats ids,
    which breaks validity and confuses assistive technology. Rename them after their
    exercise's or solution's label."""

    default_priority = 900
    _FIXED = ("exercise-content", "solution-content")

    def run(self, **kwargs):
        used: dict[str, int] = {}
        for section in self.document.findall(nodes.section):
            for fixed in self._FIXED:
                if fixed not in section["ids"]:
                    continue
                parent = section.parent
                owner = parent.get("ids", []) if isinstance(parent, nodes.Element) else []
                base = f"{owner[0]}-content" if owner else fixed
                count = used.get(base, 0)
                used[base] = count + 1
                new = base if count == 0 else f"{base}-{count}"
                section["ids"] = [new if i == fixed else i for i in section["ids"]]


# ---------------------------------------------------------------------------
# Re-read notebooks when the package or the data change
# ---------------------------------------------------------------------------


def fingerprint(root: Path | None = None) -> str:
    """A hash of the ``creditlab`` package sources and of ``data/``: notebook outputs
    depend on both, but Sphinx and the execution cache only look at the notebooks."""
    root = Path(root) if root else repo_root()
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent.parent
    files = sorted(package.rglob("*.py")) + sorted((root / "data").rglob("*"))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(path.parents[1])).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _outdated_notebooks(app, env, added, changed, removed):
    current = fingerprint(app.config.creditlab_root or None)
    previous = getattr(env, "creditlab_fingerprint", None)
    env.creditlab_fingerprint = current
    if previous is None or previous == current:
        return []
    notebooks = [doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")]
    if notebooks:
        logger.info(f"[creditlab] package or data changed: re-reading {len(notebooks)} notebook(s)")
    return notebooks


def _tidy_page_assets(app, pagename, templatename, context, doctree):
    """Drop duplicated inline scripts, and sphinx-thebe's assets when Thebe is off.

    Jupyter Book always loads sphinx-thebe; with its inline configuration added twice the
    page throws "Identifier 'THEBE_JS_URL' has already been declared". The kit does not
    use Thebe (launch buttons open Binder or Colab instead), so its script, whose only job
    is to fetch Thebe from a CDN on demand, is left out.
    """
    launch = (app.config.html_theme_options or {}).get("launch_buttons", {}) or {}
    thebe_on = bool(launch.get("thebe"))
    for key in ("script_files", "css_files"):
        assets = context.get(key)
        if not assets:
            continue
        seen, kept = set(), []
        for asset in assets:
            name = str(getattr(asset, "filename", asset) or "")
            body = str(getattr(asset, "attributes", {}).get("body", ""))
            if not thebe_on and ("thebe" in name or "THEBE_JS_URL" in body):
                continue
            ident = (name, body)
            if ident in seen:
                continue
            seen.add(ident)
            kept.append(asset)
        context[key] = kept
    # docutils marks bibliography entries role="doc-biblioentry" inside a role="list"
    # container: a list whose items are not list items (axe: aria-required-children,
    # critical; the role is also deprecated). Make them plain list items.
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _add_static(app):
    static = Path(__file__).resolve().parent / "static"
    app.config.html_static_path.append(str(static))


def _drop_stale_static(app):
    """Sphinx does not overwrite a static file that is already in the output folder (and
    copies none when no page is out of date), so an incremental build would keep serving an
    old copy of our JS or CSS: refresh copies that differ from the source."""
    out = Path(app.outdir) / "_static"
    for source in (Path(__file__).resolve().parent / "static").glob("*"):
        target = out / source.name
        if source.is_file() and target.is_file() and target.read_bytes() != source.read_bytes():
            shutil.copyfile(source, target)


def _disambiguate_years(app):
    """Give works that would read alike in an author-year citation a letter after the year
    ("Hoffman, 2017a"), in the citations and the bibliography alike. Runs after
    sphinxcontrib-bibtex has read the .bib file (priority 900 > its 500)."""
    from ..bib import year_labels

    domain = app.env.get_domain("cite")
    entries = domain.bibdata.data.entries
    for key, year in year_labels(entries).items():
        if entries[key].fields.get("year", "") != year:
            entries[key].fields["year"] = year


# Further directives live in sub-modules, each with its own setup(app). To add one, write
# creditlab/sphinxext/<name>.py and add its name here (one line per module).
SUBMODULES = [
    "charts",
    "claims",
    "debate",
    "reach",
    "quiz",
]


# Extensions the book loads that do not say whether they are safe for parallel builds, so
# that Sphinx would read serially (and warn) whatever ``-j`` asks. Each was read and is safe:
# it stores nothing in the build environment and acts only in the main process.
PARALLEL_SAFE_UNDECLARED = {
    # loaded by sphinx-external-toc; replaces how section numbers are assigned, which Sphinx
    # does in the main process after reading
    "sphinx_multitoc_numbering",
    # copies MathJax into _static at build-finished
    "sphinx-mathjax-offline",
    # its read transforms only annotate the page's own tree; the rest acts for LaTeX builds only
    "sphinx_jupyterbook_latex",
}


def _declare_parallel_safe(app) -> None:
    for name in PARALLEL_SAFE_UNDECLARED:
        ext = app.extensions.get(name)
        if ext is not None:
            for attr in ("parallel_read_safe", "parallel_write_safe"):
                if getattr(ext, attr, None) is None:
                    setattr(ext, attr, True)


def code_version(folder: Path | None = None) -> int:
    """A number that changes whenever the code of this extension changes (its Python files,
    templates and static files). Sphinx rebuilds every page when an extension's env_version
    differs from the one the saved build used, so a change to a directive or to the page
    templates reaches every page of an incremental build, not only the pages edited since."""
    here = folder or Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for f in sorted(p for p in here.rglob("*") if p.is_file() and p.suffix in {".py", ".html", ".js", ".css"}):
        digest.update(f.relative_to(here).as_posix().encode())
        digest.update(f.read_bytes())
    return int(digest.hexdigest()[:12], 16)


def setup(app):
    import importlib

    from ..bib import remember_pybtex_plugins

    remember_pybtex_plugins()  # sphinxcontrib-bibtex looks up a pybtex plugin at every citation
    for name in SUBMODULES:
        importlib.import_module(f"{__name__}.{name}").setup(app)
    app.add_config_value("creditlab_edition", "instructor", "env", [str])
    app.add_config_value("creditlab_root", "", "env", [str])
    app.add_directive("datatable", DataTableDirective)
    app.add_directive("instructor-note", InstructorNoteDirective)
    app.add_role("datum", DatumRole())
    app.add_post_transform(UniqueExerciseIds)
    app.connect("env-get-outdated", _outdated_notebooks)
    app.connect("builder-inited", _drop_stale_static)
    app.connect("builder-inited", _add_static)
    app.connect("builder-inited", _disambiguate_years, priority=900)
    app.connect("html-page-context", _tidy_page_assets)
    app.add_css_file("creditlab.css")
    app.add_js_file("tables.js", loading_method="defer")
    app.connect("builder-inited", _declare_parallel_safe)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True, "env_version": code_version()}
