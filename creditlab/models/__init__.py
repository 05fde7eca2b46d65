"""The models behind the labs. Each module names the paper it reproduces in its docstring."""

from . import image_scoring
from . import listing_errors, spiral, urn  # Labs II: feedback and errors

__all__ = ["image_scoring"]
