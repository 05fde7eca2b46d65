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
    "check_real_array",
    "check_probability",
    "check_int",
    "check_bool",
    "check_instance",
    "check_seed",
    "make_rng",
]


def _describe(name: str, meaning: str) -> str:
    return f"{name} ({meaning})" if meaning else name


def _interval(low, high, low_open: bool, high_open: bool) -> str:
    """The allowed range as a message writes it: ``[0, 1]``, ``(0, inf]``."""
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    lo_txt = "-inf" if low is None else f"{low:g}"
    hi_txt = "inf" if high is None else f"{high:g}"
    return f"{left}{lo_txt}, {hi_txt}{right}"


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
        raise ValueError(f"{label} must lie in {_interval(low, high, low_open, high_open)} (got {value:g})")
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


def _at(index: tuple, shape: tuple) -> str:
    """Where a bad value sits in an array, for a message ("" for a single number)."""
    if not shape:
        return ""
    if len(shape) == 1:
        return f" at position {index[0]}"
    return f" at position {tuple(int(i) for i in index)}"


def _first(bad: np.ndarray) -> tuple:
    """The index of the first true entry of ``bad``, in the array's own shape."""
    return np.unravel_index(int(np.argmax(bad)), bad.shape)


def check_real_array(
    name: str,
    value,
    *,
    meaning: str = "",
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    whole: bool = False,
    vector: bool = False,
) -> np.ndarray:
    """Return ``value`` (a number or an array-like of numbers) as a float array after checking it.

    Rejects text, truth values (``True`` would otherwise count as 1), ``None`` and anything
    else that is not a real number, then NaN and infinities, then (with ``whole``) values
    that are not whole numbers, then values outside ``low``/``high`` (inclusive unless
    ``low_open``/``high_open``). Each message names the parameter, its meaning, the value
    received and where it sits in the array. With ``whole`` the result is an integer array.
    With ``vector`` a single number becomes a list of one, and the result must be a
    non-empty one-dimensional list.
    """
    label = _describe(name, meaning)
    kind = "whole numbers" if whole else "numbers"
    expected = f"a number or a non-empty list of {kind}" if vector else f"a number or a list of {kind}"
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{label} must be {expected} (got the text {value!r})")
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{label} must be {expected} (got {value!r}, a truth value)")
    try:
        raw = value if isinstance(value, np.ndarray) else np.asarray(value, dtype=object)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{label} must be {expected} (got {value!r}: {exc})") from None
    if raw.dtype.kind == "b":
        raise TypeError(f"{label} must be {expected} (got an array of truth values)")
    if raw.dtype.kind in "USV":
        raise TypeError(f"{label} must be {expected} (got an array of text)")
    if raw.dtype.kind not in "iuf":
        for index, item in np.ndenumerate(raw):
            where = _at(index, raw.shape)
            if isinstance(item, (bool, np.bool_)):
                raise TypeError(f"{label} must be {expected} (got {item!r}{where}, a truth value)")
            if not isinstance(item, numbers.Real):
                raise TypeError(f"{label} must be {expected} (got {item!r}{where}, which is not a number)")
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError) as exc:  # pragma: no cover - the element check catches these
        raise TypeError(f"{label} must be {expected} ({exc})") from None
    if vector:
        arr = np.atleast_1d(arr)
        if arr.ndim != 1:
            raise ValueError(f"{label} must be {expected} (got an array of shape {arr.shape})")
        if arr.size == 0:
            raise ValueError(f"{label} must not be empty: give at least one value")
    bad = ~np.isfinite(arr)
    if bad.any():
        index = _first(bad)
        raise ValueError(f"{label} must hold finite numbers only (got {arr[index]}{_at(index, arr.shape)})")
    if whole:
        bad = arr != np.round(arr)
        if bad.any():
            index = _first(bad)
            raise TypeError(f"{label} must hold whole numbers only (got {arr[index]:g}{_at(index, arr.shape)})")
    too_low = np.zeros(arr.shape, dtype=bool) if low is None else (arr <= low if low_open else arr < low)
    too_high = np.zeros(arr.shape, dtype=bool) if high is None else (arr >= high if high_open else arr > high)
    bad = too_low | too_high
    if bad.any():
        index = _first(bad)
        raise ValueError(
            f"{label} must lie in {_interval(low, high, low_open, high_open)} (got {arr[index]:g}{_at(index, arr.shape)})"
        )
    return arr.astype(np.int64) if whole else arr


def check_bool(name: str, value, *, meaning: str = "") -> bool:
    """A switch: ``True`` or ``False`` (numpy's too), never a truthy string or number."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise TypeError(f"{_describe(name, meaning)} must be True or False (got {value!r})")


def check_instance(name: str, value, cls: type, *, hint: str = ""):
    """Return ``value`` if it is a ``cls``; otherwise a TypeError naming the parameter, the
    type expected (with ``hint``, e.g. where to get one) and the type received."""
    if isinstance(value, cls):
        return value
    article = "an" if cls.__name__[:1].upper() in "AEIOU" else "a"
    hint = f", {hint}" if hint else ""
    raise TypeError(f"{name} must be {article} {cls.__name__}{hint} (got {type(value).__name__})")


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
