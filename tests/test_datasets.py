"""Every data set loads against its schema; a broken file names the file, the record and the field."""

import re
from pathlib import Path

import pytest

from creditlab import datasets as ds
from creditlab.bib import bib_keys

from ._broken_data import copy_data, edit_record, named
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
    return copy_data(tmp_path)


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
    edit_record(broken_copy / "timeline.csv", "T004", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("timeline", directory=broken_copy)
    text = str(info.value)
    assert "timeline.csv" in text
    assert "record T004" in text
    assert f"field '{reported}'" in text
    assert message in text


def test_duplicate_ids_and_bad_header(broken_copy):
    edit_record(broken_copy / "timeline.csv", "T005", "id", "T004")
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
    edit_record(broken_copy / "listing_scale.csv", "L002", field, value)
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
    edit_record(broken_copy / "timeline.csv", "T004", "date", "2014-02-30")
    with pytest.raises(ds.DataError, match=r"record T004 .*field 'date': '2014-02-30' has day 30"):
        ds.load("timeline", directory=broken_copy)


# --- Numbers written plainly, whole rows, line numbers, combined checks ---------------------------


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("value", "1_408_280_000", "'1_408_280_000' is not written as a whole number: write it without the underscores ('1408280000')"),
        ("change_pct", "-23_4.5", "'-23_4.5' is not written as a number: write it without the underscores"),
        ("value", "١٤٠٨", "is not written as a whole number: write it with the digits 0-9 only"),
    ],
)
def test_numbers_with_underscores_or_other_digits_are_rejected(broken_copy, field, value, message):
    edit_record(broken_copy / "listing_scale.csv", "L001", field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("listing_scale", directory=broken_copy)
    text = str(info.value)
    assert "listing_scale.csv" in text and "record L001 (line 2)" in text and f"field '{field}'" in text
    assert message in text


def test_plainly_written_numbers_still_load(broken_copy):
    edit_record(broken_copy / "listing_scale.csv", "L002", "change_pct", "-2.34e1")
    edit_record(broken_copy / "listing_scale.csv", "L001", "value", "+1408280000")
    data = ds.load("listing_scale", directory=broken_copy)
    assert data.by_id("L002")["change_pct"] == -23.4 and data.by_id("L001")["value"] == 1408280000


def _cut_row(path: Path, line: int, keep: int) -> None:
    """Keep only the first ``keep`` cells of one line (a record without quoted commas)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = ",".join(lines[line - 1].split(",")[:keep])
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_short_row_is_an_error_even_when_the_missing_fields_are_optional(broken_copy):
    # A short row of berg1995_trust (whose last field is required) ...
    path = broken_copy / "berg1995_trust.csv"
    _cut_row(path, 3, 5)
    with pytest.raises(ds.DataError) as info:
        ds.load("berg1995_trust", directory=broken_copy)
    assert "berg1995_trust.csv" in str(info.value) and "line 3: row has 5 cells, the header has 6" in str(info.value)

    # ... and one of timeline, whose last field is optional (it used to load as empty).
    path = broken_copy / "timeline.csv"
    header = path.read_text(encoding="utf-8").split("\n")[0].split(",")
    schema = ds.load_schema("timeline", broken_copy)
    optional = [i for i, name in enumerate(header) if not schema.fields[name].get("required") and schema.fields[name]["type"] != "id"]
    assert optional and optional[-1] == len(header) - 1, "the test needs a timeline whose last column is optional"
    text = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, t in enumerate(text[1:], 2) if t.endswith(",") and '"' not in t)  # last (optional) cell empty
    _cut_row(path, row, len(header) - 1)
    with pytest.raises(ds.DataError, match=rf"line {row}: row has {len(header) - 1} cells, the header has {len(header)}"):
        ds.load("timeline", directory=broken_copy)


def test_header_problems_and_extra_cells_give_the_line(broken_copy):
    path = broken_copy / "berg1995_trust.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[4] += ",7"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ds.DataError, match="line 5: more cells than columns: row has 7 cells, the header has 6"):
        ds.load("berg1995_trust", directory=broken_copy)
    lines[0] = lines[0].replace("pair", "sent", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ds.DataError, match=r"line 1: header: missing column\(s\) pair"):
        ds.load("berg1995_trust", directory=broken_copy)


def test_a_record_spanning_lines_is_named_by_its_first_line(broken_copy):
    edit_record(broken_copy / "timeline.csv", "T004", "date", "June 2014")
    edit_record(broken_copy / "timeline.csv", "T004", "event", "A long event that takes\ntwo lines of the file to write out")
    with pytest.raises(ds.DataError, match=re.escape(named(broken_copy / "timeline.csv", "T004")) + ": field 'date'"):
        ds.load("timeline", directory=broken_copy)


@pytest.mark.parametrize(
    "record, field, value, message",
    [
        ("NH05", "treatment", "social-history", "record NH05 (line 6): field 'id': 'NH05' does not match the pattern SH\\d{2}, required when treatment is social-history"),
        ("SH03", "id", "NH03", "field 'id': 'NH03' repeats record NH03 (line 4)"),
        ("SH03", "id", "NH33", "record NH33 (line 36): field 'id': 'NH33' does not match the pattern SH\\d{2}, required when treatment is social-history"),
        ("NH07", "pair", "6", "record NH07 (line 8): fields 'treatment', 'pair': treatment='no-history', pair=6 repeats record NH06 (line 7)"),
    ],
)
def test_trust_pairs_match_their_treatment_and_are_unique(broken_copy, record, field, value, message):
    edit_record(broken_copy / "berg1995_trust.csv", record, field, value)
    with pytest.raises(ds.DataError) as info:
        ds.load("berg1995_trust", directory=broken_copy)
    assert "berg1995_trust.csv" in str(info.value) and message in str(info.value)


@pytest.mark.parametrize(
    "addition, message",
    [
        ("unique_together: [[treatment, colour]]\n", "unique_together: 'colour' not among the fields"),
        ("unique_together: [treatment]\n", "unique_together must list groups of at least two fields"),
        ("checks:\n  - {field: id, pattern: 'NH', when: {colour: red}}\n", "check 1: 'colour' is not a field of this schema"),
        ("checks:\n  - {field: id, pattern: '(', when: {treatment: no-history}}\n", "check 1: pattern '(' is not a valid regular expression"),
        ("checks:\n  - {field: id, pattern: 'NH'}\n", "check 1: 'when' must map field names to values"),
        ("checks:\n  - {field: id, after: pair}\n", "check 1: needs exactly one of before_or_equal or pattern"),
        ("uniq_together: [[treatment, pair]]\n", "unknown key(s) 'uniq_together'"),
    ],
)
def test_schema_checks_are_themselves_checked(broken_copy, addition, message):
    schema = broken_copy / "berg1995_trust.schema.yml"
    text = schema.read_text(encoding="utf-8")
    text = text[: text.index("unique_together:")] if "unique_together:" in text else text
    schema.write_text(text + addition, encoding="utf-8")
    with pytest.raises(ds.DataError) as info:
        ds.load("berg1995_trust", directory=broken_copy)
    assert "berg1995_trust.schema.yml" in str(info.value) and message in str(info.value)


def test_unique_together_accepts_one_group(broken_copy):
    schema = broken_copy / "berg1995_trust.schema.yml"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace("unique_together:\n  - [treatment, pair]\n", "unique_together: [treatment, pair]\n"), encoding="utf-8")
    assert ds.load_schema("berg1995_trust", broken_copy).unique_together == [("treatment", "pair")]
    assert len(ds.load("berg1995_trust", directory=broken_copy)) == 60
