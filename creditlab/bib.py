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

__all__ = ["BibEntry", "read_bibliography", "bib_keys", "year_labels", "book_year_labels", "remember_pybtex_plugins"]

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


_YEAR = re.compile(r"^\s*(\d{4})")


def remember_pybtex_plugins() -> None:
    """Make pybtex look up each installed plugin once per process, not once per citation.

    pybtex finds a style or backend by scanning the entry points of every installed
    package (``importlib.metadata.entry_points``), about 25 ms each time, and
    sphinxcontrib-bibtex asks for one at every citation it resolves: 1,600 look-ups, tens of
    seconds per build of this book. The installed packages do not change during a build, so
    the answers are remembered. Plugins registered at run time (``register_plugin``) are
    still checked first by pybtex, as before. Calling this twice changes nothing.
    """
    import pybtex.plugin as plugin

    original = plugin.entry_points
    if getattr(original, "_creditlab_remembered", False):
        return
    remembered: dict = {}

    def entry_points(**selection):
        key = tuple(sorted(selection.items()))
        if key not in remembered:
            remembered[key] = original(**selection)
        return remembered[key]

    entry_points._creditlab_remembered = True
    plugin.entry_points = entry_points


@lru_cache(maxsize=1)
def _name_style():
    """pybtex's "last" name style, as sphinxcontrib-bibtex uses it, and a plain-text backend
    (looked up once: finding a pybtex plugin scans every installed package's entry points,
    which ``render_as`` would do for each name)."""
    from pybtex.backends.plaintext import Backend
    from pybtex.plugin import find_plugin

    return find_plugin("pybtex.style.names", "last")(), Backend()


def _author_label(entry) -> tuple:
    """What an author-year citation shows before the year, as the book's style renders it:
    one or two surnames, or the first surname and "et al." (authors, else editors, else the
    title)."""
    style, text = _name_style()
    for role in ("author", "editor"):
        persons = entry.persons.get(role)
        if persons:
            names = tuple(style.format(p, True).format().render(text) for p in persons)
            return names if len(names) <= 2 else (names[0], "et al.")
    return ("title", entry.fields.get("title", ""))


def year_labels(entries) -> dict[str, str]:
    """The year each entry shows in an author-year citation, with a letter where two
    entries would otherwise read alike: "Hoffman, 2017a", "Hoffman, 2017b".

    ``entries`` maps keys to pybtex entries. Entries that share the author label and the
    year get a, b, c... in the order of their titles (the order of the bibliography).
    A year that already carries a letter is read without it, so the labels can be
    computed again on entries that were given them before.
    """
    groups: dict[tuple, list[tuple[str, str]]] = {}
    years: dict[str, str] = {}
    for key, entry in entries.items():
        raw = entry.fields.get("year", "")
        m = _YEAR.match(raw)
        year = m.group(1) if m else raw
        years[key] = year
        title = re.sub(r"[{}\\]", "", entry.fields.get("title", "")).casefold()
        groups.setdefault((_author_label(entry), year), []).append((title, key))
    for (_, year), members in groups.items():
        if len(members) > 1 and year:
            for i, (_, key) in enumerate(sorted(members)):
                years[key] = year + _letters(i)
    return years


def _letters(i: int) -> str:
    """a, b, ..., z, aa, ab, ...: the i-th suffix."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


@lru_cache(maxsize=4)
def _book_year_labels(path: str, mtime: float) -> dict[str, str]:
    from pybtex.database import parse_file

    return year_labels(parse_file(path).entries)


def book_year_labels(path: Path | str | None = None) -> dict[str, str]:
    """:func:`year_labels` for every entry of the book's bibliography (or of ``path``)."""
    p = Path(path) if path is not None else bibliography_path()
    return _book_year_labels(str(p.resolve()), p.stat().st_mtime)
