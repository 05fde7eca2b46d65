"""The debate studio's data: complete, sourced, fair to both sides, and checked across files.

A card, motion or map node without its source or side tag fails here (and, for cards, the
book build fails too: see test_debate_build.py)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from creditlab import datasets as ds
from creditlab.debate import data as dd

from ._broken_data import copy_data, edit_record, named
from .conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def studio():
    return dd.load_studio(DATA)


@pytest.fixture(scope="module")
def audit():
    """Claim ids and verdicts: data/claims.csv if it exists, else the research brief's partial audit."""
    try:
        return dd.claim_audit(DATA)
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


def test_every_debate_data_set_loads(studio):
    for name in dd.DATASETS:
        assert len(ds.load(name, directory=DATA)) > 0, name


def test_cross_file_checks_pass_against_the_claim_audit(studio, audit):
    claims, source = audit
    problems = dd.check_studio(studio, claims=claims)
    assert not problems, f"(claim ids checked against {source})\n" + "\n".join(problems)


def test_claim_audit_prefers_data_claims_csv(tmp_path):
    (tmp_path / "claims.csv").write_text("id,claim,verdict\nC01,x,supported\nC48,y,unsupported\n", encoding="utf-8")
    claims, source = dd.claim_audit(tmp_path)
    assert source == tmp_path / "claims.csv"
    assert claims == {"C01": "supported", "C48": "unsupported"}


def test_motion_bank_covers_types_topics_and_the_tournament_motion(studio):
    motions = list(studio.motions)
    assert len(motions) >= 15
    types = {m["type"] for m in motions}
    assert {"thw", "thbt", "thr", "thp", "th-as-x", "pf-on-balance", "ld-ought"} <= types
    assert {m["topic"] for m in motions} == {"state-system", "private-scoring", "blacklists", "export", "democracies"}
    assert {m["difficulty"] for m in motions} == {"novice", "intermediate", "advanced"}
    real = [m for m in motions if m["origin"] == "tournament"]
    assert len(real) == 1 and "marchentity2024motions" in real[0]["sources"]
    assert real[0]["motion"] == "In liberal democracies, This House would implement a social credit system"
    for m in motions:
        assert m["sources"] and m["prop_burden"] and m["opp_burden"], m["id"]


def test_cards_cover_both_readings_with_sources_dates_and_vulnerabilities(studio):
    cards = list(studio.cards)
    assert len(cards) >= 60
    by_reading = Counter(c["reading"] for c in cards)
    assert by_reading["trust-deficit"] >= 20 and by_reading["mass-line"] >= 20, by_reading
    for c in cards:
        assert c["sources"] and c["date"] and c["reading"] and c["vulnerability"], c["id"]
        if c["kind"] == "quotation":
            assert 0 < dd.quoted_words(c["text"]) < 30, c["id"]


def test_core_motions_have_mirrored_case_files_and_maps(studio):
    core = studio.core_motions()
    assert len(core) >= 4
    for m in core:
        prop = Counter(r["part"] for r in studio.case_rows(m["id"], "prop"))
        opp = Counter(r["part"] for r in studio.case_rows(m["id"], "opp"))
        assert prop == opp and prop["argument"] in (2, 3), (m["id"], prop, opp)
        for side in ("prop", "opp"):
            readings = {r["reading"] for r in studio.case_rows(m["id"], side) if r["part"] in ("argument", "rebuttal")}
            assert {"trust-deficit", "mass-line"} <= readings, (m["id"], side, readings)
        kinds = Counter(r["kind"] for r in studio.map_rows(m["id"]))
        assert kinds["claim"] == 1 and kinds["premise"] >= 4 and kinds["objection"] >= 2
        for r in studio.map_rows(m["id"]):
            assert r["side"] in ("prop", "opp") and r["sources"], r["id"]


def test_formats_have_speeches_rubrics_and_sources(studio):
    assert {f["id"] for f in studio.formats} == {"wsdc", "bp", "pf", "ld", "kp", "ap"}
    for f in studio.formats:
        assert studio.speeches_of(f["id"]) and studio.rubric_of(f["id"]) and f["sources"], f["id"]


# ---- broken copies: every rule names the file, the record and the field -------------------


@pytest.fixture
def broken(tmp_path):
    return copy_data(tmp_path)


def _drop(path: Path, record_id: str):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.DictWriter(handle, fieldnames=fields)
        w.writeheader()
        w.writerows(r for r in rows if r["id"] != record_id)


@pytest.mark.parametrize(
    "name, record, field, value, message",
    [
        ("debate_cards", "E001", "sources", "", "is required but empty"),
        ("debate_cards", "E001", "sources", "nosuchkey2099", "not found in the bibliography"),
        ("debate_cards", "E001", "date", "", "is required but empty"),
        ("debate_cards", "E001", "reading", "", "is required but empty"),
        ("debate_cards", "E001", "reading", "gossip", "'gossip' is not one of"),
        ("debate_motions", "M01", "sources", "", "is required but empty"),
        ("debate_motions", "M01", "opp_burden", "", "is required but empty"),
        ("debate_maps", "M01-P01", "side", "", "is required but empty"),
        ("debate_maps", "M01-P01", "sources", "", "is required but empty"),
        ("debate_maps", "M01-P01", "mass_line", "", "is required but empty"),
        ("debate_cases", "K001", "reading", "", "is required but empty"),
    ],
)
def test_missing_source_or_side_tag_fails_naming_the_record(broken, name, record, field, value, message):
    edit_record(broken / f"{name}.csv", record, field, value)
    with pytest.raises(ds.DataError) as info:
        dd.load_studio(broken)
    text = str(info.value)
    assert f"{name}.csv" in text and named(broken / f"{name}.csv", record) in text and f"field '{field}'" in text and message in text


def test_long_or_unmarked_quotation_is_caught(broken):
    long = "“" + " ".join(["word"] * 31) + "”"
    edit_record(broken / "debate_cards.csv", "E001", "text", long)
    edit_record(broken / "debate_cards.csv", "E012", "text", "focuses primarily on financial and commercial activities")
    problems = dd.check_studio(dd.load_studio(broken))
    assert any("record E001" in p and "fewer than 30 words (got 31)" in p for p in problems), problems
    assert any("record E012" in p and "quotation marks" in p for p in problems), problems


def test_card_resting_on_a_false_claim_must_say_so(broken):
    claims = {"C30": "false", "C27": "partly supported"}
    edit_record(broken / "debate_cards.csv", "E033", "claim_note", "The firms were told to prepare and were not licensed.")
    problems = dd.check_studio(dd.load_studio(broken), claims=claims)
    assert any("record E033" in p and "rates C30 'false'" in p for p in problems), problems
    problems = dd.check_studio(dd.load_studio(broken), claims={"C27": "supported"})
    assert any("record E033" in p and "C30 is not an id of the claim audit" in p for p in problems), problems


def test_unbalanced_case_file_and_dangling_references_are_caught(broken):
    _drop(broken / "debate_cases.csv", "K002")  # a proposition argument of M01
    edit_record(broken / "debate_maps.csv", "M02-P01", "cards", "E999")
    edit_record(broken / "debate_maps.csv", "M02-O01", "target", "M02-P99")
    problems = dd.check_studio(dd.load_studio(broken))
    assert any("motion M01: the two sides have unequal depth" in p for p in problems), problems
    assert any("record M02-P01" in p and "no card E999" in p for p in problems), problems
    assert any("record M02-O01" in p and "no node M02-P99" in p for p in problems), problems
