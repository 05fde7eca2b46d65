"""The models behind the labs. Each module names the paper it reproduces in its docstring."""

from . import image_scoring
from . import norms
from . import joint_punishment, points, trust_game  # labs 3 (trust game) and 4 (points, blacklists)
from . import listing_errors, spiral, urn  # Labs II: feedback and errors

__all__ = ["image_scoring", "joint_punishment", "listing_errors", "norms", "points", "spiral", "trust_game", "urn"]
