"""Build one edition of the book: ``python -m creditlab.build --edition student``.

Steps: write the edition's source tree (:mod:`creditlab.editions`), clear the notebook
execution cache if the ``creditlab`` package or ``data/`` changed since it was filled
(the cache only looks at notebook code), then run Jupyter Book's Sphinx build into
``_build/<edition>/html``. By default the build is strict: any Sphinx warning, including
an unresolved cross-reference or citation, fails it (``-W -n --keep-going``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

from .editions import EDITIONS, make_tree
from .paths import repo_root
from .sphinxext import fingerprint

__all__ = ["build", "output_dir", "main"]


def output_dir(edition: str, root: Path | None = None) -> Path:
    """Where the HTML of an edition goes: ``_build/<edition>/html``."""
    root = Path(root) if root else repo_root()
    return root / "_build" / edition / "html"


def _refresh_execution_cache(root: Path) -> bool:
    """Empty the shared execution cache when the package or the data changed. Returns True if emptied."""
    cache = root / "_build" / ".jupyter_cache"
    stamp = root / "_build" / ".jupyter_cache.fingerprint"
    current = fingerprint(root)
    if stamp.is_file() and stamp.read_text().strip() == current:
        return False
    emptied = cache.exists()
    shutil.rmtree(cache, ignore_errors=True)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return emptied


def build(
    edition: str = "student",
    *,
    strict: bool = True,
    fresh: bool = False,
    builder: str = "html",
    root: Path | None = None,
    quiet: bool = False,
    jobs: int | None = None,
) -> Path:
    """Build ``edition``; return the output folder. Raise ``SystemExit`` if the build fails.

    ``jobs`` > 1 reads and writes pages in that many processes (Sphinx's ``-j``): notebooks
    are then executed side by side. The output is the same as a serial build's."""
    if edition not in EDITIONS:
        raise SystemExit(f"error: unknown edition {edition!r}; choose one of: {', '.join(EDITIONS)}")
    root = Path(root) if root else repo_root()
    started = time.perf_counter()
    tree = make_tree(edition, root)
    if _refresh_execution_cache(root):
        print("[creditlab] the creditlab package or data/ changed: notebooks will be re-executed")

    # jsonschema, which Jupyter Book imports to check its configuration, imports
    # rfc3987_syntax when it is installed (as an extra of jupyter-events), and that compiles
    # 38 grammars to check IRI formats: 1.3-2 s at every build, for a format no schema of
    # the book uses. Marking it absent makes jsonschema skip that one format check.
    sys.modules.setdefault("rfc3987_syntax", None)
    from jupyter_book.sphinx import build_sphinx  # imported late: slow, and only needed here

    outdir = root / "_build" / edition / builder
    # What `jupyter-book build` passes to Sphinx besides the YAML configuration.
    overrides = {
        "external_toc_path": (tree.path / "_toc.yml").as_posix(),
        "latex_individualpages": False,
        # The in-browser notebooks (JupyterLite) are built with the HTML site only.
        "creditlab_lite": builder == "html",
    }
    if strict:
        overrides["nitpicky"] = True
    result = build_sphinx(
        str(tree.path),
        str(outdir),
        path_config=str(tree.path / "_config.yml"),
        noconfig=True,
        confoverrides=overrides,
        doctreedir=str(root / "_build" / edition / ".doctrees"),
        builder=builder,
        freshenv=fresh,
        warningiserror=strict,
        keep_going=strict,
        quiet=quiet,
        jobs=jobs,
    )
    elapsed = time.perf_counter() - started
    if result != 0:
        reason = f" ({result})" if isinstance(result, Exception) else ""
        raise SystemExit(
            f"\nThe {edition} edition did not build{reason}. Read the warnings above: in a strict build "
            "every warning is an error. (`make book STRICT=0` builds anyway, for a quick look.)"
        )
    index = outdir / "index.html"
    rel = index.relative_to(root) if index.is_relative_to(root) else index
    if builder != "html":
        print(f"\nThe {edition} edition's {builder} build is ready ({elapsed:.1f} s): {rel}")
        return outdir
    print(
        f"\nThe {edition} edition is ready ({elapsed:.1f} s): open {rel} in a browser, "
        f"or run `make serve EDITION={edition}` and visit http://127.0.0.1:8000/"
    )
    if edition == "student":
        print(f"[creditlab] {tree.solutions_removed} solution block(s) and {len(tree.instructor_pages)} instructor page(s) left out")
    return outdir


def _jobs(text: str) -> int:
    """``--jobs``: a whole number of at least 1, or ``auto`` (one process per CPU)."""
    if text == "auto":
        return os.cpu_count() or 1
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be a whole number of at least 1 or 'auto', not {text!r}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m creditlab.build", description=__doc__.splitlines()[0])
    parser.add_argument("--edition", choices=EDITIONS, default="student")
    parser.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    parser.add_argument("--fresh", action="store_true", help="re-read every page (not only the changed ones)")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument(
        "--jobs", "-j", type=_jobs, default=None, metavar="N",
        help="read and write pages in N processes (a number, or 'auto' for one per CPU); default 1",
    )
    parser.add_argument("--root", type=Path, default=None, help="a copy of the kit to build (default: this repository)")
    args = parser.parse_args(argv)
    build(args.edition, strict=args.strict, fresh=args.fresh, quiet=args.quiet, root=args.root, jobs=args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
