""""Turn the knob": sliders in Jupyter, a static default in the book.

A lab's knob cell calls :func:`knobs` with a plotting function and the sliders it takes.
In a live Jupyter session (JupyterLab, Notebook, VS Code or Colab) with ``ipywidgets``
installed, it shows sliders that re-run the function; everywhere else (the book build,
``pytest --nbval``, a script) it calls the function once with the default values, so the
page shows a static figure and makes no request for widget code to any other server.
Set ``CREDITLAB_WIDGETS=0`` to force the static version, ``=1`` to ask for sliders.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Slider", "knobs", "interactive_session"]


@dataclass(frozen=True)
class Slider:
    """A numeric knob: default ``value`` in ``[low, high]`` in steps of ``step``."""

    value: float
    low: float
    high: float
    step: float
    label: str = ""

    def __post_init__(self):
        if not self.low <= self.value <= self.high:
            raise ValueError(f"slider value {self.value} must lie between low={self.low} and high={self.high}")
        if self.step <= 0:
            raise ValueError(f"slider step must be positive (got {self.step})")

    @property
    def is_int(self) -> bool:
        return all(float(x).is_integer() for x in (self.value, self.low, self.high, self.step))


def interactive_session() -> bool:
    """True inside a live Jupyter front end, where sliders can be shown."""
    flag = os.environ.get("CREDITLAB_WIDGETS")
    if flag is not None:
        return flag.strip() not in ("", "0", "false", "no")
    if "google.colab" in sys.modules:
        return True
    # A kernel started by a Jupyter server (Lab, Notebook, VS Code) carries this variable;
    # nbclient, which executes notebooks for the book and the tests, does not set it.
    return bool(os.environ.get("JPY_SESSION_NAME"))


def knobs(function: Callable[..., Any], **sliders: Slider) -> Any:
    """Show ``function`` with sliders in Jupyter, or call it once with the defaults.

    ``function`` takes keyword arguments named as ``sliders``. Returns what ``function``
    returns for the default values (static mode) or the ipywidgets object (live mode).
    """
    defaults = {name: (int(s.value) if s.is_int else s.value) for name, s in sliders.items()}
    if interactive_session():
        try:
            import ipywidgets as widgets
        except ImportError:  # pragma: no cover - depends on the reader's installation
            print("Install ipywidgets to get sliders here; showing the default values.")
        else:
            controls = {}
            for name, s in sliders.items():
                cls = widgets.IntSlider if s.is_int else widgets.FloatSlider
                controls[name] = cls(
                    value=defaults[name], min=s.low, max=s.high, step=s.step,
                    description=s.label or name, continuous_update=False,
                    style={"description_width": "initial"},
                )
            return widgets.interact(function, **controls)
    return function(**defaults)
