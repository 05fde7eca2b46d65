"""Citations for pages built outside Sphinx (the printable prep packets).

Short citations read "Kobie 2019" or "Xu, Kostka and Cao 2022"; full references give
author, year, title, where it was published, a note (translation, mirror) and the address.
"""

from __future__ import annotations

import re

from ..bib import BibEntry, read_bibliography

__all__ = ["short_cite", "full_reference", "clean_tex"]

_ACCENTS = {r"\'\i": "í", r"\'i": "í", r"\'e": "é", r"\'a": "á", r"\'o": "ó", r'\"o': "ö", r'\"u': "ü", r"\`e": "è"}


def clean_tex(text: str) -> str:
    """Strip the little TeX the bibliography uses."""
    t = text
    for k, v in _ACCENTS.items():
        t = t.replace("{" + k + "}", v).replace(k, v)
    t = t.replace("``", "\u201c").replace("''", "\u201d").replace("`", "\u2018")
    t = t.replace("\\&", "&").replace("---", "\u2014").replace("--", "\u2013")
    t = re.sub(r"[{}]", "", t)
    return " ".join(t.split())


def _authors(entry: BibEntry) -> list[str]:
    raw = entry.fields.get("author", "")
    if raw.startswith("{") and raw.endswith("}"):
        return [clean_tex(raw)]
    out = []
    for name in re.split(r"\s+and\s+", raw):
        name = clean_tex(name)
        last = name.split(",")[0].strip() if "," in name else name.split()[-1]
        out.append(last)
    return out


def short_cite(key: str, bib: dict[str, BibEntry] | None = None, year: str | None = None) -> str:
    """"Kobie 2019"; ``year`` replaces the entry's year (the book gives "2017a", "2017b" to
    works that would otherwise read alike: see :func:`creditlab.bib.year_labels`)."""
    bib = bib or read_bibliography()
    entry = bib[key]
    names = _authors(entry)
    if len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    elif len(names) == 3:
        who = f"{names[0]}, {names[1]} and {names[2]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {year or entry.fields.get('year', 'n.d.')}"


def full_reference(key: str, bib: dict[str, BibEntry] | None = None, year: str | None = None) -> dict[str, str]:
    """Parts of a full reference: text (without the address) and url; ``year`` as in
    :func:`short_cite`."""
    bib = bib or read_bibliography()
    e = bib[key]
    f = {k: clean_tex(v) for k, v in e.fields.items()}
    author = clean_tex(e.fields.get("author", "")).replace(" and ", "; ")
    parts = [f"{author} ({year or f.get('year', 'n.d.')}). {f.get('title', '')}."]
    where = f.get("journal") or f.get("booktitle") or f.get("institution") or ""
    if where:
        extra = ""
        if f.get("volume"):
            extra += f" {f['volume']}"
        if f.get("number"):
            extra += f"({f['number']})" if f.get("volume") else f" {f.get('type', '')} {f['number']}".rstrip()
        if f.get("pages"):
            extra += f", {f['pages']}"
        parts.append(f"{where}{extra}.")
    if f.get("howpublished"):
        parts.append(f"{f['howpublished']}.")
    if f.get("note"):
        parts.append(f"{f['note']}.")
    return {"key": key, "text": " ".join(p for p in parts if p.strip(". ")), "url": f.get("url", "")}
