"""Notebooks are stored clean, check their own claims, and exercises follow the kit's pattern."""

import re

import pytest

from .conftest import ROOT, notebook_paths, read_notebook

NOTEBOOKS = notebook_paths()


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_stored_without_outputs(path):
    nb = read_notebook(path)
    for i, cell in enumerate(nb["cells"], 1):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name}: cell {i} has stored outputs; clear them before committing"
            assert cell.get("execution_count") is None, f"{path.name}: cell {i} has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_kernel_is_python3(path):
    assert read_notebook(path)["metadata"]["kernelspec"]["name"] == "python3"


LABS = [p for p in NOTEBOOKS if "labs" in p.relative_to(ROOT).parts]


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_labs_check_their_claims_in_hidden_cells(path):
    cells = read_notebook(path)["cells"]
    hidden = [c for c in cells if "remove-cell" in c.get("metadata", {}).get("tags", [])]
    assert hidden and all("assert" in _src(c) for c in hidden), f"{path.name}: a lab needs hidden assert cells (tag remove-cell)"
    text = "\n".join(_src(c) for c in cells if c["cell_type"] == "markdown")
    assert "What this model cannot tell us" in text
    assert re.search(r"\{cite:[pt]\}", text), "a lab names the paper it reproduces"


@pytest.mark.parametrize("path", LABS, ids=lambda p: p.name)
def test_figures_have_alt_text(path):
    for i, cell in enumerate(read_notebook(path)["cells"], 1):
        if cell["cell_type"] == "code" and re.search(r"plt\.show\(\)|fig\.show\(\)", _src(cell)):
            alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt) > 40, f"{path.name}: cell {i} draws a figure without meaningful alt text (metadata mystnb.image.alt)"


EXERCISES = [p for p in NOTEBOOKS if p.parent.name == "exercises"]


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_every_exercise_has_starter_solution_and_check(path):
    cells = read_notebook(path)["cells"]
    starts = [i for i, c in enumerate(cells) if "{solution-start}" in _src(c)]
    exercises = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and "{exercise}" in _src(c)]
    assert len(exercises) >= 2 and len(starts) == len(exercises), f"{path.name}: one gated solution per exercise"
    for s in starts:
        before = cells[s - 1]
        assert before["cell_type"] == "code" and "..." in _src(before), f"{path.name}: cell {s}: a starting cell with ... must precede each solution"
        end = next(i for i in range(s, len(cells)) if "{solution-end}" in _src(cells[i]))
        after = cells[end + 1]
        assert after["cell_type"] == "code" and re.search(r"\bcheck_\w+\(", _src(after)), f"{path.name}: a check cell must follow solution {s}"
