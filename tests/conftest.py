"""Shared fixtures: where the repository and the built editions are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = ("student", "instructor")


def notebook_paths() -> list[Path]:
    """Every notebook of the book and the exercises (the sources, not built copies)."""
    return sorted(p for d in ("book", "exercises") for p in (ROOT / d).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def built_html(edition: str) -> Path:
    """The HTML of a built edition; fails (never skips) if it has not been built."""
    html = ROOT / "_build" / edition / "html"
    if not (html / "index.html").is_file():
        pytest.fail(
            f"the {edition} edition has not been built: run `make test` (which builds both editions) "
            f"or `make book EDITION={edition}` first"
        )
    return html


# Property tests are derandomised so that CI runs are repeatable, and keep no database.
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("kit", derandomize=True, database=None, deadline=None)
_hyp_settings.load_profile("kit")

