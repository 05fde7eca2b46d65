"""The build is strict: an unresolved citation or cross-reference fails it, and says where."""

import shutil
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.build


@pytest.fixture
def tiny_book(tmp_path):
    """A one-page book using the kit's configuration and bibliography."""
    root = tmp_path / "kit"
    (root / "book" / "images").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copy(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    shutil.copy(ROOT / "book" / "images" / "favicon.svg", root / "book" / "images" / "favicon.svg")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: book/refs\n", encoding="utf-8")
    (root / "book" / "refs.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    return root


def _build(root, jobs=None):
    code = f"from creditlab.build import build; build('student', root={str(root)!r}, quiet=True, jobs={jobs!r})"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)


def test_good_page_builds(tiny_book):
    (tiny_book / "index.md").write_text("# Tiny\n\nA fact {cite:p}`nowak1998image`.\n", encoding="utf-8")
    result = _build(tiny_book)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert (tiny_book / "_build" / "student" / "html" / "index.html").is_file()


def test_unresolved_citation_and_reference_fail_the_build(tiny_book):
    (tiny_book / "index.md").write_text(
        textwrap.dedent(
            """\
            # Tiny

            A claim {cite:p}`nosuchkey1999`. See {doc}`book/nosuchpage`.
            """
        ),
        encoding="utf-8",
    )
    result = _build(tiny_book)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "nosuchkey1999" in output
    assert "nosuchpage" in output
    assert "did not build" in output


def test_parallel_build_reads_in_parallel_and_stays_strict(tiny_book):
    """`make book` and `make test` build with several processes (``--jobs``). Every extension
    the book loads must then allow parallel reading (else Sphinx warns and reads serially,
    which a strict build turns into a failure), and a warning raised in a worker process
    must still fail the build and name its page."""
    # Sphinx reads in parallel only when more than five pages need reading.
    pages = [f"book/p{i}" for i in range(7)]
    (tiny_book / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n" + "".join(f"  - file: {p}\n" for p in pages + ["book/refs"]),
        encoding="utf-8",
    )
    (tiny_book / "index.md").write_text("# Tiny\n", encoding="utf-8")
    for i, page in enumerate(pages):
        (tiny_book / f"{page}.md").write_text(f"# Page {i}\n\nA fact {{cite:p}}`nowak1998image`.\n", encoding="utf-8")
    result = _build(tiny_book, jobs=2)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "serial read" not in output and "serial write" not in output, output[-3000:]

    (tiny_book / "book" / "p4.md").write_text("# Page 4\n\nA claim {cite:p}`nosuchkey1999`.\n", encoding="utf-8")
    for page in pages:  # every page out of date again, so that the read is parallel
        (tiny_book / f"{page}.md").touch()
    result = _build(tiny_book, jobs=2)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "nosuchkey1999" in output and "p4" in output
    assert "did not build" in output


CHART_DATA = """id,year,value,series,sources
S1,2014,1.5,a,nowak1998image
S2,2015,2.5,a,nowak1998image
S3,2014,1.0,b,nowak2006five
S4,2015,3.0,b,nowak2006five
"""

CHART_SCHEMA = """name: demo
title: Demo numbers
file: demo.csv
id: id
description: Numbers for the chart test.
fields:
  - {name: id, type: id, description: id}
  - {name: year, type: date, required: true, description: year}
  - {name: value, type: number, required: true, description: value}
  - {name: series, type: enum, values: [a, b], required: true, description: series}
  - {name: sources, type: bibkeys, required: true, description: sources}
"""


def test_datachart_renders_accessible_svg_with_sources_and_data(tiny_book):
    (tiny_book / "data" / "demo.csv").write_text(CHART_DATA, encoding="utf-8")
    (tiny_book / "data" / "demo.schema.yml").write_text(CHART_SCHEMA, encoding="utf-8")
    page = textwrap.dedent(
        """\
        # Tiny

        ```{datachart} demo
        :kind: line
        :x: year
        :y: value
        :series: series
        :alt: Two lines rising from 2014 to 2015; series b overtakes series a.
        :caption: Demo values by year.
        ```
        """
    )
    (tiny_book / "index.md").write_text(page, encoding="utf-8")
    result = _build(tiny_book)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = (tiny_book / "_build" / "student" / "html" / "index.html").read_text(encoding="utf-8")
    assert '<svg role="img" aria-labelledby=' in out
    assert "<title id=" in out and "series b overtakes series a" in out
    assert "Nowak" in out  # the sources are cited under the chart
    assert "The data behind this chart" in out and "<table" in out

    (tiny_book / "index.md").write_text(page.replace(":alt: Two lines rising from 2014 to 2015; series b overtakes series a.\n", ":alt: A chart\n"), encoding="utf-8")
    result = _build(tiny_book)
    assert result.returncode != 0
    assert "at least 40 characters" in result.stdout + result.stderr
