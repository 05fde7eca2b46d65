"""Removing solutions and instructor material: one function for MyST text, one for notebooks.

The student edition of the book and the student copies of the exercise notebooks are made
by these two functions, so that both agree on what a solution is:

- in MyST Markdown (pages and notebook markdown cells): a fenced ``{solution}`` or
  ``{instructor-note}`` directive (backtick or colon fence), removed with its whole body;
- in notebooks: everything from the markdown cell holding ``{solution-start}`` to the cell
  holding ``{solution-end}``, inclusive (sphinx-exercise's gated solutions), and any cell
  tagged ``solution`` or ``instructor``.

Every solution carries the marker ``kit-solution`` (in its ``:class:`` option, and as a
``# kit-solution`` comment in solution code cells), so that a test can search a student
build for leaks. :func:`check_markers` enforces the convention.

Structure errors (a start without an end, an end without a start, an unclosed fence) raise
:class:`SolutionStructureError` naming the file and the cell or line.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

__all__ = [
    "MARKER",
    "SolutionStructureError",
    "strip_markdown",
    "strip_notebook",
    "find_solutions",
    "check_markers",
    "STUB_TEXT",
]

MARKER = "kit-solution"
STRIP_DIRECTIVES = ("solution", "instructor-note")
STRIP_TAGS = ("solution", "instructor")
STUB_TEXT = (
    "```{note}\n"
    "**Your turn.** Complete the starting cell above, run it, then run the check below. "
    "Worked solutions are in the instructor edition.\n"
    "```"
)

_OPEN = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|:{3,})\{(?P<name>[A-Za-z0-9_-]+)\}(?P<rest>.*)$")


class SolutionStructureError(ValueError):
    """A solution block is malformed; the message names the file and where."""


@dataclass(frozen=True)
class Solution:
    """A solution found in a source file (for tests and reports)."""

    where: str
    label: str | None
    has_marker: bool


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    char = fence[0]
    return len(stripped) >= len(fence) and set(stripped) == {char}


def _blocks(text: str, names: tuple[str, ...], where: str):
    """Yield (start_line, end_line, name, body_lines) for fenced directives named ``names``."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if match and match.group("name") in names:
            fence = match.group("fence")
            j = i + 1
            while j < len(lines) and not _closes(lines[j], fence):
                j += 1
            if j == len(lines):
                raise SolutionStructureError(
                    f"{where}: line {i + 1}: the {{{match.group('name')}}} block opened with {fence} is never closed"
                )
            yield i, j, match.group("name"), lines[i : j + 1]
            i = j + 1
        else:
            i += 1


def strip_markdown(text: str, where: str = "<text>") -> tuple[str, int]:
    """Remove ``{solution}`` and ``{instructor-note}`` blocks; return (text, blocks removed)."""
    lines = text.split("\n")
    drop = set()
    count = 0
    for start, end, _, _ in _blocks(text, STRIP_DIRECTIVES, where):
        drop.update(range(start, end + 1))
        count += 1
    kept = [line for k, line in enumerate(lines) if k not in drop]
    out = "\n".join(kept)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out, count


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _has_directive(cell, name: str) -> bool:
    if cell.get("cell_type") != "markdown":
        return False
    return any(m and m.group("name") == name for m in map(_OPEN.match, _source(cell).split("\n")))


def strip_notebook(nb: dict, where: str = "<notebook>", *, stub: bool = True) -> tuple[dict, int]:
    """Return a copy of the notebook ``nb`` (a JSON dict) without solutions, and their count.

    Each removed gated solution is replaced by a short "your turn" note when ``stub`` is
    true. Outputs and execution counts are cleared in the copy.
    """
    out = copy.deepcopy(nb)
    cells = out.get("cells", [])
    kept = []
    removed = 0
    inside = None
    for index, cell in enumerate(cells):
        here = f"{where}: cell {index + 1}"
        starts = _has_directive(cell, "solution-start")
        ends = _has_directive(cell, "solution-end")
        if starts and ends:
            raise SolutionStructureError(f"{here}: put {{solution-start}} and {{solution-end}} in separate cells")
        if starts:
            if inside is not None:
                raise SolutionStructureError(f"{here}: {{solution-start}} inside the solution opened at cell {inside + 1}")
            inside = index
            continue
        if ends:
            if inside is None:
                raise SolutionStructureError(f"{here}: {{solution-end}} without a {{solution-start}} before it")
            inside = None
            removed += 1
            if stub:
                kept.append({"cell_type": "markdown", "id": f"kit-stub-{removed}", "metadata": {}, "source": STUB_TEXT})
            continue
        if inside is not None:
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        if any(t in STRIP_TAGS for t in tags):
            removed += 1
            continue
        if cell.get("cell_type") == "markdown":
            text, n = strip_markdown(_source(cell), here)
            removed += n
            if n:
                if not text.strip():
                    continue
                cell = dict(cell, source=text)
        if cell.get("cell_type") == "code":
            cell = dict(cell, outputs=[], execution_count=None)
        kept.append(cell)
    if inside is not None:
        raise SolutionStructureError(f"{where}: cell {inside + 1}: {{solution-start}} is never closed by {{solution-end}}")
    out["cells"] = kept
    return out, removed


_LABEL = re.compile(r"^\s*:label:\s*(\S+)\s*$", re.MULTILINE)
_CLASS = re.compile(r"^\s*:class:\s*(.+)$", re.MULTILINE)


def _solution_from_block(body: list[str], where: str) -> Solution:
    text = "\n".join(body)
    label = _LABEL.search(text)
    classes = _CLASS.search(text)
    marker = bool(classes and MARKER in classes.group(1).split())
    return Solution(where=where, label=label.group(1) if label else None, has_marker=marker)


def find_solutions(path_or_text, *, notebook: dict | None = None, where: str = "<text>") -> list[Solution]:
    """List the solutions in a MyST text or a notebook dict, with their labels and markers."""
    found: list[Solution] = []
    if notebook is None:
        for start, _, name, body in _blocks(path_or_text, ("solution",), where):
            found.append(_solution_from_block(body, f"{where}: line {start + 1}"))
        return found
    cells = notebook.get("cells", [])
    index = 0
    while index < len(cells):
        cell = cells[index]
        here = f"{where}: cell {index + 1}"
        if _has_directive(cell, "solution-start"):
            sols = [_solution_from_block(body, here) for _, _, _, body in _blocks(_source(cell), ("solution-start",), here)]
            # The gated code cells must carry the marker too.
            j = index + 1
            code_ok = True
            while j < len(cells) and not _has_directive(cells[j], "solution-end"):
                if cells[j].get("cell_type") == "code":
                    code_ok &= MARKER in _source(cells[j]).split("\n")[0]
                    code_ok &= "solution" in cells[j].get("metadata", {}).get("tags", [])
                j += 1
            found.extend(Solution(s.where, s.label, s.has_marker and code_ok) for s in sols)
            index = j + 1
            continue
        if cell.get("cell_type") == "markdown":
            found.extend(find_solutions(_source(cell), where=here))
        elif "solution" in cell.get("metadata", {}).get("tags", []):
            found.append(Solution(here, None, MARKER in _source(cell)))
        index += 1
    return found


def check_markers(solutions: list[Solution]) -> list[str]:
    """Problems with the solution convention: every solution needs a ``sol-`` label and the marker."""
    problems = []
    for sol in solutions:
        if not sol.label or not sol.label.startswith("sol-"):
            problems.append(f"{sol.where}: a solution needs a :label: starting with 'sol-' (got {sol.label!r})")
        if not sol.has_marker:
            problems.append(
                f"{sol.where}: a solution needs ':class: dropdown {MARKER}' and, in notebooks, code cells tagged "
                f"'solution' whose first line is '# {MARKER}'"
            )
    return problems
