"""Speed figures for the kit: `make benchmark` (or `.venv/bin/python benchmarks/run.py`).

Measures, on the current machine:
- a clean build of each edition, and a rebuild with nothing changed (in a scratch copy of
  the tracked files, so that your own `_build/` is not disturbed);
- the execution time of each notebook, and of its slowest cell (nbclient, fresh kernel);
- the wall time of `make test` in this repository (skip with --no-make-test);
- the binary image-scoring game (the lab's q sweep): ``resolve_helping`` on one population
  (where it runs the plain loop) and on 100 populations at once (array steps), against a
  plain-Python loop over the same encounters (the full model has its own benchmark,
  ``benchmarks/image_scoring.py``);
- reach (`--only reach`): the JupyterLite part of a build, the whole-book PDFs, the
  offline bundle, and the sizes of what readers download (site, in-browser notebooks,
  PDFs, zip).

Results go to benchmarks/results.md (a table) and benchmarks/results.json. Targets (from
the kit's issues): clean build of one edition under 60 s, no-change rebuild under 10 s,
`make test` under 4 minutes, every lab cell under 1 s, every lab notebook under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent


def _timed(cmd: list[str], cwd: Path, env: dict | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def scratch_copy() -> Path:
    """The tracked files of the repository, copied into a temporary folder."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    target = Path(tempfile.mkdtemp(prefix="kit-bench-")) / "kit"
    for rel in filter(None, files.split("\0")):
        src = ROOT / rel
        if src.is_file():
            dst = target / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    return target


def bench_builds(results: dict) -> None:
    copy = scratch_copy()
    try:
        for edition in ("student", "instructor"):
            # --jobs auto, as `make book` and `make test` build
            cmd = [sys.executable, "-m", "creditlab.build", "--edition", edition, "--jobs", "auto", "--quiet", "--root", str(copy)]
            if edition == "student":
                shutil.rmtree(copy / "_build", ignore_errors=True)
            # The instructor build after the student one reuses the shared execution cache for
            # identical notebooks, as `make test` does; the student build starts from nothing.
            results[f"build_clean_{edition}_s"] = _timed(cmd, ROOT)
            results[f"build_nochange_{edition}_s"] = _timed(cmd, ROOT)
        shutil.rmtree(copy / "_build", ignore_errors=True)
        cmd = [sys.executable, "-m", "creditlab.build", "--edition", "instructor", "--jobs", "auto", "--quiet", "--root", str(copy)]
        results["build_clean_instructor_from_nothing_s"] = _timed(cmd, ROOT)
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def _size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_reach(results: dict) -> None:
    """JupyterLite, PDF and bundle timings, in a scratch copy (the download cache is shared)."""
    copy = scratch_copy()
    env = dict(os.environ)
    try:
        build = [sys.executable, "-m", "creditlab.build", "--edition", "student", "--quiet", "--root", str(copy)]
        _timed(build, ROOT, env)  # executes the notebooks, builds JupyterLite
        html = copy / "_build" / "student" / "html"
        stamp = html / "lite" / ".creditlab-lite-stamp"
        stamp.unlink()
        results["reach_build_student_with_lite_s"] = _timed(build, ROOT, env)  # notebooks cached
        results["reach_build_student_lite_skipped_s"] = _timed(build, ROOT, env)  # nothing changed
        code = "import sys; from creditlab.devtools.pdf import build_pdf; build_pdf(sys.argv[1], sys.argv[2])"
        for edition in ("student", "instructor"):
            results[f"reach_pdf_{edition}_s"] = _timed([sys.executable, "-c", code.replace("sys.argv[2]", repr(str(copy))), edition], ROOT, env)
            pdf = copy / "_build" / edition / "pdf" / f"social-credit-course-kit-{edition}.pdf"
            results[f"reach_pdf_{edition}_mb"] = _size_mb(pdf)
        code = (
            "import sys; from pathlib import Path; from creditlab.devtools.bundle import make_bundle; "
            "make_bundle(Path(sys.argv[1]), Path(sys.argv[2]))"
        )
        zipped = copy / "_build" / "bundle.zip"
        results["reach_bundle_s"] = _timed([sys.executable, "-c", code, str(html), str(zipped)], ROOT, env)
        results["reach_bundle_mb"] = _size_mb(zipped)
        results["reach_site_student_mb"] = _size_mb(html)
        results["reach_lite_student_mb"] = _size_mb(html / "lite")
    finally:
        shutil.rmtree(copy.parent, ignore_errors=True)


def bench_notebooks(results: dict) -> None:
    import nbformat
    from nbclient import NotebookClient

    rows = []
    for path in sorted(list((ROOT / "book").rglob("*.ipynb")) + list((ROOT / "exercises").rglob("*.ipynb"))):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
        cell_times = []
        start = time.perf_counter()
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t0 = time.perf_counter()
                client.execute_cell(cell, index)
                cell_times.append(time.perf_counter() - t0)
        total = time.perf_counter() - start
        rows.append({"notebook": str(path.relative_to(ROOT)), "total_s": total, "slowest_cell_s": max(cell_times or [0])})
    results["notebooks"] = rows


def bench_make_test(results: dict) -> None:
    results["make_test_s"] = _timed(["make", "test"], ROOT)


def bench_simulation(results: dict) -> None:
    import numpy as np

    from creditlab.models import image_scoring as isc

    rng = np.random.default_rng(0)
    results["simulation"] = []
    # (populations, agents per population): one population of 10^5, and 100 of 100 (10^4 agents).
    for S, n in ((1, 100_000), (100, 100)):
        m = 10 * n
        disc = rng.random((S, n)) < 0.9
        donors = rng.integers(0, n, (S, m))
        recipients = (donors + rng.integers(1, n, (S, m))) % n
        knows = rng.random((S, m)) < 0.5
        t0 = time.process_time()
        isc.resolve_helping(disc, donors, recipients, knows)
        vec = time.process_time() - t0
        t0 = time.process_time()
        for s in range(S):
            image = [True] * n  # a plain list: the loop a careful Python programmer would write
            is_disc = disc[s].tolist()
            for d, r, k in zip(donors[s].tolist(), recipients[s].tolist(), knows[s].tolist()):
                image[d] = is_disc[d] and not (k and not image[r])
        loop = time.process_time() - t0
        results["simulation"].append({"populations": S, "agents": S * n, "encounters": S * m, "vectorised_s": vec,
                                      "python_loop_s": loop, "speed_up": loop / vec})


def write(results: dict) -> None:
    (HERE / "results.json").write_text(json.dumps(results, indent=1) + "\n")
    lines = [
        "# Benchmark results",
        "",
        f"Measured on {results['machine']} with `benchmarks/run.py`: "
        + "; ".join(f"{step} on {day}" for step, day in sorted(results.get("measured", {}).items()))
        + ("." if results.get("measured") else f"{results['date']}."),
        "",
        "| measure | seconds | target |",
        "| --- | ---: | --- |",
    ]
    targets = {
        "build_clean_student_s": "< 60",
        "build_clean_instructor_s": "< 60",
        "build_clean_instructor_from_nothing_s": "< 60",
        "build_nochange_student_s": "< 10",
        "build_nochange_instructor_s": "< 10",
        "make_test_s": "< 240",
    }
    for key, target in targets.items():
        if key in results:
            lines.append(f"| {key.removesuffix('_s').replace('_', ' ')} | {results[key]:.1f} | {target} |")
    reach = [k for k in results if k.startswith("reach_")]
    if reach:
        labels = {
            "reach_build_student_with_lite_s": "student build, notebooks cached, JupyterLite rebuilt (s)",
            "reach_build_student_lite_skipped_s": "student build, nothing changed, JupyterLite skipped (s)",
            "reach_pdf_student_s": "make pdf, student edition: single-page build + printing (s)",
            "reach_pdf_instructor_s": "make pdf, instructor edition (s)",
            "reach_bundle_s": "make bundle: zip of the built student site (s)",
            "reach_pdf_student_mb": "student PDF (MB)",
            "reach_pdf_instructor_mb": "instructor PDF (MB)",
            "reach_bundle_mb": "offline bundle, zip (MB)",
            "reach_site_student_mb": "student site on disk, JupyterLite included (MB)",
            "reach_lite_student_mb": "of which JupyterLite with Pyodide (MB)",
        }
        lines += ["", "| reach every reader | value |", "| --- | ---: |"]
        for key in [k for k in labels if k in results] + [k for k in sorted(reach) if k not in labels]:
            lines.append(f"| {labels.get(key, key)} | {results[key]:.1f} |")
    if "notebooks" in results:
        lines += ["", "| notebook | total (s) | slowest cell (s) |", "| --- | ---: | ---: |"]
        for row in results["notebooks"]:
            lines.append(f"| {row['notebook']} | {row['total_s']:.2f} | {row['slowest_cell_s']:.2f} |")
        lines.append("")
        lines.append("Notebook totals include starting the kernel and importing numpy and matplotlib.")
    if "simulation" in results:
        lines += ["", "The full model of Nowak and Sigmund, against Mesa as well: `benchmarks/image_scoring_results.md`."]
        lines += ["", "| binary image scoring, one generation (CPU) | resolve_helping (s) | Python loop (s) | speed-up |", "| --- | ---: | ---: | ---: |"]
        for row in results["simulation"]:
            what = f"{row.get('populations', 1):,} population(s), {row['agents']:,} agents, {row['encounters']:,} encounters"
            lines.append(f"| {what} | {row['vectorised_s']:.3f} | {row['python_loop_s']:.3f} | {row['speed_up']:.1f}x |")
        lines += ["", "With one population `resolve_helping` runs the same plain loop (hence about 1x); with many it",
                  "steps through the encounters once for all of them."]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-make-test", action="store_true", help="skip timing `make test`")
    parser.add_argument("--only", choices=["builds", "notebooks", "make-test", "simulation", "reach"], action="append")
    args = parser.parse_args()
    # Scratch copies share this repository's download cache (Pyodide from npm, kernel wheels).
    os.environ.setdefault("CREDITLAB_CACHE", str(ROOT / "_build" / ".cache"))
    results = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    previous = HERE / "results.json"
    if args.only and previous.is_file():
        results = {**json.loads(previous.read_text()), **results}
    steps = args.only or ["builds", "notebooks", "simulation", "reach"] + ([] if args.no_make_test else ["make-test"])
    for step in steps:
        print(f"[benchmark] {step} ...", flush=True)
        {
            "builds": bench_builds,
            "notebooks": bench_notebooks,
            "make-test": bench_make_test,
            "simulation": bench_simulation,
            "reach": bench_reach,
        }[step](results)
        results.setdefault("measured", {})[step] = results["date"]
    write(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
