"""Printable prep packets: one self-contained HTML page per motion, and its PDF.

A packet holds everything a team needs to prepare both sides of one motion: the motion
with its burdens, definitions and clash areas; both case files (for core motions); the
argument map (inline SVG) with a text outline; the clash list; the evidence cards; the
lay-judge primer; a ballot and rubric for the chosen format; and the full references.

The HTML needs nothing from the network (styles and the map are inline) and has a print
stylesheet (A4). :func:`html_to_pdf` prints it with headless Chromium
(``chromium --headless --print-to-pdf``), offline.
"""

from __future__ import annotations

import html
import os
import subprocess
import tempfile
from pathlib import Path

from ..bib import book_year_labels, read_bibliography
from .cite import full_reference, short_cite
from .data import Studio, load_studio, split_ids
from .formats import plan

__all__ = ["render_packet", "write_packets", "html_to_pdf", "PacketError", "packet_css", "ballot_html", "PART_TITLES"]

PART_TITLES = {
    "framing": "Framing",
    "argument": "Arguments",
    "rebuttal": "Their strongest rebuttals, and our frontlines",
    "cx-ask": "Cross-examination: questions to ask",
    "cx-expect": "Cross-examination: questions to expect",
    "weighing": "Weighing",
}
READING_LABEL = {
    "trust-deficit": "trust-deficit reading",
    "mass-line": "Mass Line reading",
    "in-between": "in-between scholars",
    "neutral": "debate technique",
    "both": "both readings",
    "neither": "neither reading",
}


class PacketError(RuntimeError):
    """A packet could not be rendered or printed."""


def e(text) -> str:
    return html.escape(str(text or ""), quote=True)


class _Cites:
    """Short citations, with the book's letters after the year where two sources would read
    alike ("Hoffman 2017b", as in the book's own citations and bibliography)."""

    def __init__(self):
        self.bib = read_bibliography()
        self.years = book_year_labels()
        self.used: list[str] = []

    def label(self, key: str) -> str:
        if key not in self.used:
            self.used.append(key)
        return short_cite(key, self.bib, year=self.years.get(key))

    def reference(self, key: str) -> dict[str, str]:
        """The full reference of ``key`` (text and url), with the same year as its label."""
        return full_reference(key, self.bib, year=self.years.get(key))

    def cite(self, keys) -> str:
        keys = list(keys)
        if not keys:
            return ""
        return "(" + "; ".join(f'<a href="#ref-{e(k)}">{e(self.label(k))}</a>' for k in keys) + ")"


def packet_css() -> str:
    return """
:root { --prop: #0b5d96; --opp: #a34100; --ink: #1a1a1a; --muted: #555; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: var(--ink); line-height: 1.45;
       max-width: 60rem; margin: 0 auto; padding: 1.5rem; font-size: 15px; }
h1 { font-size: 1.6rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
h4 { font-size: .98rem; margin: .8rem 0 .2rem; }
.kicker { color: var(--muted); font-size: .9rem; margin: 0; }
.motion { font-size: 1.2rem; font-weight: 600; border-left: 6px solid #333; padding: .4rem .8rem; background: #f4f4f4; }
dl.facts { display: grid; grid-template-columns: 11rem 1fr; gap: .3rem .8rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.side-prop h2, .side-prop h3 { color: var(--prop); }
.side-opp h2, .side-opp h3 { color: var(--opp); }
.side-prop { border-left: 4px solid var(--prop); padding-left: .8rem; }
.side-opp { border-left: 4px dashed var(--opp); padding-left: .8rem; }
.item { margin: .5rem 0 .8rem; }
.item .meta, .card .meta { color: var(--muted); font-size: .85rem; }
.label { font-weight: 600; }
.card { border: 1px solid #bbb; border-radius: 4px; padding: .5rem .7rem; margin: .6rem 0; break-inside: avoid; }
.card h4 { margin: 0 0 .2rem; }
.card blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid #999; }
.map { overflow-x: auto; border: 1px solid #ddd; padding: .3rem; }
.map svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; font-size: .92rem; }
th, td { border: 1px solid #999; padding: .3rem .4rem; vertical-align: top; text-align: left; }
th { background: #eee; }
.ballot td.blank { height: 2.2rem; }
.ballot .rfd { height: 9rem; }
.rfd-table th { width: 35%; }
.ballot tbody th { font-weight: 600; background: #f7f7f7; }
.refs li { margin-bottom: .3rem; word-break: break-word; }
.note { background: #fff7e0; border-left: 4px solid #b58900; padding: .4rem .7rem; }
a { color: #0b4f8a; }
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  .pagebreak { break-before: page; }
  .map { overflow: visible; border: none; }
  a { color: inherit; text-decoration: none; }
  .noprint { display: none; }
}
"""


def _case_html(studio: Studio, motion_id: str, side: str, cites: _Cites) -> str:
    fmt_side = "Proposition (for the motion)" if side == "prop" else "Opposition (against the motion)"
    out = [f'<section class="side-{side} pagebreak" aria-labelledby="case-{side}"><h2 id="case-{side}">Case file: {fmt_side}</h2>']
    for part, title in PART_TITLES.items():
        rows = studio.case_rows(motion_id, side, part)
        if not rows:
            continue
        out.append(f"<h3>{e(title)}</h3>")
        for r in rows:
            cards = split_ids(r["cards"])
            keys = []
            for cid in cards:
                for k in studio.card(cid)["sources"]:
                    if k not in keys:
                        keys.append(k)
            keys += [k for k in r["sources"] if k not in keys]
            out.append('<div class="item">')
            num = f"{r['order']}. " if part in ("argument", "rebuttal", "cx-ask", "cx-expect") else ""
            out.append(f'<h4>{num}{e(r["title"])}</h4>')
            out.append(f"<p>{e(r['text'])}</p>")
            if r["value"]:
                out.append(f'<p><span class="label">Value:</span> {e(r["value"])}. <span class="label">Criterion:</span> {e(r["criterion"])}.</p>')
            if r["mechanism"]:
                out.append(f'<p><span class="label">Mechanism:</span> {e(r["mechanism"])}</p>')
            if r["impact"]:
                out.append(f'<p><span class="label">Impact:</span> {e(r["impact"])}</p>')
            if r["response"]:
                lab = {"rebuttal": "Frontline", "cx-expect": "Answer", "cx-ask": "Purpose"}.get(part, "Response")
                out.append(f'<p><span class="label">{lab}:</span> {e(r["response"])}</p>')
            meta = [f"from the {READING_LABEL[r['reading']]}"]
            if cards:
                meta.append("cards " + ", ".join(f'<a href="#card-{c.lower()}">{c}</a>' for c in cards))
            out.append(f'<p class="meta">{"; ".join(meta)} {cites.cite(keys)}</p>')
            out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _card_html(card: dict, cites: _Cites) -> str:
    text = e(card["text"])
    if card["kind"] == "quotation":
        body = f"<blockquote>{text}</blockquote>"
        if card["speaker"]:
            body += f'<p class="meta">{e(card["speaker"])}</p>'
    elif card["kind"] == "paraphrase":
        body = f'<p><span class="label">Paraphrase:</span> {text}</p>'
    else:
        body = f"<p>{text}</p>"
    claims = ""
    if card["claims"]:
        claims = f'<p><span class="label">Claim audit ({e(card["claims"].replace(";", ", "))}):</span> {e(card["claim_note"])}</p>'
    where = f", {e(card['locator'])}" if card["locator"] else ""
    return (
        f'<div class="card" id="card-{card["id"].lower()}"><h4>{card["id"]}: {e(card["tag"])}</h4>'
        f'<p class="meta">Serves: {READING_LABEL[card["reading"]]} · source dated {e(card["date"])} · {e(card["evidence"])}{where} '
        f'{cites.cite(card["sources"])}</p>{body}'
        f'<p><span class="label">Warrant:</span> {e(card["warrant"])}</p>'
        f'<p><span class="label">Vulnerability:</span> {e(card["vulnerability"])}</p>{claims}</div>'
    )


def ballot_html(studio: Studio, format_id: str, motion_text: str = "", cites: _Cites | None = None) -> str:
    """A printable ballot and rubric for one format (HTML fragment)."""
    fmt = studio.format(format_id)
    speeches = [s for s in studio.speeches_of(format_id) if s["kind"] in ("speech", "reply")]
    rubric = studio.rubric_of(format_id)
    cite = cites.cite if cites else (lambda keys: "")
    out = [f'<div class="ballot"><h3>Ballot: {e(fmt["name"])}</h3>']
    out.append(f"<p>Motion: {e(motion_text) or '________________________________________________'}</p>")
    out.append("<p>Judge: ____________________ &nbsp; Room: _______ &nbsp; Round: _______</p>")
    groups = [("speech", "Speeches"), ("reply", "Reply speeches")]
    any_points = False
    for applies, caption in groups:
        crit = [r for r in rubric if r["applies"] == applies and r["points"] is not None]
        rows = [s for s in speeches if (s["kind"] == "reply") == (applies == "reply")]
        if not crit or not rows:
            continue
        any_points = True
        headers = ["Speech", "Speaker"] + [f"{r['criterion']} ({r['points']:g})" for r in crit] + ["Total", "Notes"]
        out.append(f'<table><caption class="label">{caption}: speaker scores</caption><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in headers) + "</tr></thead><tbody>")
        for s in rows:
            out.append(f'<tr><th scope="row">{e(s["name"])}</th>' + "".join('<td class="blank"></td>' for _ in range(len(headers) - 1)) + "</tr>")
        out.append("</tbody></table>")
    if not any_points:
        headers = ["Speech", "Speaker", "Speaker points (your tournament's scale)", "Notes"]
        out.append('<table><caption class="label">Speakers</caption><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in headers) + "</tr></thead><tbody>")
        for s in speeches:
            out.append(f'<tr><th scope="row">{e(s["name"])}</th>' + "".join('<td class="blank"></td>' for _ in range(3)) + "</tr>")
        out.append("</tbody></table>")
    out.append(f'<p><span class="label">Decision:</span> {e(fmt["decision"])} {cite(fmt["sources"])}</p>')
    if format_id == "bp":
        out.append("<table><caption class='label'>Ranking</caption><thead><tr><th scope='col'>Team</th><th scope='col'>Rank (1 to 4)</th></tr></thead><tbody>")
        for team in ["Opening Government", "Opening Opposition", "Closing Government", "Closing Opposition"]:
            out.append(f"<tr><td>{team}</td><td class='blank'></td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f"<p>Winning side: &nbsp; ☐ {e(fmt['prop_name'])} &nbsp; ☐ {e(fmt['opp_name'])}</p>")
    out.append('<p class="label">Reason for decision (see the template in the judge kit)</p><table class="rfd-table"><tbody>'
               '<tr><th scope="row">The deciding clash was</th><td class="blank"></td></tr>'
               '<tr><th scope="row">The winners won it because</th><td class="blank"></td></tr>'
               '<tr><th scope="row">The losers could have won by</th><td class="blank"></td></tr>'
               '<tr><th scope="row">Factual errors noticed (see the primer)</th><td class="blank"></td></tr></tbody></table>')
    out.append('<table><caption class="label">Rubric</caption><thead><tr><th scope="col">Criterion</th><th scope="col">Scores</th><th scope="col">Points</th><th scope="col">What to look for</th><th scope="col">Origin</th></tr></thead><tbody>')
    for r in rubric:
        pts = "" if r["points"] is None else f"{r['points']:g}"
        origin = "official rules" if r["origin"] == "official" else "kit practice rubric"
        out.append(f"<tr><td>{e(r['criterion'])}</td><td>{e(r['applies'])}</td><td>{pts}</td><td>{e(r['description'])}</td><td>{origin} {cite(r['sources'])}</td></tr>")
    out.append("</tbody></table></div>")
    return "\n".join(out)


def render_packet(motion_id: str, format_id: str | None = None, studio: Studio | None = None) -> str:
    """The packet of ``motion_id`` as one self-contained HTML page."""
    studio = studio or load_studio()
    motion = studio.motion(motion_id)
    format_id = format_id or (motion["formats"][0] if motion["formats"] else "wsdc")
    fmt = studio.format(format_id)
    cites = _Cites()
    core = bool(studio.case_rows(motion_id))
    parts: list[str] = []
    parts.append(f'<header><p class="kicker">Prep packet {e(motion_id)} · Reading China\'s Social Credit System: debate studio</p>'
                 f'<h1>Prep packet: {e(motion_id)}</h1><p class="motion">{e(motion["motion"])}</p></header>')
    parts.append('<nav class="noprint" aria-label="Packet contents"><p>Contents: <a href="#motion-facts">Motion</a>'
                 + (' · <a href="#case-prop">Proposition</a> · <a href="#case-opp">Opposition</a> · <a href="#map">Map</a> · <a href="#clash">Clash list</a>' if core else "")
                 + ' · <a href="#plan">Format plan</a> · <a href="#cards">Cards</a> · <a href="#traps">Factual traps</a> · <a href="#ballot">Ballot</a> · <a href="#references">References</a></p></nav>')
    type_names = {
        "thw": "This House would (policy)", "thbt": "This House believes (value or analysis)", "thbt-should": "This House believes X should",
        "thr": "This House regrets (needs a counterfactual)", "thp": "This House prefers (comparative)", "th-as-x": "This House, as X, would (actor)",
        "tho": "This House opposes", "ths": "This House supports", "pf-on-balance": "Public Forum: on balance", "ld-ought": "Lincoln-Douglas: ought",
    }
    origin = "used at a real tournament" if motion["origin"] == "tournament" else "drafted for this kit"
    parts.append('<section aria-labelledby="motion-facts"><h2 id="motion-facts">The motion</h2><dl class="facts">'
                 f"<dt>Type</dt><dd>{e(type_names[motion['type']])}</dd>"
                 f"<dt>Topic · difficulty</dt><dd>{e(motion['topic'])} · {e(motion['difficulty'])}</dd>"
                 f"<dt>Origin</dt><dd>{origin} {cites.cite(motion['sources'])}</dd>"
                 f"<dt>Proposition must show</dt><dd>{e(motion['prop_burden'])}</dd>"
                 f"<dt>Opposition must show</dt><dd>{e(motion['opp_burden'])}</dd>"
                 f"<dt>Definitions</dt><dd>{e(motion['definitions'])}</dd>"
                 "<dt>Clash areas</dt><dd><ul>" + "".join(f"<li>{e(c.strip())}</li>" for c in motion["clash"].split(";") if c.strip()) + "</ul></dd>"
                 f"<dt>Suits formats</dt><dd>{e(', '.join(studio.format(f)['name'] for f in motion['formats']))}</dd>"
                 + (f"<dt>Note</dt><dd>{e(motion['evidence_note'])}</dd>" if motion["evidence_note"] else "")
                 + "</dl></section>")
    if core:
        parts.append(_case_html(studio, motion_id, "prop", cites))
        parts.append(_case_html(studio, motion_id, "opp", cites))
        from .maps import build_map

        amap = build_map(studio, motion_id)
        svg = amap.to_svg(element_id=f"packet-map-{motion_id.lower()}", compact=True)
        outline = ["<ul>"]
        for depth, node, rel in amap.outline():
            if node.kind == "evidence":
                continue
            rel_txt = "" if rel is None else ("supports: " if rel == "supports" else "attacks: ")
            ev = [c for c in node.cards]
            outline.append(
                f'<li style="margin-left:{depth * 1.2}rem">{rel_txt}<strong>{e(node.id)}</strong> ({ "for" if node.side == "prop" else "against"}) '
                f"{e(node.text)}. Trust-deficit: {e(node.td)}; Mass Line: {e(node.ml)}."
                + (f" Evidence: {', '.join(ev)}." if ev else "") + "</li>"
            )
        outline.append("</ul>")
        parts.append('<section class="pagebreak" aria-labelledby="map"><h2 id="map">Argument map</h2>'
                     '<p>Boxes with a solid blue border are for the motion, dashed vermillion against; rounded boxes are objections; '
                     'a thick border marks a crux between the readings; "TD" and "ML" give the stance of the trust-deficit and Mass Line readings; '
                     'grey notes list the evidence cards behind each box.</p>'
                     f'<div class="map">{svg}</div><h3>The map as text</h3>{"".join(outline)}</section>')
        cl = amap.clash_list()
        rows = []
        for kind, title in (("crux", "Cruxes: one reading accepts what the other rejects"), ("reinterpretation", "Same fact, different meaning"), ("common", "Common ground: do not waste time contesting")):
            rows.append(f"<h3>{title}</h3>")
            if not cl[kind]:
                rows.append("<p>None.</p>")
                continue
            rows.append('<table><thead><tr><th scope="col">Node</th><th scope="col">Side</th><th scope="col">Trust-deficit reading</th><th scope="col">Mass Line reading</th></tr></thead><tbody>')
            for n in cl[kind]:
                rows.append(f"<tr><td><strong>{e(n.id)}</strong> {e(n.text)}</td><td>{'for' if n.side == 'prop' else 'against'}</td>"
                            f"<td>{e(n.td)}: {e(n.td_gloss)}</td><td>{e(n.ml)}: {e(n.ml_gloss)}</td></tr>")
            rows.append("</tbody></table>")
        parts.append('<section aria-labelledby="clash"><h2 id="clash">Clash list</h2><p>Generated from the stances each reading takes on the map\'s premises and objections.</p>' + "".join(rows) + "</section>")
    # format plan
    plan_html = [f'<section aria-labelledby="plan"><h2 id="plan">Running it in {e(fmt["name"])}</h2>']
    if not core:
        plan_html.append("<p>This motion has no case file yet. Each team drafts two or three arguments from its burden above and "
                         "the cards below, then gives each speech the job listed here; the clash areas above are the summary's "
                         "voting issues.</p><table><thead><tr><th scope='col'>Speech</th><th scope='col'>Job</th></tr></thead><tbody>")
        for step in plan(studio, motion_id, format_id, "prop"):
            plan_html.append(f"<tr><td>{e(step.speech)}</td><td>{e(step.task)}</td></tr>")
        plan_html.append("</tbody></table>")
    for side, name in ((("prop", fmt["prop_name"]), ("opp", fmt["opp_name"])) if core else ()):
        plan_html.append(f"<h3>{e(name)}</h3><table><thead><tr><th scope='col'>Speech</th><th scope='col'>Job</th><th scope='col'>Material from this packet</th></tr></thead><tbody>")
        for step in plan(studio, motion_id, format_id, side):
            plan_html.append(f"<tr><td>{e(step.speech)}</td><td>{e(step.task)}</td><td>{'<br>'.join(e(m) for m in step.material)}</td></tr>")
        plan_html.append("</tbody></table>")
    plan_html.append("</section>")
    parts.append("".join(plan_html))
    cards = studio.cards_for_motion(motion_id)
    parts.append('<section class="pagebreak" aria-labelledby="cards"><h2 id="cards">Evidence cards</h2>'
                 f"<p>{'Cards used by the case files and the map.' if core else 'No case file yet: these are the cards on this motion' + chr(39) + 's topic.'} "
                 "A quotation is in quotation marks; a paraphrase is marked. Read each card's vulnerability before you run it.</p>"
                 + "".join(_card_html(c, cites) for c in cards) + "</section>")
    parts.append('<section aria-labelledby="traps"><h2 id="traps">Factual traps (for debaters and lay judges)</h2><table><thead><tr>'
                 '<th scope="col">You may hear</th><th scope="col">What is wrong</th><th scope="col">Accurate version</th></tr></thead><tbody>'
                 + "".join(f"<tr><td>{e(t['trap'])}</td><td>{e(t['why'])} {cites.cite(t['sources'])}{(' Claim audit: ' + e(t['claims'].replace(';', ', '))) if t['claims'] else ''}</td><td>{e(t['say_instead'])}</td></tr>" for t in studio.traps)
                 + "</tbody></table></section>")
    parts.append(f'<section class="pagebreak" aria-labelledby="ballot"><h2 id="ballot">Ballot and rubric</h2>{ballot_html(studio, format_id, motion["motion"], cites)}</section>')
    refs = sorted(cites.used, key=lambda k: cites.label(k).lower())
    parts.append('<section aria-labelledby="references"><h2 id="references">References</h2><ul class="refs">'
                 + "".join(f'<li id="ref-{e(k)}"><strong>{e(cites.label(k))}</strong>. {e(ref["text"])} <span>{e(ref["url"])}</span></li>'
                           for k, ref in ((k, cites.reference(k)) for k in refs))
                 + "</ul><p class=\"meta\">Prose and data: CC BY 4.0. Generated by <code>python -m creditlab.debate packet</code> from the kit's data files.</p></section>")
    title = f"Prep packet {motion_id}: {motion['motion']}"
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{packet_css()}</style></head>\n<body><main>\n"
        + "\n".join(parts)
        + "\n</main></body></html>\n"
    )


def html_to_pdf(html_path: Path | str, pdf_path: Path | str, chromium: str | None = None, timeout: float = 120) -> Path:
    """Print an HTML file to PDF with headless Chromium (offline). Raises PacketError."""
    from ..devtools.chromium import find_chromium

    html_path, pdf_path = Path(html_path).resolve(), Path(pdf_path).resolve()
    exe = chromium or find_chromium()
    if not exe:
        raise PacketError("no Chromium found to print the packet to PDF: install Debian's chromium package or set CREDITLAB_CHROMIUM")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--no-first-run", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", "--virtual-time-budget=10000",
            f"--print-to-pdf={pdf_path}", html_path.as_uri(),
        ]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PacketError(f"Chromium took longer than {timeout:.0f} s to print {html_path.name}") from None
    if result.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size < 1000:
        raise PacketError(f"Chromium could not print {html_path.name} to PDF (exit {result.returncode}): {result.stderr[-800:]}")
    return pdf_path


def write_packets(out_dir: Path | str, motions: list[str] | None = None, *, pdf: bool = False, format_id: str | None = None,
                  studio: Studio | None = None, overwrite: bool = True) -> list[Path]:
    """Write ``<id>.html`` (and ``<id>.pdf``) for each motion into ``out_dir``; return the paths."""
    studio = studio or load_studio()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ids = motions or [m["id"] for m in studio.motions]
    written = []
    for mid in ids:
        page = out / f"{mid}.html"
        text = render_packet(mid, format_id, studio)
        if overwrite or not page.exists():
            tmp = page.with_suffix(".html.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, page)
        written.append(page)
        if pdf:
            written.append(html_to_pdf(page, out / f"{mid}.pdf"))
    return written
