"""``{datachart}``: a chart drawn at build time from a data set, with alt text and its data.

Example::

    ```{datachart} statistics
    :kind: line
    :x: date
    :y: value
    :series: measure
    :where: topic=defaulter-list
    :xlabel: Date reported
    :ylabel: People on the list (millions)
    :scale: 1e-6
    :alt: Line chart ... (a sentence that says what the chart shows, at least 40 characters)
    :caption: The courts' list of judgment defaulters, as reported ...
    ```

The chart is an inline SVG (no image file, no network), labelled for screen readers with
the ``:alt:`` text, followed by a caption that cites the sources of the plotted records and
a folded table of the plotted values, so that the numbers are available without the
picture. Colours come from a palette that stays distinguishable for common colour-vision
deficiencies, and every series also has its own marker or hatch, so colour is never the
only cue. Dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) are placed on a time axis.
"""

from __future__ import annotations

import hashlib
import html
import io
import re

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import datasets as ds
from . import _MONTHS

__all__ = ["DataChartDirective", "PALETTE", "prefix_generic_ids", "setup"]

# Okabe-Ito palette (colour-blind safe), without yellow (low contrast on white).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00", "#000000"]
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo"]


def _decimal_year(text: str) -> float:
    y, m, d = ds.parse_date(text)
    if m is None:
        return y + 0.5
    if d is None:
        return y + (m - 0.5) / 12
    return y + (m - 1) / 12 + (d - 1) / 365.25


def _short_date(text: str) -> str:
    """A tick label for a reported date: ``2018-01-09`` -> ``9 Jan 2018``, ``2019-08`` -> ``Aug 2019``."""
    y, m, d = ds.parse_date(text)
    if m is None:
        return str(y)
    month = _MONTHS[m - 1][:3]
    return f"{month} {y}" if d is None else f"{d} {month} {y}"


def _number(spec: dict, value) -> float | None:
    if value is None:
        return None
    if spec["type"] in ("integer", "number"):
        return float(value)
    raise ValueError(f"field of type {spec['type']} cannot be plotted as a number")


class DataChartDirective(SphinxDirective):
    required_arguments = 1
    has_content = False
    option_spec = {
        "kind": lambda a: directives.choice(a, ("line", "bar", "barh", "step", "scatter")),
        "x": directives.unchanged_required,
        "y": directives.unchanged_required,
        "series": directives.unchanged,
        "where": directives.unchanged,
        "xlabel": directives.unchanged,
        "ylabel": directives.unchanged,
        "scale": float,
        "alt": directives.unchanged_required,
        "caption": directives.unchanged_required,
        "name": directives.unchanged,
        "width": float,
        "height": float,
        "no-table": directives.flag,
    }

    def run(self):
        from . import _load, md_escape, render_value  # late import: avoids a cycle

        name = self.arguments[0]
        for required in ("x", "y", "alt", "caption"):
            if required not in self.options:
                raise self.error(f"datachart {name}: the :{required}: option is required")
        alt = " ".join(self.options["alt"].split())
        if len(alt) < 40:
            raise self.error(f"datachart {name}: :alt: must describe what the chart shows (at least 40 characters)")
        try:
            dataset = _load(self.env, name)
        except (ds.DataError, FileNotFoundError) as exc:
            raise self.error(f"datachart {name}: {exc}")
        fields = dataset.schema.fields
        xf, yf, sf = self.options["x"], self.options["y"], self.options.get("series")
        for f in filter(None, (xf, yf, sf)):
            if f not in fields:
                raise self.error(f"datachart {name}: unknown field {f!r}; fields: {', '.join(fields)}")
        records = dataset.records
        for cond in [c.strip() for c in self.options.get("where", "").split(",") if c.strip()]:
            key, _, value = (s.strip() for s in cond.partition("="))
            try:
                keep = {id(r) for r in dataset.where(**{key: value})}
            except KeyError as exc:
                raise self.error(f"datachart {name}: {exc}")
            records = [r for r in records if id(r) in keep]
        records = [r for r in records if r[xf] is not None and r[yf] is not None]
        if not records:
            raise self.error(f"datachart {name}: no records to plot")

        svg = self._draw(records, fields, xf, yf, sf)
        digest = hashlib.sha1(f"{self.env.docname}:{self.lineno}".encode()).hexdigest()[:8]
        chart_id = self.options.get("name") or f"chart-{digest}"
        label_id = f"{chart_id}-label"
        svg = re.sub(r"^.*?<svg", "<svg", svg, flags=re.DOTALL)  # drop the XML prolog
        svg = prefix_generic_ids(svg, chart_id)  # two charts on a page must not share ids
        svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" focusable="false" ', 1)
        svg = svg.replace(">", f'><title id="{label_id}">{html.escape(alt)}</title>', 1)
        figure = nodes.container(classes=["creditlab-chart"], ids=[chart_id])
        figure += nodes.raw("", svg, format="html")

        keys = sorted({k for r in records for fn, sp in fields.items() if sp["type"] == "bibkeys" for k in r[fn]})
        cite = (" Sources: {cite:p}`" + ",".join(keys) + "`.") if keys else ""
        caption_lines = [self.options["caption"].strip() + cite]
        if "no-table" not in self.options:
            headers = [c for c in (sf, xf, yf) if c]
            extra = [fn for fn, sp in fields.items() if fn in ("as_of", "unit", "note") and fn not in headers]
            cols = headers + extra
            caption_lines += [
                "",
                "````{dropdown} The data behind this chart",
                "```{list-table}",
                ":header-rows: 1",
                "",
                "* - " + "\n  - ".join(md_escape(c.replace("_", " ").capitalize()) for c in cols),
            ]
            for r in sorted(records, key=lambda r: (str(r[sf]) if sf else "", ds.date_sort_key(r[xf]) if fields[xf]["type"] == "date" else str(r[xf]))):
                caption_lines.append("* - " + "\n  - ".join(render_value(fields[c], r[c]) or "\u2014" for c in cols))
            caption_lines += ["```", "````"]
        container = nodes.container(classes=["creditlab-chart-caption"])
        self.state.nested_parse(StringList(caption_lines, source=f"<datachart {name}>"), self.content_offset, container)
        return [figure, container]

    def _draw(self, records, fields, xf, yf, sf) -> str:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        kind = self.options.get("kind", "line")
        scale = self.options.get("scale", 1.0)
        groups: dict[str, list] = {}
        for r in records:
            groups.setdefault(str(r[sf]) if sf else "", []).append(r)
        is_date = fields[xf]["type"] == "date"
        plt.rcParams["svg.hashsalt"] = f"{self.env.docname}:{self.lineno}"
        plt.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, scalable, translatable
        fig, ax = plt.subplots(figsize=(self.options.get("width", 6.4), self.options.get("height", 3.4)))
        fig.patch.set_alpha(0)
        ax.set_facecolor("none")
        categories: list[str] = []
        if kind in ("line", "step", "scatter"):
            for i, (label, rows) in enumerate(groups.items()):
                if is_date:
                    rows = sorted(rows, key=lambda r: ds.date_sort_key(r[xf]))
                    xs = [_decimal_year(r[xf]) for r in rows]
                else:
                    xs = [r[xf] for r in rows]
                ys = [_number(fields[yf], r[yf]) * scale for r in rows]
                color, marker = PALETTE[i % 7], MARKERS[i % 7]
                if kind == "step":
                    ax.step(xs, ys, where="post", marker=marker, color=color, label=label or None)
                else:
                    ax.plot(xs, ys, linestyle="-" if kind == "line" else "none", marker=marker, color=color, label=label or None)
            if is_date:
                points = sorted({(_decimal_year(r[xf]), r[xf]) for r in records})
                if points[-1][0] - points[0][0] >= 4:
                    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
                    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
                else:  # a short span: a tick at each reported date, labelled as reported
                    ax.set_xticks([p[0] for p in points], [_short_date(p[1]) for p in points])
        else:
            def key(r):
                return str(r[xf])

            for r in sorted(records, key=lambda r: ds.date_sort_key(r[xf]) if is_date else (0, 0, 0)):
                if key(r) not in categories:
                    categories.append(key(r))
            width = 0.8 / max(1, len(groups))
            for i, (label, rows) in enumerate(groups.items()):
                pos = {key(r): _number(fields[yf], r[yf]) * scale for r in rows}
                idx = [k + (i - (len(groups) - 1) / 2) * width for k in range(len(categories))]
                vals = [pos.get(c, 0.0) for c in categories]
                bars = ax.barh if kind == "barh" else ax.bar
                bars(idx, vals, width * 0.95, color=PALETTE[i % 7], hatch=HATCHES[i % 7], edgecolor="#333333", label=label or None)
            ticks = list(range(len(categories)))
            (ax.set_yticks if kind == "barh" else ax.set_xticks)(ticks, categories)
        ax.set_xlabel(self.options.get("xlabel", xf.replace("_", " ")))
        ax.set_ylabel(self.options.get("ylabel", yf.replace("_", " ")))
        ax.grid(True, axis="y" if kind != "barh" else "x", alpha=0.3)
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
        if sf and len(groups) > 1:
            ax.legend(frameon=False, fontsize=8)
        fig.tight_layout()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None})  # no timestamp: same page, same bytes
        plt.close(fig)
        return buffer.getvalue()


_GENERIC_ID = re.compile(r'(\sid=")([A-Za-z][A-Za-z0-9.]*_\d+)(")')


def prefix_generic_ids(svg: str, prefix: str) -> str:
    """``id="axes_1"`` -> ``id="<prefix>-axes_1"``.

    Matplotlib names the groups of every SVG ``figure_1``, ``axes_1``, ``line2d_1``..., so a
    page with two charts would repeat ids (invalid HTML, confusing to assistive technology).
    These ids are never referenced inside the SVG (clip paths and markers use hashed ids,
    which are left alone), so prefixing them with the chart's own id is safe.
    """
    return _GENERIC_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}{m.group(3)}", svg)


def setup(app):
    app.add_directive("datachart", DataChartDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
