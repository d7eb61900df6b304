"""Checks for 13.2: self-attention, the equivariance gap, and what positions do to it."""

import numpy as np
import pytest

from kata.parts import PositionalEncoding
from kata.testing import check, expect_same, points

# (n tokens, d_model, d_k, d_v); the first is the book's 3 x 3 example
SHAPES = [(3, 3, 3, 3), (6, 8, 4, 4), (10, 16, 16, 8), (5, 12, 3, 7)]
# self_attention in other orders (einsum with a softmax over sum + 1e-10, log-sum-exp, torch's SDPA) differs by 2e-10
# absolute, 1e-10 relative, inside 1e-10 + the engine's 1e-9 relative floor; the smallest mistake moves 0.75.
# The gap: other ways of taking max |.| give the same float (0 measured; no abs value: 0.63). Attention alone leaves a
# gap <= 2e-15 (the permuted keys are summed in another order); with positions it was >= 0.49 over 80 draws.


def _weights(rng, d_model, d_k, d_v):
    scale = 1.5 / np.sqrt(d_model)  # scores of order one or more, so a wrong scale shows
    return (rng.normal(scale=scale, size=(d_model, d_k)), rng.normal(scale=scale, size=(d_model, d_k)),
            rng.normal(scale=scale, size=(d_model, d_v)))


def _cycle(rng, n):
    """A random n-cycle: a permutation that moves every row (a row left in place would prove nothing)."""
    order, perm = rng.permutation(n), np.empty(n, dtype=int)
    perm[order] = np.roll(order, -1)
    return perm


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_self_attention_matches_reference(solution, reference, shape, rng):
    """self_attention matches the reference"""
    n, d_model, d_k, d_v = shape
    X, W = rng.normal(size=(n, d_model)), _weights(rng, d_model, d_k, d_v)
    expect_same(lambda m: m.self_attention(X.copy(), *W), solution, reference, atol=1e-10,
                what=f"self_attention(X {X.shape}, Wq {W[0].shape}, Wk {W[1].shape}, Wv {W[2].shape})")


def _rowwise(X):
    return np.tanh(X @ np.linspace(-1.0, 1.0, X.shape[1] * 3).reshape(X.shape[1], 3))


def _running_sum(X):
    return np.cumsum(X, axis=0)


@points(2)
@pytest.mark.parametrize("f", [_rowwise, _running_sum], ids=["row-wise map", "running sum"])
@pytest.mark.parametrize("n", [4, 7])
def test_gap_matches_reference(solution, reference, f, n, rng):
    """permutation_equivariance_gap matches the reference on an equivariant and a non-equivariant f"""
    X, perm = rng.normal(size=(n, 5)), _cycle(rng, n)
    expect_same(lambda m: m.permutation_equivariance_gap(f, X.copy(), perm.copy()), solution, reference,
                atol=1e-12, rtol=1e-9, what=f"permutation_equivariance_gap({f.__name__.strip('_')}, X {X.shape}, "
                f"perm={perm.tolist()})")


@points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_attention_alone_is_equivariant(solution, shape, rng):
    """without positions, permuting the tokens only permutes the outputs (gap ~ 0)"""
    n, d_model, d_k, d_v = shape
    X, W, perm = rng.normal(size=(n, d_model)), _weights(rng, d_model, d_k, d_v), _cycle(rng, n)
    gap = solution.permutation_equivariance_gap(lambda Z: solution.self_attention(Z, *W), X, perm)
    check(abs(gap) <= 1e-10, f"with your self_attention and no positions, the gap for perm={perm.tolist()} is "
          f"{gap:.3g}; it should be ~0 (rounding only, <= 1e-10): attention treats its input as a set, so "
          "reordering the rows of X should only reorder the rows of the output")


@points(2)
@pytest.mark.parametrize("shape", SHAPES[1:] + [(8, 6, 6, 6)], ids=str)
def test_positions_break_equivariance(solution, shape, rng):
    """with sinusoidal positions added to X, the gap is far from 0"""
    n, d_model, d_k, d_v = shape
    X, W, perm = rng.normal(size=(n, d_model)), _weights(rng, d_model, d_k, d_v), _cycle(rng, n)
    positions = PositionalEncoding(64, d_model)
    gap = solution.permutation_equivariance_gap(lambda Z: solution.self_attention(positions(Z), *W), X, perm)
    check(gap > 0.05, f"with sinusoidal positions added before attention, the gap for perm={perm.tolist()} is "
          f"{gap:.3g}; it should be clearly above 0 (> 0.05 here): the position added to a token now depends on "
          "where it sits, so moving the token changes what it attends to")
