"""The parameter checks speak to a student: they name the parameter, its meaning and range."""

import math

import numpy as np
import pytest

from creditlab._validate import (
    check_bool,
    check_instance,
    check_int,
    check_probability,
    check_real,
    check_real_array,
    check_seed,
    make_rng,
)


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


# --- Arrays of numbers, switches and model objects -----------------------------------------------


def test_real_array_keeps_valid_values_and_shapes():
    assert check_real_array("x", 0.5).shape == ()
    assert np.array_equal(check_real_array("x", [[1, 2], [3, 4]]), [[1.0, 2.0], [3.0, 4.0]])
    assert np.array_equal(check_real_array("x", 0.25, vector=True), [0.25])
    assert np.array_equal(check_real_array("x", (np.int64(1), 2.0, np.float32(3))), [1, 2, 3])
    whole = check_real_array("x", [5.0, 7], whole=True)
    assert whole.dtype == np.int64 and whole.tolist() == [5, 7]
    assert check_real_array("x", np.arange(3), low=0, high=2).tolist() == [0.0, 1.0, 2.0]


@pytest.mark.parametrize(
    "bad, pattern",
    [
        ("450", r"x \(a share\) must be a number or a list of numbers \(got the text '450'\)"),
        (True, r"got True, a truth value"),
        (np.bool_(False), r"got np.False_, a truth value|got False, a truth value"),
        ([0.5, True], r"got True at position 1, a truth value"),
        (np.array([True, False]), "truth values"),
        ([None], r"got None at position 0, which is not a number"),
        (["0.5"], r"got '0.5' at position 0, which is not a number"),
        (np.array(["a", "b"]), "text"),
        ({"a": 1}, "which is not a number"),
        ([[1, 2], [3]], "which is not a number"),
    ],
)
def test_real_array_rejects_what_is_not_numbers(bad, pattern):
    with pytest.raises(TypeError, match=pattern):
        check_real_array("x", bad, meaning="a share")


@pytest.mark.parametrize(
    "bad, kwargs, pattern",
    [
        ([0.1, math.nan], {}, r"x \(a share\) must hold finite numbers only \(got nan at position 1\)"),
        ([[0, 0], [0, math.inf]], {}, r"got inf at position \(1, 1\)"),
        ([0.2, 1.5], {"low": 0, "high": 1}, r"x \(a share\) must lie in \[0, 1\] \(got 1.5 at position 1\)"),
        (0.0, {"low": 0, "low_open": True}, r"must lie in \(0, inf\] \(got 0\)"),
        ([], {"vector": True}, "must not be empty"),
        ([[1.0]], {"vector": True}, r"got an array of shape \(1, 1\)"),
    ],
)
def test_real_array_rejects_bad_values_with_the_parameter_named(bad, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        check_real_array("x", bad, meaning="a share", **kwargs)


def test_real_array_whole_numbers():
    with pytest.raises(TypeError, match=r"n must hold whole numbers only \(got 2.7 at position 0\)"):
        check_real_array("n", [2.7, 1], whole=True)


def test_bool_accepts_only_true_and_false():
    assert check_bool("flag", True) is True
    assert check_bool("flag", np.bool_(False)) is False
    for bad in ("yes", "no", 1, 0, None):
        with pytest.raises(TypeError, match=r"flag \(a switch\) must be True or False"):
            check_bool("flag", bad, meaning="a switch")


def test_instance_names_parameter_and_expected_type():
    class Model:
        pass

    m = Model()
    assert check_instance("model", m, Model) is m
    with pytest.raises(TypeError, match=r"^model must be a Model, for example Model\(\) \(got dict\)$"):
        check_instance("model", {}, Model, hint="for example Model()")
    with pytest.raises(TypeError, match=r"rng must be an Int \(got NoneType\)"):
        check_instance("rng", None, type("Int", (), {}))
