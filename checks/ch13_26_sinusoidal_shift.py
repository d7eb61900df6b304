"""Checks for 13.26: M_k maps PE(pos) to PE(pos + k) for every pos."""

import numpy as np
import pytest

from kata.parts import PositionalEncoding
from kata.testing import expect_close, expect_function, expect_raises, expect_shape, points

MAX_POS = 4096
# Frequencies from exp(-log(10000) 2i/d) and a loop over the blocks differ from the reference by 7e-15 (atol 1e-10);
# M_k PE(pos) against PE(pos + k) at angles up to 4096 rad: 4e-13 (atol 1e-9); M_a M_b against M_(a+b): 3e-15.
# The smallest mistake moves an entry by 2.0.


@points(1)
@pytest.mark.parametrize("d_model", [2, 6, 16])
def test_shape_and_odd_width(solution, d_model):
    """M_k is (d_model, d_model); an odd or non-positive d_model raises ValueError"""
    expect_shape(np.asarray(solution.sinusoidal_shift_matrix(3, d_model)), (d_model, d_model),
                 f"sinusoidal_shift_matrix(3, {d_model})")
    expect_raises(ValueError, lambda: solution.sinusoidal_shift_matrix(3, d_model + 1),
                  f"sinusoidal_shift_matrix(3, {d_model + 1}) (an odd width)")
    expect_raises(ValueError, lambda: solution.sinusoidal_shift_matrix(3, 2 - d_model),
                  f"sinusoidal_shift_matrix(3, {2 - d_model}) (a width that is not positive)")


@points(4)
@pytest.mark.parametrize("d_model", [2, 8, 32, 128])
def test_shift_property_over_many_positions(solution, d_model, rng):
    """PE(pos + k) = M_k @ PE(pos) for many random k and pos, with PE from kata.parts"""
    pe = PositionalEncoding(MAX_POS, d_model).pe
    offsets = rng.integers(-300, 300, size=8)
    pos = rng.integers(300, MAX_POS - 300, size=(8, 64))
    M = np.stack([np.asarray(solution.sinusoidal_shift_matrix(int(k), d_model), dtype=float) for k in offsets])
    predicted = np.einsum("kij,kpj->kpi", M, pe[pos])
    expect_close(predicted, pe[pos + offsets[:, None]], atol=1e-9,
                 what=f"M_k @ PE(pos) against PE(pos + k) (d_model={d_model}; axis 0 runs over the offsets "
                      f"k = {offsets.tolist()}, axis 1 over 64 random positions)")


@points(1)
@pytest.mark.parametrize("d_model", [4, 24])
def test_shifts_compose(solution, d_model, rng):
    """M_0 is the identity and M_a @ M_b = M_(a+b)"""
    shift = solution.sinusoidal_shift_matrix
    expect_close(shift(0, d_model), np.eye(d_model), atol=1e-12, what=f"sinusoidal_shift_matrix(0, {d_model})")
    a, b = (int(v) for v in rng.integers(-50, 50, size=2))
    expect_close(shift(a, d_model) @ shift(b, d_model), shift(a + b, d_model), atol=1e-9,
                 what=f"M_{a} @ M_{b} against M_{a + b} (d_model={d_model})")


@points(2)
@pytest.mark.parametrize("k, d_model", [(1, 4), (5, 8), (-7, 16), (100, 64), (12, 512)])
def test_matches_reference(solution, reference, k, d_model):
    """M_k matches the reference"""
    expect_function(solution, reference, "sinusoidal_shift_matrix", k, d_model, atol=1e-10, rtol=0)
