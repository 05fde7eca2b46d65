"""``python -m creditlab.exercises student-copy SRC [SRC ...] OUT``

Write student copies of exercise notebooks: solutions and instructor cells removed, a
"your turn" note where each solution was, outputs cleared. SRC may be notebooks or folders
(searched recursively for ``*.ipynb``). OUT must not contain any of the files to be
written: the tool never overwrites a file, because it might hold a student's work.
Nothing is written unless every copy can be written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .strip import SolutionStructureError, strip_notebook


def _collect(sources: list[Path]) -> list[tuple[Path, Path]]:
    """(notebook, path relative to the folder it was found in) for every source."""
    pairs = []
    for src in sources:
        if src.is_dir():
            for nb in sorted(src.rglob("*.ipynb")):
                if ".ipynb_checkpoints" in nb.parts or any(p.startswith(".") for p in nb.relative_to(src).parts):
                    continue
                pairs.append((nb, nb.relative_to(src)))
        elif src.is_file() and src.suffix == ".ipynb":
            pairs.append((src, Path(src.name)))
        elif src.exists():
            raise SystemExit(f"error: {src} is not a notebook (.ipynb) or a folder")
        else:
            raise SystemExit(f"error: {src} does not exist")
    return pairs


def student_copy(sources: list[Path], out: Path) -> list[Path]:
    """Make the copies; raise SystemExit with a clear message on any problem."""
    if out.suffix.lower() == ".ipynb":
        raise SystemExit(
            f"error: the output {out} ends in .ipynb, but it must be a folder (the copies keep their own names); "
            "give a folder name such as handout/"
        )
    pairs = _collect(sources)
    if not pairs:
        raise SystemExit("error: no notebooks found in " + ", ".join(map(str, sources)))
    out = out.resolve()
    # Never take earlier copies (an output folder inside a source folder) as sources.
    pairs = [(src, rel) for src, rel in pairs if out not in src.resolve().parents]
    targets = [out / rel for _, rel in pairs]
    # lexists: a dangling symbolic link counts too (open(..., "x") would refuse it half-way).
    clashes = [t for t in targets if os.path.lexists(t)]
    if clashes:
        listed = "\n  ".join(map(str, clashes))
        raise SystemExit(
            f"refusing to overwrite {len(clashes)} existing file(s) (they may hold a student's work):\n  {listed}\n"
            "Choose an empty output folder, or move those files away yourself."
        )
    in_the_way = sorted({p for t in targets for p in [t.parent, *t.parent.parents] if os.path.lexists(p) and not p.is_dir()})
    if in_the_way:
        listed = "\n  ".join(map(str, in_the_way))
        raise SystemExit(f"error: these are in the way of the output folders (they exist and are not folders):\n  {listed}")
    if len(set(targets)) != len(targets):
        raise SystemExit("error: two source notebooks would be written to the same file name; copy them separately")
    results = []
    for (src, rel), target in zip(pairs, targets):
        try:
            nb = json.loads(src.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise SystemExit(f"error: {src} is not valid notebook JSON: {exc}") from None
        try:
            stripped, removed = strip_notebook(nb, str(src))
        except SolutionStructureError as exc:
            raise SystemExit(f"error: {exc}") from None
        results.append((target, stripped, removed))
    written = []
    for target, stripped, removed in results:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
                json.dump(stripped, handle, indent=1, ensure_ascii=False)
                handle.write("\n")
        except (FileExistsError, NotADirectoryError):
            # Something appeared at the target (or in its place in the folder) after the check above.
            done = "".join(f"\n  {w}" for w in written) or " none"
            raise SystemExit(
                f"refusing to overwrite {target}: it (or a file in the way of its folder) appeared while copying. "
                f"Copies written before it:{done}"
            ) from None
        written.append(target)
        print(f"wrote {target} ({removed} solution(s) removed)")
    return [t for t, _, _ in results]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m creditlab.exercises",
        description="Tools for the kit's exercise notebooks.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    copy = sub.add_parser("student-copy", help="write solution-free copies of exercise notebooks to a new folder")
    copy.add_argument("paths", nargs="+", type=Path, help="notebooks or folders, then the output folder (last)")
    args = parser.parse_args(argv)
    if args.command == "student-copy":
        if len(args.paths) < 2:
            parser.error("give at least one source and the output folder, e.g. student-copy exercises/ handout/")
        *sources, out = args.paths
        if out.exists() and not out.is_dir():
            parser.error(f"the output {out} exists and is not a folder")
        student_copy(sources, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
