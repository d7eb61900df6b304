"""Checks for ta.7: x + f(LN(x))."""

import functools
import numpy as np
import pytest

from exercises.ta_07_pre_ln_residual.questions import CHOICES
from kata.testing import (check, choice_check, constructor_arguments, declare, expect_close, expect_same,
                          input_not_mutated, points)


def _sublayer(rng, d, kind):
    """A random sublayer f: (..., d) -> (..., d)."""
    W, b = rng.normal(0.0, 0.7, size=(d, d)), rng.normal(size=d)
    return {"half": lambda v: 0.5 * v, "linear": lambda v: v @ W + b, "tanh": lambda v: np.tanh(v @ W) + b}[kind]


@points(2)
@pytest.mark.parametrize("shape, kind", [((2,), "half"), ((6,), "linear"), ((5, 8), "tanh"), ((3, 16), "linear")],
                         ids=str)
# Measured: LN with the variance as E[x^2] - E[x]^2 moves the output by 1.8e-15 vs 4.7 for the smallest mistake
# (norm after the sublayer): atol 1e-10. With f = 0 the output is x exactly in every order (no residual: 7.9).
def test_matches_reference(solution, reference, shape, kind, rng):
    """x + f(LN(x)) matches the reference (the book's example first)"""
    x = np.array([1.0, -1.0]) if shape == (2,) else rng.normal(1.0, 2.0, size=shape)
    f = _sublayer(rng, shape[-1], kind)
    expect_same(lambda m: m.pre_ln_residual(x.copy(), f), solution, reference, atol=1e-10,
                what=f"pre_ln_residual(x of shape {shape}, f = a {kind} sublayer)")


@points(1)
@pytest.mark.parametrize("shape", [(7,), (4, 5)], ids=str)
def test_zero_sublayer_is_identity(solution, shape, rng):
    """with f returning zeros the output is x itself"""
    x = rng.normal(3.0, 2.0, size=shape)
    expect_close(solution.pre_ln_residual(x.copy(), np.zeros_like), x, atol=1e-12,
                 what="pre_ln_residual(x, f = zeros), which should be x itself,")


@points(1)
def test_sublayer_sees_normalised_input(solution, rng):
    """f is called once, on an input whose rows have mean 0 and variance close to 1"""
    seen = []
    solution.pre_ln_residual(rng.normal(-4.0, 3.0, size=(6, 10)), lambda v: seen.append(np.array(v)) or v)
    check(len(seen) == 1, f"f was called {len(seen)} times; call it exactly once")
    # f's rows have mean 0 to 1.3e-16 (post-LN: 4.1) and variance 1 - eps / var, off by 1.8e-6 (ddof=1 would be 0.1 off).
    expect_close(seen[0].mean(axis=-1), np.zeros(6), atol=1e-9, what="the mean of each row that f receives")
    expect_close(seen[0].var(axis=-1), np.ones(6), atol=1e-4, what="the variance of each row that f receives")


test_choices = choice_check(CHOICES)


# ---- contracts ----------------------------------------------------------------------------------


def _small_rows(rng):
    """Rows with a small variance, where eps shows."""
    W = rng.normal(0.0, 0.7, size=(6, 6))
    return {"x": rng.normal(1.0, 0.3, size=(4, 6)), "f": lambda v: np.tanh(v @ W)}


def _x_f(rng):
    W = rng.normal(0.0, 0.7, size=(6, 6))
    return {"x": rng.normal(1.0, 2.0, size=(4, 6)), "f": lambda v: np.tanh(v @ W)}


globals().update(declare(
    input_not_mutated("pre_ln_residual(x, f)", lambda m, x, f: m.pre_ln_residual(x, f), _x_f),
    *constructor_arguments("pre_ln_residual(x, f)", lambda m, **kw: functools.partial(m.pre_ln_residual, **kw),
                           lambda fn, x, f: fn(x, f), _small_rows, {"eps": 0.1}),
    opt_out={"repeated calls": "a function of its arguments alone, with no state",
             "inputs as given": "several sublayers f and both shapes are tried above",
             "types as stated": "float64 in, float64 out is what every check uses",
             "validation as stated": "the statement asks for no error",
             "extremes": "the statement names no extreme",
             "weights distinct": "no weights of its own"},
))
