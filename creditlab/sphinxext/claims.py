"""The claim audit in the book: directives and roles over ``data/claims.csv``.

``{claims-audit}``
    The audit table: one row per claim, with the claim in our words, the verdict, the
    correction or context, the error patterns, the sources (as citations) and our
    confidence. The table is complete HTML and reads without JavaScript; the script
    ``claims-audit.js`` (plain JavaScript, shipped with the book) then shows the filter
    form (article, verdict, pattern: labelled ``<select>`` elements, keyboard accessible)
    and turns the column headings into sort buttons.

    Options: ``:article:`` (a file name from ``data/articles.csv``: only that reading's
    claims, without the article column and without filters unless ``:filters:`` is
    given), ``:filters:`` (show the filter form; on by default when no article is given),
    ``:anchors:`` (register a link target ``claim-c48`` for every row, so that
    ``{claim}`C48``` can link to it; use it on the one page that holds the full audit),
    ``:caption:`` (required).
``{claims-scorecards}``
    Counts of claims by verdict for each reading (or for one, with ``:article:``), as a
    captioned table.
``{claims-patterns-chart}``
    A horizontal bar chart of how often each error pattern occurs, stacked by reading:
    an inline SVG with a text alternative (``:alt:``, at least 40 characters), a caption
    and the table of counts behind it.
``{claim}`C48```
    A link to the claim's row in the full audit (the text shows the id).
``{claimcount}`verdict=false```
    The number of claims that match ``field=value`` conditions (comma separated;
    ``all`` for every claim), so that prose never retypes a count the data hold.
"""

from __future__ import annotations

import hashlib
import html
from collections import Counter

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import datasets as ds

__all__ = ["setup", "VERDICTS", "PATTERN_LABELS", "slug"]

VERDICTS = ["supported", "partly supported", "misleading", "unsupported", "false", "unverifiable"]
PATTERN_LABELS = {
    "private-vs-state": "private scheme taken for the state system",
    "blacklist-called-score": "blacklist called a score",
    "number-without-scope": "number without unit, scope or date",
    "citation-chain": "citation chain back to one source",
    "xinjiang-conflation": "Xinjiang security apparatus called social credit",
    "date-drift": "date drift",
    "attribution-drift": "attribution drift",
    "event-did-not-happen": "event that did not happen",
    "absolute-wording": "absolute wording",
    "unsourced-statistic": "statistic with no source",
    "speculation-as-fact": "speculation presented as fact",
    "translation": "translation problem",
}
# Okabe-Ito colours (colour-blind safe); each reading also has its own hatch in the chart
# and its count printed in the table behind it, so colour is never the only cue.
_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9"]


def slug(text: str) -> str:
    """``partly supported`` -> ``partly-supported`` (for class names)."""
    return "-".join(text.lower().split())


def _datasets(env):
    from . import _load  # late import: avoids a cycle
    from ..claims import rule_problems

    claims, articles = _load(env, "claims"), _load(env, "articles")
    problems = rule_problems(claims, articles)
    if problems:
        raise ds.DataError(claims.path, problems)
    return claims, articles


def _labels(articles) -> dict[str, str]:
    return {a["file"]: a["label"] for a in articles}


def _md(text: str) -> str:
    from . import md_escape

    return md_escape(text)


class _ClaimsBase(SphinxDirective):
    def _load(self):
        self.env.note_dependency(__file__)  # a change to this module re-renders the pages
        try:
            return _datasets(self.env)
        except (ds.DataError, FileNotFoundError) as exc:
            raise self.error(f"{self.name}: {exc}")

    def _article(self, articles):
        file = self.options.get("article")
        if file is None:
            return None
        known = [a["file"] for a in articles]
        if file not in known:
            raise self.error(f"{self.name}: unknown article {file!r}; known: {', '.join(known)}")
        return file

    def _parse_into(self, node, markdown: str, source: str):
        self.state.nested_parse(StringList(markdown.split("\n"), source=source), self.content_offset, node)
        return node

    def _uid(self, prefix: str) -> str:
        digest = hashlib.sha1(f"{self.env.docname}:{self.lineno}".encode()).hexdigest()[:6]
        return f"{prefix}-{digest}"


class ClaimsAuditDirective(_ClaimsBase):
    has_content = False
    option_spec = {
        "article": directives.unchanged_required,
        "filters": directives.flag,
        "anchors": directives.flag,
        "caption": directives.unchanged_required,
    }

    def run(self):
        claims, articles = self._load()
        if "caption" not in self.options:
            raise self.error("claims-audit: give a :caption: (screen readers announce it)")
        labels = _labels(articles)
        article = self._article(articles)
        records = [r for r in claims if article is None or r["article"] == article]
        if not records:
            raise self.error(f"claims-audit: no claims for {article!r}")
        show_article = article is None
        show_filters = "filters" in self.options or article is None
        anchors = "anchors" in self.options
        uid = self._uid("claims")

        columns = [("id", "Id"), ("article", "Reading"), ("claim", "What the article says (our words)"),
                   ("verdict", "Verdict"), ("correction", "Correction, context and sources")]
        if not show_article:
            columns = [c for c in columns if c[0] != "article"]
        widths = {"id": 6, "article": 11, "claim": 30, "verdict": 13, "correction": 40}

        out: list[nodes.Node] = []
        if show_filters:
            out.append(nodes.raw("", self._filter_form(uid, records, labels, show_article), format="html"))

        table = nodes.table(classes=["creditlab-claims-table", "creditlab-datatable", "colwidths-given"], ids=[uid])
        caption = " ".join(self.options["caption"].split())
        table += nodes.title(caption, caption)
        tgroup = nodes.tgroup(cols=len(columns))
        table += tgroup
        for key, _ in columns:
            tgroup += nodes.colspec(colwidth=widths[key])
        thead = nodes.thead()
        tgroup += thead
        head = nodes.row()
        for key, text in columns:
            entry = nodes.entry(classes=[f"claims-col-{key}"])
            entry += nodes.paragraph(text, text)
            head += entry
        thead += head
        tbody = nodes.tbody()
        tgroup += tbody
        std = self.env.get_domain("std")
        for r in records:
            row_id = f"claim-{r['id'].lower()}"
            classes = ["claims-row", f"claims-art-{r['article'][:3]}", f"claims-verdict-{slug(r['verdict'])}"]
            classes += [f"claims-pat-{p}" for p in r["patterns"]] or ["claims-pat-none"]
            row = nodes.row(classes=classes, ids=[row_id])
            if anchors:
                std.note_hyperlink_target(row_id, self.env.docname, row_id, f"Claim {r['id']}")
            for key, _ in columns:
                entry = nodes.entry(classes=[f"claims-col-{key}"])
                row += entry
                if key == "id":
                    if anchors:
                        entry += nodes.paragraph(r["id"], r["id"], classes=["claims-id"])
                    else:
                        para = nodes.paragraph(classes=["claims-id"])
                        para += _claim_xref(r["id"])
                        entry += para
                elif key == "article":
                    text = labels[r["article"]]
                    entry += nodes.paragraph(text, text)
                elif key == "claim":
                    self._parse_into(entry, _md(r["claim"]) + f" (line {r['line']})", f"<claims {r['id']}>")
                elif key == "verdict":
                    para = nodes.container(classes=["claims-verdict"])  # a div: a bold <p> reads as a heading to axe
                    para += nodes.inline(r["verdict"], r["verdict"], classes=["claims-badge", f"claims-badge-{slug(r['verdict'])}"])
                    entry += para
                    conf = f"{r['confidence']} confidence"
                    entry += nodes.paragraph(conf, conf, classes=["claims-confidence"])
                elif key == "correction":
                    text = r["correction"] or "\u2014"
                    self._parse_into(entry, _md(text), f"<claims {r['id']}>")
                    if r["patterns"]:
                        pats = "; ".join(PATTERN_LABELS[p] for p in r["patterns"])
                        para = nodes.paragraph(classes=["claims-patterns"])
                        para += nodes.strong("Error patterns: ", "Error patterns: ")
                        para += nodes.Text(pats)
                        entry += para
                    self._parse_into(entry, "**Sources:** {cite:p}`" + ",".join(r["sources"]) + "`", f"<claims {r['id']}>")
            tbody += row
        wrapper = nodes.container(classes=["creditlab-datatable-wrapper", "creditlab-claims-wrapper"])
        wrapper += table
        out.append(wrapper)
        return out

    def _filter_form(self, uid: str, records, labels, show_article: bool) -> str:
        def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
            sid = f"{uid}-{name}"
            opts = ['<option value="">all</option>'] + [
                f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options
            ]
            return (
                f'<div class="claims-filter"><label for="{sid}">{html.escape(label)}</label>'
                f'<select id="{sid}" data-filter="{name}">{"".join(opts)}</select></div>'
            )

        verdict_counts = Counter(r["verdict"] for r in records)
        pattern_counts = Counter(p for r in records for p in r["patterns"])
        parts = []
        if show_article:
            arts = sorted({r["article"] for r in records})
            parts.append(select("art", "Reading", [(a[:3], labels[a]) for a in arts]))
        parts.append(select("verdict", "Verdict", [(slug(v), f"{v} ({verdict_counts[v]})") for v in VERDICTS if verdict_counts[v]]))
        pats = [(p, f"{PATTERN_LABELS[p]} ({pattern_counts[p]})") for p in PATTERN_LABELS if pattern_counts[p]]
        parts.append(select("pat", "Error pattern", pats + [("none", "no pattern")]))
        return (
            f'<form class="claims-filters" data-table="{uid}" hidden aria-label="Filter the claims">'
            + "".join(parts)
            + '<button type="reset" class="claims-reset">Show all</button>'
            + f'<p class="claims-status" role="status" aria-live="polite" id="{uid}-status"></p>'
            + "</form>"
        )


def _claim_xref(claim_id: str) -> nodes.Node:
    target = f"claim-{claim_id.lower()}"
    node = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=target, refexplicit=True, refwarn=True
    )
    node += nodes.inline(claim_id, claim_id, classes=["claims-ref"])
    return node


class ClaimRole(SphinxRole):
    """``{claim}`C48``` -> a link to claim C48 in the full audit."""

    def run(self):
        text = self.text.strip()
        if not text.upper().startswith("C") or not text[1:].isdigit():
            msg = self.inliner.reporter.error(f"claim: expected a claim id such as C48, got {text!r}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        node = _claim_xref(text.upper())
        node["refdoc"] = self.env.docname
        return [node], []


class ClaimCountRole(SphinxRole):
    """``{claimcount}`verdict=false,article=004_...txt``` -> how many claims match."""

    def run(self):
        try:
            claims, _ = _datasets(self.env)
        except (ds.DataError, FileNotFoundError) as exc:
            msg = self.inliner.reporter.error(f"claimcount: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        records = list(claims)
        text = self.text.strip()
        if text != "all":
            for cond in [c.strip() for c in text.split(",") if c.strip()]:
                key, sep, value = (s.strip() for s in cond.partition("="))
                if not sep or key not in claims.schema.fields:
                    msg = self.inliner.reporter.error(
                        f"claimcount: expected field=value (fields: {', '.join(claims.schema.columns)}), got {cond!r}",
                        line=self.lineno,
                    )
                    return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
                records = [r for r in records if (value in r[key] if isinstance(r[key], list) else str(r[key]) == value)]
        value = str(len(records))
        return [nodes.inline(value, value, classes=["creditlab-datum"])], []


class ClaimsScorecardsDirective(_ClaimsBase):
    has_content = False
    option_spec = {"article": directives.unchanged_required, "caption": directives.unchanged_required}

    def run(self):
        claims, articles = self._load()
        if "caption" not in self.options:
            raise self.error("claims-scorecards: give a :caption:")
        article = self._article(articles)
        rows = [a for a in articles if article is None or a["file"] == article]
        header = ["Reading", "Claims"] + [v.capitalize() for v in VERDICTS]
        lines = [
            f"```{{list-table}} {_md(self.options['caption'])}",
            ":header-rows: 1",
            ":class: creditlab-datatable creditlab-claims-scorecards",
            "",
            "* - " + "\n  - ".join(header),
        ]
        for a in rows:
            recs = [r for r in claims if r["article"] == a["file"]]
            counts = Counter(r["verdict"] for r in recs)
            cells = [f"{{doc}}`{_md(a['label'])} </{a['guide']}>`", str(len(recs))] + [str(counts[v]) for v in VERDICTS]
            lines.append("* - " + "\n  - ".join(cells))
        if article is None:
            counts = Counter(r["verdict"] for r in claims)
            lines.append("* - " + "\n  - ".join(["**All five**", f"**{len(claims)}**"] + [f"**{counts[v]}**" for v in VERDICTS]))
        lines.append("```")
        container = nodes.container(classes=["creditlab-datatable-wrapper"])
        self._parse_into(container, "\n".join(lines), "<claims-scorecards>")
        return [container]


class ClaimsPatternsChartDirective(_ClaimsBase):
    has_content = False
    option_spec = {"alt": directives.unchanged_required, "caption": directives.unchanged_required}

    def run(self):
        claims, articles = self._load()
        for opt in ("alt", "caption"):
            if opt not in self.options:
                raise self.error(f"claims-patterns-chart: the :{opt}: option is required")
        alt = " ".join(self.options["alt"].split())
        if len(alt) < 40:
            raise self.error("claims-patterns-chart: :alt: must describe what the chart shows (at least 40 characters)")
        labels = _labels(articles)
        files = [a["file"] for a in articles]
        counts = {p: Counter(r["article"] for r in claims if p in r["patterns"]) for p in PATTERN_LABELS}
        order = sorted(PATTERN_LABELS, key=lambda p: (-sum(counts[p].values()), p))
        uid = self._uid("claims-chart")
        svg = self._svg(uid, alt, order, counts, files, labels)
        figure = nodes.container(classes=["creditlab-chart", "claims-chart"], ids=[uid])
        figure += nodes.raw("", svg, format="html")

        header = ["Error pattern"] + [labels[f] for f in files] + ["All"]
        lines = [
            self.options["caption"].strip(),
            "",
            "````{dropdown} The counts behind this chart",
            "```{list-table}",
            ":header-rows: 1",
            "",
            "* - " + "\n  - ".join(_md(h) for h in header),
        ]
        for p in order:
            cells = [_md(PATTERN_LABELS[p])] + [str(counts[p][f]) for f in files] + [str(sum(counts[p].values()))]
            lines.append("* - " + "\n  - ".join(cells))
        lines += ["```", "````"]
        caption = nodes.container(classes=["creditlab-chart-caption"])
        self._parse_into(caption, "\n".join(lines), "<claims-patterns-chart>")
        return [figure, caption]

    @staticmethod
    def _svg(uid, alt, order, counts, files, labels) -> str:
        row_h, left, right = 26, 300, 40
        top = 66  # room for a legend of up to two rows
        max_total = max(1, max(sum(counts[p].values()) for p in order))
        width = 760
        plot_w = width - left - right
        height = top + row_h * len(order) + 30
        scale = plot_w / max_total
        esc = html.escape
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{uid}-title" focusable="false" class="claims-chart-svg">',
            f'<title id="{uid}-title">{esc(alt)}</title>',
            "<defs>",
        ]
        hatches = ["", "M0,6 L6,0", "M0,0 L6,6", "M3,0 L3,6", "M0,3 L6,3"]
        for i, _ in enumerate(files):
            parts.append(
                f'<pattern id="{uid}-h{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{_COLOURS[i]}"/>'
                + (f'<path d="{hatches[i]}" stroke="#ffffff" stroke-width="1.2"/>' if hatches[i] else "")
                + "</pattern>"
            )
        parts.append("</defs>")
        # legend, wrapped onto as many rows as it needs
        x, y = left, 10
        for i, f in enumerate(files):
            step = 18 + 7.5 * len(labels[f]) + 16
            if x + step > width - 10 and x > left:
                x, y = left, y + 20
            parts.append(f'<rect x="{x:.0f}" y="{y}" width="14" height="14" fill="url(#{uid}-h{i})" stroke="#333"/>')
            parts.append(f'<text x="{x + 18:.0f}" y="{y + 12}" font-size="12" fill="#222">{esc(labels[f])}</text>')
            x += step
        for j, p in enumerate(order):
            y = top + j * row_h
            parts.append(
                f'<text x="{left - 8}" y="{y + 16}" font-size="12" text-anchor="end" fill="#222">{esc(PATTERN_LABELS[p])}</text>'
            )
            x = left
            for i, f in enumerate(files):
                n = counts[p][f]
                if n:
                    w = n * scale
                    parts.append(
                        f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="url(#{uid}-h{i})" stroke="#333" stroke-width="0.6"/>'
                    )
                    x += w
            total = sum(counts[p].values())
            parts.append(f'<text x="{x + 6:.1f}" y="{y + 16}" font-size="12" fill="#222">{total}</text>')
        axis_y = top + row_h * len(order) + 4
        parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{left + plot_w}" y2="{axis_y}" stroke="#666"/>')
        parts.append(
            f'<text x="{left + plot_w / 2:.0f}" y="{axis_y + 20}" font-size="12" text-anchor="middle" fill="#222">Number of claims showing the pattern</text>'
        )
        parts.append("</svg>")
        return "".join(parts)


def setup(app):
    app.add_directive("claims-audit", ClaimsAuditDirective)
    app.add_directive("claims-scorecards", ClaimsScorecardsDirective)
    app.add_directive("claims-patterns-chart", ClaimsPatternsChartDirective)
    app.add_role("claim", ClaimRole())
    app.add_role("claimcount", ClaimCountRole())
    app.add_js_file("claims-audit.js", loading_method="defer")
    app.add_css_file("claims-audit.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
