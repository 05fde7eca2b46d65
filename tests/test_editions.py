"""One source, two editions: no solution reaches the student edition; the instructor edition has all.

These tests read the editions that `make test` builds (strictly: any Sphinx warning fails
the build) before pytest starts.
"""

import json
import re
from pathlib import Path

import pytest

from creditlab.exercises.strip import MARKER, find_solutions

from .conftest import ROOT, built_html, notebook_paths, read_notebook


def _solution_labels() -> set[str]:
    labels = set()
    for path in sorted((ROOT / "book").rglob("*.md")) + [ROOT / "index.md"]:
        labels |= {s.label for s in find_solutions(path.read_text(encoding="utf-8"))}
    for path in notebook_paths():
        labels |= {s.label for s in find_solutions(None, notebook=read_notebook(path))}
    return {label for label in labels if label}


LABELS = _solution_labels()


def _all_text_files(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".ipynb", ".md", ".json", ".py", ".inv"}:
            yield path


def test_there_are_solutions_to_hide():
    assert len(LABELS) >= 4


def test_student_edition_contains_no_solution_anywhere():
    html = built_html("student")
    # Everything a reader can reach: pages, _sources, downloads, the search index.
    leaks = []
    # One pattern for all labels: a pass per file, not one per label (the site holds the
    # in-browser Python runtime, tens of megabytes of JavaScript).
    any_label = re.compile(r"\b(?:" + "|".join(re.escape(label) for label in sorted(LABELS, key=len, reverse=True)) + r")\b")
    for path in _all_text_files(html):
        text = path.read_text(encoding="utf-8", errors="replace")
        if MARKER in text:
            leaks.append(f"{path.relative_to(html)}: contains {MARKER}")
        for label in sorted(set(any_label.findall(text))):
            leaks.append(f"{path.relative_to(html)}: contains {label}")
        if "Solution to" in text and path.suffix == ".html":
            leaks.append(f"{path.relative_to(html)}: contains a 'Solution to' heading")
    assert not leaks, "solutions leak into the student edition:\n" + "\n".join(leaks)


def test_student_edition_search_index_has_no_solution_text():
    index = (built_html("student") / "searchindex.js").read_text(encoding="utf-8")
    assert MARKER not in index
    assert not any(label in index for label in LABELS)


def test_student_notebook_downloads_are_student_copies():
    html = built_html("student")
    sources = list((html / "_sources").rglob("*.ipynb"))
    assert sources, "the student edition offers notebook downloads"
    for path in sources:
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = json.dumps(nb)
        assert MARKER not in text and "solution-start" not in text, f"{path.name} holds a solution"


def test_instructor_edition_contains_every_solution():
    html = built_html("instructor")
    pages = "\n".join(p.read_text(encoding="utf-8") for p in html.rglob("*.html"))
    missing = [label for label in LABELS if f'id="{label}"' not in pages]
    assert not missing, f"solutions missing from the instructor edition: {missing}"
    assert pages.count(MARKER) >= len(LABELS)


def test_editions_are_labelled():
    student = (built_html("student") / "index.html").read_text(encoding="utf-8")
    instructor = (built_html("instructor") / "index.html").read_text(encoding="utf-8")
    assert "instructor edition" in instructor and "instructor edition)" not in student


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_no_duplicate_ids(edition):
    html = built_html(edition)
    for page in html.rglob("*.html"):
        if "_static" in page.parts:
            continue
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        dups = {i for i in ids if ids.count(i) > 1}
        assert not dups, f"{page.relative_to(html)}: duplicate ids {sorted(dups)}"
