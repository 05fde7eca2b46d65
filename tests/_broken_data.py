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


def edit_record(path: Path, record_id: str, field: str, value: str) -> None:
    """Set one field of one record (by ``id``) in a CSV data file."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == record_id:
            row[field] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
