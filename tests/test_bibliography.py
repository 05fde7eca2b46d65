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


def _entry(author, year, title):
    from pybtex.database import Entry, Person

    return Entry("article", fields={"year": year, "title": title}, persons={"author": [Person(a) for a in author]})


def test_year_labels_tell_alike_works_apart():
    from creditlab.bib import year_labels

    entries = {
        "h-prog": _entry(["Hoffman, Samantha"], "2017", "Programming China"),
        "h-man": _entry(["Hoffman, Samantha"], "2017", "Managing the State"),
        "h-2018": _entry(["Hoffman, Samantha"], "2018", "Grasping Power"),
        "hs": _entry(["Hoffman, Samantha", "Sun, Li"], "2017", "Another"),
        "x1": _entry(["Xu, Xu", "Kostka, Genia", "Cao, Xun"], "2022", "Zeta"),
        "x2": _entry(["Xu, Ying", "Other, Al", "Third, Bo"], "2022", "Alpha"),  # also "Xu et al., 2022"
    }
    labels = year_labels(entries)
    assert labels == {"h-prog": "2017b", "h-man": "2017a", "h-2018": "2018", "hs": "2017", "x1": "2022b", "x2": "2022a"}
    # Labels computed again on entries that already carry them come out the same.
    for key, year in labels.items():
        entries[key].fields["year"] = year
    assert year_labels(entries) == labels


def test_no_two_book_entries_read_alike():
    from pybtex.database import parse_file

    from creditlab.bib import _author_label, book_year_labels

    entries = parse_file(str(ROOT / "book" / "references.bib")).entries
    years = book_year_labels()
    seen = {}
    for key, entry in entries.items():
        label = (_author_label(entry), years[key])
        assert label not in seen, f"{key} and {seen[label]} would both be cited as {label}"
        seen[label] = key
    assert years["hoffman2017thesis"] != years["hoffman2017programming"]


def test_packets_use_the_books_letters():
    from creditlab.bib import book_year_labels
    from creditlab.debate.packet import _Cites

    cites = _Cites()
    assert cites.label("hoffman2017programming") == "Hoffman " + book_year_labels()["hoffman2017programming"]
    assert cites.label("kobie2019complicated") == "Kobie 2019"


def test_pybtex_plugins_are_looked_up_once_and_still_found(monkeypatch):
    """sphinxcontrib-bibtex asks pybtex for a plugin at every citation; each ask scanned the
    entry points of every installed package (tens of seconds per build). After
    remember_pybtex_plugins the scan runs once per plugin, and the plugins found are the same."""
    import pybtex.plugin as plugin

    from creditlab.bib import remember_pybtex_plugins

    calls = []
    real = plugin.entry_points

    def counting(**selection):
        calls.append(selection)
        return real(**selection)

    monkeypatch.setattr(plugin, "entry_points", counting)
    expected = plugin.find_plugin("pybtex.backends", "plaintext")
    calls.clear()
    remember_pybtex_plugins()
    for _ in range(50):
        assert plugin.find_plugin("pybtex.backends", "plaintext") is expected
        plugin.find_plugin("pybtex.style.formatting", "plain")
    assert len(calls) == 2, calls
    remember_pybtex_plugins()  # a second call keeps the same memory
    plugin.find_plugin("pybtex.backends", "plaintext")
    assert len(calls) == 2
    # Plugins registered at run time are still found (pybtex checks them before the entry points).
    class Mine(plugin.Plugin):
        pass

    plugin.register_plugin("pybtex.backends", "creditlab-test-backend", Mine)
    try:
        assert plugin.find_plugin("pybtex.backends", "creditlab-test-backend") is Mine
    finally:
        plugin._RUNTIME_PLUGINS.get("pybtex.backends", {}).pop("creditlab-test-backend", None)
