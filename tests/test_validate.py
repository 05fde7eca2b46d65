"""The parameter checks speak to a student: they name the parameter, its meaning and range."""

import math

import numpy as np
import pytest

from creditlab._validate import check_int, check_probability, check_real, check_seed, make_rng


def test_probability_accepts_bounds():
    assert check_probability("q", 0) == 0.0
    assert check_probability("q", 1) == 1.0
    assert check_probability("q", np.float64(0.25)) == 0.25


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf])
def test_probability_rejects_out_of_range(bad):
    with pytest.raises(ValueError, match=r"q \(chance\) is a probability, so it must lie between 0 and 1"):
        check_probability("q", bad, meaning="chance")


@pytest.mark.parametrize("bad", ["0.5", None, True, [0.5]])
def test_probability_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="q must be a probability"):
        check_probability("q", bad)


def test_int_checks():
    assert check_int("n", 5, low=2) == 5
    assert check_int("n", 5.0, low=2) == 5
    with pytest.raises(ValueError, match=r"n \(population\) must be at least 2 \(got 1\)"):
        check_int("n", 1, meaning="population", low=2)
    with pytest.raises(ValueError, match="at most 3"):
        check_int("n", 4, high=3)
    with pytest.raises(TypeError, match="must be a whole number"):
        check_int("n", 2.5)
    with pytest.raises(TypeError, match="must be a whole number"):
        check_int("n", True)


def test_real_checks_and_open_bounds():
    assert check_real("b", 2, low=0, low_open=True) == 2.0
    with pytest.raises(ValueError, match=r"b must lie in \(0, inf\] \(got 0\)"):
        check_real("b", 0, low=0, low_open=True)
    with pytest.raises(TypeError):
        check_real("b", "2")


def test_seed_and_rng():
    assert check_seed(None) is None
    with pytest.raises(ValueError, match="seed"):
        check_seed(-1)
    a = make_rng(3).random(3)
    b = make_rng(3).random(3)
    assert np.array_equal(a, b)
    rng = np.random.default_rng(1)
    assert make_rng(rng=rng) is rng
    with pytest.raises(ValueError, match="either seed or rng"):
        make_rng(1, rng=rng)
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        make_rng(rng=np.random.RandomState(1))
