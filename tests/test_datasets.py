"""Every data set loads against its schema; a broken file names the file, the record and the field."""

import shutil
from pathlib import Path

import pytest

from creditlab import datasets as ds
from creditlab.bib import bib_keys

from .conftest import ROOT

DATA = ROOT / "data"


@pytest.mark.parametrize("name", ds.available(DATA))
def test_every_dataset_loads_and_cites_resolving_sources(name):
    dataset = ds.load(name, directory=DATA)
    assert len(dataset) > 0
    keys = bib_keys()
    for record in dataset:
        for fname, spec in dataset.schema.fields.items():
            if spec["type"] == "bibkeys":
                assert record[fname], f"{name}/{record[dataset.schema.id_field]} has no source"
                assert set(record[fname]) <= keys


def test_every_csv_has_a_schema():
    csvs = {p.stem for p in DATA.glob("*.csv")}
    assert csvs == set(ds.available(DATA)), "every data file needs data/<name>.schema.yml"


def test_timeline_rows_have_source_and_as_of():
    timeline = ds.load("timeline", directory=DATA)
    assert len(timeline) >= 12
    for record in timeline:
        assert record["sources"] and record["as_of"]
    dates = [ds.date_sort_key(r["date"]) for r in timeline]
    assert dates == sorted(dates), "keep the timeline in date order"


@pytest.fixture
def broken_copy(tmp_path):
    """A copy of data/ whose timeline the test can break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def _edit_row(path: Path, record_id: str, field: str, value: str):
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    for row in rows:
        if row["id"] == record_id:
            row[field] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    "field, value, reported, message",
    [
        ("sources", "nosuchkey2099", "sources", "citation key(s) 'nosuchkey2099' not found in the bibliography"),
        ("sources", "", "sources", "is required but empty"),
        ("date", "2014-13-01", "date", "has month 13"),
        ("date", "June 2014", "date", "is not a date of the form YYYY"),
        ("as_of", "", "as_of", "is required but empty"),
        ("strand", "gossip", "strand", "'gossip' is not one of"),
        ("evidence", "probably", "evidence", "'probably' is not one of"),
        ("event", "too short", "event", "must be at least 30 characters"),
        ("as_of", "2010-01-01", "date", "is after as_of"),
    ],
)
def test_broken_record_is_named_precisely(broken_copy, field, value, reported, message):
    _edit_row(broken_copy / "timeline.csv", "T004", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("timeline", directory=broken_copy)
    text = str(info.value)
    assert "timeline.csv" in text
    assert "record T004" in text
    assert f"field '{reported}'" in text
    assert message in text


def test_duplicate_ids_and_bad_header(broken_copy):
    _edit_row(broken_copy / "timeline.csv", "T005", "id", "T004")
    with pytest.raises(ds.DataError, match=r"field 'id': 'T004' repeats record T004"):
        ds.load("timeline", directory=broken_copy)
    csv_path = broken_copy / "timeline.csv"
    text = csv_path.read_text(encoding="utf-8").replace("as_of", "asof", 1)
    csv_path.write_text(text, encoding="utf-8")
    with pytest.raises(ds.DataError, match="missing column"):
        ds.load("timeline", directory=broken_copy)


def test_unknown_dataset_lists_known_ones():
    with pytest.raises(FileNotFoundError, match="timeline"):
        ds.load("nosuchdata", directory=DATA)


def test_schema_problems_are_reported(broken_copy):
    schema = broken_copy / "timeline.schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("type: bibkeys", "type: citations"), encoding="utf-8")
    with pytest.raises(ds.DataError, match="unknown type 'citations'"):
        ds.load("timeline", directory=broken_copy)


def test_where_and_by_id():
    timeline = ds.load("timeline", directory=DATA)
    courts = timeline.where(strand="courts")
    assert courts and all(r["strand"] == "courts" for r in courts)
    assert timeline.by_id("T004")["date"] == "2014-06-14"
    with pytest.raises(KeyError, match="no field"):
        timeline.where(colour="red")
    with pytest.raises(KeyError, match="no record"):
        timeline.by_id("T999")


@pytest.mark.parametrize("text, key", [("1999", (1999, 0, 0)), ("2013-10", (2013, 10, 0)), ("2014-06-14", (2014, 6, 14))])
def test_partial_dates_sort(text, key):
    assert ds.date_sort_key(text) == key


def test_impossible_day_is_rejected():
    with pytest.raises(ValueError):
        ds.parse_date("2023-02-30")


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity"])
@pytest.mark.parametrize("field", ["value", "change_pct"])
def test_non_finite_numbers_are_rejected(broken_copy, field, value):
    _edit_row(broken_copy / "listing_scale.csv", "L002", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("listing_scale", directory=broken_copy)
    text = str(info.value)
    assert "listing_scale.csv" in text and "record L002" in text and f"field '{field}'" in text
    assert f"{value!r}" in text and "finite" in text


def test_byte_order_mark_is_read_as_utf8(broken_copy):
    path = broken_copy / "timeline.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # Excel's "CSV UTF-8"
    timeline = ds.load("timeline", directory=broken_copy)
    assert timeline.by_id("T004")["date"] == "2014-06-14"


def test_file_that_is_not_utf8_is_named_with_its_line(broken_copy):
    path = broken_copy / "timeline.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",caf\xe9 ", 1)  # "cafe" with an accent, as Windows Latin-1 writes it
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ds.DataError) as info:
        ds.load("timeline", directory=broken_copy)
    text = str(info.value)
    assert "timeline.csv" in text and "line 4" in text and "UTF-8" in text


def test_impossible_day_is_quoted():
    with pytest.raises(ValueError, match=r"'2025-02-30' has day 30"):
        ds.parse_date("2025-02-30")


def test_impossible_day_in_a_record_is_named(broken_copy):
    _edit_row(broken_copy / "timeline.csv", "T004", "date", "2014-02-30")
    with pytest.raises(ds.DataError, match=r"record T004 .*field 'date': '2014-02-30' has day 30"):
        ds.load("timeline", directory=broken_copy)
