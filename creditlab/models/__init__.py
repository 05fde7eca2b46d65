"""The models behind the labs. Each module names the paper it reproduces in its docstring."""

from . import image_scoring
from . import norms

__all__ = ["image_scoring", "norms"]
