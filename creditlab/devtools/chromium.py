"""Find (and if needed install) the Chromium that the browser tests drive.

Order of preference: ``$CREDITLAB_CHROMIUM``; a system Chromium (Debian's ``chromium``
package installs ``/usr/bin/chromium``); Playwright's own downloaded browser.
``python -m creditlab.devtools.chromium --ensure`` installs one when none is found: Debian's
package where ``apt-get`` can run as root (as in CI), otherwise Playwright's download, which
is the usual route on a laptop. It never fails silently: if no browser can be had, it says
what to install and exits with an error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["find_chromium", "ensure_chromium", "LAUNCH_ARGS", "HOW_TO_INSTALL"]

# Headless, no sandbox (CI runs as root), and no background traffic to Google's servers.
LAUNCH_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-features=Translate,OptimizationHints,MediaRouter",
]

HOW_TO_INSTALL = (
    "No Chromium found for the browser tests. Install one:\n"
    "  Debian/Ubuntu:  sudo apt-get install chromium   (the package may be chromium-browser)\n"
    "  anywhere else:  .venv/bin/python -m playwright install chromium\n"
    "or point CREDITLAB_CHROMIUM at an existing Chromium or Chrome executable."
)


def _playwright_browser() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # pragma: no cover - depends on the machine
        return None
    return path if path and Path(path).is_file() else None


def find_chromium() -> str | None:
    """The path of a usable Chromium, or ``None``."""
    env = os.environ.get("CREDITLAB_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return _playwright_browser()


def _run(cmd: list[str]) -> bool:
    print("+ " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=False).returncode == 0


def _ensure_cjk_fonts() -> None:
    """Best effort: CJK fonts, so that screenshots and PDFs show Chinese characters.

    Readers' own systems almost always have them; a bare CI image may not. Never fails.
    """
    if not shutil.which("fc-list"):
        return
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    if listed.strip():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        _run(["apt-get", "install", "-y", "-q", "fonts-noto-cjk"]) or (
            _run(["apt-get", "update", "-q"]) and _run(["apt-get", "install", "-y", "-q", "fonts-noto-cjk"])
        )
    else:
        print("note: no Chinese font found; screenshots will show boxes for Chinese characters "
              "(install fonts-noto-cjk or an equivalent)")


def _ensure_graphviz() -> None:
    """Best effort: Graphviz's ``dot``, which draws the debate studio's argument maps at build time."""
    if shutil.which("dot"):
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        _run(["apt-get", "install", "-y", "-q", "graphviz"]) or (
            _run(["apt-get", "update", "-q"]) and _run(["apt-get", "install", "-y", "-q", "graphviz"])
        )
    else:
        print("note: Graphviz's `dot` was not found; the book build needs it for the argument maps "
              "(install the graphviz package)")


def ensure_chromium() -> str:
    """Return a Chromium path, installing one if possible; raise SystemExit otherwise."""
    found = find_chromium()
    if found:
        _ensure_cjk_fonts()
        _ensure_graphviz()
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env_ok = _run(["apt-get", "install", "-y", "-q", "chromium"]) or (
            _run(["apt-get", "update", "-q"]) and _run(["apt-get", "install", "-y", "-q", "chromium"])
        )
        if env_ok and find_chromium():
            _ensure_cjk_fonts()
            _ensure_graphviz()
            return find_chromium()
    else:
        _run([sys.executable, "-m", "playwright", "install", "chromium"])
        found = find_chromium()
        if found:
            return found
    raise SystemExit(HOW_TO_INSTALL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m creditlab.devtools.chromium", description=__doc__.splitlines()[0])
    parser.add_argument("--ensure", action="store_true", help="install a Chromium if none is found")
    args = parser.parse_args(argv)
    path = ensure_chromium() if args.ensure else find_chromium()
    if not path:
        print(HOW_TO_INSTALL, file=sys.stderr)
        return 1
    print(f"Chromium for the browser tests: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
