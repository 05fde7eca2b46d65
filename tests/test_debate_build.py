"""The build-time check: a debate card without a resolving citation or a date stops the book.

A tiny book with the kit's configuration, bibliography and debate data renders cards, a
case file and a map; breaking one card makes the strict build fail and name the file, the
record and the field."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.build

PAGE = textwrap.dedent(
    """\
    # Tiny studio

    There are {debate-count}`cards:reading=mass-line` Mass Line cards.

    ```{debate-motions}
    :where: id=M03
    ```

    ```{debate-cards}
    :anchors:
    ```

    ```{debate-case} M03
    :side: opp
    ```

    ```{debate-map} M03
    ```

    ```{debate-plans} M03
    ```
    """
)


@pytest.fixture
def tiny_studio(tmp_path):
    root = tmp_path / "kit"
    (root / "book" / "images").mkdir(parents=True)
    (root / "data").mkdir()
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    shutil.copy(ROOT / "book" / "references.bib", root / "book" / "references.bib")
    shutil.copy(ROOT / "book" / "images" / "favicon.svg", root / "book" / "images" / "favicon.svg")
    for f in (ROOT / "data").glob("debate_*"):
        shutil.copy(f, root / "data" / f.name)
    # The cards name claims of the kit's own audit, which the studio checks them against.
    for f in (ROOT / "data").glob("claims.*"):
        shutil.copy(f, root / "data" / f.name)
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: book/refs\n", encoding="utf-8")
    (root / "book" / "refs.md").write_text("# References\n\n```{bibliography}\n```\n", encoding="utf-8")
    (root / "index.md").write_text(PAGE, encoding="utf-8")
    return root


def _build(root):
    code = f"from creditlab.build import build; build('student', root={str(root)!r}, quiet=True)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)


def _blank(path, record, field):
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        if r["id"] == record:
            r[field] = ""
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.DictWriter(handle, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def test_debate_directives_build_and_broken_card_stops_the_build(tiny_studio):
    result = _build(tiny_studio)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = tiny_studio / "_build" / "student" / "html"
    page = (html / "index.html").read_text(encoding="utf-8")
    assert 'id="card-e001"' in page and "Vulnerability." in page
    assert '<svg role="img" aria-labelledby="map-m03-title"' in page and 'role="region"' in page
    assert (html / "debate" / "packets" / "M03.html").is_file()
    # After the map's text outline, one dropdown per format: M03's own formats first, in its
    # order, then the rest.
    titles = re.findall(r'<details class="[^"]*dropdown[^"]*"[^>]*>\s*<summary[^>]*>\s*(?:<span[^>]*>)?([^<]+?)\s*<', page)
    assert [t.strip() for t in titles][1:] == [
        "World Schools", "British Parliamentary", "Public Forum", "Asian Parliamentary", "Karl Popper",
        "Lincoln-Douglas (reword the motion for this format)",
    ], titles
    assert page.count("Material from the case file and map") == 12  # two sides x six formats
    assert (html / "debate" / "maps" / "M03.aif.json").is_file()

    for field in ("date", "sources"):
        broken = tiny_studio.parent / f"broken-{field}"
        shutil.copytree(tiny_studio, broken, ignore=shutil.ignore_patterns("_build"))
        _blank(broken / "data" / "debate_cards.csv", "E043", field)
        result = _build(broken)
        output = result.stdout + result.stderr
        assert result.returncode != 0
        assert "debate_cards.csv" in output and "record E043" in output and f"field '{field}'" in output, output[-2000:]


def test_plan_order_puts_the_motions_formats_first_and_checks_the_option():
    from creditlab.debate.data import load_studio
    from creditlab.sphinxext.debate import plan_order

    studio = load_studio(ROOT / "data")
    assert plan_order(studio, "M09") == ["ld", "pf", "kp", "wsdc", "bp", "ap"]
    assert plan_order(studio, "M09", "bp; wsdc") == ["bp", "wsdc"]
    with pytest.raises(KeyError, match="no format 'xx'"):
        plan_order(studio, "M09", "bp xx")
    with pytest.raises(ValueError, match="bp listed twice"):
        plan_order(studio, "M09", "bp wsdc bp")
