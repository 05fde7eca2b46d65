"""Part I data: the timeline and statistics data sets keep their promises.

Every statistics row says what it counts (unit, scope, date, source, as_of); conflicting
figures point at each other both ways; derived figures add up; ids that the book cites stay
put; and a broken row is reported with the file, the record and the field.
"""

from __future__ import annotations

import re

import pytest

from creditlab import datasets as ds

from ._broken_data import copy_data, edit_record
from .conftest import ROOT

DATA = ROOT / "data"
BOOK = ROOT / "book"

# The meaning of these timeline rows is fixed: book/intro.md cites them with {datum}.
TIMELINE_PINNED = {
    "T001": ("1999", "origins"),
    "T002": ("2013-10", "courts"),
    "T003": ("2013-11", "courts"),
    "T004": ("2014-06-14", "central-policy"),
    "T005": ("2015-01-27", "private-scores"),
    "T006": ("2016-01", "courts"),
    "T007": ("2016-05-30", "central-policy"),
    "T008": ("2017-06-23", "local"),
    "T009": ("2018-04", "abroad"),
    "T010": ("2019-02-22", "courts"),
    "T011": ("2020-12-07", "central-policy"),
    "T012": ("2022-03-29", "central-policy"),
    "T013": ("2022-11-14", "law"),
    "T014": ("2023-01-13", "law"),
    "T015": ("2025-03-08", "courts"),
    "T016": ("2025-03-31", "central-policy"),
}

# Figures that are our own arithmetic: id -> (left id, operator, right id).
DERIVED = {
    "S037": ("S029", "-", "S027"),
    "S038": ("S030", "-", "S028"),
    "S061": ("S062", "-", "S060"),
    "S064": ("S062", "+", "S063"),
}

DATUM = re.compile(r"\{datum\}`\s*([\w-]+):([^.\s]+)\.(\w+)\s*`")


@pytest.fixture(scope="module")
def stats():
    return ds.load("statistics", directory=DATA)


@pytest.fixture(scope="module")
def timeline():
    return ds.load("timeline", directory=DATA)


def test_schemas_load_and_document_every_field():
    for name in ("timeline", "statistics"):
        schema = ds.load_schema(name, DATA)
        assert schema.id_field == "id"
        for field, spec in schema.fields.items():
            assert spec.get("description"), f"{name}.{field} has no description"


def test_every_statistic_says_what_it_counts(stats):
    assert len(stats) >= 40
    for r in stats:
        rid = r["id"]
        for field in ("measure", "series", "unit", "scope", "scope_note", "date", "as_of", "reported_by", "qualifier", "evidence"):
            assert r[field] not in (None, ""), f"{rid}: {field} is empty"
        assert r["sources"], f"{rid}: no source"
        assert isinstance(r["value"], int), f"{rid}: value must be a whole number"


def test_units_and_scopes_are_consistent(stats):
    for r in stats:
        rid, unit, scope = r["id"], r["unit"], r["scope"]
        if scope == "flow":
            assert r["period_start"], f"{rid}: a flow needs period_start"
        if unit.startswith("percent"):
            assert 0 <= r["value"] <= 100, f"{rid}: a percentage must lie between 0 and 100"
            assert scope == "share", f"{rid}: a percentage is a share"
        if r["topic"] == "travel" and r["series"] in ("Flight tickets", "Train tickets"):
            # Blocked purchases are person-times, never people.
            assert unit == "blocked purchases (person-times)", f"{rid}: ticket blocks are not people"
        if r["topic"] == "listing-flows":
            # The court counts new listings and repairs in person-times (人次), not people.
            assert unit == "listings (person-times)", f"{rid}: the court's flows count listings, not people"
        if r["evidence"] == "derived":
            assert r["note"] and "our arithmetic" in r["note"].lower(), f"{rid}: show the arithmetic in the note"


def test_each_series_keeps_one_unit(stats):
    units: dict[tuple[str, str], set[str]] = {}
    for r in stats:
        units.setdefault((r["topic"], r["series"]), set()).add(r["unit"])
    mixed = {k: v for k, v in units.items() if len(v) > 1}
    assert not mixed, f"series that mix units: {mixed}"


def test_conflicts_point_both_ways(stats):
    ids = {r["id"] for r in stats}
    links = {r["id"]: set(r["conflicts_with"].split(";")) if r["conflicts_with"] else set() for r in stats}
    assert any(links.values()), "the data set should record the known conflicts"
    for rid, others in links.items():
        assert rid not in others, f"{rid} conflicts with itself"
        for other in others:
            assert other in ids, f"{rid}: conflicts_with names unknown row {other}"
            assert rid in links[other], f"{rid} names {other} as conflicting, but {other} does not name {rid}"
        if others:
            assert r_note(stats, rid), f"{rid}: a conflict needs a note that explains it"


def r_note(stats, rid):
    return stats.by_id(rid)["note"]


def test_known_conflicts_are_recorded(stats):
    # The 2018 flight figure (a year or a running total?) and the March/July 2019 jump.
    assert "S031" in stats.by_id("S029")["conflicts_with"]
    assert "S035" in stats.by_id("S033")["conflicts_with"]


def test_derived_figures_add_up(stats):
    for rid, (left, op, right) in DERIVED.items():
        row = stats.by_id(rid)
        assert row["evidence"] == "derived", f"{rid} should be marked derived"
        a, b = stats.by_id(left)["value"], stats.by_id(right)["value"]
        expected = a - b if op == "-" else a + b
        assert row["value"] == expected, f"{rid}: {left} {op} {right} = {expected}, not {row['value']}"


def test_timeline_ids_and_meaning_are_stable(timeline):
    for rid, (date, strand) in TIMELINE_PINNED.items():
        row = timeline.by_id(rid)
        assert (row["date"], row["strand"]) == (date, strand), f"{rid} changed its date or strand"
    ids = [r["id"] for r in timeline]
    assert all(re.fullmatch(r"T\d{3}", i) for i in ids)
    assert len(timeline) >= 30
    dates = [ds.date_sort_key(r["date"]) for r in timeline]
    assert dates == sorted(dates), "keep the timeline in date order"


def test_every_datum_in_the_book_resolves(stats, timeline):
    sets = {"statistics": stats, "timeline": timeline}
    found = 0
    for path in sorted(BOOK.rglob("*.md")) + [ROOT / "index.md"]:
        for name, rid, field in DATUM.findall(path.read_text(encoding="utf-8")):
            found += 1
            assert name in sets, f"{path.name}: unknown data set {name}"
            row = sets[name].by_id(rid)  # raises KeyError naming the record
            assert field in row, f"{path.name}: {name}:{rid} has no field {field}"
            assert row[field] not in (None, ""), f"{path.name}: {name}:{rid}.{field} is empty"
    assert found >= 40


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("unit", "", "is required but empty"),
        ("unit", "persons", "'persons' is not one of"),
        ("scope", "total", "'total' is not one of"),
        ("value", "17.5 million", "is not a whole number"),
        ("conflicts_with", "S31", "does not match the pattern"),
        ("as_of", "2010", "is after as_of"),
        ("sources", "nosuchkey2099", "not found in the bibliography"),
    ],
)
def test_broken_statistic_names_file_record_and_field(tmp_path, field, value, message):
    data = copy_data(tmp_path)
    edit_record(data / "statistics.csv", "S029", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("statistics", directory=data)
    text = str(info.value)
    assert "statistics.csv" in text
    assert "record S029" in text
    assert f"field '{field if field != 'as_of' else 'date'}'" in text
    assert message in text
