"""Checks for ``exercises/ex-claims.ipynb`` (checking claims in the course readings).

Exercise 1 gives students a set of claims from the readings, without verdicts; they record a
verdict and their evidence for each. :func:`check_verdicts` compares their verdicts with the
claim audit (``data/claims.csv``, the single source of the key) and explains each
disagreement with a hint that points to the question to ask, without printing the audit's
verdict. Exercise 2 asks students to trace the "friends lower your score" claim to its origin
and write the correction a newspaper would print; :func:`check_trace` checks the facts of
the trace and the main elements of the correction.

No check raises on a wrong or missing answer: each returns a
:class:`~creditlab.exercises.Feedback` with a hint.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import datasets as ds
from . import Feedback, as_bool, incorrect, is_unanswered, unanswered

__all__ = [
    "VERDICTS",
    "EXERCISE_CLAIMS",
    "ClaimsFeedback",
    "exercise_claims",
    "show_claims",
    "ClaimsTable",
    "check_verdicts",
    "check_trace",
    "TRACE_SOURCES",
]

VERDICTS = ("supported", "partly supported", "misleading", "unsupported", "false", "unverifiable")

# Exercise label -> (claim id in the audit, the question to ask, the hint after a wrong verdict).
# The hints say what to look at; the verdicts come from data/claims.csv.
EXERCISE_CLAIMS: dict[str, tuple[str, str]] = {
    "E1": ("C21", "Find the primary document and read its first page: what date does it carry?"),
    "E2": ("C09", "Ask what the numbers count (people, or blocked ticket purchases?), on which trains, and as of when. Are the numbers themselves real?"),
    "E3": ("C30", "Read laterally: business reporting from 2017 says what the central bank did with the eight firms. Had it ever granted them licences?"),
    "E4": ("C37", "Look for the survey behind the figures. Is one named, and can you find one that asked this question in those years?"),
    "E5": ("C06", "Ask who runs the scheme these five kinds of data come from: a company or the state? Each fact may be true while the description still points at the wrong system."),
    "E6": ("C65", "The app exists. Read the court's own announcement: does it show trust scores, or something else?"),
    "E7": ("C34", "Search for the quotation in the scholar's writing and in reports about it. If you cannot find it, can you call it false?"),
    "E8": ("C67", "Look for the Freedom House report that would contain this finding. What do the sources you can find document instead (rewards for tips, open to whom)?"),
    "E9": ("C85", "Find The Globe and Mail's article (or a faithful excerpt) and look for Liu's words."),
}

# Distance between verdicts, to say "close" rather than "wrong" for neighbouring verdicts.
_ADJACENT = {
    frozenset({"supported", "partly supported"}),
    frozenset({"partly supported", "misleading"}),
    frozenset({"misleading", "false"}),
    frozenset({"unsupported", "unverifiable"}),
    frozenset({"unsupported", "false"}),
}

_EXPLAIN = {
    frozenset({"unsupported", "unverifiable"}): (
        "The two are easy to confuse: 'unsupported' means there should be evidence for the claim "
        "and there is none; 'unverifiable' means the sources you can reach cannot settle it either way."
    ),
    frozenset({"supported", "partly supported"}): (
        "Check every detail of the claim (number, date, name, scope), not only its core."
    ),
    frozenset({"partly supported", "misleading"}): (
        "Ask whether the error is a detail (partly supported) or changes the picture a reader takes away (misleading)."
    ),
    frozenset({"misleading", "false"}): (
        "Ask whether the evidence contradicts the claim itself (false) or only the picture it gives (misleading)."
    ),
    frozenset({"unsupported", "false"}): (
        "Ask whether you found evidence against the claim (false) or only no evidence for it (unsupported)."
    ),
}


@dataclass(frozen=True)
class ClaimsFeedback(Feedback):
    """A :class:`Feedback` with one line of detail per item, shown as a list."""

    details: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        lines = [super().__str__()] + [f"  - {d}" for d in self.details]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(d)}</li>" for d in self.details)
        body = f"<ul>{items}</ul>" if items else ""
        return (
            f'<div class="creditlab-feedback creditlab-feedback-{self.status}" role="status">'
            f"<strong>{self._LABELS[self.status]}</strong> {html.escape(self.message)}{body}</div>"
        )

    def _repr_markdown_(self) -> str:
        return "\n".join([f"**{self._LABELS[self.status]}** {self.message}", ""] + [f"- {d}" for d in self.details])


@lru_cache(maxsize=1)
def _audit() -> dict[str, dict]:
    claims = ds.load("claims")
    articles = {a["file"]: a for a in ds.load("articles")}
    out = {}
    for r in claims:
        rec = dict(r)
        rec["label"] = articles[r["article"]]["label"]
        out[r["id"]] = rec
    return out


def exercise_claims() -> list[dict]:
    """The claims of exercise 1, without their verdicts: label, reading, line and claim."""
    audit = _audit()
    rows = []
    for label, (cid, _) in EXERCISE_CLAIMS.items():
        r = audit[cid]
        rows.append({"label": label, "reading": r["label"], "line": r["line"], "claim": r["claim"]})
    return rows


class ClaimsTable:
    """The claims of exercise 1 as a table: HTML in Jupyter and in the book, text elsewhere."""

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><th scope=\"row\">{html.escape(r['label'])}</th><td>{html.escape(r['reading'])} ({r['line']})</td>"
            f"<td>{html.escape(r['claim'])}</td></tr>"
            for r in self.rows
        )
        return (
            '<table class="creditlab-claims-exercise"><caption>Claims to check (no verdicts)</caption>'
            '<thead><tr><th scope="col">Label</th><th scope="col">Reading (line)</th>'
            '<th scope="col">What the article says (our words)</th></tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )

    def __repr__(self) -> str:
        return "\n".join(f"{r['label']}  {r['reading']} (line {r['line']}): {r['claim']}" for r in self.rows)


def show_claims() -> ClaimsTable:
    """The claims of exercise 1, without verdicts, ready to display as a table."""
    return ClaimsTable(exercise_claims())


def _normalise(value) -> str | None:
    if not isinstance(value, str):
        return None
    v = " ".join(value.strip().lower().replace("-", " ").split())
    return v if v in VERDICTS else None


def check_verdicts(verdicts, evidence=None) -> Feedback:
    """Exercise 1: compare the student's verdicts with the audit and explain disagreements.

    ``verdicts`` maps each label (E1, E2, ...) to one of :data:`VERDICTS`; ``evidence`` maps
    each label to a short note of the source that decided it.
    """
    labels = list(EXERCISE_CLAIMS)
    if is_unanswered(verdicts) or not isinstance(verdicts, dict):
        return unanswered(
            "Set my_verdicts to a dictionary with one verdict for each claim, e.g. "
            "{'E1': 'supported', 'E2': 'unverifiable', ...}."
        )
    # 'e1', ' E1 ' and 1 all name claim E1.
    verdicts, repeated = _by_label(verdicts)
    unknown = [k for k in verdicts if k not in EXERCISE_CLAIMS]
    missing = [k for k in labels if is_unanswered(verdicts.get(k))]
    if len(missing) == len(labels) and not unknown and not repeated:
        return unanswered("Replace each ... in my_verdicts with your verdict, then run the check again.")
    bad = [k for k in labels if k not in missing and _normalise(verdicts.get(k)) is None]
    problems = []
    if unknown:
        problems.append(f"Unknown label(s) {', '.join(map(repr, unknown))}: use {', '.join(labels)}.")
    if repeated:
        problems.append(f"Label(s) given more than once: {', '.join(repeated)}. Give one verdict for each claim.")
    if bad:
        problems.append(
            f"Not a verdict: {', '.join(f'{k}={verdicts[k]!r}' for k in bad)}. Use one of: {', '.join(VERDICTS)}."
        )
    if problems:
        return incorrect(" ".join(problems))

    audit = _audit()
    details = []
    agree = 0
    for label in labels:
        if label in missing:
            details.append(f"{label}: no verdict yet.")
            continue
        cid, hint = EXERCISE_CLAIMS[label]
        mine = _normalise(verdicts[label])
        key = audit[cid]["verdict"]
        if mine == key:
            agree += 1
            details.append(f"{label}: agrees with the audit ({cid}). {_reason(audit[cid])}")
            continue
        pair = frozenset({mine, key})
        if pair in _ADJACENT:
            details.append(f"{label}: close, but the audit's verdict differs. {_EXPLAIN[pair]} {hint}")
        else:
            details.append(f"{label}: the audit's verdict is quite different. {hint}")

    no_evidence = []
    if isinstance(evidence, dict):
        evidence, _ = _by_label(evidence)
        no_evidence = [k for k in labels if k not in missing and (is_unanswered(evidence.get(k)) or len(str(evidence.get(k)).strip()) < 10)]
    elif not missing:
        no_evidence = labels
    if no_evidence:
        details.append(
            "Record your evidence too (my_evidence): a verdict is only as good as the source behind it. "
            f"Missing or too short for: {', '.join(no_evidence)}."
        )

    total = len(labels)
    if agree == total and not no_evidence:
        return ClaimsFeedback(
            "correct",
            f"All {total} verdicts agree with the audit. Compare your evidence with the sources listed in the audit rows.",
            tuple(details),
        )
    if agree == total:
        return ClaimsFeedback(
            "incorrect", f"All {total} verdicts agree with the audit; now record the evidence for each.", tuple(details)
        )
    if missing:
        return ClaimsFeedback("unanswered", f"{agree} of {total - len(missing)} verdicts so far agree with the audit.", tuple(details))
    return ClaimsFeedback(
        "incorrect",
        f"{agree} of {total} verdicts agree with the audit. For each other one, the hint says what to check; "
        "a disagreement backed by a better source than ours is welcome (see the audit page on how to report it).",
        tuple(details),
    )


def _label(key) -> str:
    """A label as the student may have typed it ('e1', ' E1 ', 1), in the form E1."""
    text = str(key).strip().upper()
    return f"E{text}" if text.isdigit() else text


def _by_label(answers: dict) -> tuple[dict, list[str]]:
    """The answers keyed by normalised label, and the labels given more than once."""
    out: dict = {}
    repeated: list[str] = []
    for key, value in answers.items():
        label = _label(key)
        if label in out and label not in repeated:
            repeated.append(label)
        out[label] = value
    return out, repeated


def _reason(record: dict) -> str:
    """One sentence of the audit's correction, as feedback after a right answer."""
    text = record.get("correction") or ""
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return first


# --------------------------------------------------------------------------------------
# Exercise 2: where did "your friends lower your score" come from?
# --------------------------------------------------------------------------------------

TRACE_SOURCES = {
    "huston2018": "Vincent Huston's article for the Canadian Centre for Strategic Studies (reading 002)",
    "botsman2017": "Rachel Botsman's essay in WIRED UK (October 2017)",
    "aclu2015": "Jay Stanley's post on the ACLU blog (October 2015)",
    "ant2017": "Ant Financial's letter to the Financial Times about Zhima (Sesame) Credit (November 2017)",
}

_CORRECTION_NEEDS = {
    "private": (r"sesame|zhima|private|compan|ant financial|alipay", "say which system the original reports described (a private company's score)"),
    "no_rule": (r"\bno\b[^.]*\b(rule|law|regulation|document|evidence|provision)|not\b[^.]*\b(provid|support|evidence|exist)", "say that no government rule or evidence supports it"),
    "claim": (r"friend|relationship|associat|contact|company (?:one|you) keep|people around|time with|people whose|low.scor", "name the claim being corrected (scores falling because of friends or contacts)"),
}


def check_trace(first_source, system, documented, correction) -> Feedback:
    """Exercise 2: the origin of the "friends lower your score" claim, and a correction.

    ``first_source``: the key in :data:`TRACE_SOURCES` of the earliest source that states the
    claim; ``system``: ``"private"`` or ``"state"``, the system the earliest reports described;
    ``documented``: ``True`` or ``False``, whether a government document provides for such a
    rule; ``correction``: the correction a newspaper would print (at most 80 words).
    """
    answers = (first_source, system, documented, correction)
    if all(is_unanswered(a) for a in answers):
        return unanswered("Replace each ... in the starting cell (first_source, system, documented, correction) and run the check again.")
    details = []
    ok = True
    if is_unanswered(first_source):
        ok = False
        details.append("first_source: not answered yet.")
    elif not isinstance(first_source, str):
        ok = False
        details.append(
            f"first_source: give one key as text in quotation marks (got {type(first_source).__name__}), "
            f"e.g. 'huston2018'; the keys are {', '.join(TRACE_SOURCES)}."
        )
    elif first_source.strip().lower() not in TRACE_SOURCES:
        ok = False
        details.append(f"first_source: use one of the keys {', '.join(TRACE_SOURCES)}.")
    elif first_source.strip().lower() != "aclu2015":
        ok = False
        details.append(
            "first_source: that source repeats or answers the claim; look for an earlier one. Search for the claim's "
            "wording before 2017: which of the four sources is the oldest that states it?"
        )
    else:
        details.append("first_source: right, the 2015 ACLU post is the earliest of the four to state it (it relayed earlier viral reports).")

    s = system.strip().lower() if isinstance(system, str) else system
    if is_unanswered(system):
        ok = False
        details.append("system: not answered yet.")
    elif s not in ("private", "state"):
        ok = False
        details.append("system: answer 'private' or 'state'.")
    elif s != "private":
        ok = False
        details.append(
            "system: look at the score the 2015 post describes: its range (350 to 950) and the companies it names. "
            "Whose product has that range?"
        )
    else:
        details.append("system: right, the early reports described Sesame Credit, a private company's score.")

    documented_bool = as_bool(documented)
    if is_unanswered(documented):
        ok = False
        details.append("documented: not answered yet.")
    elif documented_bool is None:
        ok = False
        details.append("documented: answer True or False.")
    elif documented_bool:
        ok = False
        details.append(
            "documented: which document would that be? Neither the 2014 Outline nor the court and regulatory rules "
            "provide for lowering a score because of one's contacts; check before you answer True."
        )
    else:
        details.append("documented: right, no government document provides for it.")

    if is_unanswered(correction):
        ok = False
        details.append("correction: not written yet.")
    elif not isinstance(correction, str) or len(correction.split()) < 15:
        ok = False
        details.append("correction: write it out in full sentences (15 to 80 words).")
    else:
        words = len(correction.split())
        text = correction.lower()
        missing = [need for key, (pattern, need) in _CORRECTION_NEEDS.items() if not re.search(pattern, text)]
        if words > 80:
            ok = False
            details.append(f"correction: {words} words; a printed correction is short, keep it to 80 words or fewer.")
        if missing:
            ok = False
            details.append("correction: it should " + "; ".join(missing) + ".")
        if not missing and words <= 80:
            details.append("correction: it names the claim, the private origin and the absence of any rule. Compare it with the model answer.")

    if ok:
        return ClaimsFeedback("correct", "Your trace and correction hold up.", tuple(details))
    if all(d.endswith("not answered yet.") or d.endswith("not written yet.") for d in details):
        return ClaimsFeedback("unanswered", "Answer the four parts, then run the check again.", tuple(details))
    return ClaimsFeedback("incorrect", "Some parts need another look.", tuple(details))
