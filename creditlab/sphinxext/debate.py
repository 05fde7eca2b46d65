"""The debate studio's directives: motions, cards, case files, maps, formats, judging, tools.

Every directive renders records of the ``data/debate_*.csv`` data sets (through
:mod:`creditlab.debate`), so that no page retypes what the data hold:

``{debate-motions}``          the motion bank (``:where: field=value``)
``{debate-motion-table}``     one-line summary table of the motion bank
``{debate-case-index}``       the core motions' case-file pages, easiest first (a core motion
                              without its page ``book/debate/case-m01.md`` is a build warning)
``{debate-cards}``            evidence cards (``:reading:``, ``:topic:``, ``:motion:``, ``:ids:``;
                              ``:anchors:`` registers ``card-e001``-style labels for {ref})
``{debate-case} M01``         a mirrored case file (``:side: prop|opp``)
``{debate-map} M01``          argument map: inline SVG drawn by Graphviz at build time, text
                              outline, downloads in Argdown and AIF JSON
``{debate-clash} M01``        the clash list generated from the readings' stances
``{debate-plan} M01``         speech-by-speech plan for a format (``:format:``)
``{debate-plans} M01``        every format's plan, each in a dropdown: the motion's formats
                              first (``:formats:`` sets the order)
``{debate-format} wsdc``      one format: roles, preparation, POIs, judging, speeches
``{debate-format-table}``     all formats side by side
``{debate-ballot} wsdc``      printable ballot and rubric
``{debate-traps}``            factual traps for lay judges
``{debate-timer}``            round timer and flow sheet (plain JavaScript, offline)
``{debate-assignment}``       a seeded example of balanced side assignment
``{debate-drills}``           rebuttal (a card and 60 seconds) and point-of-information drills
``{debate-packets}``          links to the printable packets written into the site
``{debate-count}`text```      a count from the data, e.g. ``cards:reading=mass-line``

At ``builder-inited`` every debate data set is loaded and checked across files
(:func:`creditlab.debate.check_studio`); a card without a resolving citation or a date,
or any other broken record, stops the build with the file, record and field named. At
``build-finished`` the prep packets (HTML) and the map exports are written into the site
under ``debate/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from .. import datasets as ds
from ..debate import data as ddata

logger = logging.getLogger(__name__)

READING = {
    "trust-deficit": "Trust-deficit reading",
    "mass-line": "Mass Line reading",
    "both": "Both readings",
    "neither": "Neither reading",
    "in-between": "In-between scholars",
    "neutral": "Debate technique",
}
TYPE_NAMES = {
    "thw": "This House would (policy)",
    "thbt": "This House believes (value or analysis)",
    "thbt-should": "This House believes X should",
    "thr": "This House regrets (counterfactual)",
    "thp": "This House prefers (comparative)",
    "th-as-x": "This House, as X, would (actor)",
    "tho": "This House opposes",
    "ths": "This House supports",
    "pf-on-balance": "Public Forum: on balance",
    "ld-ought": "Lincoln-Douglas: ought",
}
OUT_DIR = "debate"  # inside the HTML output


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------


def _data_dir(app) -> Path:
    from . import _data_dir as base

    return base(app)


def _bib(env) -> Path | None:
    bib = Path(env.srcdir) / "book" / "references.bib"
    return bib if bib.is_file() else None


def studio_for(env) -> ddata.Studio:
    """The debate data, loaded once per build and noted as dependencies of the page."""
    app = env.app
    d = _data_dir(app)
    files = [d / f"{n}.csv" for n in ddata.DATASETS] + [d / f"{n}.schema.yml" for n in ddata.DATASETS]
    stamp = tuple((str(f), f.stat().st_mtime) for f in files if f.exists())
    cache = getattr(app, "_creditlab_debate_studio", None)
    if cache is None or cache[0] != stamp:
        studio = ddata.load_studio(d, bibliography=_bib(env))
        app._creditlab_debate_studio = (stamp, studio)
    for f in files:
        env.note_dependency(str(f))
    return app._creditlab_debate_studio[1]


def _check_data(app):
    """builder-inited: the build-time check of every debate data set."""
    d = _data_dir(app)
    if not (d / "debate_cards.csv").is_file():
        return
    bib = Path(app.srcdir) / "book" / "references.bib"
    try:
        studio = ddata.load_studio(d, bibliography=bib if bib.is_file() else None)
    except (ds.DataError, FileNotFoundError) as exc:
        raise ExtensionError(f"[creditlab.debate] broken debate data, fix before building:\n{exc}") from None
    try:
        claims, _ = ddata.claim_audit(d)
    except FileNotFoundError:
        claims = None
    problems = ddata.check_studio(studio, claims=claims)
    if problems:
        raise ExtensionError(str(ddata.StudioError(problems)))


def _md(text) -> str:
    from . import md_escape

    return md_escape(str(text or ""))


def _cite(keys) -> str:
    keys = [k for k in keys if k]
    return "{cite:p}`" + ",".join(keys) + "`" if keys else ""


def _date(text: str) -> str:
    from . import format_date

    return format_date(text)


class _Base(SphinxDirective):
    has_content = False

    def studio(self) -> ddata.Studio:
        try:
            return studio_for(self.env)
        except (ds.DataError, FileNotFoundError) as exc:
            raise self.error(f"{self.name}: {exc}")

    def parse(self, lines: list[str], classes: list[str] | None = None, ids: list[str] | None = None) -> nodes.container:
        container = nodes.container(classes=classes or [], ids=ids or [])
        self.state.nested_parse(StringList(lines, source=f"<{self.name}>"), self.content_offset, container)
        return container

    def register_label(self, name: str, node_id: str, title: str):
        std = self.env.get_domain("std")
        if name in std.labels and std.labels[name][0] != self.env.docname:
            logger.warning(f"duplicate debate label {name}", location=self.get_location())
        std.anonlabels[name] = (self.env.docname, node_id)
        std.labels[name] = (self.env.docname, node_id, title)

    def card_links(self, ids: list[str]) -> str:
        return ", ".join(f"{{ref}}`{cid} <card-{cid.lower()}>`" for cid in ids)

    def rel_to_root(self) -> str:
        return "../" * self.env.docname.count("/")


# ---------------------------------------------------------------------------------------
# Motions
# ---------------------------------------------------------------------------------------


def _filter(records, where: str, fields: dict, name: str, directive) -> list[dict]:
    out = list(records)
    for cond in [c.strip() for c in (where or "").split(",") if c.strip()]:
        key, _, value = (s.strip() for s in cond.partition("="))
        if key not in fields:
            raise directive.error(f"{name}: unknown field {key!r} in :where:")
        out = [r for r in out if (value in r[key] if isinstance(r[key], list) else str(r[key]) == value)]
    if not out:
        raise directive.error(f"{name}: no records match {where!r}")
    return out


class DebateMotions(_Base):
    option_spec = {"where": directives.unchanged}

    def run(self):
        studio = self.studio()
        motions = _filter(studio.motions.records, self.options.get("where", ""), studio.motions.schema.fields, self.name, self)
        result = []
        for m in motions:
            node_id = f"motion-{m['id'].lower()}"
            self.register_label(node_id, node_id, f"{m['id']}: {m['motion']}")
            origin = "used at a real tournament" if m["origin"] == "tournament" else "drafted for this kit"
            clash = [c.strip() for c in m["clash"].split(";") if c.strip()]
            fmts = ", ".join(studio.format(f)["short"] for f in m["formats"])
            lines = [
                f"**{m['id']}** {_md(m['motion'])}",
                "",
                f"{TYPE_NAMES[m['type']]} · topic: {_md(m['topic'])} · {m['difficulty']} · {origin}"
                + (" · mirrored case files and argument map" if m["core"] == "yes" else ""),
                "",
                "Proposition must show",
                f": {_md(m['prop_burden'])}",
                "",
                "Opposition must show",
                f": {_md(m['opp_burden'])}",
                "",
                "Definitions",
                f": {_md(m['definitions'])}",
                "",
                "Clash areas",
                ": " + "; ".join(_md(c) for c in clash),
                "",
                "Suits",
                f": {fmts} (any motion can be reworded for the other formats: see the format guide)",
                "",
            ]
            if m["evidence_note"]:
                lines += ["Note", f": {_md(m['evidence_note'])}", ""]
            lines += ["Sources", f": {_cite(m['sources'])} (as of {_md(_date(m['as_of']))})", ""]
            result.append(self.parse(lines, ["debate-motion", f"debate-{m['core'] == 'yes' and 'core' or 'plain'}"], [node_id]))
        return result


class DebateMotionTable(_Base):
    option_spec = {"caption": directives.unchanged}

    def run(self):
        studio = self.studio()
        rows = [
            [
                f"{{ref}}`{m['id']} <motion-{m['id'].lower()}>`", _md(m["motion"]), TYPE_NAMES[m["type"]],
                f"{_md(m['topic'])}, {m['difficulty']}" + (" (case files)" if m["core"] == "yes" else ""),
            ]
            for m in studio.motions
        ]
        lines = _list_table(
            _md(self.options.get("caption", "The motion bank at a glance")), ["Id", "Motion", "Type", "Topic, level"], rows,
            classes="debate-motion-table", widths="8 52 20 20",
        )
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


def _list_table(caption: str, header: list[str], rows, classes: str = "", widths: str | None = None) -> list[str]:
    """MyST lines of one ``list-table`` with a header row, in the kit's data-table style,
    closed and followed by a blank line. ``header`` and each of ``rows`` are lists of cell
    texts (already MyST); ``classes`` are added to ``creditlab-datatable``."""
    lines = [f"```{{list-table}} {caption}", ":header-rows: 1", f":class: {' '.join(['creditlab-datatable', classes]).strip()}"]
    if widths:
        lines.append(f":widths: {widths}")
    lines.append("")
    lines += ["* - " + "\n  - ".join(cells) for cells in [header, *rows]]
    return lines + ["```", ""]


def case_page(motion_id: str) -> str:
    """The docname of a core motion's case-file page."""
    return f"book/debate/case-{motion_id.lower()}"


def case_index(studio, pages) -> tuple[list[dict], list[str]]:
    """The core motions whose case page is among ``pages`` (docnames), easiest first (in the
    order of the difficulty levels in the motions' schema), then by id; and one message for
    each core motion whose page is missing."""
    levels = studio.motions.schema.fields["difficulty"]["values"]
    motions = sorted(studio.core_motions(), key=lambda m: (levels.index(m["difficulty"]), m["id"]))
    present, missing = [], []
    for m in motions:
        if case_page(m["id"]) in pages:
            present.append(m)
        else:
            missing.append(
                f"motion {m['id']} is a core motion (core = yes in data/debate_motions.csv) but has no case page "
                f"{case_page(m['id'])}.md: write the page or set core to no"
            )
    return present, missing


class DebateCaseIndex(_Base):
    """The core motions' case-file pages in one table, easiest first; a core motion whose page
    is missing is a build warning (so a strict build stops)."""

    option_spec = {"caption": directives.unchanged}

    def run(self):
        studio = self.studio()
        motions, missing = case_index(studio, self.env.found_docs)
        for message in missing:
            logger.warning(f"debate-case-index: {message}", location=self.get_location())
        rows = [
            [
                f"{{doc}}`{m['id']} </{case_page(m['id'])}>`",
                _md(m["motion"]) + (" (used at a real tournament)" if m["origin"] == "tournament" else ""),
                TYPE_NAMES[m["type"]], m["difficulty"], ", ".join(studio.format(f)["short"] for f in m["formats"]),
            ]
            for m in motions
        ]
        lines = _list_table(
            _md(self.options.get("caption", "The motions with case files")), ["Case files", "Motion", "Type", "Level", "Written for"], rows,
            classes="debate-case-index", widths="10 46 18 11 15",
        )
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


# ---------------------------------------------------------------------------------------
# Cards
# ---------------------------------------------------------------------------------------


def card_lines(card: dict) -> list[str]:
    """MyST lines for one evidence card (used by several directives)."""
    if card["kind"] == "quotation":
        body = [f"> {_md(card['text'])}", ">"]
        if card["speaker"]:
            body += [f"> — {_md(card['speaker'])}"]
        body.append("")
    elif card["kind"] == "paraphrase":
        body = [f"*Paraphrase:* {_md(card['text'])}", ""]
    else:
        body = [_md(card["text"]), ""]
    meta = f"{READING[card['reading']]} · source dated {_md(_date(card['date']))} · {card['kind']} · {card['evidence']}"
    if card["locator"]:
        meta += f" · {_md(card['locator'])}"
    lines = [f"**{card['id']}: {_md(card['tag'])}**", "", f"{meta} {_cite(card['sources'])}", ""] + body
    lines += [f"**Warrant.** {_md(card['warrant'])}", "", f"**Vulnerability.** {_md(card['vulnerability'])}", ""]
    if card["claims"]:
        lines += [f"**Claim audit ({_md(card['claims'].replace(';', ', '))}).** {_md(card['claim_note'])}", ""]
    return lines


class DebateCards(_Base):
    option_spec = {
        "reading": directives.unchanged,
        "topic": directives.unchanged,
        "motion": directives.unchanged,
        "ids": directives.unchanged,
        "anchors": directives.flag,
    }

    def run(self):
        studio = self.studio()
        cards = list(studio.cards)
        if "motion" in self.options:
            try:
                cards = studio.cards_for_motion(self.options["motion"].strip())
            except KeyError as exc:
                raise self.error(f"debate-cards: {exc}")
        if "ids" in self.options:
            want = ddata.split_ids(self.options["ids"].replace(",", ";"))
            known = {c["id"] for c in studio.cards}
            missing = [w for w in want if w not in known]
            if missing:
                raise self.error(f"debate-cards: no card(s) {', '.join(missing)}")
            cards = [studio.card(w) for w in want]
        if "reading" in self.options:
            cards = [c for c in cards if c["reading"] == self.options["reading"].strip()]
        if "topic" in self.options:
            cards = [c for c in cards if self.options["topic"].strip() in c["topics"]]
        if not cards:
            raise self.error("debate-cards: no cards match the options")
        out = []
        for c in cards:
            node_id = f"card-{c['id'].lower()}"
            ids = []
            if "anchors" in self.options:
                self.register_label(node_id, node_id, f"{c['id']}: {c['tag']}")
                ids = [node_id]
            out.append(self.parse(card_lines(c), ["debate-card", f"debate-card-{c['reading']}"], ids))
        return out


# ---------------------------------------------------------------------------------------
# Case files
# ---------------------------------------------------------------------------------------

PART_TITLES = {
    "framing": "Framing",
    "argument": "Arguments",
    "rebuttal": "Their strongest rebuttals, with our frontlines",
    "cx-ask": "Cross-examination: questions to ask",
    "cx-expect": "Cross-examination: questions to expect",
    "weighing": "Weighing",
}


class DebateCase(_Base):
    required_arguments = 1
    option_spec = {"side": lambda a: directives.choice(a, ("prop", "opp"))}

    def run(self):
        studio = self.studio()
        mid = self.arguments[0]
        side = self.options.get("side", "prop")
        try:
            studio.motion(mid)  # an unknown motion raises KeyError
        except KeyError as exc:
            raise self.error(f"debate-case: {exc}")
        rows = studio.case_rows(mid, side)
        if not rows:
            raise self.error(f"debate-case: motion {mid} has no case file")
        side_name = "Proposition" if side == "prop" else "Opposition"
        lines = [f"**{side_name} case file for {{ref}}`{mid} <motion-{mid.lower()}>`**", ""]
        for part, title in PART_TITLES.items():
            part_rows = [r for r in rows if r["part"] == part]
            if not part_rows:
                continue
            lines += [f"**{title}**", ""]
            for r in part_rows:
                cards = ddata.split_ids(r["cards"])
                keys = []
                for cid in cards:
                    keys += [k for k in studio.card(cid)["sources"] if k not in keys]
                keys += [k for k in r["sources"] if k not in keys]
                prefix = f"{r['order']}. " if part not in ("framing", "weighing") else ""
                lines += [f"- **{prefix}{_md(r['title'])}** {_md(r['text'])}", ""]
                if r["value"]:
                    lines += [f"  *Value:* {_md(r['value'])}. *Criterion:* {_md(r['criterion'])}.", ""]
                if r["mechanism"]:
                    lines += [f"  *Mechanism:* {_md(r['mechanism'])}", ""]
                if r["impact"]:
                    lines += [f"  *Impact:* {_md(r['impact'])}", ""]
                if r["response"]:
                    label = {"rebuttal": "Frontline", "cx-expect": "Answer", "cx-ask": "Purpose"}.get(part, "Response")
                    lines += [f"  *{label}:* {_md(r['response'])}", ""]
                meta = f"  Supplied by: {READING[r['reading']]}"
                if cards:
                    meta += f"; cards {self.card_links(cards)}"
                if keys:
                    meta += f" {_cite(keys)}"
                lines += [meta, ""]
        return [self.parse(lines, ["debate-case", f"debate-case-{side}"])]


# ---------------------------------------------------------------------------------------
# Maps and clash lists
# ---------------------------------------------------------------------------------------


def _svg_with_prefix(svg: str, prefix: str) -> str:
    return re.sub(r'\bid="((?:graph|node|edge|clust|a_)[^"]*)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)


class DebateMap(_Base):
    required_arguments = 1

    def run(self):
        from ..debate.maps import GraphvizMissing, build_map

        studio = self.studio()
        mid = self.arguments[0]
        try:
            amap = build_map(studio, mid)
            svg = amap.to_svg(element_id=f"map-{mid.lower()}")
        except KeyError as exc:
            raise self.error(f"debate-map: {exc}")
        except GraphvizMissing as exc:
            raise self.error(f"debate-map {mid}: {exc}")
        svg = _svg_with_prefix(svg, f"map-{mid.lower()}")
        region = (
            f'<div class="debate-map-scroll" role="region" tabindex="0" '
            f'aria-label="Argument map of motion {mid}; scroll sideways on a small screen">{svg}</div>'
        )
        figure = nodes.container(classes=["debate-map"], ids=[f"argument-map-{mid.lower()}"])
        figure += nodes.raw("", region, format="html")
        root = self.rel_to_root()
        lines = [
            "*How to read the map.* Solid blue boxes are for the motion, dashed vermillion boxes against it; "
            "rounded boxes are objections to a premise; a thick border and the word CRUX mark a premise that one "
            "reading accepts and the other rejects. \"TD\" and \"ML\" give the stance of the trust-deficit and the "
            "Mass Line readings. Grey notes list the evidence cards behind each box. "
            f'Download the map as <a href="{root}{OUT_DIR}/maps/{mid}.argdown" download>Argdown text</a> or '
            f'<a href="{root}{OUT_DIR}/maps/{mid}.aif.json" download>AIF JSON</a>.',
            "",
            "````{dropdown} The map as text (same content as the picture)",
        ]
        for depth, node, rel in amap.outline():
            if node.kind == "evidence":
                continue
            rel_txt = "" if rel is None else ("supports the node above: " if rel == "supports" else "attacks the node above: ")
            ev = f" Evidence: {self.card_links(node.cards)}." if node.cards else ""
            side = "for the motion" if node.side == "prop" else "against the motion"
            lines.append(
                f"{'  ' * depth}- {rel_txt}**{node.id}** ({side}) {_md(node.text)}. "
                f"Trust-deficit reading: {node.td}; Mass Line reading: {node.ml}.{ev}"
            )
        lines += ["````", ""]
        return [figure, self.parse(lines, ["debate-map-text"])]


class DebateClash(_Base):
    required_arguments = 1

    def run(self):
        from ..debate.maps import build_map

        studio = self.studio()
        mid = self.arguments[0]
        try:
            amap = build_map(studio, mid)
        except KeyError as exc:
            raise self.error(f"debate-clash: {exc}")
        cl = amap.clash_list()
        lines = []
        titles = {
            "crux": "Cruxes: one reading accepts what the other rejects",
            "reinterpretation": "Same fact, different meaning: a reading accepts it but reads it differently",
            "common": "Common ground: both readings accept it (do not waste time contesting it)",
        }
        for kind in ("crux", "reinterpretation", "common"):
            items = cl[kind]
            if not items:
                lines += [f"**{titles[kind]}**: none.", ""]
                continue
            rows = [
                [f"**{n.id}** {_md(n.text)}", "for" if n.side == "prop" else "against", f"*{n.td}*: {_md(n.td_gloss)}", f"*{n.ml}*: {_md(n.ml_gloss)}"]
                for n in items
            ]
            lines += _list_table(
                f"{titles[kind]} ({mid})", ["Premise or objection", "Side", "Trust-deficit reading", "Mass Line reading"], rows,
                classes="debate-clash-table", widths="30 10 30 30",
            )
        keys = sorted({k for n in amap.nodes for k in n.sources})
        lines += [f"Sources behind the map's nodes: {_cite(keys)}.", ""]
        return [self.parse(lines, ["creditlab-datatable-wrapper", "debate-clash"])]


def _plan_lines(studio, mid: str, fid: str) -> list[str]:
    """MyST lines of one format's speech-by-speech plan for a motion: a table per side."""
    from ..debate.formats import plan

    fmt = studio.format(fid)
    steps = {side: plan(studio, mid, fid, side) for side in ("prop", "opp")}
    lines = []
    for side, name in (("prop", fmt["prop_name"]), ("opp", fmt["opp_name"])):
        rows = [[_md(st.speech), _md(st.task), "; ".join(_md(m) for m in st.material) or "—"] for st in steps[side]]
        lines += _list_table(
            f"{_md(fmt['name'])}: {_md(name)} ({mid})", ["Speech", "Job", "Material from the case file and map"], rows, widths="22 33 45"
        )
    return lines


def plan_order(studio, motion_id: str, formats: str | None = None) -> list[str]:
    """The formats whose plans a case page shows, in order: ``formats`` (ids separated by
    spaces or semicolons) when given; otherwise the formats the motion is written for, in
    the motion's order, then every other format in the studio's order."""
    known = [f["id"] for f in studio.formats]
    if formats and formats.strip():
        order = [f for f in re.split(r"[\s;,]+", formats.strip()) if f]
        for fid in order:
            if fid not in known:
                raise KeyError(f"no format {fid!r} (formats: {', '.join(known)})")
        twice = sorted({f for f in order if order.count(f) > 1})
        if twice:
            raise ValueError(f"format {', '.join(twice)} listed twice")
        return order
    listed = list(studio.motion(motion_id)["formats"])
    return listed + [f for f in known if f not in listed]


class DebatePlan(_Base):
    required_arguments = 1
    option_spec = {"format": directives.unchanged}

    def run(self):
        studio = self.studio()
        mid = self.arguments[0]
        fid = self.options.get("format", "wsdc").strip()
        try:
            lines = _plan_lines(studio, mid, fid)
        except (KeyError, ValueError) as exc:
            raise self.error(f"debate-plan: {exc}")
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


class DebatePlans(_Base):
    """Every format's plan for one motion, each in a closed dropdown titled by the format."""

    required_arguments = 1
    option_spec = {"formats": directives.unchanged}

    def run(self):
        studio = self.studio()
        mid = self.arguments[0]
        out = []
        try:
            order = plan_order(studio, mid, self.options.get("formats"))
            written_for = set(studio.motion(mid)["formats"])
            for fid in order:
                fmt = studio.format(fid)
                title = _md(fmt["name"]) + ("" if fid in written_for else " (reword the motion for this format)")
                lines = [f"`````{{dropdown}} {title}", "````{container} creditlab-datatable-wrapper"]
                lines += _plan_lines(studio, mid, fid) + ["````", "`````", ""]
                out += self.parse(lines).children
        except (KeyError, ValueError) as exc:
            raise self.error(f"debate-plans: {exc}")
        return out


# ---------------------------------------------------------------------------------------
# Formats, ballots, traps
# ---------------------------------------------------------------------------------------


class DebateFormat(_Base):
    required_arguments = 1

    def run(self):
        studio = self.studio()
        try:
            f = studio.format(self.arguments[0])
        except KeyError as exc:
            raise self.error(f"debate-format: {exc}")
        status = {
            "verified": "times and roles read in the rules cited",
            "variants": "sources differ: the variants are given",
            "partly-unverified": "some details could not be verified and are not given as fact",
        }[f["status"]]
        def teams(side_name: str, text: str) -> str:
            parsed = _teams(text)
            if len(parsed) == 1 and parsed[0][0] == side_name:
                return f"{side_name} ({', '.join(parsed[0][1])})"
            return f"{side_name}: " + "; ".join(f"{t} ({', '.join(r)})" for t, r in parsed)

        lines = [
            "Who uses it", f": {_md(f['users'])} {_cite(f['sources'])}", "",
            "Teams", f": {_md(teams(f['prop_name'], f['prop_teams']))}, against {_md(teams(f['opp_name'], f['opp_teams']))}", "",
            "Preparation", f": {_md(f['prep'])}", "",
            "Points of information, questions", f": {_md(f['poi'])}", "",
            "Roles", f": {_md(f['roles'])}", "",
            "What judges assess", f": {_md(f['judging'])}", "",
            "Result", f": {_md(f['decision'])}", "",
            "Running the kit's motions", f": {_md(f['motion_fit'])}", "",
        ]
        if f["variants"]:
            lines += ["Variants", f": {_md(f['variants'])}", ""]
        lines += ["Status", f": {status} (sources as of {_md(_date(f['as_of']))})", ""]
        speeches = studio.speeches_of(f["id"])
        rows = []
        for s in speeches:
            poi = f"from {s['poi_from']:g} to {s['poi_to']:g} min" if s["poi_from"] is not None else "none"
            if s["kind"] in ("cx", "crossfire"):
                poi = "questions period"
            rows.append([str(s["order"]), _md(s["name"]), _md(s["speaker"]), f"{s['minutes']:g}", poi, _md(s["note"] or "—")])
        lines += _list_table(
            f"Speeches of a {_md(f['name'])} round", ["Order", "Speech", "Speaker", "Minutes", "Points of information", "Notes"], rows
        )
        lines += [f"Speech times: {_cite(sorted({k for s in speeches for k in s['sources']}))}.", ""]
        return [self.parse(lines, ["debate-format"])]


def _teams(text: str):
    from ..debate.assign import parse_teams

    return parse_teams(text)


class DebateFormatTable(_Base):
    def run(self):
        studio = self.studio()
        rows = []
        for f in studio.formats:
            sp = studio.speeches_of(f["id"])
            per_side = sum(len(r) for _, r in _teams(f["prop_teams"]))
            talks = ", ".join(f"{s['minutes']:g}" for s in sp)
            q = "POIs" if any(s["poi_from"] is not None for s in sp) else ("crossfire" if any(s["kind"] == "crossfire" for s in sp) else "cross-examination")
            pool = f"{f['prep_pool']:g} min per team" if f["prep_pool"] is not None else "—"
            rows.append([f"{_md(f['name'])} ({f['short']})", str(per_side), talks, q, pool, f["status"]])
        header = ["Format", "Speakers per side", "Speeches (minutes)", "Questions", "Preparation pool", "Status"]
        lines = _list_table("The six formats side by side (from the data behind the timer)", header, rows)
        keys = sorted({k for f in studio.formats for k in f["sources"]})
        lines += [f"Sources: {_cite(keys)}.", ""]
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


class DebateMotionFormatTable(_Base):
    """Each motion against each format: as worded, or how to reword it."""

    def run(self):
        from ..debate.formats import reword

        studio = self.studio()
        fmts = list(studio.formats)
        rows = [[f"{{ref}}`{m['id']} <motion-{m['id'].lower()}>`"] + [_md(reword(m, f["id"])) for f in fmts] for m in studio.motions]
        lines = _list_table(
            "Running each motion in each format: 'as worded', or a rewording (the kit's rule of thumb)",
            ["Motion"] + [f["short"] for f in fmts], rows, classes="debate-fit-table",
        )
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


class DebateBallot(_Base):
    required_arguments = 1

    def run(self):
        from ..debate.packet import ballot_html

        studio = self.studio()
        fid = self.arguments[0]
        try:
            f = studio.format(fid)
            html = ballot_html(studio, fid)
        except KeyError as exc:
            raise self.error(f"debate-ballot: {exc}")
        box = nodes.container(classes=["debate-ballot-box"], ids=[f"ballot-{fid}"])
        box += nodes.raw("", html, format="html")
        rubric = studio.rubric_of(fid)
        keys = sorted({k for r in rubric for k in r["sources"]} | set(f["sources"]))
        note = self.parse([f"Rubric and decision rule for {_md(f['name'])}: {_cite(keys)}. Rows marked \"kit practice rubric\" were written for this kit and are no league's official scale.", ""])
        return [box, note]


class DebateTraps(_Base):
    def run(self):
        studio = self.studio()
        rows = []
        for t in studio.traps:
            claims = f" Claim audit: {_md(t['claims'].replace(';', ', '))}." if t["claims"] else ""
            rows.append([_md(t["trap"]), f"{_md(t['why'])} {_cite(t['sources'])}{claims}", _md(t["say_instead"])])
        lines = _list_table(
            "Factual traps on this topic, from the course's claim audit",
            ["You may hear", "What is wrong", "What an accurate speaker says"], rows, widths="25 45 30",
        )
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


# ---------------------------------------------------------------------------------------
# Tools: timer, assignment, drills, packets, counts
# ---------------------------------------------------------------------------------------


def timer_data(studio: ddata.Studio) -> dict:
    out = {}
    for f in studio.formats:
        out[f["id"]] = {
            "name": f["name"],
            "prop": f["prop_name"],
            "opp": f["opp_name"],
            "prep": f["prep_pool"],
            "speeches": [
                {k: s[k] for k in ("name", "side", "speaker", "minutes", "kind", "poi_from", "poi_to")}
                for s in studio.speeches_of(f["id"])
            ],
        }
    return out


class DebateTimer(_Base):
    optional_arguments = 1

    def run(self):
        studio = self.studio()
        data = timer_data(studio)
        initial = self.arguments[0] if self.arguments else "wsdc"
        if initial not in data:
            raise self.error(f"debate-timer: unknown format {initial!r}; formats: {', '.join(data)}")
        n = self.env.new_serialno("debate-timer")
        tid = f"debate-timer-{n}"
        payload = json.dumps({"initial": initial, "formats": data}, ensure_ascii=False).replace("</", "<\\/")
        f = data[initial]
        rows = "".join(
            f"<li>{_esc(s['name'])} ({_esc(s['speaker'])}): {s['minutes']:g} min</li>" for s in f["speeches"]
        )
        html = (
            f'<div class="debate-timer" id="{tid}" data-initial="{initial}">'
            f'<script type="application/json" class="debate-timer-data">{payload}</script>'
            f'<div class="debate-timer-fallback"><p>The timer needs JavaScript. Speeches of a {_esc(f["name"])} round:</p><ol>{rows}</ol></div>'
            "</div>"
        )
        keys = sorted({k for s in studio.speeches for k in s["sources"]})
        note = self.parse([f"Speech lengths and windows come from the format data {_cite(keys)}; change any length for your league before you start.", ""])
        return [nodes.raw("", html, format="html"), note]


def _esc(text) -> str:
    import html as _h

    return _h.escape(str(text), quote=True)


class DebateAssignment(_Base):
    option_spec = {"students": int, "rounds": int, "format": directives.unchanged, "seed": int}

    def run(self):
        from ..debate.assign import assign

        try:
            sched = assign(
                self.options.get("students", 12),
                self.options.get("rounds", 2),
                self.options.get("format", "wsdc").strip(),
                self.options.get("seed", 0),
            )
        except (ValueError, TypeError) as exc:
            raise self.error(f"debate-assignment: {exc}")
        lines = []
        for r in range(1, sched.rounds + 1):
            rows = [[str(s.room), _md(sched.side_name(s.side)), _md(s.team), _md(s.role), str(s.student)] for s in sched.round_seats(r)]
            lines += _list_table(
                f"Round {r} ({_md(sched.format.name)}, {len(sched.students)} students, seed {sched.seed})",
                ["Room", "Side", "Team", "Role", "Student"], rows,
            )
        counts = sched.side_counts()
        roles = {s: [] for s in sched.students}
        for seat in sched.seats:
            roles[seat.student].append(f"R{seat.round} {seat.role}")
        rows = [[str(st), str(counts[st]["prop"]), str(counts[st]["opp"]), _md("; ".join(roles[st]))] for st in sched.students]
        lines += _list_table(
            "Each student's sides and roles over the rounds",
            ["Student", _md(sched.side_name("prop")), _md(sched.side_name("opp")), "Roles by round"], rows,
        )
        lines += [
            f"Every student argues each side {sched.rounds // 2} "
            f"time{'s' if sched.rounds // 2 != 1 else ''} in these {sched.rounds} rounds "
            f"(checked when the page was built: {'balanced' if sched.is_balanced() else 'NOT balanced'}).",
            "",
        ]
        if not sched.is_balanced():
            raise self.error("debate-assignment: the schedule is not balanced")
        del counts
        return [self.parse(lines, ["creditlab-datatable-wrapper", "debate-assignment"])]


class DebateDrills(_Base):
    option_spec = {"kind": lambda a: directives.choice(a, ("rebuttal", "poi")), "count": int, "motion": directives.unchanged, "seconds": int}

    def run(self):
        studio = self.studio()
        kind = self.options.get("kind", "rebuttal")
        count = self.options.get("count", 6)
        seconds = self.options.get("seconds", 60 if kind == "rebuttal" else 15)
        out = []
        if kind == "rebuttal":
            pool = list(studio.cards)
            if "motion" in self.options:
                pool = studio.cards_for_motion(self.options["motion"].strip())
            # alternate readings so the drill trains both sides
            td = [c for c in pool if c["reading"] == "trust-deficit"]
            ml = [c for c in pool if c["reading"] == "mass-line"]
            other = [c for c in pool if c["reading"] not in ("trust-deficit", "mass-line")]
            picked = []
            for i in range(max(len(td), len(ml), len(other))):
                for group in (td, ml, other):
                    if i < len(group):
                        picked.append(group[i])
            for i, c in enumerate(picked[:count], 1):
                lines = [f"**Drill {i}.** The other side reads card {{ref}}`{c['id']} <card-{c['id'].lower()}>`: *{_md(c['tag'])}*.", ""]
                lines += [f"{_md(c['text'])} {_cite(c['sources'])}", ""]
                lines += [f"You have {seconds} seconds to answer it. Then compare your answer with the card's vulnerability note.", ""]
                box = self.parse(lines, ["debate-drill"])
                box += nodes.raw("", _drill_timer(seconds, f"drill {i}"), format="html")
                out.append(box)
        else:
            rows = [r for r in studio.cases if r["part"] in ("cx-ask", "cx-expect")]
            if "motion" in self.options:
                rows = [r for r in rows if r["motion"] == self.options["motion"].strip()]
            for i, r in enumerate(rows[:count], 1):
                who = "Offer this point" if r["part"] == "cx-ask" else "Answer this point"
                side = "Proposition" if r["side"] == "prop" else "Opposition"
                lines = [
                    f"**Point {i}** ({side}, {{ref}}`{r['motion']} <motion-{r['motion'].lower()}>`). {who} in {seconds} seconds: *{_md(r['title'])}*",
                    "",
                ]
                box = self.parse(lines, ["debate-drill"])
                box += nodes.raw("", _drill_timer(seconds, f"point {i}"), format="html")
                out.append(box)
        if not out:
            raise self.error("debate-drills: nothing to drill")
        return out


def _drill_timer(seconds: int, label: str) -> str:
    return (
        f'<div class="debate-drill-timer" data-seconds="{seconds}">'
        f'<button type="button" class="debate-button debate-drill-start">Start {seconds}-second timer for {_esc(label)}</button> '
        f'<span class="debate-drill-clock" role="timer" aria-label="Time left for {_esc(label)}">{seconds // 60}:{seconds % 60:02d}</span>'
        "</div>"
    )


class DebatePackets(_Base):
    def run(self):
        studio = self.studio()
        root = self.rel_to_root()
        rows = []
        for m in studio.motions:
            kind = "full packet" if m["core"] == "yes" else "motion, cards, ballot"
            rows.append([m["id"], _md(m["motion"]), f"<a href=\"{root}{OUT_DIR}/packets/{m['id']}.html\">{kind} ({m['id']})</a>"])
        lines = _list_table(
            "Printable prep packets (one page per motion; use your browser's Print, or `make packets` for PDFs)",
            ["Id", "Motion", "Packet"], rows, widths="10 70 20",
        )
        return [self.parse(lines, ["creditlab-datatable-wrapper"])]


class DebateCountRole(SphinxRole):
    """``{debate-count}`cards:reading=mass-line``` -> the number of matching records."""

    DATA = {
        "motions": "motions", "cards": "cards", "cases": "cases", "maps": "maps",
        "formats": "formats", "speeches": "speeches", "rubrics": "rubrics", "traps": "traps",
    }

    def run(self):
        text = self.text.strip()
        name, _, cond = text.partition(":")
        try:
            studio = studio_for(self.env)
            if name not in self.DATA:
                raise KeyError(f"unknown data set {name!r} (use one of {', '.join(self.DATA)})")
            dataset = getattr(studio, self.DATA[name])
            records = dataset.records
            for c in [c.strip() for c in cond.split(",") if c.strip()]:
                key, _, value = c.partition("=")
                if key not in dataset.schema.fields:
                    raise KeyError(f"{name} has no field {key!r}")
                records = [r for r in records if (value in r[key] if isinstance(r[key], list) else str(r[key]) == value)]
            value = str(len(records))
        except (KeyError, ds.DataError, FileNotFoundError) as exc:
            msg = self.inliner.reporter.error(f"debate-count {text}: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [nodes.inline(value, value, classes=["creditlab-datum"])], []


# ---------------------------------------------------------------------------------------
# Files written into the site
# ---------------------------------------------------------------------------------------


def _write_outputs(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    d = _data_dir(app)
    if not (d / "debate_cards.csv").is_file():
        return
    from ..debate.maps import build_map
    from ..debate.packet import write_packets

    bib = Path(app.srcdir) / "book" / "references.bib"
    studio = ddata.load_studio(d, bibliography=bib if bib.is_file() else None)
    out = Path(app.outdir) / OUT_DIR
    maps = out / "maps"
    maps.mkdir(parents=True, exist_ok=True)
    for m in studio.core_motions():
        amap = build_map(studio, m["id"])
        (maps / f"{m['id']}.argdown").write_text(amap.to_argdown(), encoding="utf-8")
        (maps / f"{m['id']}.aif.json").write_text(amap.to_aif_json(), encoding="utf-8")
    write_packets(out / "packets", studio=studio)
    logger.info(f"[creditlab.debate] wrote {len(studio.motions)} prep packets and {len(studio.core_motions())} map exports into {out}")


def _search_scorer(app, config):
    """Rank the studio's pages after the chapters in the site search (unless a scorer is set)."""
    if not config.html_search_scorer:
        config.html_search_scorer = str(Path(__file__).resolve().parent / "static" / "debate-search-scorer.js")


def setup(app):
    app.connect("config-inited", _search_scorer)
    app.add_directive("debate-motions", DebateMotions)
    app.add_directive("debate-motion-table", DebateMotionTable)
    app.add_directive("debate-case-index", DebateCaseIndex)
    app.add_directive("debate-cards", DebateCards)
    app.add_directive("debate-case", DebateCase)
    app.add_directive("debate-map", DebateMap)
    app.add_directive("debate-clash", DebateClash)
    app.add_directive("debate-plan", DebatePlan)
    app.add_directive("debate-plans", DebatePlans)
    app.add_directive("debate-format", DebateFormat)
    app.add_directive("debate-format-table", DebateFormatTable)
    app.add_directive("debate-ballot", DebateBallot)
    app.add_directive("debate-motion-format-table", DebateMotionFormatTable)
    app.add_directive("debate-traps", DebateTraps)
    app.add_directive("debate-timer", DebateTimer)
    app.add_directive("debate-assignment", DebateAssignment)
    app.add_directive("debate-drills", DebateDrills)
    app.add_directive("debate-packets", DebatePackets)
    app.add_role("debate-count", DebateCountRole())
    app.connect("builder-inited", _check_data)
    app.connect("build-finished", _write_outputs)
    app.add_css_file("debate-studio.css")
    app.add_js_file("debate-timer.js")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
