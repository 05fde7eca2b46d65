"""Keep freed memory for the next generation instead of handing it back to the system.

A generation of the vectorised image-scoring model creates and frees a few dozen arrays of
up to a few megabytes each. By default glibc's ``malloc`` often returns that memory to the
operating system as soon as it is free (the top of the heap, and arrays it mapped on their
own), so the next generation's arrays are mapped afresh and every new page costs a page
fault: on the machine that measured the benchmark, about a third of a private generation's
time. :func:`keep_freed_memory` sets three ``mallopt`` parameters so those pages are reused:

- ``M_MMAP_THRESHOLD`` = 32 MB: arrays up to 32 MB come from the heap, not from mappings of
  their own. Setting any of these parameters turns off glibc's rule that raises this
  threshold as large blocks are freed, so it is set to the most that rule would reach
  (32 MB on 64-bit systems); without it, arrays from 128 KB up would each be mapped anew.
- ``M_TRIM_THRESHOLD`` = 128 MB and ``M_TOP_PAD`` = 64 MB: free memory at the top of the heap
  is given back only beyond 128 MB, and each time the heap grows it takes 64 MB more.

The cost is memory: up to about 128 MB of freed heap may stay with the process. It changes
how the process manages memory, not what any computation gives; it is a no-op outside Linux
with glibc, and ``CREDITLAB_KEEP_MEMORY=0`` in the environment turns it off.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["keep_freed_memory"]

# glibc's malloc.h: parameter numbers and the values set
_SETTINGS = (
    (-3, 32 << 20),  # M_MMAP_THRESHOLD
    (-1, 128 << 20),  # M_TRIM_THRESHOLD
    (-2, 64 << 20),  # M_TOP_PAD
)
_state: dict[str, bool] = {}


def keep_freed_memory() -> bool:
    """Keep freed heap memory for reuse (once per process); True if the setting is in effect."""
    if "done" not in _state:
        ok = False
        if sys.platform.startswith("linux") and os.environ.get("CREDITLAB_KEEP_MEMORY", "1") != "0":
            try:
                mallopt = ctypes.CDLL(None).mallopt
                ok = all([bool(mallopt(param, value)) for param, value in _SETTINGS])
            except (OSError, AttributeError):  # not glibc
                ok = False
        _state["done"] = ok
    return _state["done"]
