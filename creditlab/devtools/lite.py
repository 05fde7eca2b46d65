"""The "run in your browser" route: JupyterLite with the Pyodide kernel, built into the site.

The book build (``make book``) calls :func:`prepare` for each edition before Sphinx runs;
``jupyterlite-sphinx`` then runs ``jupyter lite build`` into ``_build/<edition>/html/lite``.
:func:`prepare` writes the JupyterLite folder ``_build/<edition>/lite-src/``:

- the **notebooks**: every notebook under ``book/labs/`` and ``exercises/`` of the edition's
  source tree (so the student edition offers the student copies, without solutions), at
  the same paths as in the book (``book/labs/image-scoring.ipynb``);
- **creditlab** as a pure-Python wheel, written here from the package sources (never
  fetched), with a copy of ``data/`` and the bibliography inside it so that data-loading
  labs work in the browser too;
- **Pyodide** itself, from the npm ``pyodide`` package (the version the kernel expects),
  with the pure-Python wheels the kernel needs to start (IPython, jedi, micropip, ...).
  A reader's browser then runs plain Python with no network at all. Pyodide's builds of
  numpy, matplotlib and other compiled packages are not shipped with the site (they are
  not in the npm package, and the build has no other download), so the package list
  points at ``cdn.jsdelivr.net`` for them: an online reader's browser loads
  them from there when a notebook first imports them, never before.

Downloads (npm, pip) are cached in ``_build/.cache/`` (or in ``$CREDITLAB_CACHE``). If
npm or the downloads are not available the build still works: it says so, and the
in-browser notebooks then load Pyodide from its CDN when a reader opens one.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "NOTEBOOK_DIRS",
    "LiteSite",
    "pyodide_version",
    "cdn_url",
    "lite_notebooks",
    "build_wheel",
    "prepare",
]

#: Notebooks offered in the browser: these folders of the edition tree, recursively.
NOTEBOOK_DIRS = ("book/labs", "exercises")
#: What the Pyodide kernel loads from Pyodide's package list when it starts.
KERNEL_STARTUP = ("micropip", "ipython", "jedi")
#: Pure-Python kernel dependencies that are not in Pyodide's package list (from PyPI).
KERNEL_FROM_PYPI = ("comm",)
#: Files of the npm package that make up the Pyodide runtime.
PYODIDE_CORE = (
    "pyodide.mjs",
    "pyodide.js",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
#: Parts of the package that only build or test the book: not shipped to the browser.
_WHEEL_SKIP = {"devtools", "sphinxext", "build.py", "editions.py", "__pycache__"}
_FIXED_DATE = (2020, 1, 1, 0, 0, 0)


def _say(message: str) -> None:
    print(f"[creditlab] {message}", flush=True)


def pyodide_version() -> str:
    """The Pyodide version that the installed JupyterLite kernel expects."""
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


def cdn_url(version: str | None = None) -> str:
    """Pyodide's public CDN folder for ``version`` (with a trailing slash)."""
    return f"https://cdn.jsdelivr.net/pyodide/v{version or pyodide_version()}/full/"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _write_if_changed(target: Path, data: bytes) -> bool:
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return True


def _copy_if_changed(src: Path, target: Path) -> bool:
    if target.is_file() and target.stat().st_size == src.stat().st_size and target.read_bytes() == src.read_bytes():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, target)
    return True


def _sync_dir(folder: Path, wanted: set[Path]) -> None:
    """Delete files under ``folder`` that are not in ``wanted``."""
    if not folder.is_dir():
        return
    for f in sorted(folder.rglob("*"), reverse=True):
        if f.is_file() and f not in wanted:
            f.unlink()
        elif f.is_dir() and not any(f.iterdir()):
            f.rmdir()


@dataclass
class LiteSite:
    """What :func:`prepare` wrote for one edition."""

    edition: str
    lite_dir: Path
    contents_dir: Path
    notebooks: list[str]  # paths relative to the book root, e.g. "book/labs/image-scoring.ipynb"
    pyodide_version: str
    vendored: bool  # Pyodide ships inside the site
    notes: list[str] = field(default_factory=list)


def lite_notebooks(tree: Path) -> list[str]:
    """The notebooks of an edition tree that the browser route offers (sorted, posix paths)."""
    found = []
    for folder in NOTEBOOK_DIRS:
        base = tree / folder
        if base.is_dir():
            for nb in sorted(base.rglob("*.ipynb")):
                rel = nb.relative_to(tree)
                if not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                    found.append(rel.as_posix())
    return sorted(found)


# ---------------------------------------------------------------------------
# creditlab as a wheel
# ---------------------------------------------------------------------------


def _wheel_files(root: Path) -> list[tuple[str, bytes]]:
    package = root / "creditlab"
    if not package.is_dir():  # a copy of the kit without the package: use the installed one
        package = Path(__file__).resolve().parent.parent
    files: list[tuple[str, bytes]] = []
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package)
        if not path.is_file() or _WHEEL_SKIP & set(rel.parts) or path.suffix in (".pyc", ".tmp"):
            continue
        if rel.parts[0] == "_kit":
            continue
        files.append((f"creditlab/{rel.as_posix()}", path.read_bytes()))
    # The data sets and the bibliography, for creditlab.paths' fallback inside the wheel.
    data = root / "data"
    if data.is_dir():
        for path in sorted(data.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                files.append((f"creditlab/_kit/data/{path.relative_to(data).as_posix()}", path.read_bytes()))
    bib = root / "book" / "references.bib"
    if bib.is_file():
        files.append(("creditlab/_kit/book/references.bib", bib.read_bytes()))
    return files


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(root: Path, out_dir: Path) -> Path:
    """Write ``creditlab-<version>-py3-none-any.whl`` into ``out_dir`` and return its path.

    The wheel is written from the sources with fixed timestamps, so the same sources give
    the same bytes (and an unchanged build stays fast).
    """
    from .. import __version__

    name = f"creditlab-{__version__}"
    dist_info = f"creditlab-{__version__}.dist-info"
    files = _wheel_files(Path(root))
    metadata = "\n".join(
        [
            "Metadata-Version: 2.1",
            "Name: creditlab",
            f"Version: {__version__}",
            "Summary: Models and data behind the course kit 'Reading China's Social Credit System' (browser build)",
            "License: MIT",
            "Requires-Python: >=3.11",
            "Requires-Dist: numpy",
            "Requires-Dist: pyyaml",
            "",
        ]
    ).encode()
    wheel = "\n".join(
        ["Wheel-Version: 1.0", "Generator: creditlab.devtools.lite", "Root-Is-Purelib: true", "Tag: py3-none-any", ""]
    ).encode()
    files += [(f"{dist_info}/METADATA", metadata), (f"{dist_info}/WHEEL", wheel)]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for arcname, data in files:
        writer.writerow([arcname, _record_hash(data), len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    files.append((f"{dist_info}/RECORD", record.getvalue().encode()))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files:
            info = zipfile.ZipInfo(arcname, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    target = Path(out_dir) / f"{name}-py3-none-any.whl"
    _write_if_changed(target, buffer.getvalue())
    return target


# ---------------------------------------------------------------------------
# Pyodide from npm, kernel wheels from PyPI (cached)
# ---------------------------------------------------------------------------


def _fetch_pyodide_core(version: str, cache: Path) -> Path | None:
    """The Pyodide runtime files from the npm package, extracted into ``cache/core``."""
    core = cache / "core"
    if all((core / name).is_file() for name in PYODIDE_CORE):
        return core
    npm = shutil.which("npm")
    if not npm:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [npm, "pack", f"pyodide@{version}", "--pack-destination", str(cache), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    tarball = cache / f"pyodide-{version}.tgz"
    if result.returncode != 0 or not tarball.is_file():
        _say(f"`npm pack pyodide@{version}` failed: {(result.stderr or result.stdout).strip()[-500:]}")
        return None
    tmp = cache / "core.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    with tarfile.open(tarball) as tar:
        for name in PYODIDE_CORE:
            member = tar.getmember(f"package/{name}")
            source = tar.extractfile(member)
            assert source is not None
            (tmp / name).write_bytes(source.read())
    shutil.rmtree(core, ignore_errors=True)
    tmp.rename(core)
    tarball.unlink()
    return core


def _closure(packages: dict, roots) -> list[str]:
    by_canon = {_canonical(k): k for k in packages}
    seen: list[str] = []
    stack = list(roots)
    while stack:
        name = by_canon[_canonical(stack.pop())]
        if name in seen:
            continue
        seen.append(name)
        stack.extend(packages[name].get("depends", []))
    return sorted(seen)


def _pip_download(requirements: list[str], dest: Path, python: str) -> bool:
    dest.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
        "--no-deps", "--only-binary=:all:", "--python-version", python, "--dest", str(dest), *requirements,
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        _say("could not download the kernel's wheels with pip: " + (result.stderr.strip().splitlines() or ["?"])[-1])
        return False
    return True


def _wheel_for(folder: Path, name: str, version: str | None = None) -> Path | None:
    canon = _canonical(name)
    for whl in sorted(folder.glob("*.whl")):
        dist, ver = whl.name.split("-")[:2]
        if _canonical(dist) == canon and (version is None or ver == version):
            return whl
    return None


def _fetch_kernel_wheels(lock: dict, cache: Path) -> dict[str, Path] | None:
    """Pure-Python wheels the kernel loads at start: {lock name or PyPI name: wheel path}."""
    packages = lock["packages"]
    wanted = {name: packages[name]["version"] for name in _closure(packages, KERNEL_STARTUP)}
    not_pure = [n for n in wanted if not packages[n]["file_name"].endswith("none-any.whl")]
    if not_pure:  # a future Pyodide may need a compiled package at start: keep it on the CDN
        for n in not_pure:
            wanted.pop(n)
    from importlib.metadata import PackageNotFoundError, version as installed_version

    for name in KERNEL_FROM_PYPI:
        try:
            wanted[name] = installed_version(name)
        except PackageNotFoundError:
            wanted[name] = None
    wheels = cache / "wheels"
    missing = [n for n, v in wanted.items() if _wheel_for(wheels, n, v) is None]
    python = ".".join(str(lock.get("info", {}).get("python", "3.14")).split(".")[:2])
    if missing and not _pip_download([f"{n}=={wanted[n]}" if wanted[n] else n for n in missing], wheels, python):
        return None
    found = {n: _wheel_for(wheels, n, v) for n, v in wanted.items()}
    if any(p is None for p in found.values()):
        _say("pip did not deliver every kernel wheel: " + ", ".join(n for n, p in found.items() if p is None))
        return None
    return found  # type: ignore[return-value]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------
# The JupyterLite folder of an edition
# ---------------------------------------------------------------------------


def _lite_settings(vendored: bool, offline_kernel: bool) -> dict:
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "Course notebooks",
            # Nothing may reach out on its own: no news feed, no update check.
            "disabledExtensions": [
                "@jupyterlab/apputils-extension:announcements",
                "@jupyterlab/apputils-extension:notification",
            ],
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    # Every package the kernel needs at start comes from this site, never PyPI.
                    "disablePyPIFallback": offline_kernel,
                }
            },
        },
    }


_SETUP_CELL = {
    "cell_type": "code",
    "execution_count": None,
    "id": "creditlab-browser-setup",
    "metadata": {"tags": ["creditlab-browser-setup"]},
    "outputs": [],
    "source": [
        "# In the browser only: install the course's package (it brings numpy with it).\n",
        "%pip install -q creditlab",
    ],
}


def _stage_notebook(src: Path, add_setup_cell: bool) -> bytes:
    if not add_setup_cell:
        return src.read_bytes()
    nb = json.loads(src.read_text(encoding="utf-8"))
    nb["cells"] = [dict(_SETUP_CELL)] + nb["cells"]
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def prepare(edition: str, root: Path, tree: Path, contents_dir: Path | None = None) -> LiteSite | None:
    """Write the JupyterLite folder of ``edition``; ``None`` if the edition has no notebooks.

    ``tree`` is the edition's source tree (``_build/src/<edition>``). ``contents_dir`` is
    where the notebooks are staged (default ``_build/<edition>/lite-contents``).
    """
    root, tree = Path(root), Path(tree)
    notebooks = lite_notebooks(tree)
    if not notebooks:
        return None
    version = pyodide_version()
    lite_dir = root / "_build" / edition / "lite-src"
    contents = Path(contents_dir) if contents_dir else root / "_build" / edition / "lite-contents"
    cache = Path(os.environ.get("CREDITLAB_CACHE") or root / "_build" / ".cache") / f"pyodide-{version}"
    notes: list[str] = []
    wanted: set[Path] = set()

    wheel = build_wheel(root, cache / "creditlab")
    core = _fetch_pyodide_core(version, cache)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8")) if core else None
    kernel_wheels = _fetch_kernel_wheels(lock, cache) if lock else None
    vendored = bool(core and kernel_wheels)
    if not core:
        notes.append(
            "npm was not found (or could not fetch the `pyodide` package), so Pyodide is not "
            "shipped with the site: a reader's browser loads it from cdn.jsdelivr.net when they "
            "open a notebook there. Install Node.js and npm to ship it with the site."
        )
    elif not kernel_wheels:
        notes.append(
            "the kernel's start-up wheels could not be downloaded, so Pyodide is not shipped with "
            "the site: a reader's browser loads it from cdn.jsdelivr.net when they open a notebook."
        )

    if vendored:
        assert core and lock and kernel_wheels
        static = lite_dir / "static" / "pyodide"
        for name in PYODIDE_CORE:
            if name == "pyodide-lock.json":
                continue
            target = static / name
            _copy_if_changed(core / name, target)
            wanted.add(target)
        packages = lock["packages"]
        by_canon = {_canonical(k): k for k in packages}
        new_packages = {}
        for key, entry in packages.items():
            entry = dict(entry)
            local = kernel_wheels.get(key)
            if local is not None:
                target = static / local.name
                _copy_if_changed(local, target)
                wanted.add(target)
                entry["file_name"] = local.name
                entry["sha256"] = _sha256(local)  # Pyodide repacks wheels: PyPI's bytes differ
            else:
                entry["file_name"] = cdn_url(version) + entry["file_name"]
            new_packages[key] = entry
        target = static / wheel.name
        _copy_if_changed(wheel, target)
        wanted.add(target)
        new_packages["creditlab"] = {
            "name": "creditlab",
            "version": wheel.name.split("-")[1],
            "file_name": wheel.name,
            "install_dir": "site",
            "sha256": _sha256(wheel),
            "package_type": "package",
            "imports": ["creditlab"],
            "depends": [by_canon["numpy"], by_canon["pyyaml"]],
            "unvendored_tests": False,
        }
        target = static / "pyodide-lock.json"
        _write_if_changed(target, (json.dumps({**lock, "packages": new_packages}, indent=1, sort_keys=True) + "\n").encode())
        wanted.add(target)
        for name in KERNEL_FROM_PYPI:
            local = kernel_wheels[name]
            target = lite_dir / "pypi" / local.name
            _copy_if_changed(local, target)
            wanted.add(target)
    else:
        # Without our own package list, creditlab is offered to piplite and each notebook
        # starts with a cell that installs it.
        target = lite_dir / "pypi" / wheel.name
        _copy_if_changed(wheel, target)
        wanted.add(target)

    config = {
        "LiteBuildConfig": {"no_sourcemaps": True, "no_unused_shared_packages": True},
    }
    for name, data in (
        ("jupyter_lite_config.json", config),
        ("jupyter-lite.json", _lite_settings(vendored, offline_kernel=vendored)),
    ):
        target = lite_dir / name
        _write_if_changed(target, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())
        wanted.add(target)
    _sync_dir(lite_dir / "static", wanted)
    _sync_dir(lite_dir / "pypi", wanted)

    staged: set[Path] = set()
    for rel in notebooks:
        target = contents / rel
        _write_if_changed(target, _stage_notebook(tree / rel, add_setup_cell=not vendored))
        staged.add(target)
    _sync_dir(contents, staged)
    return LiteSite(edition, lite_dir, contents, notebooks, version, vendored, notes)
