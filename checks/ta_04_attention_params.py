"""Checks for ta.4: attention_params, by formula and against an instantiated layer."""

import numpy as np
import pytest

from exercises.ta_04_attention_params.questions import CHOICES
from kata.parts import MultiHeadAttention
from kata.testing import choice_check, expect_close, expect_function, points


@points(1)
@pytest.mark.parametrize("d, bias", [(512, False), (512, True), (768, True), (4096, False), (1, True)])
def test_formula(solution, reference, d, bias):
    """attention_params on several widths, with and without biases (the book's first)"""
    expect_function(solution, reference, "attention_params", d, bias)


@points(2)
@pytest.mark.parametrize("d, n_heads, bias", [(64, 8, True), (64, 2, False), (48, 6, True), (30, 5, False)])
def test_counts_a_real_layer(solution, reference, d, n_heads, bias):
    """attention_params equals the number of parameters of an instantiated MultiHeadAttention"""
    layer = MultiHeadAttention(d, n_heads, np.random.default_rng(0))
    arrays = {name: value for name, value in vars(layer).items() if isinstance(value, np.ndarray)}
    counted = sum(value.size for name, value in arrays.items() if bias or name.startswith("W_"))
    got = expect_function(solution, reference, "attention_params", d, bias)
    # Integers, so exact: the smallest mistake (one bias vector) is off by 1.5% (190 parameters).
    expect_close(got, counted, atol=0, what=f"attention_params({d}, {bias}) vs the arrays of MultiHeadAttention("
                 f"{d}, {n_heads}) ({', '.join(arrays)}{'' if bias else ', biases left out'})")


test_choices = choice_check(CHOICES)
