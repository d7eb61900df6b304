"""Checks for ta.2: the causal mask."""

import numpy as np
import pytest

from kata.parts import softmax
from kata.testing import check, declare, expect_same, points


@points(2)
@pytest.mark.parametrize("T", [4, 7, 16, 1, 2])
def test_mask_matches_reference(solution, reference, T):
    """the mask is True exactly above the diagonal, as booleans"""
    # booleans: compared entry by entry, no tolerance
    expect_same(lambda m: m.causal_mask(T), solution, reference, atol=0, what=f"causal_mask({T})")


@points(1)
@pytest.mark.parametrize("T", [3, 9])
def test_mask_in_attention(solution, T, rng):
    """in attention, no row is fully hidden and the future gets weight 0"""
    mask = np.asarray(solution.causal_mask(T)).astype(bool)
    weights = softmax(np.where(mask, -np.inf, rng.normal(size=(T, T))))
    check(np.isfinite(weights).all(), f"with causal_mask({T}) some query has every key hidden, so its softmax "
          "is NaN: a token must always see itself (the diagonal stays visible)")
    future = np.triu(np.ones((T, T), dtype=bool), k=1)
    check((weights[future] == 0).all(), f"with causal_mask({T}) some query gives weight to a later position: "
          "the future (j > i) must be hidden")


# ---- contracts ----------------------------------------------------------------------------------

globals().update(declare(opt_out={
    "input not mutated": "its argument is a number",
    "repeated calls": "a function of T alone, with no state",
    "constructor arguments": "a function, not a class",
    "inputs as given": "T is tried at 1, 2 and larger values",
    "types as stated": "the comparison requires a boolean array, as the statement asks (dtype=bool)",
    "validation as stated": "the statement asks for no error",
    "extremes": "T = 1 is tried",
    "weights distinct": "no weights",
}))
