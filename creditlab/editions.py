"""One source, two editions: the build trees of the student and instructor editions.

Each edition is built from its own copy of the book's sources under
``_build/src/<edition>/``:

- the **instructor** tree is a plain copy;
- the **student** tree has every solution and instructor note removed from every page and
  notebook (:mod:`creditlab.exercises.strip`), and drops pages that declare themselves
  instructor-only (front matter ``edition: instructor`` in a page, or notebook metadata
  ``{"creditlab": {"edition": "instructor"}}``) from the tree and the table of contents.

Because the student tree never contains a solution, none can reach its HTML, its
``_sources`` copies, its downloadable notebooks or its search index. Files are written only
when their content changes, so that a rebuild with no change stays fast.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .exercises.strip import strip_markdown, strip_notebook
from .paths import repo_root

__all__ = ["EDITIONS", "TREE_ITEMS", "EditionTree", "make_tree", "edition_config", "is_instructor_only"]

EDITIONS = ("student", "instructor")
# What the book is made of, relative to the repository root.
TREE_ITEMS = ("index.md", "book", "exercises")
_SKIP_PARTS = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


@dataclass
class EditionTree:
    edition: str
    path: Path
    written: int
    removed_files: int
    solutions_removed: int
    instructor_pages: list[str]


def is_instructor_only(path: Path) -> bool:
    """True if a page or notebook declares ``edition: instructor``."""
    if path.suffix == ".md":
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        if match:
            meta = yaml.safe_load(match.group(1)) or {}
            return meta.get("edition") == "instructor"
        return False
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return nb.get("metadata", {}).get("creditlab", {}).get("edition") == "instructor"
    return False


def _source_files(root: Path):
    for item in TREE_ITEMS:
        p = root / item
        if p.is_file():
            yield p
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(root)
                if f.is_file() and not (_SKIP_PARTS & set(rel.parts)) and not any(
                    part.startswith(".") for part in rel.parts
                ):
                    yield f


def _write_if_changed(target: Path, data: bytes) -> bool:
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return True


def _filter_toc(node, drop: set[str]):
    """Remove toc entries whose ``file`` is in ``drop`` (paths without suffix)."""
    if isinstance(node, list):
        out = []
        for item in node:
            if isinstance(item, dict) and item.get("file") in drop:
                continue
            kept = _filter_toc(item, drop)
            if isinstance(kept, dict) and set(kept) & {"chapters", "sections"} and not any(
                kept.get(k) for k in ("chapters", "sections", "file")
            ):
                continue  # a part whose pages were all instructor-only
            out.append(kept)
        return out
    if isinstance(node, dict):
        return {k: _filter_toc(v, drop) for k, v in node.items()}
    return node


def make_tree(edition: str, root: Path | None = None, out: Path | None = None) -> EditionTree:
    """Write (or update) the build tree of ``edition``; return what was done."""
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {', '.join(EDITIONS)} (got {edition!r})")
    root = Path(root) if root else repo_root()
    out = Path(out) if out else root / "_build" / "src" / edition
    out.mkdir(parents=True, exist_ok=True)
    student = edition == "student"

    wanted: set[Path] = set()
    written = 0
    removed_solutions = 0
    instructor_pages: list[str] = []
    for src in _source_files(root):
        rel = src.relative_to(root)
        if student and src.suffix in (".md", ".ipynb") and is_instructor_only(src):
            instructor_pages.append(str(rel.with_suffix("")))
            continue
        if student and src.suffix == ".md":
            text, n = strip_markdown(src.read_text(encoding="utf-8"), str(rel))
            removed_solutions += n
            data = text.encode("utf-8")
        elif student and src.suffix == ".ipynb":
            nb = json.loads(src.read_text(encoding="utf-8"))
            stripped, n = strip_notebook(nb, str(rel))
            removed_solutions += n
            data = (json.dumps(stripped, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
        else:
            data = src.read_bytes()
        target = out / rel
        wanted.add(target)
        if _write_if_changed(target, data):
            written += 1

    # The table of contents, without instructor-only pages in the student edition.
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    if instructor_pages:
        toc = _filter_toc(toc, set(instructor_pages))
    toc_target = out / "_toc.yml"
    wanted.add(toc_target)
    header = "# Generated by creditlab.editions from _toc.yml: edit that file, not this one.\n"
    written += _write_if_changed(toc_target, (header + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)).encode())

    config_target = out / "_config.yml"
    wanted.add(config_target)
    config = edition_config(edition, root)
    header = "# Generated by creditlab.editions from _config.yml: edit that file, not this one.\n"
    written += _write_if_changed(config_target, (header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)).encode())

    # Remove files that no longer exist in the sources.
    removed_files = 0
    for f in sorted(out.rglob("*"), reverse=True):
        if f.is_file() and f not in wanted:
            f.unlink()
            removed_files += 1
        elif f.is_dir() and not any(f.iterdir()):
            f.rmdir()
    return EditionTree(edition, out, written, removed_files, removed_solutions, instructor_pages)


def edition_config(edition: str, root: Path | None = None) -> dict:
    """The book's ``_config.yml`` with the settings that differ between editions.

    ``jupyter-book build --config`` replaces the configuration rather than merging it, so
    the full configuration is written for each edition.
    """
    root = Path(root) if root else repo_root()
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    config = json.loads(json.dumps(config))  # a deep copy with plain types
    if edition == "instructor":
        config["title"] = f"{config.get('title', '')} (instructor edition)".strip()
    execute = config.setdefault("execute", {})
    # Both editions share one execution cache: identical notebooks execute once.
    execute["cache"] = str(root / "_build" / ".jupyter_cache")
    sphinx = config.setdefault("sphinx", {})
    sphinx_config = sphinx.setdefault("config", {})
    sphinx_config["creditlab_edition"] = edition
    sphinx_config["creditlab_root"] = str(root)
    return config


def clean_tree(edition: str, root: Path | None = None) -> None:
    root = Path(root) if root else repo_root()
    shutil.rmtree(root / "_build" / "src" / edition, ignore_errors=True)
