"""The offline bundle: ``make bundle`` zips the built student edition for reading anywhere.

The zip holds one folder, ``social-credit-course-kit/``, with the whole student site and a
``README.txt``. Unzipped, it reads from the file system (open ``index.html``) with no
network: pages, search, mathematics, figures, tables and notebook downloads all work. The
in-browser notebooks (JupyterLite) need a web server, because browsers do not run them from
``file://``: ``python -m http.server`` in the folder, then http://127.0.0.1:8000/. Plain
Python then runs offline; the labs' numpy and matplotlib come from Pyodide's CDN, so they
need the internet.
"""

from __future__ import annotations

import argparse
import sys
import time
import zipfile
from pathlib import Path

from ..paths import repo_root

__all__ = ["bundle_path", "make_bundle", "README", "main"]

FOLDER = "social-credit-course-kit"
# Already compressed: stored as they are (faster, and no bigger).
_STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".wasm", ".zip", ".whl", ".gz", ".pdf"}

README = """Reading China's Social Credit System: the course kit, student edition (offline copy)
==================================================================================

Open index.html in this folder with any web browser. Everything is here: the pages,
search, mathematics, figures, data tables and the notebooks to download. Nothing is
loaded from the internet, and nothing about you is recorded.

Running the notebooks in your browser ("Run it in your browser" on a lab page) needs a
small local web server, because browsers do not run them from files. With Python
installed, open a terminal in this folder and type

    python -m http.server 8000

then visit http://127.0.0.1:8000/ . Plain Python then runs with no network. The labs also
need numpy and matplotlib, which your browser downloads from Pyodide's public CDN
(cdn.jsdelivr.net) when a notebook first imports them: that part needs the internet.

Prose and data: CC BY 4.0. Code: MIT. Source: {source}
"""


def bundle_path(root: Path | None = None) -> Path:
    root = Path(root) if root else repo_root()
    return root / "_build" / f"{FOLDER}-student-site.zip"


def make_bundle(html: Path, out: Path, *, source: str = "") -> Path:
    """Zip the built site in ``html`` into ``out`` (written atomically); return ``out``."""
    html = Path(html)
    if not (html / "index.html").is_file():
        raise SystemExit(f"no built site in {html}: run `make book` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(f"{FOLDER}/README.txt", README.format(source=source or "see About this kit"))
        for path in sorted(html.rglob("*")):
            rel = path.relative_to(html)
            if not path.is_file() or any(part.startswith(".") for part in rel.parts):
                continue
            method = zipfile.ZIP_STORED if path.suffix.lower() in _STORED else zipfile.ZIP_DEFLATED
            zf.write(path, f"{FOLDER}/{rel.as_posix()}", compress_type=method)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m creditlab.devtools.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="zip the student edition as it is (do not rebuild it)")
    args = parser.parse_args(argv)
    import yaml

    root = repo_root()
    started = time.perf_counter()
    if args.no_build:
        html = root / "_build" / "student" / "html"
    else:
        from ..build import build

        html = build("student", quiet=True, root=root)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    out = make_bundle(html, bundle_path(root), source=(config.get("repository") or {}).get("url", ""))
    rel = out.relative_to(root)
    print(
        f"[creditlab] offline bundle of the student edition ({out.stat().st_size / 1e6:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s): {rel}\n"
        "            unzip it anywhere and open index.html (README.txt inside says how to run the notebooks)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
