"""Checks for 13.9: the bytes of the attention scores, the formula and a real tensor."""

import numbers

import numpy as np
import pytest

from exercises.ch13_09_attention_memory.questions import CHOICES
from kata.testing import check, choice_check, expect_function, points

# (batch, heads, n, bytes_per); the first is the long-context example of the question
CONFIGS = [(1, 32, 32_768, 2), (8, 12, 1_024, 4), (2, 16, 4_096, 2), (4, 1, 100, 8), (1, 64, 131_072, 2)]


@points(3)
@pytest.mark.parametrize("batch, heads, n, bytes_per", CONFIGS)
def test_formula(solution, reference, batch, heads, n, bytes_per):
    """attention_score_bytes matches the reference on several configurations"""
    value = expect_function(solution, reference, "attention_score_bytes", batch, heads, n, bytes_per, rtol=0.0)
    check(isinstance(value, numbers.Integral), f"attention_score_bytes returned {value!r} of type "
          f"{type(value).__name__}; a number of bytes is an int")


@points(1)
@pytest.mark.parametrize("batch, heads, n, dtype", [(2, 3, 17, "float16"), (1, 4, 33, "float32"),
                                                    (3, 2, 8, "float64")])
def test_matches_a_real_score_tensor(solution, batch, heads, n, dtype, rng):
    """it equals the nbytes of a score tensor Q K^T actually computed"""
    q, k = (rng.normal(size=(batch, heads, n, 8)).astype(dtype) for _ in range(2))
    scores = q @ np.swapaxes(k, -1, -2)
    itemsize = np.dtype(dtype).itemsize
    value = solution.attention_score_bytes(batch, heads, n, itemsize)
    check(value == scores.nbytes, f"attention_score_bytes({batch}, {heads}, {n}, {itemsize}) is {value!r}, but "
          f"the scores Q @ K^T of shape {scores.shape} in {dtype} take {scores.nbytes} bytes")


test_choices = choice_check(CHOICES)
