"""Checks for 13.12: approx_params(L, d, V) = 12 L d^2 + 2 V d, and where the 12 comes from."""

import pytest

from exercises.ch13_12_param_estimate.questions import CHOICES
from kata.testing import choice_check, expect_function, points

MODELS = [(24, 1024, 50000), (12, 768, 50257), (32, 4096, 32000), (2, 64, 1000), (96, 12288, 50257)]
# Integer arithmetic is exact in any order; expect_function's rtol 1e-9 admits +-175 at 175B parameters, far below
# the smallest declared mistake (V d counted once: 3.5e-3 relative).


@points(3)
@pytest.mark.parametrize("L, d, V", MODELS)
def test_approx_params(solution, reference, L, d, V):
    """approx_params matches 12 L d^2 + 2 V d on several models, the book's included"""
    expect_function(solution, reference, "approx_params", L, d, V)


test_choices = choice_check(CHOICES)
