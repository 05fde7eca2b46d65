"""Reading the book's bibliography (``book/references.bib``) without a BibTeX toolchain.

The data sets cite their sources by BibTeX key; the checks here make sure every key
resolves, so that a record can never cite a source the book does not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import bibliography_path

__all__ = ["BibEntry", "read_bibliography", "bib_keys"]

_ENTRY = re.compile(r"^@(?P<type>[A-Za-z]+)\s*\{\s*(?P<key>[^,\s]+)\s*,", re.MULTILINE)
_FIELD = re.compile(r"^\s*(?P<name>[A-Za-z_-]+)\s*=\s*[{\"](?P<value>.*?)[}\"]\s*,?\s*$", re.MULTILINE)


@dataclass(frozen=True)
class BibEntry:
    key: str
    type: str
    fields: dict
    line: int


def _parse(text: str, path: Path) -> dict[str, BibEntry]:
    entries: dict[str, BibEntry] = {}
    matches = list(_ENTRY.finditer(text))
    for i, match in enumerate(matches):
        key = match.group("key")
        line = text.count("\n", 0, match.start()) + 1
        if key in entries:
            raise ValueError(f"{path}: line {line}: duplicate BibTeX key {key!r} (first at line {entries[key].line})")
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[match.end() : end]
        fields = {m.group("name").lower(): m.group("value") for m in _FIELD.finditer(body)}
        entries[key] = BibEntry(key=key, type=match.group("type").lower(), fields=fields, line=line)
    return entries


@lru_cache(maxsize=8)
def _read_cached(path: str, mtime: float) -> dict[str, BibEntry]:
    p = Path(path)
    return _parse(p.read_text(encoding="utf-8"), p)


def read_bibliography(path: Path | str | None = None) -> dict[str, BibEntry]:
    """Entries of a ``.bib`` file by key (default: the book's bibliography)."""
    p = Path(path) if path is not None else bibliography_path()
    if not p.is_file():
        raise FileNotFoundError(f"bibliography not found: {p}")
    return _read_cached(str(p.resolve()), p.stat().st_mtime)


def bib_keys(path: Path | str | None = None) -> set[str]:
    """The set of citation keys in a ``.bib`` file (default: the book's bibliography)."""
    return set(read_bibliography(path))
