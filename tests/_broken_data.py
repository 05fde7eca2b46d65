"""Helpers for tests that break a copy of data/ and check the error names file, record and field."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from .conftest import ROOT


def copy_data(tmp_path: Path) -> Path:
    """A copy of data/ in ``tmp_path`` that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def edit_record(path: Path, record_id: str, field: str, value: str, id_field: str = "id") -> None:
    """Set one field of one record (by ``id_field``) in a CSV data file; the record must exist."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    hits = [row for row in rows if row[id_field] == record_id]
    assert hits, f"{path.name} has no record {record_id}"
    for row in hits:
        row[field] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def record_line(path: Path, record_id: str) -> int:
    """The line on which the record ``record_id`` starts in the CSV file ``path`` (a record
    may span lines: a quoted cell with a line break)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        column = next(reader).index("id")
        start = reader.line_num + 1
        for row in reader:
            if row and row[column] == record_id:
                return start
            start = reader.line_num + 1
    raise KeyError(f"{path.name} has no record {record_id}")


def named(path: Path, record_id: str) -> str:
    """How an error names a record of ``path``: ``record <id> (line <n>)``."""
    return f"record {record_id} (line {record_line(path, record_id)})"
