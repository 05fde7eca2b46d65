"""Parameter checks that speak to a student.

Every model function calls these helpers so that a bad parameter fails early with a
message naming the parameter, what it means, the valid range and the value received,
instead of a numpy broadcasting error three calls later.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_real",
    "check_probability",
    "check_int",
    "check_seed",
    "make_rng",
]


def _describe(name: str, meaning: str) -> str:
    return f"{name} ({meaning})" if meaning else name


def check_real(
    name: str,
    value,
    *,
    meaning: str = "",
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking that it is a finite real number in range.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open`` is set.
    """
    label = _describe(name, meaning)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a number (got {value!r} of type {type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{label} must be a finite number (got {value})")
    lo_ok = low is None or (value > low if low_open else value >= low)
    hi_ok = high is None or (value < high if high_open else value <= high)
    if not (lo_ok and hi_ok):
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        lo_txt = "-inf" if low is None else f"{low:g}"
        hi_txt = "inf" if high is None else f"{high:g}"
        raise ValueError(f"{label} must lie in {left}{lo_txt}, {hi_txt}{right} (got {value:g})")
    return value


def check_probability(name: str, value, *, meaning: str = "") -> float:
    """A probability: a real number between 0 and 1 inclusive."""
    label = _describe(name, meaning)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{label} must be a probability, a number between 0 and 1 (got {value!r})")
    value = float(value)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise ValueError(f"{label} is a probability, so it must lie between 0 and 1 (got {value:g})")
    return value


def check_int(
    name: str,
    value,
    *,
    meaning: str = "",
    low: int | None = None,
    high: int | None = None,
) -> int:
    """Return ``value`` as an int after checking that it is a whole number in ``[low, high]``."""
    label = _describe(name, meaning)
    if isinstance(value, bool):
        raise TypeError(f"{label} must be a whole number (got {value!r}, a truth value)")
    if not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{label} must be a whole number (got {value!r} of type {type(value).__name__})")
    value = int(value)
    if low is not None and value < low:
        raise ValueError(f"{label} must be at least {low} (got {value})")
    if high is not None and value > high:
        raise ValueError(f"{label} must be at most {high} (got {value})")
    return value


def check_seed(seed) -> int | None:
    """A seed is ``None`` (fresh randomness) or a non-negative whole number."""
    if seed is None:
        return None
    return check_int("seed", seed, meaning="the random seed that makes a run repeatable", low=0)


def make_rng(seed=None, rng: np.random.Generator | None = None) -> np.random.Generator:
    """Return ``rng`` if given, else a new :class:`numpy.random.Generator` seeded with ``seed``."""
    if rng is not None:
        if seed is not None:
            raise ValueError("give either seed or rng, not both: an rng already carries its own seed")
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator (got {type(rng).__name__})")
        return rng
    return np.random.default_rng(check_seed(seed))
