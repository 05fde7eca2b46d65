"""The debate studio's data, loaded together and checked across data sets.

Each data set is an ordinary CSV + schema file in ``data/`` (loaded and checked field by
field with :func:`creditlab.datasets.load`). :func:`load_studio` loads them all and
:func:`check_studio` adds the checks that span records and files:

- a quotation card quotes fewer than 30 words, inside quotation marks; a paraphrase card
  contains no quotation marks around long passages;
- a card that lists claim-audit ids gives a ``claim_note``; the ids exist in the claim audit
  (``data/claims.csv`` if present, otherwise the research brief's ``claims_partial.csv``),
  and where the audit rates a claim false, unsupported or misleading, the note says so;
- every card, motion, case row and map node referred to exists;
- every map node has a side and at least one source; every premise and objection carries
  both readings' stances; each core motion has a claim, premises, objections and evidence;
- both sides of each core motion's case file have equal depth, and each side draws on both
  readings;
- every format has speeches, and every speech and rubric row names a known format.

Problems are returned as strings naming the file, the record and the field, like the
loader's messages.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import datasets as ds
from ..paths import repo_root

__all__ = [
    "DATASETS",
    "Studio",
    "load_studio",
    "check_studio",
    "claim_audit",
    "quoted_words",
    "BAD_VERDICTS",
    "StudioError",
]

DATASETS = (
    "debate_motions",
    "debate_cards",
    "debate_cases",
    "debate_maps",
    "debate_formats",
    "debate_speeches",
    "debate_rubrics",
    "debate_traps",
)

#: Verdicts of the claim audit that a card may only rest on if it says so.
BAD_VERDICTS = ("false", "unsupported", "misleading")

_QUOTE = re.compile(r"[“\"]([^”\"]+)[”\"]")
_REF = re.compile(r"\bE\d{3}\b")
_PARTIAL = Path("/work/shared/research/claims_partial.csv")


class StudioError(ValueError):
    """The debate data break a rule that spans records or files."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:30]
        more = len(self.problems) - len(shown)
        text = f"debate studio data: {len(self.problems)} problem(s)\n  " + "\n  ".join(shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(text)


@dataclass
class Studio:
    """All debate data sets, loaded and type-checked."""

    motions: ds.Dataset
    cards: ds.Dataset
    cases: ds.Dataset
    maps: ds.Dataset
    formats: ds.Dataset
    speeches: ds.Dataset
    rubrics: ds.Dataset
    traps: ds.Dataset
    directory: Path

    # -- look-ups ------------------------------------------------------------------------
    def motion(self, motion_id: str) -> dict:
        try:
            return self.motions.by_id(motion_id)
        except KeyError:
            known = ", ".join(r["id"] for r in self.motions)
            raise KeyError(f"no motion {motion_id!r} in debate_motions.csv (motions: {known})") from None

    def card(self, card_id: str) -> dict:
        return self.cards.by_id(card_id)

    def format(self, format_id: str) -> dict:
        try:
            return self.formats.by_id(format_id)
        except KeyError:
            known = ", ".join(r["id"] for r in self.formats)
            raise KeyError(f"no format {format_id!r} (formats: {known})") from None

    def core_motions(self) -> list[dict]:
        return [m for m in self.motions if m["core"] == "yes"]

    def case_rows(self, motion_id: str, side: str | None = None, part: str | None = None) -> list[dict]:
        rows = [r for r in self.cases if r["motion"] == motion_id]
        if side:
            rows = [r for r in rows if r["side"] == side]
        if part:
            rows = [r for r in rows if r["part"] == part]
        return sorted(rows, key=lambda r: (r["side"], _PART_ORDER.index(r["part"]), r["order"]))

    def map_rows(self, motion_id: str) -> list[dict]:
        return [r for r in self.maps if r["motion"] == motion_id]

    def speeches_of(self, format_id: str) -> list[dict]:
        return sorted((s for s in self.speeches if s["format"] == format_id), key=lambda s: s["order"])

    def rubric_of(self, format_id: str) -> list[dict]:
        return [r for r in self.rubrics if r["format"] == format_id]

    def cards_for_motion(self, motion_id: str) -> list[dict]:
        """Cards used by a motion's case file and map; for a motion without them, the cards of its topic."""
        ids: list[str] = []
        for row in self.case_rows(motion_id) + self.map_rows(motion_id):
            for cid in split_ids(row.get("cards")):
                if cid not in ids:
                    ids.append(cid)
        if ids:
            return [self.card(i) for i in sorted(ids)]
        topic = self.motion(motion_id)["topic"]
        return [c for c in self.cards if topic in c["topics"]]


_PART_ORDER = ["framing", "argument", "rebuttal", "cx-ask", "cx-expect", "weighing"]


def split_ids(text: str | None) -> list[str]:
    return [t.strip() for t in (text or "").split(";") if t.strip()]


def quoted_words(text: str) -> int:
    """Number of words inside quotation marks in ``text``."""
    return sum(len(q.split()) for q in _QUOTE.findall(text))


def load_studio(directory: Path | str | None = None, bibliography: Path | str | None = None) -> Studio:
    """Load every debate data set (each checked against its schema and the bibliography)."""
    d = Path(directory) if directory else repo_root() / "data"
    loaded = {name: ds.load(name, directory=d, bibliography=bibliography) for name in DATASETS}
    return Studio(
        motions=loaded["debate_motions"],
        cards=loaded["debate_cards"],
        cases=loaded["debate_cases"],
        maps=loaded["debate_maps"],
        formats=loaded["debate_formats"],
        speeches=loaded["debate_speeches"],
        rubrics=loaded["debate_rubrics"],
        traps=loaded["debate_traps"],
        directory=d,
    )


def claim_audit(directory: Path | str | None = None) -> tuple[dict[str, str], Path]:
    """Claim ids and verdicts of the course's claim audit, and the file they came from.

    ``data/claims.csv`` wins when it exists (built by the claim-audit area); otherwise the
    research brief's ``claims_partial.csv`` (``$CREDITLAB_CLAIMS_PARTIAL`` or the shared
    research folder). Raises ``FileNotFoundError`` if neither exists.
    """
    d = Path(directory) if directory else repo_root() / "data"
    candidates = [d / "claims.csv"]
    env = os.environ.get("CREDITLAB_CLAIMS_PARTIAL")
    if env:
        candidates.append(Path(env))
    candidates.append(_PARTIAL)
    for path in candidates:
        if path.is_file():
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                fields = reader.fieldnames or []
                id_field = "id" if "id" in fields else fields[0]
                verdict_field = next((f for f in ("verdict", "rating", "status") if f in fields), None)
                out = {}
                for row in reader:
                    cid = (row.get(id_field) or "").strip()
                    if cid:
                        out[cid] = (row.get(verdict_field) or "").strip().lower() if verdict_field else ""
            return out, path
    raise FileNotFoundError(
        "no claim audit found to check the cards' claim ids: looked for "
        + ", ".join(str(p) for p in candidates)
        + " (set CREDITLAB_CLAIMS_PARTIAL to the research brief's claims_partial.csv)"
    )


def check_studio(studio: Studio, *, claims: dict[str, str] | None = None) -> list[str]:
    """Checks across records and data sets; returns a list of problems (empty if none)."""
    p: list[str] = []
    cards_file = "debate_cards.csv"
    card_ids = {c["id"] for c in studio.cards}
    motion_ids = {m["id"] for m in studio.motions}

    # ---- cards ----------------------------------------------------------------------
    for c in studio.cards:
        where = f"{cards_file}: {studio.cards.locate(c)}"
        if not c["sources"]:
            p.append(f"{where}: field 'sources': a card needs a citation")
        if not c["date"]:
            p.append(f"{where}: field 'date': a card needs the date of its source")
        if not c["reading"]:
            p.append(f"{where}: field 'reading': a card needs the reading it serves")
        words = quoted_words(c["text"])
        if c["kind"] == "quotation":
            if words == 0:
                p.append(f"{where}: field 'text': a quotation card must put the quoted words in quotation marks")
            if words >= 30:
                p.append(f"{where}: field 'text': quotations must be fewer than 30 words (got {words})")
        elif words >= 30:
            p.append(f"{where}: field 'text': {words} quoted words in a {c['kind']} card; quote fewer than 30")
        for ref in _REF.findall(" ".join(filter(None, (c["vulnerability"], c["warrant"], c["claim_note"])))):
            if ref not in card_ids:
                p.append(f"{where}: field 'vulnerability': refers to card {ref}, which does not exist")
        ids = split_ids(c["claims"])
        if ids and not c["claim_note"]:
            p.append(f"{where}: field 'claim_note': the card lists claim ids {', '.join(ids)}; say what the audit found")
        if claims is not None:
            for cid in ids:
                if cid not in claims:
                    p.append(f"{where}: field 'claims': {cid} is not an id of the claim audit")
                elif claims[cid] in BAD_VERDICTS:
                    note = (c["claim_note"] or "").lower()
                    if cid.lower() not in note or claims[cid] not in note:
                        p.append(
                            f"{where}: field 'claim_note': the claim audit rates {cid} {claims[cid]!r}; "
                            f"the note must name {cid} and say '{claims[cid]}'"
                        )

    # ---- motions --------------------------------------------------------------------
    for m in studio.motions:
        where = f"debate_motions.csv: {studio.motions.locate(m)}"
        if not m["sources"]:
            p.append(f"{where}: field 'sources': a motion needs a source")
        for side in ("prop_burden", "opp_burden"):
            if not m[side]:
                p.append(f"{where}: field '{side}': each side needs its burden")
    if not any(m["origin"] == "tournament" for m in studio.motions):
        p.append("debate_motions.csv: no motion with origin 'tournament' (the real tournament motion is missing)")

    # ---- case files -----------------------------------------------------------------
    for r in studio.cases:
        where = f"debate_cases.csv: {studio.cases.locate(r)}"
        if r["motion"] not in motion_ids:
            p.append(f"{where}: field 'motion': no motion {r['motion']}")
        for cid in split_ids(r["cards"]):
            if cid not in card_ids:
                p.append(f"{where}: field 'cards': no card {cid}")
        if r["part"] == "argument" and not split_ids(r["cards"]):
            p.append(f"{where}: field 'cards': an argument needs evidence cards")
        for cid in split_ids(r["cards"]):
            if cid in card_ids:
                missing = set(studio.card(cid)["sources"]) - set(r["sources"])
                if missing:
                    p.append(f"{where}: field 'sources': add the sources of card {cid}: {', '.join(sorted(missing))}")
        if r["part"] == "argument" and not (r["mechanism"] and r["impact"]):
            p.append(f"{where}: field 'mechanism': an argument needs a mechanism and an impact")
        if r["part"] in ("rebuttal", "cx-expect") and not r["response"]:
            p.append(f"{where}: field 'response': a {r['part']} row needs our answer (frontline)")
    for m in studio.core_motions():
        counts = {side: Counter(r["part"] for r in studio.case_rows(m["id"], side)) for side in ("prop", "opp")}
        if not counts["prop"]:
            p.append(f"debate_cases.csv: core motion {m['id']} has no case file")
            continue
        if counts["prop"] != counts["opp"]:
            p.append(f"debate_cases.csv: motion {m['id']}: the two sides have unequal depth ({dict(counts['prop'])} vs {dict(counts['opp'])})")
        for part in ("framing", "argument", "rebuttal", "cx-ask", "cx-expect", "weighing"):
            if counts["prop"][part] == 0:
                p.append(f"debate_cases.csv: motion {m['id']}: no '{part}' rows")
        if not 2 <= counts["prop"]["argument"] <= 3:
            p.append(f"debate_cases.csv: motion {m['id']}: each side needs 2 or 3 arguments")
        for side in ("prop", "opp"):
            used = {r["reading"] for r in studio.case_rows(m["id"], side) if r["part"] in ("argument", "rebuttal")}
            for reading in ("trust-deficit", "mass-line"):
                if reading not in used:
                    p.append(f"debate_cases.csv: motion {m['id']} {side}: no argument or rebuttal from the {reading} reading")

    # ---- maps -----------------------------------------------------------------------
    node_ids = {r["id"] for r in studio.maps}
    for r in studio.maps:
        where = f"debate_maps.csv: {studio.maps.locate(r)}"
        if not r["side"]:
            p.append(f"{where}: field 'side': every map node needs a side")
        if not r["sources"]:
            p.append(f"{where}: field 'sources': every map node needs a source")
        if not r["id"].startswith(r["motion"] + "-"):
            p.append(f"{where}: field 'motion': the id does not belong to motion {r['motion']}")
        if r["kind"] == "claim":
            if r["target"]:
                p.append(f"{where}: field 'target': the claim has no target")
        else:
            if r["target"] not in node_ids:
                p.append(f"{where}: field 'target': no node {r['target']}")
            if not r["relation"]:
                p.append(f"{where}: field 'relation': say whether the node supports or attacks its target")
        card_list = split_ids(r["cards"])
        for cid in card_list:
            if cid not in card_ids:
                p.append(f"{where}: field 'cards': no card {cid}")
            else:
                missing = set(studio.card(cid)["sources"]) - set(r["sources"])
                if missing:
                    p.append(f"{where}: field 'sources': add the sources of card {cid}: {', '.join(sorted(missing))}")
    for m in studio.core_motions():
        rows = studio.map_rows(m["id"])
        kinds = Counter(r["kind"] for r in rows)
        if kinds["claim"] != 1 or not kinds["premise"] or not kinds["objection"]:
            p.append(f"debate_maps.csv: motion {m['id']}: a map needs one claim, premises and objections (got {dict(kinds)})")
        if not any(split_ids(r["cards"]) for r in rows):
            p.append(f"debate_maps.csv: motion {m['id']}: the map has no evidence")

    # ---- formats --------------------------------------------------------------------
    format_ids = {f["id"] for f in studio.formats}
    for s in studio.speeches:
        if s["format"] not in format_ids:
            p.append(f"debate_speeches.csv: {studio.speeches.locate(s)}: field 'format': no format {s['format']}")
        if (s["poi_from"] is None) != (s["poi_to"] is None):
            p.append(f"debate_speeches.csv: {studio.speeches.locate(s)}: field 'poi_to': give both ends of the POI window or neither")
        elif s["poi_from"] is not None and not 0 <= s["poi_from"] < s["poi_to"] <= s["minutes"]:
            p.append(f"debate_speeches.csv: {studio.speeches.locate(s)}: field 'poi_to': the POI window must lie inside the speech")
    for f in studio.formats:
        if not studio.speeches_of(f["id"]):
            p.append(f"debate_formats.csv: {studio.formats.locate(f)}: no speeches in debate_speeches.csv")
        if not studio.rubric_of(f["id"]):
            p.append(f"debate_formats.csv: {studio.formats.locate(f)}: no rubric in debate_rubrics.csv")
    for r in studio.rubrics:
        if r["format"] not in format_ids:
            p.append(f"debate_rubrics.csv: {studio.rubrics.locate(r)}: field 'format': no format {r['format']}")
    for m in studio.motions:
        for fid in m["formats"]:
            if fid not in format_ids:
                p.append(f"debate_motions.csv: {studio.motions.locate(m)}: field 'formats': no format {fid}")
    for t in studio.traps:
        if claims is not None:
            for cid in split_ids(t["claims"]):
                if cid not in claims:
                    p.append(f"debate_traps.csv: {studio.traps.locate(t)}: field 'claims': {cid} is not an id of the claim audit")
    return p
