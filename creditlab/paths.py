"""Where the kit's files live.

The package is installed in editable mode from the repository, so the repository root is
the folder above the package. ``CREDITLAB_ROOT`` overrides this (for example to check a
copy of the data elsewhere). The wheel that the book builds for the in-browser notebooks
(JupyterLite) carries a copy of ``data/`` and the bibliography inside the package, in
``creditlab/_kit/``; it is used when there is no repository around the package.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["repo_root", "data_dir", "bibliography_path"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def repo_root() -> Path:
    """The repository root: the folder holding ``_config.yml`` and ``data/``."""
    env = os.environ.get("CREDITLAB_ROOT")
    if env:
        root = Path(env).resolve()
        if not (root / "data").is_dir():
            raise FileNotFoundError(f"CREDITLAB_ROOT={env} has no data/ folder")
        return root
    candidate = _PACKAGE_DIR.parent
    if (candidate / "data").is_dir() and (candidate / "_config.yml").is_file():
        return candidate
    bundled = _PACKAGE_DIR / "_kit"
    if (bundled / "data").is_dir():
        return bundled
    raise FileNotFoundError(
        "cannot find the course kit's files next to the creditlab package "
        f"(looked in {candidate}); install it with `pip install -e .` from a clone of the "
        "repository, or set CREDITLAB_ROOT to the clone's folder"
    )


def data_dir() -> Path:
    """The folder of curated data sets (``data/``)."""
    return repo_root() / "data"


def bibliography_path() -> Path:
    """The book's single bibliography, ``book/references.bib``."""
    return repo_root() / "book" / "references.bib"
