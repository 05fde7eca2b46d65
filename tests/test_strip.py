"""Solutions and instructor notes are removed completely, and student copies never overwrite work."""

import json
import subprocess
import sys

import pytest

from creditlab.exercises.strip import (
    MARKER,
    SolutionStructureError,
    check_markers,
    find_solutions,
    strip_markdown,
    strip_notebook,
)

from .conftest import ROOT, notebook_paths, read_notebook

PAGE = """# Title

Intro text.

```{exercise} A task
:label: ex-a
Do it.
```

````{solution} ex-a
:label: sol-a
:class: dropdown kit-solution
The answer, with a nested block:
```python
print("secret")
```
````

:::{instructor-note}
Only for instructors.
:::

After.
"""


def test_strip_markdown_removes_solution_and_instructor_note():
    out, n = strip_markdown(PAGE)
    assert n == 2
    assert "secret" not in out and "Only for instructors" not in out and MARKER not in out
    assert "Do it." in out and "After." in out and "{exercise}" in out


def test_unclosed_block_names_the_line():
    with pytest.raises(SolutionStructureError, match=r"page.md: line 3: the \{solution\} block"):
        strip_markdown("a\n\n```{solution} x\nno end", "page.md")


def _nb(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text}


def _code(text, tags=()):
    return {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": text, "outputs": [], "execution_count": None}


GATED = _nb(
    _md("```{exercise}\n:label: ex-x\nTask.\n```"),
    _code("answer = ..."),
    _md("```{solution-start} ex-x\n:label: sol-x\n:class: dropdown kit-solution\n```\nExplanation."),
    _code("# kit-solution\nanswer = 42", tags=["solution"]),
    _md("```{solution-end}\n```"),
    _code("check(answer)"),
    _code("teacher only", tags=["instructor"]),
)


def test_strip_notebook_removes_gated_solution_and_leaves_a_stub():
    out, n = strip_notebook(GATED, "x.ipynb")
    sources = [c["source"] for c in out["cells"]]
    assert n == 2  # the gated solution and the instructor cell
    assert not any("42" in s or MARKER in s or "teacher" in s for s in sources)
    assert "answer = ..." in sources and "check(answer)" in sources
    assert any("Your turn" in s for s in sources)
    assert GATED["cells"][3]["source"].endswith("42"), "the input notebook is not modified"


@pytest.mark.parametrize(
    "cells, message",
    [
        ([_md("```{solution-end}\n```")], r"cell 1: \{solution-end\} without"),
        ([_md("```{solution-start} e\n```"), _code("x")], r"cell 1: \{solution-start\} is never closed"),
        ([_md("```{solution-start} e\n```"), _md("```{solution-start} f\n```")], r"cell 2: \{solution-start\} inside"),
    ],
)
def test_malformed_gates_are_reported(cells, message):
    with pytest.raises(SolutionStructureError, match=message):
        strip_notebook(_nb(*cells), "nb.ipynb")


def test_marker_convention_is_checked():
    assert check_markers(find_solutions(None, notebook=GATED, where="x")) == []
    bad = _nb(_md("```{solution-start} e\n:label: s-x\n```"), _code("x = 1", ["solution"]), _md("```{solution-end}\n```"))
    problems = check_markers(find_solutions(None, notebook=bad, where="bad"))
    assert any("sol-" in p for p in problems) and any(MARKER in p for p in problems)


def _sources_with_solutions():
    out = []
    for path in sorted((ROOT / "book").rglob("*.md")) + [ROOT / "index.md"]:
        out.append((path, find_solutions(path.read_text(encoding="utf-8"), where=str(path.relative_to(ROOT)))))
    for path in notebook_paths():
        out.append((path, find_solutions(None, notebook=read_notebook(path), where=str(path.relative_to(ROOT)))))
    return out


def test_every_solution_in_the_book_carries_label_and_marker():
    found = _sources_with_solutions()
    problems = [p for _, sols in found for p in check_markers(sols)]
    assert not problems, "\n".join(problems)
    assert sum(len(s) for _, s in found) >= 4


# --- The student-copy command -----------------------------------------------------------------


def _run(*args):
    return subprocess.run([sys.executable, "-m", "creditlab.exercises", *map(str, args)], capture_output=True, text=True)


def test_student_copy_writes_clean_copies(tmp_path):
    out = tmp_path / "handout"
    result = _run("student-copy", ROOT / "exercises", out)
    assert result.returncode == 0, result.stderr
    copies = sorted(out.rglob("*.ipynb"))
    assert copies, result.stdout
    for copy in copies:
        text = copy.read_text(encoding="utf-8")
        assert MARKER not in text and "solution-start" not in text
        nb = json.loads(text)
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_student_copy_refuses_to_overwrite(tmp_path):
    out = tmp_path / "handout"
    assert _run("student-copy", ROOT / "exercises", out).returncode == 0
    victim = next(out.rglob("*.ipynb"))
    victim.write_text("a student's work", encoding="utf-8")
    result = _run("student-copy", ROOT / "exercises", out)
    assert result.returncode != 0
    assert "refusing to overwrite" in result.stderr and str(victim) in result.stderr
    assert victim.read_text(encoding="utf-8") == "a student's work"


def test_student_copy_explains_bad_arguments(tmp_path):
    result = _run("student-copy", tmp_path / "nothing-here", tmp_path / "out")
    assert result.returncode != 0 and "does not exist" in result.stderr
    result = _run("student-copy", ROOT / "exercises")
    assert result.returncode != 0 and "output folder" in result.stderr


def test_student_copy_refuses_a_dangling_link_before_writing_anything(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    (out / "ex-trust-game.ipynb").symlink_to(tmp_path / "nowhere")
    result = _run("student-copy", ROOT / "exercises", out)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "refusing to overwrite" in result.stderr and "ex-trust-game.ipynb" in result.stderr
    assert [p.name for p in out.iterdir()] == ["ex-trust-game.ipynb"]  # nothing else was written


def test_student_copy_refuses_a_file_in_the_way_before_writing_anything(tmp_path):
    (tmp_path / "o").write_text("not a folder", encoding="utf-8")
    result = _run("student-copy", ROOT / "exercises", tmp_path / "o" / "deeper")
    assert result.returncode != 0 and "Traceback" not in result.stderr and "in the way" in result.stderr


def test_student_copy_catches_a_file_that_appears_while_copying(tmp_path, monkeypatch):
    from creditlab.exercises import __main__ as cli

    out = tmp_path / "o"
    real_open = type(out).open

    def open_and_race(self, mode="r", *args, **kwargs):
        if mode == "x" and self.name == "ex-silence.ipynb":
            raise FileExistsError(str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(type(out), "open", open_and_race)
    with pytest.raises(SystemExit, match="refusing to overwrite .*ex-silence.ipynb"):
        cli.student_copy([ROOT / "exercises"], out)


def test_student_copy_refuses_an_output_named_like_a_notebook(tmp_path):
    result = _run("student-copy", ROOT / "exercises", tmp_path / "handout.ipynb")
    assert result.returncode != 0 and "ends in .ipynb" in result.stderr
    assert not (tmp_path / "handout.ipynb").exists()
