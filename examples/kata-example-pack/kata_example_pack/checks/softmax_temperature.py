"""Checks for ex.1: softmax with a temperature."""

import numpy as np
import pytest

from kata.testing import check, expect_close, expect_raises, expect_same, known, points

CASES = [((4, 10), 1.0), ((2, 3, 7), 0.5), ((1, 5), 2.0), ((6, 6), 0.1)]


@points(2)
@pytest.mark.parametrize("shape, temperature", CASES, ids=str)
def test_matches_reference(solution, reference, shape, temperature, rng):
    """softmax(logits, T) matches the reference on several shapes and temperatures"""
    logits = rng.normal(0.0, 3.0, size=shape)
    expect_same(lambda m: m.softmax(logits.copy(), temperature), solution, reference, atol=1e-12,
                what=f"softmax(logits of shape {shape}, temperature={temperature})")


@points(1)
def test_large_logits_stay_finite(solution, reference, rng):
    """rows sum to 1 and stay finite for logits around 1000"""
    logits = 1000.0 + rng.normal(size=(3, 8))
    probs = expect_same(lambda m: m.softmax(logits.copy()), solution, reference, atol=1e-12,
                        what="softmax(logits around 1000)")
    expect_close(np.asarray(probs).sum(axis=-1), np.ones(3), atol=1e-12, what="the sum of each row")


@points(1)
def test_temperature_extremes(solution, rng):
    """a low temperature is nearly one-hot, a high one nearly uniform"""
    logits = rng.normal(size=(2, 6))
    cold = np.asarray(solution.softmax(logits.copy(), 0.01))
    check(np.allclose(cold.max(axis=-1), 1.0, atol=1e-6),
          f"at temperature 0.01 the largest logit should take nearly all the mass; the largest probabilities "
          f"are {cold.max(axis=-1)}")
    hot = solution.softmax(logits.copy(), 1e6)
    expect_close(hot, np.full((2, 6), 1 / 6), atol=1e-5, what="softmax at temperature 1e6",
                 against="the uniform distribution")


@points(1)
@pytest.mark.parametrize("temperature", [0.0, -1.0])
def test_bad_temperature_raises(solution, reference, temperature):
    """a temperature of 0 or below raises ValueError"""
    expect_raises(ValueError, lambda: solution.softmax(np.zeros((2, 3)), temperature),
                  f"softmax(logits, temperature={temperature})", explain=known(reference, "temperature not checked"))
