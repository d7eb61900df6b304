"""Checks for 13.13: training_flops(N, D) = 6 N D, and where the 6 comes from."""

import pytest

from exercises.ch13_13_training_flops.questions import CHOICES
from kata.testing import choice_check, expect_function, points

RUNS = [(13e9, 2e12), (175e9, 300e9), (70e9, 1.4e12), (124e6, 9e9), (1_000_000, 20_000_000)]
# 6 N D, 2 N D * 3 or 2 N D + 4 N D in floats differ by 2e-16 relative (rtol 1e-9); the smallest mistake is 0.33.


@points(3)
@pytest.mark.parametrize("N, D", RUNS)
def test_training_flops(solution, reference, N, D):
    """training_flops matches 6 N D for several runs, the book's 13B on 2T tokens included"""
    expect_function(solution, reference, "training_flops", N, D, answer_type="any")  # the statement names no type


test_choices = choice_check(CHOICES)
