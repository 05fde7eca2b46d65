"""The glossary (chapter 7) has at least 30 sourced terms with Chinese characters and
pinyin, and every {term} link in the book points at one of them."""

from __future__ import annotations

import re

from .conftest import ROOT

GLOSSARY = ROOT / "book" / "glossary.md"
HAN = re.compile(r"[\u4e00-\u9fff]")
TONE = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


def _entries() -> dict[str, str]:
    """Map every term (including aliases) to its definition text."""
    text = GLOSSARY.read_text(encoding="utf-8")
    entries: dict[str, str] = {}
    for block in re.findall(r"```\{glossary\}\n(.*?)```", text, flags=re.DOTALL):
        terms: list[str] = []
        body: list[str] = []
        for line in block.splitlines() + [""]:
            if line and not line.startswith(" "):
                if body:
                    for t in terms:
                        entries[t] = "\n".join(body)
                    terms, body = [], []
                terms.append(line.strip())
            elif line.strip():
                body.append(line.strip())
        if terms and body:
            for t in terms:
                entries[t] = "\n".join(body)
    return entries


def test_at_least_thirty_distinct_sourced_terms():
    entries = _entries()
    definitions = set(entries.values())
    assert len(definitions) >= 30, f"only {len(definitions)} glossary entries"
    for term, body in entries.items():
        assert "{cite:" in body, f"glossary term {term!r} cites no source"


def test_chinese_terms_have_characters_and_toned_pinyin():
    text = GLOSSARY.read_text(encoding="utf-8")
    models = text[text.index("## Models"):] if "## Models" in text else ""
    for term, body in _entries().items():
        if f"\n{term}\n" in models:  # the "Models" section holds game-theory and statistics terms, not Chinese ones
            continue
        assert HAN.search(body), f"{term!r}: give the Chinese characters"
        assert TONE.search(body), f"{term!r}: give pinyin with tone marks"


def test_terms_linked_from_the_book_exist():
    entries = _entries()
    missing = []
    for path in sorted((ROOT / "book").rglob("*.md")):
        for ref in TERM_ROLE.findall(path.read_text(encoding="utf-8")):
            target = ref.rsplit("<", 1)[1].rstrip(">").strip() if ref.endswith(">") else ref.strip()
            if target not in entries:
                missing.append(f"{path.relative_to(ROOT)}: {target}")
    assert not missing, "links to terms the glossary does not define:\n" + "\n".join(missing)
