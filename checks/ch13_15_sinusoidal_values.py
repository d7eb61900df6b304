"""Checks for 13.15: sinusoidal positional encoding, one value and the whole table."""

import math

import numpy as np
import pytest

from kata.parts import PositionalEncoding
from kata.testing import expect_close, expect_function, expect_same, points

BOOK = {(0, 0): 0.0, (0, 1): 1.0, (1, 0): math.sin(1.0), (1, 1): math.cos(1.0)}
SIZES = [(6, 4), (50, 16), (128, 64), (9, 512)]
# Angles reach 2048 radians: 10000 ** (-2i/d) and exp(-2i/d * log 10000) differ by ~1e-16 relative, so a valid
# other formula moves PE values by up to ~1e-12 there; a wrong frequency, an i/d for 2i/d or sin/cos swapped
# moves them by more than 1e-3. Measured: 2e-13 for values (sin(a + pi/2) for cos included), 1e-14 for the tables
# (torch, kata.parts); the smallest mistake moves a value by 1.4.
PE_ATOL = 1e-9


@points(1)
@pytest.mark.parametrize("pos, i", list(BOOK), ids=str)
def test_book_values(solution, reference, pos, i):
    """the book's PE(0,0), PE(0,1), PE(1,0), PE(1,1) for d_model = 4"""
    expect_function(solution, reference, "sinusoidal_pe", pos, i, 4, atol=PE_ATOL)
    expect_close(solution.sinusoidal_pe(pos, i, 4), BOOK[pos, i], atol=PE_ATOL, what=f"PE({pos}, {i})")


@points(2)
@pytest.mark.parametrize("d_model", [4, 8, 32, 512])
def test_random_values(solution, reference, d_model, rng):
    """sinusoidal_pe at random positions and dimensions matches the reference"""
    for pos, i in zip(rng.integers(0, 2048, size=6), rng.integers(0, d_model, size=6)):
        expect_function(solution, reference, "sinusoidal_pe", int(pos), int(i), d_model, atol=PE_ATOL)


@points(2)
@pytest.mark.parametrize("n_positions, d_model", SIZES, ids=str)
def test_matrix(solution, reference, n_positions, d_model):
    """sinusoidal_pe_matrix matches the reference and the framework's own positional encoding"""
    table = expect_same(lambda m: m.sinusoidal_pe_matrix(n_positions, d_model), solution, reference, atol=PE_ATOL,
                        what=f"sinusoidal_pe_matrix({n_positions}, {d_model})")
    expect_close(table, PositionalEncoding(n_positions, d_model).pe, atol=PE_ATOL,
                 what="your table vs the framework's PositionalEncoding")
