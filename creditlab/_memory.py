"""Keep freed memory for the next generation instead of handing it back to the system.

A generation of the vectorised image-scoring model creates and frees a few dozen arrays of
up to a few megabytes each. By default glibc's ``malloc`` returns the top of its heap to the
operating system as soon as it is free, so the next generation's arrays are mapped afresh
and every new page costs a page fault: on the machine that measured the benchmark, about a
third of a generation's time. :func:`keep_freed_memory` asks ``malloc`` (``mallopt``,
``M_TOP_PAD``) to keep up to 64 MB of free heap when it trims, so those pages are reused.
It changes how the process manages memory, not what any computation gives; it is a no-op
outside Linux with glibc, and ``CREDITLAB_KEEP_MEMORY=0`` in the environment turns it off.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["keep_freed_memory"]

_M_TOP_PAD = -2  # glibc's malloc.h
_PAD = 64 << 20
_state: dict[str, bool] = {}


def keep_freed_memory() -> bool:
    """Keep up to 64 MB of freed heap for reuse (once per process); True if it is in effect."""
    if "done" not in _state:
        ok = False
        if sys.platform.startswith("linux") and os.environ.get("CREDITLAB_KEEP_MEMORY", "1") != "0":
            try:
                ok = bool(ctypes.CDLL(None).mallopt(_M_TOP_PAD, _PAD))
            except (OSError, AttributeError):  # not glibc
                ok = False
        _state["done"] = ok
    return _state["done"]
