"""What data and bibliography helpers write into the built pages: alike citations carry
their letters, and large numbers written in words match the data. Reads the student edition
that `make test` builds (not part of `make test-fast`)."""

import re

from creditlab.sphinxext import format_words

from .conftest import built_html


def test_built_citations_and_bibliography_carry_the_letters():
    from creditlab.bib import book_year_labels

    html = built_html("student")
    years = book_year_labels()
    page = (html / "book" / "part1" / "reading-mass-line.html").read_text(encoding="utf-8")
    for key in ("hoffman2017thesis", "hoffman2017programming", "hoffman2017managing"):
        assert f"Hoffman, {years[key]}" in page, f"{key}: citation without its letter"
    assert len({years[k] for k in ("hoffman2017thesis", "hoffman2017programming", "hoffman2017managing")}) == 3
    bibliography = (html / "book" / "bibliography.html").read_text(encoding="utf-8")
    assert years["hoffman2017programming"] in bibliography and "2018b" in bibliography


def test_words_in_the_built_reading_match_the_data():
    from creditlab import datasets

    stats = datasets.load("statistics")
    page = (built_html("student") / "book" / "part1" / "reading-trust-deficit.html").read_text(encoding="utf-8")
    page = re.sub(r"<[^>]+>", "", page)
    for rid in ("S083", "S084", "S092", "S093"):
        assert format_words(stats.by_id(rid)["value"]) + " yuan" in page, rid
