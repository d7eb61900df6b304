"""Checks for 13.10: tiled attention with an online softmax equals naive attention, in O(n) memory."""

import tracemalloc

import numpy as np
import pytest

from exercises.ch13_10_tiled_attention.questions import CHOICES
from kata.parts import softmax
from kata.testing import (check, choice_check, declare, expect_close, expect_same, extremes, input_not_mutated, known,
                          points)

# Measured on the checks' inputs: the tiles in reversed order with the scale applied per tile differ from naive
# attention by 6.7e-16 (scores of ~1000: 5.7e-14), a one-shot softmax over sum + 1e-10 by 1e-10 relative (inside
# the engine's 1e-9 relative floor), and rows with scores near -5657 by 3.8e-11 (extremes: atol 1e-9). The
# smallest differences mistakes make: 0.09 (the last partial block dropped, on those rows), 0.15 (Q scaled in
# place, at n=4096), 2.4 (accumulators not rescaled); a running max starting at 0 gives NaN on those rows.
EXACT = 1e-10
NAIVE = "naive attention softmax(Q K^T / sqrt(d)) V"
MEMORY_N, MEMORY_D, MEMORY_BLOCK, MEMORY_FRACTION = 4096, 64, 32, 8
MIB = 2 ** 20


def _naive(Q, K, V):
    return softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])) @ V


def _inputs(rng, lead, n_q, n_k, d, d_v, scale=1.0):
    return (rng.normal(size=(*lead, n_q, d)) * scale, rng.normal(size=(*lead, n_k, d)) * scale,
            rng.normal(size=(*lead, n_k, d_v)))


def _expect_attention(solution, reference, Q, K, V, block, atol=EXACT):
    what = f"tiled_attention(Q {Q.shape}, K {K.shape}, V {V.shape}, block={block})"
    mine = expect_same(lambda m: m.tiled_attention(Q.copy(), K.copy(), V.copy(), block), solution, reference,
                       atol=atol, what=what)
    expect_close(mine, _naive(Q, K, V), atol=atol, what=what, against=NAIVE)


@points(3)
@pytest.mark.parametrize("n_q, n_k, d, d_v, block",
                         [(16, 16, 8, 8, 4), (10, 37, 8, 5, 8), (40, 9, 16, 16, 4), (7, 7, 4, 4, 3),
                          (33, 50, 16, 24, 16)], ids=str)
def test_matches_naive_attention(solution, reference, n_q, n_k, d, d_v, block, rng):
    """equals naive attention to 1e-10 (n_q != n_k, d_v != d, blocks that do not divide n_k)"""
    _expect_attention(solution, reference, *_inputs(rng, (), n_q, n_k, d, d_v), block)


@points(3)
@pytest.mark.parametrize("block", [1, 3, 7, 20, 64], ids=lambda b: f"block={b}")
def test_every_block_size(solution, reference, block, rng):
    """any block size gives the same result: 1, not dividing n_k, exactly n_k, more than n_k"""
    _expect_attention(solution, reference, *_inputs(rng, (), 12, 20, 8, 6), block)


@points(1)
@pytest.mark.parametrize("lead", [(3,), (2, 4)], ids=str)
def test_leading_axes(solution, reference, lead, rng):
    """leading batch and head axes are carried through"""
    _expect_attention(solution, reference, *_inputs(rng, lead, 9, 14, 8, 8), 5)


@points(2)
@pytest.mark.parametrize("block", [8, 5], ids=lambda b: f"block={b}")
def test_large_scores_do_not_overflow(solution, reference, block, rng):
    """scores of size ~1000 give a finite, exact result (no overflow in exp)"""
    Q, K, V = _inputs(rng, (), 16, 48, 8, 8, scale=np.sqrt(1000.0))  # scores have standard deviation 1000
    _expect_attention(solution, reference, Q, K, V, block, atol=1e-9)


@points(4)
def test_peak_memory_far_below_score_matrix(solution, reference, rng):
    """peak extra memory at n=4096 (tracemalloc) is below 1/8 of the n x n score matrix"""
    n, d, block = MEMORY_N, MEMORY_D, MEMORY_BLOCK
    Q, K, V = (rng.normal(size=(n, d)) for _ in range(3))
    matrix = n * n * 8
    allowed = matrix // MEMORY_FRACTION
    tracemalloc.start()
    try:
        mine = solution.tiled_attention(Q, K, V, block)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    measured = (f"peak extra memory of tiled_attention(Q, K, V, block={block}) at n={n}, d={d}: "
                f"{peak:,} bytes ({peak / MIB:.1f} MiB); the n x n float64 score matrix is n*n*8 = {matrix:,} bytes "
                f"({matrix / MIB:.0f} MiB); allowed: below 1/{MEMORY_FRACTION} of it ({allowed / MIB:.0f} MiB)")
    if peak >= matrix // 2:
        measured += f".\n{known(reference, 'full score matrix materialised')}"
    elif peak >= allowed:
        measured += (". Look for what grows with n: one (n, block) tile is "
                     f"{n * block * 8 / MIB:.0f} MiB and each (n, d) array {n * d * 8 / MIB:.0f} MiB; avoid copies "
                     "of the inputs and extra (n, block) temporaries")
    check(peak < allowed, measured)
    expect_close(mine, reference.tiled_attention(Q, K, V, block), atol=EXACT,
                 what=f"tiled_attention at n={n}, d={d}, block={block}")


test_choices = choice_check(CHOICES)


# ---- contracts ----------------------------------------------------------------------------------


def _qkv(rng):
    Q, K, V = _inputs(rng, (2,), 9, 14, 8, 8)
    return {"Q": Q, "K": K, "V": V, "block": 4}


def _all_negative(rng):
    """Every score of every row near -5657, within a few units: exact in float64, 0/0 if the max starts at 0."""
    u = np.full(8, 1.0 / np.sqrt(8.0))
    K = 10.0 * u + rng.normal(0.0, 0.002, size=(14, 8))
    Q = -1600.0 * u + rng.normal(0.0, 0.002, size=(9, 8))
    return {"Q": Q, "K": K, "V": rng.normal(size=(14, 5)), "block": 4}


def _tiled(module, Q, K, V, block):
    return module.tiled_attention(Q, K, V, block)


globals().update(declare(
    input_not_mutated("tiled_attention(Q, K, V, block=4)", _tiled, _qkv),
    extremes("tiled_attention on rows whose scores are all about -5657", _tiled, _all_negative, atol=1e-9,
             advice="Start the running max at -inf, not 0: with scores far below 0, exp(score - 0) underflows."),
    opt_out={"repeated calls": "a function of its arguments alone, with no state",
             "constructor arguments": "a function, not a class",
             "inputs as given": "every shape and block size the statement allows is tried above",
             "types as stated": "float64 in, float64 out is what every check uses",
             "validation as stated": "the statement asks for no error",
             "weights distinct": "no weights"},
))
