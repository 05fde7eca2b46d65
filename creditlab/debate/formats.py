"""How to run a motion in each format: a speech-by-speech plan built from the case files.

:func:`plan` takes a motion and a format and returns, for each speech of one side, what the
speech should do and which material from the kit's case file and argument map to use. For
a motion without a case file the plan says what to prepare instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from .data import Studio

__all__ = ["PlanStep", "plan", "FORMAT_PLANS"]


@dataclass(frozen=True)
class PlanStep:
    speech: str
    task: str
    material: tuple[str, ...]


def _titles(rows: list[dict]) -> list[str]:
    return [r["title"] for r in rows]


# For each format: (speech, task, which material) for the side for the motion; the side
# against mirrors it. Material keys: framing, arg1..arg3, args, attack (their case's likely
# rebuttals to run), frontlines, cx, weighing, clash, extension.
FORMAT_PLANS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "wsdc": [
        ("First speaker", "Define the motion, set the framing and run the first two arguments.", ("framing", "arg1", "arg2")),
        ("Second speaker", "Rebuild against the first attacks, rebut their case, add the third argument.", ("frontlines", "attack", "arg3")),
        ("Third speaker", "Organise the debate into its clashes and win each one; no new arguments.", ("clash", "frontlines")),
        ("Reply (first or second speaker)", "Compare the two cases and say why yours won; no new material.", ("weighing",)),
    ],
    "ap": [
        ("Prime Minister / Leader of the Opposition", "Define and frame, run the first two arguments.", ("framing", "arg1", "arg2")),
        ("Deputy", "Rebuild, rebut, add the third argument.", ("frontlines", "attack", "arg3")),
        ("Whip", "Group the debate into its clashes; no new arguments.", ("clash", "frontlines")),
        ("Reply", "Compare the cases; say why yours won.", ("weighing",)),
    ],
    "bp": [
        ("Opening team (Prime Minister, Deputy)", "Define, frame and run the two strongest arguments; take points of information.", ("framing", "arg1", "arg2")),
        ("Closing team, first speaker (Member)", "Bring an extension: new material that the opening team did not run.", ("extension", "arg3")),
        ("Closing team, whip", "Sum up the clashes and weigh; no new material.", ("clash", "weighing")),
    ],
    "pf": [
        ("Constructive", "Framework for weighing, then two or three contentions.", ("framing", "args")),
        ("Crossfire", "Ask the prepared questions; answer briefly.", ("cx",)),
        ("Rebuttal", "Answer their contentions; the second-speaking team also frontlines.", ("attack", "frontlines")),
        ("Summary", "Collapse to two or three voting issues.", ("clash", "weighing")),
        ("Final focus", "Tell the judge how to write the ballot.", ("weighing",)),
    ],
    "ld": [
        ("Constructive", "State the value and criterion (from the framing), then the contentions.", ("framing", "args")),
        ("Cross-examination", "Ask the prepared questions; win concessions for later.", ("cx",)),
        ("Rebuttals", "Answer their case under both frameworks; extend what they dropped.", ("attack", "frontlines")),
        ("Last speech", "Weigh under your criterion.", ("weighing",)),
    ],
    "kp": [
        ("A1 / N1", "Present the whole case and its definitions and criterion.", ("framing", "args")),
        ("Cross-examination", "Questions that win concessions to use in later speeches.", ("cx",)),
        ("A2 / N2", "Rebuild, rebut and develop.", ("frontlines", "attack")),
        ("A3 / N3", "Draw the debate together: clashes and weighing.", ("clash", "weighing")),
    ],
}


def plan(studio: Studio, motion_id: str, format_id: str, side: str = "prop") -> list[PlanStep]:
    """The plan for ``side`` ('prop' or 'opp') of ``motion_id`` in ``format_id``."""
    if side not in ("prop", "opp"):
        raise ValueError(f"side must be 'prop' or 'opp' (got {side!r})")
    motion = studio.motion(motion_id)
    studio.format(format_id)
    if format_id not in FORMAT_PLANS:
        raise ValueError(f"no plan template for format {format_id!r}")
    other = "opp" if side == "prop" else "prop"
    rows = studio.case_rows(motion_id, side)
    if not rows:
        return [
            PlanStep(speech, task, ("No case file yet for this motion: draft it from the motion's burdens and clash areas and the cards of its topic.",))
            for speech, task, _ in FORMAT_PLANS[format_id]
        ]
    args = [r for r in rows if r["part"] == "argument"]
    framing = [r for r in rows if r["part"] == "framing"]
    material = {
        "framing": [f"Framing: {r['title']}" + (f" (value: {r['value']}; criterion: {r['criterion']})" if r["value"] else "") for r in framing],
        "args": [f"Argument {r['order']}: {r['title']}" for r in args],
        "arg1": [f"Argument 1: {args[0]['title']}"] if args else [],
        "arg2": [f"Argument 2: {args[1]['title']}"] if len(args) > 1 else [],
        "arg3": [f"Argument 3: {args[2]['title']}"] if len(args) > 2 else [],
        "attack": [f"Attack: {r['title']}" for r in studio.case_rows(motion_id, other, "rebuttal")],
        "frontlines": [f"Frontline to {r['title']}" for r in studio.case_rows(motion_id, side, "rebuttal")],
        "cx": [f"Ask: {r['title']}" for r in studio.case_rows(motion_id, side, "cx-ask")],
        "weighing": [f"Weigh: {r['title']}" for r in studio.case_rows(motion_id, side, "weighing")],
        "clash": [f"Clash: {c.strip()}" for c in motion["clash"].split(";") if c.strip()],
        "extension": [],
    }
    try:
        from .maps import build_map

        amap = build_map(studio, motion_id)
        ours = [n for n in amap.nodes if n.kind == "objection" and n.side == side]
        material["extension"] = [f"Extension candidate: {n.text} ({n.id})" for n in ours]
    except KeyError:
        pass
    steps = []
    for speech, task, keys in FORMAT_PLANS[format_id]:
        items: list[str] = []
        for k in keys:
            items += material.get(k, [])
        steps.append(PlanStep(speech, task, tuple(items)))
    return steps


PARLIAMENTARY = ("wsdc", "bp", "ap", "kp")


def reword(motion: dict, format_id: str) -> str:
    """How to word ``motion`` for ``format_id`` (the kit's rule of thumb, not a league rule)."""
    if format_id in motion["formats"]:
        return "as worded"
    t = motion["type"]
    if format_id == "pf":
        return "Resolved: On balance, [the policy or the motion's statement] does more good than harm."
    if format_id == "ld":
        if t in ("thw", "th-as-x", "thbt-should"):
            return "Resolved: [the actor] ought to [the policy]."
        return "Resolved: [the actor] ought to act as if [the motion's statement] were true; or pick the value the motion turns on."
    if format_id in PARLIAMENTARY:
        if t == "pf-on-balance":
            return "This House believes that [the resolution's subject] has done more good than harm."
        if t == "ld-ought":
            return "This House would [the action the resolution says ought to be taken]."
        return "as worded"
    return "reword to the league's form"
