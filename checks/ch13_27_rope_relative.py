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


@points(2)
@pytest.mark.parametrize("shape, m, n", CASES, ids=str)
def test_rope_score_matches_reference(solution, reference, shape, m, n, rng):
    """rope_score matches the reference"""
    q, k, m, n = _case(rng, shape, m, n)
    expect_same(lambda mod: mod.rope_score(q.copy(), k.copy(), m, n), solution, reference, atol=1e-9,
                rtol=1e-9, what=f"rope_score(q, k, m={m}, n={n}) with q, k of shape {shape}", check_dtype=False)


@points(2)
@pytest.mark.parametrize("shape, m, n", CASES, ids=str)
def test_relative_score_matches_reference(solution, reference, shape, m, n, rng):
    """relative_score matches the reference"""
    q, k, m, n = _case(rng, shape, m, n)
    delta = np.asarray(n) - np.asarray(m)
    expect_same(lambda mod: mod.relative_score(q.copy(), k.copy(), delta), solution, reference, atol=1e-9,
                rtol=1e-9, what=f"relative_score(q, k, delta={delta}) with q, k of shape {shape}",
                check_dtype=False)
