"""How data values are written into pages (escaping and number format), and how a change to the extension reaches every page."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from creditlab.sphinxext import format_number, format_words, md_escape


def test_leading_percent_is_not_a_myst_comment():
    assert md_escape("%50 of listed firms") == "\\%50 of listed firms"
    assert md_escape("50% of listed firms") == "50% of listed firms"


def test_markdown_syntax_is_escaped():
    assert md_escape("a_b *c* [d]") == "a\\_b \\*c\\* \\[d\\]"


def test_big_numbers_have_separators_not_exponents():
    assert format_number(1.4e9) == "1,400,000,000"
    assert format_number(2.5e6) == "2,500,000"
    assert format_number(12.5) == "12.5"
    assert format_number(0.0125) == "0.0125"


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda v: v == 0 or abs(v) >= 1e-6))
def test_numbers_never_use_scientific_notation(value):
    assert "e" not in format_number(value).lower()


def test_large_numbers_in_words_only_where_exact():
    assert format_words(520_000_000_000) == "520 billion"
    assert format_words(2_830_000_000_000) == "2.83 trillion"
    assert format_words(3_510_000) == "3.51 million"
    assert format_words(1_234_567) == "1,234,567"  # words would round: the figure is kept whole
    assert format_words(87_079) == "87,079"
    assert format_words(-2_000_000) == "-2 million"
    assert format_words(2.5) == "2.5"


def test_a_change_to_the_extension_code_rebuilds_every_page(tmp_path):
    """The extension's env_version is a digest of its code, so an incremental build after a
    change to a directive or a template re-reads every page instead of keeping stale ones."""
    import shutil

    from creditlab.sphinxext import code_version

    copy = tmp_path / "sphinxext"
    shutil.copytree(Path(code_version.__code__.co_filename).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_version(copy)
    assert before == code_version(copy), "the same code gives the same version"
    (copy / "reach.py").write_text((copy / "reach.py").read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert code_version(copy) != before
    assert code_version() == code_version(Path(code_version.__code__.co_filename).parent)
