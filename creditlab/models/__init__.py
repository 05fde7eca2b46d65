"""The models behind the labs. Each module names the paper it reproduces in its docstring."""

from . import image_scoring
from . import norms
from . import joint_punishment, points, trust_game  # labs 3 (trust game) and 4 (points, blacklists)
from . import listing_errors, spiral, urn  # Labs II: feedback and errors
from . import network_scoring, thresholds  # Labs II: guilt by association; silence

__all__ = ["image_scoring", "joint_punishment", "listing_errors", "network_scoring", "norms", "points", "spiral", "thresholds", "trust_game", "urn"]
