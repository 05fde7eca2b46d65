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


def _build(root):
    code = f"from creditlab.build import build; build('student', root={str(root)!r}, quiet=True)"
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
