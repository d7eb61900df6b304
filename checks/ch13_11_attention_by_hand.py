"""Checks for 13.11: attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V."""

import numpy as np
import pytest

from kata.testing import expect_close, expect_same, points

SHAPES = [  # (leading axes, n_q, n_k, d_k, d_v)
    ((), 3, 3, 4, 4), ((), 2, 5, 3, 6), ((2,), 4, 4, 8, 8), ((2, 3), 5, 7, 16, 2), ((), 1, 9, 64, 5),
]


def _qkv(rng, lead, n_q, n_k, d_k, d_v, scale=1.0):
    return (rng.normal(0.0, scale, size=(*lead, n_q, d_k)), rng.normal(0.0, scale, size=(*lead, n_k, d_k)),
            rng.normal(size=(*lead, n_k, d_v)))


def _compare(solution, reference, Q, K, V):
    # rtol 1e-8: a softmax over sum + 1e-10, log-sum-exp, q scaled first, einsum or torch's SDPA differ by <= 1e-10
    # relative (measured 8e-11; 1e-10 at scores in the thousands); the scale, axis and output mistakes move it by
    # >= 0.75 on random inputs (no scaling, at saturated scores, still by 1.2e-7 relative); the missing max
    # subtraction changes nothing on small scores and gives NaN on large ones.
    expect_same(lambda m: m.attention(Q.copy(), K.copy(), V.copy()), solution, reference, atol=1e-12, rtol=1e-8,
                what=f"attention(Q, K, V) with Q {Q.shape}, K {K.shape}, V {V.shape}")


@points(2)
def test_book_case(solution, reference):
    """the book's case Q = K = V = I_2 gives the value worked out by hand"""
    a = np.exp(1 / np.sqrt(2))  # the diagonal score 1/sqrt(2), exponentiated; off-diagonal scores are 0
    by_hand = np.array([[a, 1.0], [1.0, a]]) / (a + 1.0)
    eye = np.eye(2)
    _compare(solution, reference, eye, eye, eye)
    expect_close(solution.attention(eye, eye, eye), by_hand, atol=1e-12, rtol=1e-8, what="attention(I, I, I)")


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_random_inputs(solution, reference, shape, rng):
    """random Q, K, V of several shapes match the reference"""
    _compare(solution, reference, *_qkv(rng, *shape))


@points(1)
@pytest.mark.parametrize("shape", SHAPES[1:4], ids=str)
def test_large_scores_stay_finite(solution, reference, shape, rng):
    """scores in the thousands do not overflow"""
    _compare(solution, reference, *_qkv(rng, *shape, scale=30.0))
