"""Argument maps built from ``data/debate_maps.csv`` and the evidence cards.

A map has four kinds of node: the **claim** (the motion as a proposition), **premises**
for and against it, **objections** to premises, and **evidence** nodes made from the cards
each premise or objection lists. Every premise and objection carries the stance of each
reading (accepts / rejects / reinterprets / silent); :meth:`ArgumentMap.clash_list` turns
those stances into the clash list:

- **cruxes**: one reading accepts what the other rejects: the disagreements that decide
  between the readings;
- **reinterpretations**: one reading accepts the fact and reads it differently;
- **common ground**: both readings accept it: neither side should waste time contesting it.

Exports: Graphviz DOT and SVG (rendered offline by Debian's ``dot``), Argdown text
(https://argdown.org) and AIF JSON (the Argument Interchange Format's JSON form used by
AIFdb: I-nodes for propositions, RA-nodes for support, CA-nodes for conflict).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import textwrap
from dataclasses import dataclass, field

from .data import Studio, split_ids

__all__ = ["Node", "ArgumentMap", "build_map", "GraphvizMissing", "STANCE_WORDS"]

PROP_COLOUR = "#0072B2"  # Okabe-Ito blue
OPP_COLOUR = "#D55E00"  # Okabe-Ito vermillion
EVIDENCE_COLOUR = "#555555"
STANCE_WORDS = {"accepts": "accepts", "rejects": "rejects", "reinterprets": "reinterprets", "silent": "silent"}
READING_NAMES = {"td": "Trust-deficit reading", "ml": "Mass Line reading"}


class GraphvizMissing(RuntimeError):
    """Graphviz's ``dot`` is not installed."""


@dataclass
class Node:
    id: str
    kind: str  # claim, premise, objection, evidence
    side: str  # prop, opp
    text: str
    sources: list[str]
    target: str | None = None
    relation: str | None = None  # supports, attacks
    td: str = "silent"
    ml: str = "silent"
    td_gloss: str = ""
    ml_gloss: str = ""
    cards: list[str] = field(default_factory=list)

    @property
    def clash(self) -> str:
        """crux, reinterpretation, common, or none."""
        stances = {self.td, self.ml}
        if stances == {"accepts", "rejects"}:
            return "crux"
        if "reinterprets" in stances and stances & {"accepts", "rejects", "reinterprets"} and stances != {"silent", "reinterprets"}:
            return "reinterpretation"
        if stances == {"accepts"}:
            return "common"
        return "none"


@dataclass
class ArgumentMap:
    motion_id: str
    motion: str
    nodes: list[Node]
    edges: list[tuple[str, str, str]]  # (from, to, relation)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(f"map {self.motion_id} has no node {node_id!r}")

    @property
    def claim(self) -> Node:
        return next(n for n in self.nodes if n.kind == "claim")

    def children(self, node_id: str) -> list[tuple[Node, str]]:
        return [(self.node(a), rel) for a, b, rel in self.edges if b == node_id]

    # ---- clash list ---------------------------------------------------------------
    def clash_list(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {"crux": [], "reinterpretation": [], "common": []}
        for n in self.nodes:
            if n.kind in ("premise", "objection") and n.clash in out:
                out[n.clash].append(n)
        return out

    # ---- text outline (for screen readers and print) -------------------------------
    def outline(self) -> list[tuple[int, Node, str | None]]:
        """Depth-first list of (depth, node, relation to parent) starting at the claim."""
        rows: list[tuple[int, Node, str | None]] = []

        def walk(node: Node, depth: int, rel: str | None, seen: set[str]):
            rows.append((depth, node, rel))
            if node.id in seen:
                return
            seen = seen | {node.id}
            kids = self.children(node.id)
            kids.sort(key=lambda kr: (kr[0].kind == "evidence", kr[1] == "attacks", kr[0].id))
            for child, relation in kids:
                walk(child, depth + 1, relation, seen)

        walk(self.claim, 0, None, set())
        return rows

    def summary(self) -> str:
        """One sentence describing the map (used as the SVG's accessible name)."""
        c = {k: sum(1 for n in self.nodes if n.kind == k) for k in ("premise", "objection", "evidence")}
        pro = sum(1 for n in self.nodes if n.kind == "premise" and n.side == "prop")
        con = c["premise"] - pro
        cl = self.clash_list()
        return (
            f"Argument map of motion {self.motion_id}: the claim \u201c{self.claim.text}\u201d with {pro} premises for it, "
            f"{con} against it, {c['objection']} objections to premises and {c['evidence']} evidence cards; "
            f"{len(cl['crux'])} premises are cruxes between the two readings. A text version follows the map."
        )

    # ---- Graphviz ------------------------------------------------------------------
    def to_dot(self, *, compact: bool = False) -> str:
        """Graphviz source; ``compact`` lists only card ids in the evidence notes (for print)."""
        crux_ids = {n.id for n in self.clash_list()["crux"]}
        lines = [
            f'digraph "{self.motion_id}" {{',
            '  graph [rankdir=RL, nodesep=0.18, ranksep=0.45, fontname="DejaVu Sans", bgcolor="transparent", '
            f'label="{_dot_escape("Argument map: " + self.motion_id)}", labelloc=t, fontsize=11];',
            '  node [fontname="DejaVu Sans", fontsize=10, style="filled", fillcolor="white", color="#333333", margin="0.08,0.05"];',
            '  edge [fontname="DejaVu Sans", fontsize=8, color="#333333"];',
        ]
        evidence_of: dict[str, list[Node]] = {}
        for a, b, rel in self.edges:
            src = self.node(a)
            if src.kind == "evidence":
                evidence_of.setdefault(b, []).append(src)
        for n in self.nodes:
            if n.kind == "evidence":
                continue  # drawn as one bundle per premise or objection (below)
            colour = {"prop": PROP_COLOUR, "opp": OPP_COLOUR}.get(n.side, EVIDENCE_COLOUR)
            head = {"claim": "CLAIM", "premise": "PREMISE", "objection": "OBJECTION"}[n.kind]
            side = "FOR" if n.side == "prop" else "AGAINST"
            first = "CLAIM (the motion)" if n.kind == "claim" else f"{head} {n.id.split('-')[1]} \u00b7 {side}"
            if n.id in crux_ids:
                first += " \u00b7 CRUX"
            stance = f"TD: {n.td} \u00b7 ML: {n.ml}"
            label = first + "\n" + _wrap(n.text, 30) + "\n" + stance
            width = 3 if (n.kind == "claim" or n.id in crux_ids) else 1.4
            style = "filled,bold" if n.kind == "claim" else ("filled,dashed" if n.side == "opp" else "filled")
            if n.kind == "objection":
                style += ",rounded"
            shape = "box"
            attrs = f'shape={shape}, style="{style}", color="{colour}", penwidth={width}'
            tooltip = _dot_escape(f"{n.id}: {n.text}")
            lines.append(f'  "{n.id}" [label="{_dot_escape(label)}", {attrs}, tooltip="{tooltip}"];')
            cards = evidence_of.get(n.id, [])
            if cards:
                if compact:
                    bundle = "Evidence:\n" + _wrap(", ".join(c.id for c in cards), 16)
                else:
                    bundle = "Evidence\n" + "\n".join(_wrap(f"{c.id} {c.text}", 38) for c in cards)
                lines.append(
                    f'  "ev-{n.id}" [label="{_dot_escape(bundle)}", shape=note, color="{EVIDENCE_COLOUR}", '
                    f'fillcolor="#f6f6f6", fontsize=8, tooltip="{_dot_escape("Evidence for " + n.id)}"];'
                )
                lines.append(f'  "ev-{n.id}" -> "{n.id}" [label="supports", arrowhead=normal, color="{EVIDENCE_COLOUR}"];')
        for a, b, rel in self.edges:
            if self.node(a).kind == "evidence":
                continue
            if rel == "supports":
                lines.append(f'  "{a}" -> "{b}" [label="supports", arrowhead=normal];')
            else:
                lines.append(f'  "{a}" -> "{b}" [label="attacks", style=dashed, arrowhead=tee, penwidth=1.4];')
        lines.append("}")
        return "\n".join(lines) + "\n"

    def to_svg(self, *, element_id: str | None = None, compact: bool = False) -> str:
        """Render with Graphviz; return an inline ``<svg>`` with role="img" and an accessible name."""
        dot = shutil.which("dot")
        if not dot:
            raise GraphvizMissing(
                "Graphviz's `dot` program is needed to draw the argument maps; install it "
                "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz)"
            )
        result = subprocess.run([dot, "-Tsvg"], input=self.to_dot(compact=compact), capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"dot failed on map {self.motion_id}: {result.stderr.strip()}")
        svg = re.sub(r"^.*?<svg", "<svg", result.stdout, flags=re.DOTALL)
        # Graphviz gives every group a <title> (the node id): tooltips for sighted users, but
        # noise for screen readers; the whole picture is one image with one accessible name.
        svg = re.sub(r"<title>[^<]*</title>", "", svg)
        sid = element_id or f"map-{self.motion_id.lower()}"
        name = html.escape(self.summary())
        svg = svg.replace(
            "<svg ",
            f'<svg role="img" aria-labelledby="{sid}-title" focusable="false" class="debate-map-svg" ',
            1,
        )
        svg = re.sub(r"(<svg[^>]*>)", rf'\1<title id="{sid}-title">{name}</title>', svg, count=1)
        return svg

    # ---- Argdown ---------------------------------------------------------------------
    def to_argdown(self) -> str:
        out = [
            "===",
            f"title: {self.motion_id}: {self.motion}",
            "subTitle: Generated by creditlab.debate from data/debate_maps.csv and data/debate_cards.csv",
            "===",
            "",
            "// Tags: #prop / #opp = side; #td-<stance> / #ml-<stance> = stance of the trust-deficit",
            "// and Mass Line readings; #crux = the readings disagree (one accepts, one rejects).",
            "",
        ]
        for depth, node, rel in self.outline():
            indent = "  " * depth
            sign = "" if rel is None else ("+ " if rel == "supports" else "- ")
            tags = [f"#{node.side}"] if node.kind != "evidence" else ["#evidence"]
            if node.kind in ("premise", "objection", "claim"):
                tags += [f"#td-{node.td}", f"#ml-{node.ml}"]
                if node.clash == "crux":
                    tags.append("#crux")
            text = node.text.replace("[", "(").replace("]", ")").replace("<", "(").replace(">", ")")
            if node.kind == "evidence":
                text += f" (sources: {', '.join(node.sources)})"
            bracket = ("[", "]") if node.kind in ("claim", "evidence") else ("<", ">")
            out.append(f"{indent}{sign}{bracket[0]}{node.id}{bracket[1]}: {text} {' '.join(tags)}")
        return "\n".join(out) + "\n"

    # ---- AIF JSON ---------------------------------------------------------------------
    def to_aif(self) -> dict:
        nodes, edges, meta = [], [], {}
        ids: dict[str, str] = {}
        counter = 0

        def new_id() -> str:
            nonlocal counter
            counter += 1
            return str(counter)

        for n in self.nodes:
            nid = new_id()
            ids[n.id] = nid
            nodes.append({"nodeID": nid, "text": n.text, "type": "I"})
            meta[nid] = {
                "id": n.id,
                "kind": n.kind,
                "side": n.side,
                "trust_deficit": n.td,
                "mass_line": n.ml,
                "clash": n.clash if n.kind in ("premise", "objection") else None,
                "sources": n.sources,
            }
        for a, b, rel in self.edges:
            sid = new_id()
            nodes.append(
                {"nodeID": sid, "text": "Default Inference" if rel == "supports" else "Default Conflict", "type": "RA" if rel == "supports" else "CA"}
            )
            edges.append({"edgeID": new_id(), "fromID": ids[a], "toID": sid})
            edges.append({"edgeID": new_id(), "fromID": sid, "toID": ids[b]})
        return {
            "nodes": nodes,
            "edges": edges,
            "locutions": [],
            "creditlab": {"motion": self.motion_id, "title": self.motion, "nodes": meta},
        }

    def to_aif_json(self) -> str:
        return json.dumps(self.to_aif(), indent=1, ensure_ascii=False) + "\n"


def build_map(studio: Studio, motion_id: str) -> ArgumentMap:
    """The argument map of a core motion, with evidence nodes made from its cards."""
    motion = studio.motion(motion_id)
    rows = studio.map_rows(motion_id)
    if not rows:
        raise KeyError(f"motion {motion_id} has no argument map in debate_maps.csv (core motions: {', '.join(m['id'] for m in studio.core_motions())})")
    nodes: list[Node] = []
    edges: list[tuple[str, str, str]] = []
    evidence: dict[str, Node] = {}
    for r in rows:
        nodes.append(
            Node(
                id=r["id"], kind=r["kind"], side=r["side"], text=r["text"], sources=list(r["sources"]),
                target=r["target"], relation=r["relation"], td=r["trust_deficit"], ml=r["mass_line"],
                td_gloss=r["td_gloss"], ml_gloss=r["ml_gloss"], cards=split_ids(r["cards"]),
            )
        )
        if r["target"]:
            edges.append((r["id"], r["target"], r["relation"]))
        for cid in split_ids(r["cards"]):
            card = studio.card(cid)
            if cid not in evidence:
                evidence[cid] = Node(id=cid, kind="evidence", side=r["side"], text=card["tag"], sources=list(card["sources"]))
            edges.append((cid, r["id"], "supports"))
    nodes.extend(evidence[c] for c in sorted(evidence))
    return ArgumentMap(motion_id=motion_id, motion=motion["motion"], nodes=nodes, edges=edges)


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width)) or text


def _dot_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
