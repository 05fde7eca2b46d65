"""The bibliography is complete and every citation in the book resolves in it."""

import json
import re

import pytest

from creditlab.bib import read_bibliography

from .conftest import ROOT, notebook_paths

CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")


def test_every_entry_has_url_and_year():
    entries = read_bibliography()
    assert len(entries) >= 20
    for key, entry in entries.items():
        assert entry.fields.get("url", "").startswith("http"), f"{key}: every entry needs a url"
        assert re.fullmatch(r"\d{4}", entry.fields.get("year", "")), f"{key}: every entry needs a year"
        assert entry.fields.get("title"), f"{key}: no title"


def test_chinese_documents_give_chinese_title():
    # State documents are cited with their Chinese title in brackets after the English one.
    state_bodies = ("State Council", "Central Committee", "Development and Reform Commission", "People's Congress")
    for key, entry in read_bibliography().items():
        if any(body in entry.fields.get("author", "") for body in state_bodies):
            assert re.search(r"[\u4e00-\u9fff]", entry.fields["title"]), f"{key}: give the Chinese title"


def _sources():
    for path in sorted((ROOT / "book").rglob("*.md")) + [ROOT / "index.md"]:
        yield path, path.read_text(encoding="utf-8")
    for path in notebook_paths():
        nb = json.loads(path.read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"])
        yield path, text


@pytest.mark.parametrize("path, text", list(_sources()), ids=lambda v: getattr(v, "name", ""))
def test_every_citation_resolves(path, text):
    keys = set(read_bibliography())
    cited = {k.strip() for group in CITE.findall(text) for k in group.split(",")}
    missing = cited - keys
    assert not missing, f"{path.relative_to(ROOT)} cites keys missing from book/references.bib: {sorted(missing)}"
