"""The models behind the labs. Each module names the paper it reproduces in its docstring."""

from . import image_scoring
from . import network_scoring, thresholds  # Labs II: guilt by association; silence

__all__ = ["image_scoring"]
