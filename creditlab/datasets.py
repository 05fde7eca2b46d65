"""Loading and checking the curated data sets in ``data/``.

Each data set is a CSV file (one record per row, editable in any spreadsheet) described by
a schema file next to it, ``data/<name>.schema.yml``. The schema lists the fields, their
types and rules; :func:`load` reads the CSV, checks every record against the schema and the
bibliography, and returns typed records. A broken file fails with one line per problem,
each naming the file, the record (by id and line) and the field.

Field types
-----------
``id``        unique identifier; ``pattern`` is a regular expression it must match
``string``    one line of text; optional ``pattern``, ``min_length``, ``max_length``
``text``      free text (may be long)
``enum``      one of ``values``
``enums``     several of ``values``, separated by ``;``
``date``      ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
``integer``   whole number, digits only (``1408280000``, not ``1_408_280_000``); optional ``min``, ``max``
``number``    real number, written plainly (``0.25``, ``-3``, ``1.4e9``); optional ``min``, ``max``
``url``       an ``http(s)://`` address
``bibkeys``   one or more keys of ``book/references.bib``, separated by ``;``

Every field may set ``required: true`` (it may not be empty); a field that is not required
and empty loads as ``None`` (``[]`` for ``bibkeys`` and ``enums``). ``unique: true`` makes
duplicates an error; ``unique_together: [[X, Y], ...]`` (top level) makes a repeated
combination of values an error (``unique_together: [X, Y]`` is one such group). A schema
may also list ``checks``, each about one record:

- ``{field: X, before_or_equal: Y}`` compares two date fields;
- ``{field: X, pattern: REGEX, when: {Y: value}}`` requires the whole text of X to match
  the regular expression in every record whose field Y has that value (for instance an id
  prefix that must agree with a treatment); ``when`` may name several fields.

Every row must have as many cells as the header; each problem names the line it is on.
"""

from __future__ import annotations

import copy
import csv
import math
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import yaml

from .bib import bib_keys
from .paths import bibliography_path, data_dir

__all__ = ["DataError", "Schema", "Dataset", "load", "load_schema", "available", "parse_date", "date_sort_key"]

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_URL = re.compile(r"^https?://\S+$")
# What int() and float() accept but a data file should not hold: underscores ("1_408_280_000"),
# digits of other scripts. The finite check comes first, so "nan" and "inf" keep their message.
_PLAIN = {
    "integer": re.compile(r"[+-]?[0-9]+\Z"),
    "number": re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z"),
}
_TYPES = {"id", "string", "text", "enum", "enums", "date", "integer", "number", "url", "bibkeys"}


class DataError(ValueError):
    """A data file breaks its schema. ``problems`` holds one message per problem found."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = Path(path)
        self.problems = list(problems)
        shown = self.problems[:25]
        more = len(self.problems) - len(shown)
        text = f"{self.path}: {len(self.problems)} problem(s)\n  " + "\n  ".join(shown)
        if more:
            text += f"\n  ... and {more} more"
        super().__init__(text)


def parse_date(text: str) -> tuple[int, int | None, int | None]:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into (year, month, day); raise ValueError."""
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r} has month {month}, which does not exist")
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:  # 2023-02-30; date() would not say which value
            raise ValueError(f"{text!r} has day {day}, which does not exist in {year}-{month:02d}") from None
    return year, month, day


def date_sort_key(text: str) -> tuple[int, int, int]:
    """A sort key for partial dates: a year sorts before its months, a month before its days."""
    y, m, d = parse_date(text)
    return (y, m or 0, d or 0)


@dataclass(frozen=True)
class Schema:
    name: str
    title: str
    file: str
    id_field: str
    description: str
    fields: dict[str, dict]
    checks: list[dict] = field(default_factory=list)
    path: Path | None = None
    unique_together: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return list(self.fields)


@dataclass
class Dataset:
    """Typed records of one data set, in file order."""

    schema: Schema
    path: Path
    records: list[dict[str, Any]]
    #: The line each record starts on in the file (parallel to ``records``).
    lines: list[int] = field(default_factory=list, repr=False, compare=False)

    def locate(self, record: dict[str, Any]) -> str:
        """How a problem names ``record``: ``record <id> (line <n>)``, as the loader does
        (without the line if ``record`` is not one of this data set's own)."""
        for r, line in zip(self.records, self.lines):
            if r is record:
                return f"record {record[self.schema.id_field]} (line {line})"
        return f"record {record[self.schema.id_field]}"

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def column(self, name: str) -> list[Any]:
        if name not in self.schema.fields:
            raise KeyError(f"{self.schema.name} has no field {name!r}; fields: {', '.join(self.schema.columns)}")
        return [r[name] for r in self.records]

    def by_id(self, record_id: str) -> dict[str, Any]:
        for r in self.records:
            if r[self.schema.id_field] == record_id:
                return r
        raise KeyError(f"{self.schema.name} has no record {record_id!r}")

    def where(self, **conditions) -> list[dict[str, Any]]:
        """Records whose fields equal the given values (for list fields: contain them)."""
        for name in conditions:
            if name not in self.schema.fields:
                raise KeyError(f"{self.schema.name} has no field {name!r}; fields: {', '.join(self.schema.columns)}")
        out = []
        for r in self.records:
            ok = True
            for name, want in conditions.items():
                have = r[name]
                ok &= (want in have) if isinstance(have, list) else (have == want)
            if ok:
                out.append(r)
        return out


def available(directory: Path | None = None) -> list[str]:
    """Names of the data sets that have a schema in ``data/``."""
    d = Path(directory) if directory else data_dir()
    return sorted(p.name[: -len(".schema.yml")] for p in d.glob("*.schema.yml"))


@lru_cache(maxsize=64)
def _parse_yaml(text: str):
    """A schema's text parsed once (a book build loads the data sets over 200 times, and
    parsing YAML in pure Python took a few seconds of every build). Keyed by the text itself,
    so an edited schema is always parsed again."""
    return yaml.safe_load(text)


def load_schema(name: str, directory: Path | None = None) -> Schema:
    d = Path(directory) if directory else data_dir()
    path = d / f"{name}.schema.yml"
    if not path.is_file():
        known = ", ".join(available(d)) or "none"
        raise FileNotFoundError(f"no schema {path.name} in {d} (data sets with a schema: {known})")
    raw = copy.deepcopy(_parse_yaml(path.read_text(encoding="utf-8")))
    problems = []
    for key in ("name", "title", "file", "id", "description", "fields"):
        if key not in raw:
            problems.append(f"schema is missing the key {key!r}")
    if problems:
        raise DataError(path, problems)
    fields: dict[str, dict] = {}
    for spec in raw["fields"]:
        fname = spec.get("name")
        ftype = spec.get("type")
        if not fname:
            problems.append(f"a field has no name: {spec}")
            continue
        if ftype not in _TYPES:
            problems.append(f"field {fname!r}: unknown type {ftype!r} (known: {', '.join(sorted(_TYPES))})")
        if ftype in ("enum", "enums") and not spec.get("values"):
            problems.append(f"field {fname!r}: type {ftype} needs a list of values")
        if not spec.get("description"):
            problems.append(f"field {fname!r}: every field needs a description for the data dictionary")
        fields[fname] = spec
    if raw["id"] not in fields:
        problems.append(f"the id field {raw['id']!r} is not among the fields")
    unknown = sorted(set(raw) - _SCHEMA_KEYS)
    if unknown:
        problems.append(f"unknown key(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(_SCHEMA_KEYS))}")
    checks = raw.get("checks") or []
    problems += _check_checks(checks, fields)
    together = _unique_groups(raw.get("unique_together"), fields, problems)
    if problems:
        raise DataError(path, problems)
    return Schema(
        name=raw["name"],
        title=raw["title"],
        file=raw["file"],
        id_field=raw["id"],
        description=raw["description"],
        fields=fields,
        checks=checks,
        path=path,
        unique_together=together,
    )


_SCHEMA_KEYS = {"name", "title", "file", "id", "description", "fields", "checks", "unique_together"}


def _check_checks(checks, fields: dict) -> list[str]:
    """Problems with the ``checks`` of a schema (an unknown field or kind would be ignored silently)."""
    if not isinstance(checks, list):
        return [f"checks must be a list (got {checks!r})"]
    problems = []
    for i, check in enumerate(checks, 1):
        where = f"check {i}"
        if not isinstance(check, dict):
            problems.append(f"{where}: must be a mapping such as {{field: date, before_or_equal: as_of}} (got {check!r})")
            continue
        kinds = [k for k in ("before_or_equal", "pattern") if k in check]
        allowed = {"field", "before_or_equal"} if kinds == ["before_or_equal"] else {"field", "pattern", "when"}
        if len(kinds) != 1:
            problems.append(f"{where}: needs exactly one of before_or_equal or pattern (got {check!r})")
            continue
        extra = sorted(set(check) - allowed)
        if extra:
            problems.append(f"{where}: unknown key(s) {', '.join(map(repr, extra))} for a {kinds[0]} check; allowed: {', '.join(sorted(allowed))}")
        named = [check.get("field")]
        if kinds == ["before_or_equal"]:
            named.append(check["before_or_equal"])
        else:
            try:
                re.compile(str(check["pattern"]))
            except re.error as exc:
                problems.append(f"{where}: pattern {check['pattern']!r} is not a valid regular expression ({exc})")
            when = check.get("when", {})
            if not isinstance(when, dict) or not when:
                problems.append(f"{where}: 'when' must map field names to values, e.g. {{treatment: no-history}} (got {when!r})")
            else:
                named += list(when)
        for name in named:
            if name not in fields:
                problems.append(f"{where}: {name!r} is not a field of this schema")
    return problems


def _unique_groups(raw, fields: dict, problems: list[str]) -> list[tuple[str, ...]]:
    """``unique_together`` as a list of field-name tuples: ``[a, b]`` is one group, ``[[a, b], [c, d]]`` two."""
    if raw is None:
        return []
    if isinstance(raw, list) and raw and all(isinstance(x, str) for x in raw):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(g, list) and len(g) >= 2 for g in raw):
        problems.append(f"unique_together must list groups of at least two fields, e.g. [[treatment, pair]] (got {raw!r})")
        return []
    groups = []
    for group in raw:
        missing = [f for f in group if f not in fields]
        if missing:
            problems.append(f"unique_together: {', '.join(map(repr, missing))} not among the fields")
        groups.append(tuple(group))
    return groups


def _convert(spec: dict, text: str, keys: set[str] | None) -> Any:
    ftype = spec["type"]
    if ftype in ("id", "string"):
        if "\n" in text:
            raise ValueError("must be one line")
        if spec.get("pattern") and not re.fullmatch(spec["pattern"], text):
            raise ValueError(f"{text!r} does not match the pattern {spec['pattern']}")
        if spec.get("min_length") and len(text) < spec["min_length"]:
            raise ValueError(f"must be at least {spec['min_length']} characters long (got {len(text)})")
        if spec.get("max_length") and len(text) > spec["max_length"]:
            raise ValueError(f"must be at most {spec['max_length']} characters long (got {len(text)})")
        return text
    if ftype == "text":
        if spec.get("min_length") and len(text) < spec["min_length"]:
            raise ValueError(f"must be at least {spec['min_length']} characters long (got {len(text)})")
        return text
    if ftype == "enum":
        if text not in spec["values"]:
            raise ValueError(f"{text!r} is not one of: {', '.join(map(str, spec['values']))}")
        return text
    if ftype == "enums":
        items = [t.strip() for t in text.split(";") if t.strip()]
        bad = [t for t in items if t not in spec["values"]]
        if bad:
            raise ValueError(f"{', '.join(map(repr, bad))} not among: {', '.join(map(str, spec['values']))}")
        return items
    if ftype == "date":
        parse_date(text)
        return text
    if ftype in ("integer", "number"):
        kind = "a whole number" if ftype == "integer" else "a number"
        try:
            value = int(text) if ftype == "integer" else float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not {kind}") from None
        if not math.isfinite(value):  # float() reads "nan" and "inf", and nan passes any min/max
            raise ValueError(f"{text!r} is not a finite number")
        if not _PLAIN[ftype].match(text):  # int() and float() also read "1_408_280_000" and other scripts' digits
            how = f"without the underscores ({text.replace('_', '')!r})" if "_" in text else "with the digits 0-9 only"
            raise ValueError(f"{text!r} is not written as {kind}: write it {how}")
        if spec.get("min") is not None and value < spec["min"]:
            raise ValueError(f"{value} is below the minimum {spec['min']}")
        if spec.get("max") is not None and value > spec["max"]:
            raise ValueError(f"{value} is above the maximum {spec['max']}")
        return value
    if ftype == "url":
        if not _URL.match(text):
            raise ValueError(f"{text!r} is not an http(s) address")
        return text
    if ftype == "bibkeys":
        items = [t.strip() for t in text.split(";") if t.strip()]
        if keys is not None:
            missing = [t for t in items if t not in keys]
            if missing:
                raise ValueError(
                    f"citation key(s) {', '.join(map(repr, missing))} not found in the bibliography "
                    "(book/references.bib)"
                )
        return items
    raise ValueError(f"unknown type {ftype}")  # pragma: no cover - schema check catches it


def load(
    name: str,
    *,
    directory: Path | str | None = None,
    bibliography: Path | str | None = None,
    check_citations: bool = True,
) -> Dataset:
    """Load and check the data set ``name`` (for example ``"timeline"``).

    Raises :class:`DataError` listing every problem, each with the file, the record id (and
    line) and the field.
    """
    d = Path(directory) if directory else data_dir()
    schema = load_schema(name, d)
    path = d / schema.file
    if not path.is_file():
        raise FileNotFoundError(f"data file {path} named by {schema.path} does not exist")
    keys = None
    if check_citations:
        keys = bib_keys(Path(bibliography) if bibliography else bibliography_path())

    try:
        return _read(path, schema, keys)
    except UnicodeDecodeError:
        raise DataError(path, [_not_utf8(path)]) from None


def _not_utf8(path: Path) -> str:
    """The problem line for a file that is not UTF-8 text, with the line of the first bad byte."""
    raw = path.read_bytes()
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    advice = "save the file as UTF-8 (in Excel: Save As > CSV UTF-8)"
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        return f"line {line}: byte {body[exc.start : exc.start + 1]!r} is not UTF-8 text; {advice}"
    return f"the file is not UTF-8 text; {advice}"  # pragma: no cover - the reader failed, so decoding fails


def _read(path: Path, schema: Schema, keys: set[str] | None) -> Dataset:
    problems: list[str] = []
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is dropped, not read into the first column's name.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise DataError(path, [f"line {reader.line_num}: {exc}"]) from None
        missing = [f for f in schema.fields if f not in header]
        extra = [h for h in header if h not in schema.fields]
        twice = sorted({h for h in header if header.count(h) > 1})
        if missing:
            problems.append(f"line 1: header: missing column(s) {', '.join(missing)}")
        if extra:
            problems.append(f"line 1: header: column(s) {', '.join(extra)} are not in the schema {schema.path.name}")
        if twice:
            problems.append(f"line 1: header: column(s) {', '.join(twice)} appear more than once")
        if problems:
            raise DataError(path, problems)
        seen: dict[str, dict[Any, str]] = {f: {} for f, s in schema.fields.items() if s.get("unique") or s["type"] == "id"}
        seen_together: dict[tuple[str, ...], dict[tuple, str]] = {g: {} for g in schema.unique_together}
        end = reader.line_num
        while True:
            start = end + 1  # a record may span lines (a quoted cell with a line break): name its first
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(f"line {start}: {exc}")
                break
            end = reader.line_num
            if not cells:
                continue  # a blank line
            if len(cells) != len(header):
                more = "more cells than columns: " if len(cells) > len(header) else ""
                hint = "an unquoted comma?" if more else "a missing cell, or a line break in a cell without quotes?"
                problems.append(f"line {start}: {more}row has {len(cells)} cells, the header has {len(header)} ({hint})")
                continue
            row = dict(zip(header, cells))
            rid = row.get(schema.id_field, "").strip() or f"<no {schema.id_field}>"
            where = f"record {rid} (line {start})"
            record: dict[str, Any] = {}
            for fname, spec in schema.fields.items():
                text = row.get(fname, "").strip()
                if not text:
                    if spec.get("required") or spec["type"] == "id":
                        problems.append(f"{where}: field '{fname}': is required but empty")
                    record[fname] = [] if spec["type"] in ("bibkeys", "enums") else None
                    continue
                try:
                    record[fname] = _convert(spec, text, keys)
                except ValueError as exc:
                    problems.append(f"{where}: field '{fname}': {exc}")
                    record[fname] = None
                    continue
                if fname in seen:
                    if text in seen[fname]:
                        problems.append(f"{where}: field '{fname}': {text!r} repeats {seen[fname][text]}")
                    else:
                        seen[fname][text] = where
            for group, earlier in seen_together.items():
                values = tuple(record.get(f) for f in group)
                if any(v is None or v == [] for v in values):
                    continue  # an empty or broken field is reported above
                key = tuple(tuple(v) if isinstance(v, list) else v for v in values)
                if key in earlier:
                    shown = ", ".join(f"{f}={v!r}" for f, v in zip(group, values))
                    problems.append(
                        f"{where}: fields {', '.join(repr(f) for f in group)}: {shown} repeats {earlier[key]} "
                        "(each combination may appear only once)"
                    )
                else:
                    earlier[key] = where
            problems += _record_checks(schema, record, where)
            records.append(record)
            lines.append(start)
    if problems:
        raise DataError(path, problems)
    return Dataset(schema=schema, path=path, records=records, lines=lines)


def _record_checks(schema: Schema, record: dict[str, Any], where: str) -> list[str]:
    """The schema's ``checks`` for one record (see the module docstring)."""
    problems = []
    for check in schema.checks:
        first = check["field"]
        if "before_or_equal" in check:
            second = check["before_or_equal"]
            a, b = record.get(first), record.get(second)
            k = min(len(a.split("-")), len(b.split("-"))) if a and b else 0
            if k and date_sort_key(a)[:k] > date_sort_key(b)[:k]:
                problems.append(f"{where}: field '{first}': {a} is after {second} {b}")
            continue
        when = check["when"]
        if not all(record.get(f) == v for f, v in when.items()):
            continue
        value = record.get(first)
        if value is None:
            continue  # empty or broken: reported already
        pattern = str(check["pattern"])
        if not re.fullmatch(pattern, str(value)):
            because = " and ".join(f"{f} is {v}" for f, v in when.items())
            problems.append(f"{where}: field '{first}': {value!r} does not match the pattern {pattern}, required when {because}")
    return problems
