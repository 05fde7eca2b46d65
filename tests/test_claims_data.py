"""The claim audit's data: the schema, the rules between fields, and the ids we must keep."""


import pytest

from creditlab import datasets as ds
from creditlab.bib import bib_keys
from creditlab.claims import FIRST_NEW_ID, rule_problems

from ._broken_data import copy_data, edit_record, named
from .conftest import ROOT

DATA = ROOT / "data"
READINGS = next((p / "shared" / "readings" for p in ROOT.parents if (p / "shared" / "readings").is_dir()),
                ROOT / "shared" / "readings")  # the course readings are not part of the kit
VERDICTS = {"supported", "partly supported", "misleading", "unsupported", "false", "unverifiable"}

# The ids of the research team's partial check (claims_partial.csv): other pages cite them.
PARTIAL_IDS = """C01 C02 C03 C05 C06 C07 C08 C09 C10 C11 C12 C14 C15 C17 C18 C19 C20 C21 C23 C24 C25
C27 C28 C29 C30 C31 C32 C34 C35 C36 C37 C38 C39 C41 C42 C44 C46 C47 C48 C49 C50 C51 C53 C54 C56
C59 C60 C61 C62 C63 C64 C65 C66 C67 C68 C69 C70 C71 C72 C75 C76 C79 C80 C81 C82 C84 C85 C87 C89
C90 C91 C92 C93""".split()


@pytest.fixture(scope="module")
def claims():
    return ds.load("claims", directory=DATA)


@pytest.fixture(scope="module")
def articles():
    return ds.load("articles", directory=DATA)


def test_every_record_has_a_listed_verdict_a_resolving_source_and_a_needed_correction(claims):
    keys = bib_keys()
    for r in claims:
        assert r["verdict"] in VERDICTS, r["id"]
        assert r["sources"], f"{r['id']}: no source"
        assert set(r["sources"]) <= keys, f"{r['id']}: unresolved source"
        if r["verdict"] != "supported":
            assert r["correction"] and len(r["correction"]) >= 30, f"{r['id']}: a {r['verdict']} claim needs a correction"


def test_rules_between_fields_hold(claims, articles):
    assert rule_problems(claims, articles) == []


def test_every_article_has_claims_and_a_guide(claims, articles):
    for a in articles:
        mine = claims.where(article=a["file"])
        assert len(mine) >= 10, f"{a['file']}: only {len(mine)} claims"
        assert (ROOT / f"{a['guide']}.md").is_file(), f"{a['file']}: no guide page {a['guide']}.md"
    assert {r["article"] for r in claims} == {a["file"] for a in articles}


def test_audit_is_complete_enough(claims):
    assert 80 <= len(claims) <= 160
    assert {r["verdict"] for r in claims} == VERDICTS, "every verdict occurs, including 'unverifiable'"


def test_partial_ids_are_kept_and_new_ids_follow_them(claims):
    ids = [r["id"] for r in claims]
    assert len(ids) == len(set(ids))
    missing = [i for i in PARTIAL_IDS if i not in ids]
    assert not missing, f"ids from the partial check were dropped: {missing}"
    new = [i for i in ids if i not in PARTIAL_IDS]
    assert all(int(i[1:]) >= FIRST_NEW_ID for i in new), "new claims are numbered from C94"
    numbers = sorted(int(i[1:]) for i in new)
    assert numbers == list(range(FIRST_NEW_ID, FIRST_NEW_ID + len(numbers))), "new ids leave no gaps"


def test_unverifiable_claims_say_what_was_looked_for(claims):
    for r in claims.where(verdict="unverifiable"):
        assert r["confidence"] == "low" or "not" in r["correction"], r["id"]


@pytest.mark.skipif(not READINGS.is_dir(), reason="the shared readings folder is not beside the repository")
def test_line_numbers_point_into_the_readings(claims):
    for r in claims:
        lines = (READINGS / r["article"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= r["line"] <= len(lines), r["id"]
        assert lines[r["line"] - 1].strip(), f"{r['id']}: line {r['line']} is empty"


@pytest.fixture
def broken_copy(tmp_path):
    return copy_data(tmp_path)


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("verdict", "probably true", "'probably true' is not one of"),
        ("sources", "", "is required but empty"),
        ("sources", "nosuchkey2099", "citation key(s) 'nosuchkey2099' not found"),
        ("patterns", "vibes", "'vibes' not among"),
        ("confidence", "certain", "'certain' is not one of"),
        ("line", "zero", "is not a whole number"),
    ],
)
def test_broken_record_is_named_precisely(broken_copy, field, value, message):
    edit_record(broken_copy / "claims.csv", "C48", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("claims", directory=broken_copy)
    text = str(info.value)
    assert "claims.csv" in text and "record C48" in text and f"field '{field}'" in text and message in text


def test_missing_correction_is_named_precisely(broken_copy):
    edit_record(broken_copy / "claims.csv", "C30", "correction", "")
    problems = rule_problems(ds.load("claims", directory=broken_copy), ds.load("articles", directory=broken_copy))
    assert problems == [f"claims.csv: {named(broken_copy / 'claims.csv', 'C30')}: field 'correction': a verdict of 'false' needs a correction"]
