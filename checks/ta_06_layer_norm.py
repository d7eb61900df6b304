"""Checks for ta.6: layer_norm of one vector."""

import numpy as np
import pytest

from kata.testing import declare, expect_same, input_not_mutated, points

# Measured on CASES: the variance as E[x^2] - E[x]^2 (einsum) differs from the reference by 1.4e-13; the smallest
# mistake (eps outside the sqrt) by 0.16, ddof=1 by 0.22: atol 1e-10.
CASES = [(3, 0.0, 1.0, 1e-5), (8, 5.0, 3.0, 1e-5), (64, -2.0, 0.1, 1e-3), (768, 0.0, 1.0, 1e-5), (5, 1.0, 0.5, 0.5)]


def _expect_normalised(solution, reference, x, eps):
    expect_same(lambda m: m.layer_norm(x.copy(), eps), solution, reference, atol=1e-10,
                what=f"layer_norm(x of length {x.size}, eps={eps:g})")


@points(3)
@pytest.mark.parametrize("d, offset, scale, eps", CASES, ids=str)
def test_matches_reference(solution, reference, d, offset, scale, eps, rng):
    """the normalised vector matches the reference (the book's [1, 2, 3] first)"""
    x = np.array([1.0, 2.0, 3.0]) if d == 3 else rng.normal(offset, scale, size=d)
    _expect_normalised(solution, reference, x, eps)


@points(1)
@pytest.mark.parametrize("value", [0.0, 4.2])
def test_constant_vector(solution, reference, value):
    """a constant vector gives zeros, not NaN"""
    _expect_normalised(solution, reference, np.full(6, value), 1e-5)


# ---- contracts ----------------------------------------------------------------------------------

globals().update(declare(
    input_not_mutated("layer_norm(x)", lambda m, x: m.layer_norm(x), lambda rng: {"x": rng.normal(3.0, 2.0, size=9)}),
    opt_out={"repeated calls": "a function of its arguments alone, with no state",
             "constructor arguments": "a function; eps is tried at several values above",
             "inputs as given": "x is the only input, tried at several lengths and scales above",
             "types as stated": "float64 in, float64 out is what every check uses",
             "validation as stated": "the statement asks for no error",
             "extremes": "a constant vector (variance 0) is tried above",
             "weights distinct": "no weights"},
))
