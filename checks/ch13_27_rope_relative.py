"""Checks for 13.27: <R_m q, R_n k> computed from positions equals the score computed from n - m."""

import numpy as np
import pytest

from kata.testing import expect_close, expect_same, points

# Measured: RoPE as complex products differs from the reference by 1.4e-13, and rope_score vs relative_score, or
# shifted by s (|m|, |n|, |s| < 4000), by 2.7e-12; every mistake moves some checked score by >= 6
# (wrong frequencies and half-split pairing keep the offset property, 7e-12, and are caught against the reference,
# by 11). Hence 1e-9 + 1e-9 relative everywhere.
DRAWS = 500


def _draw(rng, d, size=DRAWS):
    """Random queries, keys and positions: `size` independent draws."""
    q, k = rng.normal(size=(2, size, d))
    m, n = rng.integers(0, 8192, size=(2, size))
    return q, k, m, n


@points(3)
@pytest.mark.parametrize("d", [2, 8, 64])
def test_score_depends_only_on_offset(solution, d, rng):
    """rope_score(q, k, m, n) equals relative_score(q, k, n - m) over many random draws"""
    q, k, m, n = _draw(rng, d)
    expect_close(solution.relative_score(q, k, n - m), solution.rope_score(q, k, m, n), atol=1e-9, rtol=1e-9,
                 what=f"relative_score(q, k, n - m) (yours) against your own rope_score(q, k, m, n) (the 'expected' "
                      f"values here; {DRAWS} random draws, d={d})")


@points(1)
@pytest.mark.parametrize("d", [4, 32])
def test_shifting_both_positions_changes_nothing(solution, d, rng):
    """rope_score(q, k, m + s, n + s) equals rope_score(q, k, m, n)"""
    q, k, m, n = _draw(rng, d)
    s = rng.integers(-4000, 4000, size=DRAWS)
    expect_close(solution.rope_score(q, k, m + s, n + s), solution.rope_score(q, k, m, n), atol=1e-9, rtol=1e-9,
                 what=f"rope_score(q, k, m + s, n + s) against your own rope_score(q, k, m, n) (the 'expected' values "
                      f"here; {DRAWS} random draws, d={d})")


CASES = [((8,), 3, 11), ((6, 4), 0, 5), ((5, 16), "array", "array"), ((2, 3, 32), 7, "array")]


def _case(rng, shape, m, n):
    """q, k of `shape`; an int position stays an int, "array" draws one per leading index."""
    q, k = rng.normal(size=(2, *shape))
    lead = shape[:-1]
    m, n = (rng.integers(0, 2048, size=lead[-1:]) if p == "array" else p for p in (m, n))
    return q, k, m, n


@points(1.5)
@pytest.mark.parametrize("shape, m, n", CASES, ids=str)
def test_rope_score_matches_reference(solution, reference, shape, m, n, rng):
    """rope_score matches the reference"""
    q, k, m, n = _case(rng, shape, m, n)
    expect_same(lambda mod: mod.rope_score(q.copy(), k.copy(), m, n), solution, reference, atol=1e-9,
                rtol=1e-9, what=f"rope_score(q, k, m={m}, n={n}) with q, k of shape {shape}", check_dtype=False)


@points(1.5)
@pytest.mark.parametrize("shape, m, n", CASES, ids=str)
def test_relative_score_matches_reference(solution, reference, shape, m, n, rng):
    """relative_score matches the reference"""
    q, k, m, n = _case(rng, shape, m, n)
    delta = np.asarray(n) - np.asarray(m)
    expect_same(lambda mod: mod.relative_score(q.copy(), k.copy(), delta), solution, reference, atol=1e-9,
                rtol=1e-9, what=f"relative_score(q, k, delta={delta}) with q, k of shape {shape}",
                check_dtype=False)


BROADCAST = [  # (q's shape, k's shape, m, n): a position is an int or the shape of an integer array
    ((16,), (16,), (7,), (7,)),  # one query and key at many positions: one score each
    ((8,), (8,), 5, (3, 4)),  # one pair, a grid of key positions
    ((4, 8), (4, 8), (2, 4), (2, 4)),  # positions with more axes than q's leading ones
    ((6, 8), (8,), (6,), 9),  # the reverse: a batch of queries against one key
    ((8,), (3, 8), 2, 0),  # and one query against a batch of keys, one position each
]


@points(1)
@pytest.mark.parametrize("function", ["rope_score", "relative_score"])
@pytest.mark.parametrize("q_shape, k_shape, m, n", BROADCAST, ids=str)
def test_the_result_has_the_broadcast_shape(solution, reference, function, q_shape, k_shape, m, n, rng):
    """q, k and the positions broadcast: the scores have the shape of q's and k's leading axes and the positions"""
    q, k = rng.normal(size=q_shape), rng.normal(size=k_shape)
    m, n = (p if isinstance(p, int) else rng.integers(0, 2048, size=p) for p in (m, n))
    shape = np.broadcast_shapes(q_shape[:-1], k_shape[:-1], np.shape(m), np.shape(n))
    delta = np.asarray(n) - np.asarray(m)
    args = f"m of shape {np.shape(m)}, n of shape {np.shape(n)}" if function == "rope_score" else \
        f"delta of shape {delta.shape}"

    def run(mod):
        if function == "rope_score":
            return mod.rope_score(q.copy(), k.copy(), m, n)
        return mod.relative_score(q.copy(), k.copy(), delta)

    expect_same(run, solution, reference, atol=1e-9, rtol=1e-9, check_dtype=False,
                what=f"{function}(q, k, ...) with q of shape {q_shape}, k of shape {k_shape}, {args} (the scores "
                     f"have shape {shape})")
