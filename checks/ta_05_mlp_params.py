"""Checks for ta.5: mlp_params, by formula and against an instantiated block."""

import numpy as np
import pytest

from kata.parts import FeedForward
from kata.testing import expect_close, expect_function, points


# Integer counts below 1e8: expect_function's rtol 1e-9 admits no other integer.
@points(1)
@pytest.mark.parametrize("d, d_ff, bias", [(512, 2048, False), (512, 2048, True), (4096, 11008, False),
                                           (768, 3072, True), (10, 7, True)])
def test_formula(solution, reference, d, d_ff, bias):
    """mlp_params on several widths, with and without biases (the book's first)"""
    expect_function(solution, reference, "mlp_params", d, d_ff, bias)


@points(2)
@pytest.mark.parametrize("d, d_ff, bias", [(16, 64, True), (12, 20, True), (9, 33, False)])
def test_counts_a_real_block(solution, reference, d, d_ff, bias):
    """mlp_params equals the number of parameters of an instantiated FeedForward"""
    block = FeedForward(d, d_ff, np.random.default_rng(1))
    kept = [block.W1, block.W2] + ([block.b1, block.b2] if bias else [])
    got = expect_function(solution, reference, "mlp_params", d, d_ff, bias)
    expect_close(got, sum(a.size for a in kept), atol=0,
                 what=f"mlp_params({d}, {d_ff}, {bias}) vs the arrays of FeedForward({d}, {d_ff})")
