"""The bridge page (Labs I and II side by side) keeps up with the labs in the table of contents.

The labs live on several branches, so a checkout may hold only some of them. The tests are
tolerant of that: a lab the table links but the checkout lacks is skipped. They fail if the
table of contents lists a lab under "Labs I" or "Labs II" that the bridge table does not cover,
if a lab has more than one row, or if a lab the table links exists but is missing from the
table of contents.
"""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import ROOT

BRIDGE = ROOT / "book" / "labs" / "bridge.md"
TOC = ROOT / "_toc.yml"
LAB_PARTS = re.compile(r"^Labs (I|II)\b")  # "Labs I: ...", "Labs II: ...", not "Labs: side by side"
DOC_LINK = re.compile(r"\{doc\}`(?:[^`<]*<)?(/book/labs/[^`>]+)>?`")


def _toc_parts() -> list[dict]:
    return yaml.safe_load(TOC.read_text(encoding="utf-8"))["parts"]


def _files(chapters: list[dict]) -> list[str]:
    """Files of a part, including nested sections."""
    out = []
    for chapter in chapters or []:
        if "file" in chapter:
            out.append(chapter["file"])
        out.extend(_files(chapter.get("sections", [])))
    return out


def toc_labs() -> list[str]:
    """Files listed under the "Labs I" and "Labs II" parts, e.g. 'book/labs/silence'."""
    labs = []
    for part in _toc_parts():
        if LAB_PARTS.match(str(part.get("caption", ""))):
            labs.extend(f for f in _files(part.get("chapters", [])) if f not in labs)
    return labs


def toc_files() -> set[str]:
    return {f for part in _toc_parts() for f in _files(part.get("chapters", []))}


def table_rows() -> list[str]:
    """The body rows of the main table (the list-table named bridge-table), as text."""
    text = BRIDGE.read_text(encoding="utf-8")
    match = re.search(r"```\{list-table\}[^\n]*\n:name: bridge-table\n(.*?)\n```", text, re.S)
    assert match, "bridge.md: the main table (a list-table with `:name: bridge-table`) is missing"
    body = re.sub(r"^:[a-z-]+:.*\n", "", match.group(1), flags=re.M)
    rows = [row for row in re.split(r"^\* - ", body, flags=re.M) if row.strip()]
    assert rows, "bridge.md: the main table has no rows"
    return rows[1:]  # the first row is the header


def row_lab(row: str) -> str:
    """The lab a row is about: the only lab linked in its first cell."""
    first_cell = re.split(r"^  - ", row, maxsplit=1, flags=re.M)[0]
    links = {m.group(1).lstrip("/") for m in DOC_LINK.finditer(first_cell)}
    assert len(links) == 1, f"bridge.md: each row's first cell links exactly one lab; got {sorted(links)} in {first_cell[:80]!r}"
    return links.pop()


def test_bridge_is_in_the_toc():
    assert "book/labs/bridge" in toc_files(), "_toc.yml: list book/labs/bridge"


def test_every_toc_lab_has_exactly_one_row():
    labs = [row_lab(row) for row in table_rows()]
    missing = [lab for lab in toc_labs() if lab not in labs]
    assert not missing, f"bridge.md: the main table has no row for {missing}, listed under Labs I/II in _toc.yml"
    repeated = sorted({lab for lab in labs if labs.count(lab) > 1})
    assert not repeated, f"bridge.md: more than one row for {repeated}"


def test_linked_labs_that_exist_are_in_the_toc():
    listed = set(toc_labs())
    present = [lab for lab in (row_lab(row) for row in table_rows()) if (ROOT / lab).with_suffix(".ipynb").exists()
               or (ROOT / lab).with_suffix(".md").exists()]
    if not present:
        pytest.skip("none of the labs in the bridge table is in this checkout")
    unlisted = [lab for lab in present if lab not in listed]
    assert not unlisted, f"_toc.yml: {unlisted} exist and are linked from the bridge table but are not listed under Labs I/II"


def test_every_row_has_five_cells():
    for row in table_rows():
        cells = re.split(r"^  - ", row, flags=re.M)
        assert len(cells) == 5, f"bridge.md: row for {row_lab(row)} has {len(cells)} cells, expected 5"


def test_every_lab_link_on_the_page_is_present_or_skipped():
    """Labs linked anywhere on the page (not only in the table) are in the toc when they exist."""
    text = BRIDGE.read_text(encoding="utf-8")
    linked = {m.group(1).lstrip("/") for m in DOC_LINK.finditer(text)}
    files = toc_files()
    present = [lab for lab in linked if (ROOT / lab).with_suffix(".ipynb").exists() or (ROOT / lab).with_suffix(".md").exists()]
    unlisted = [lab for lab in present if lab not in files]
    assert not unlisted, f"_toc.yml: {unlisted} are linked from bridge.md and exist, but are not in the table of contents"
