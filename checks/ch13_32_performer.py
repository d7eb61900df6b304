"""Checks for 13.32: Performer attention with positive random features; its error and its linear cost."""

import time

import numpy as np
import pytest

from exercises.ch13_32_performer.questions import CHOICES
from kata.parts import softmax
from kata.testing import check, choice_check, expect_close, expect_function, expect_same, known, points

# Valid orderings of the features (exp(Wx) exp(-|x|^2/2), einsum, norm**2) differ from the reference by 3e-15
# relative; the smallest declared mistake (no |x|^2/2 term) by 3e2. The engine's floor makes rtol 1e-9.
FEATURES_RTOL = 1e-12
# favor_attention in other valid orders (einsum, the n x n product phi_Q phi_K^T first) differs by 6e-14 relative;
# the smallest declared mistake (no d^-1/4 scaling) by 0.85 absolute.
FAVOR_TOL = 1e-9
# The error check: over 8 draws an unbiased estimate's error ends at 0.16-0.21 of its r=16 value, and falls by
# 0.49-0.66 at each step; a biased one ends at 0.34-0.49 (no |x|^2/2) or 0.66-0.84 (no d^-1/4 scaling).
FEATURE_COUNTS = (16, 64, 256, 1024)
SEEDS_PER_COUNT = 16
# 4x the tokens: linear cost takes about 4x the CPU time, the n x n matrix about 16x; MAX_RATIO sits between.
TIMED_N, TIMED_D, TIMED_R, REPEATS, MAX_RATIO = 1024, 16, 64, 7, 8.0


def _softmax_attention(Q, K, V):
    return softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])) @ V


@points(2)
@pytest.mark.parametrize("shape, r", [((6, 4), 8), ((10, 16), 32), ((2, 5, 8), 3), ((1, 3), 100)], ids=str)
def test_features_match_reference(solution, reference, shape, r, rng):
    """positive_features matches the reference"""
    X, W = rng.normal(size=shape) * 0.7, rng.normal(size=(r, shape[-1]))
    expect_same(lambda m: m.positive_features(X.copy(), W.copy()), solution, reference, atol=0, rtol=FEATURES_RTOL,
                what=f"positive_features(X {shape}, W {W.shape})")


@points(1)
def test_features_are_positive(solution, reference, rng):
    """every feature is strictly positive, even for large inputs"""
    X, W = rng.normal(size=(50, 8)) * 3.0, rng.normal(size=(256, 8))
    phi = np.asarray(solution.positive_features(X, W))
    check(phi.shape == (50, 256), f"positive_features(X (50, 8), W (256, 8)) has shape {phi.shape}, "
          f"expected (50, 256): one feature per row of W.\n"
          + (known(reference, "trigonometric features") if phi.shape == (50, 512) else ""))
    worst = float(phi.min())
    check(worst > 0, f"positive_features(X (50, 8) with entries of size ~3, W (256, 8)): {int((phi <= 0).sum())} of "
          f"{phi.size} features are <= 0 (smallest {worst:.3g}); every FAVOR+ feature is an exp, hence > 0.\n"
          + known(reference, "trigonometric features"))


KERNEL_SIGMAS = 6.0


def kernel_rtol(X, Y, r):
    """KERNEL_SIGMAS relative standard errors of the r-feature estimate of exp(x . y), at its noisiest entry.

    One feature product exp(w . (x + y) - |x|^2/2 - |y|^2/2), w ~ N(0, I), has mean exp(x . y) and relative variance
    exp(|x + y|^2) - 1, so the mean of r has relative standard error sqrt((exp(|x + y|^2) - 1) / r). On the check's
    inputs that is at most 0.017, so the tolerance is 0.10 (the reference's estimate is off by 0.024; round-off of
    other valid orders is 1e-15); the smallest declared mistake (no |x|^2/2 term) is off by 2.5.
    """
    spread = np.exp(((X[:, None, :] + Y[None, :, :]) ** 2).sum(axis=-1)) - 1.0
    return KERNEL_SIGMAS * float(np.sqrt(spread.max() / r))


@points(1)
def test_features_estimate_the_kernel(solution, rng):
    """averaged over many directions, phi(x) . phi(y) is exp(x . y) (unbiased)"""
    d, r = 4, 200_000
    X, Y, W = rng.normal(size=(5, d)) * 0.4, rng.normal(size=(5, d)) * 0.4, rng.normal(size=(r, d))
    estimate = np.asarray(solution.positive_features(X, W)) @ np.asarray(solution.positive_features(Y, W)).T
    expect_close(estimate, np.exp(X @ Y.T), atol=0, rtol=kernel_rtol(X, Y, r), check_dtype=False,
                 what=f"phi(X) phi(Y)^T with r={r:,} random directions", against="exp(X Y^T)")


@points(3)
@pytest.mark.parametrize("lead, n_q, n_k, d, d_v, r",
                         [((), 12, 12, 8, 8, 16), ((), 7, 20, 16, 5, 64), ((), 30, 9, 4, 4, 3),
                          ((2, 3), 6, 10, 8, 8, 32)], ids=str)
def test_favor_matches_reference(solution, reference, lead, n_q, n_k, d, d_v, r, rng):
    """favor_attention matches the reference for the same seed"""
    Q, K = rng.normal(size=(*lead, n_q, d)) * 0.8, rng.normal(size=(*lead, n_k, d)) * 0.8
    V, seed = rng.normal(size=(*lead, n_k, d_v)), int(rng.integers(1 << 30))
    expect_same(lambda m: m.favor_attention(Q.copy(), K.copy(), V.copy(), r, seed), solution, reference,
                atol=FAVOR_TOL, rtol=FAVOR_TOL,
                what=f"favor_attention(Q {Q.shape}, K {K.shape}, V {V.shape}, r={r}, seed={seed})")


@points(2)
def test_error_shrinks_with_more_features(solution, rng):
    """the error against softmax attention falls as r grows (16, 64, 256, 1024)"""
    n, d = 64, 16
    Q, K, V = rng.normal(size=(n, d)) * 0.5, rng.normal(size=(n, d)) * 0.5, rng.normal(size=(n, d))
    exact, base = _softmax_attention(Q, K, V), int(rng.integers(1 << 30))
    errors = []
    for r in FEATURE_COUNTS:
        per_seed = [np.sqrt(np.mean((np.asarray(solution.favor_attention(Q, K, V, r, base + s)) - exact) ** 2))
                    for s in range(SEEDS_PER_COUNT)]
        errors.append(float(np.mean(per_seed)))
    shown = ", ".join(f"r={r}: {e:.4g}" for r, e in zip(FEATURE_COUNTS, errors))
    falling = all(b < a for a, b in zip(errors, errors[1:]))
    check(all(np.isfinite(errors)) and falling and errors[-1] < errors[0] / 3,
          f"root-mean-square error of favor_attention against softmax attention (n={n}, d={d}, mean over "
          f"{SEEDS_PER_COUNT} seeds): {shown}. It should fall at every step and end below 1/3 of the r=16 value "
          "(an unbiased estimate's error falls like 1/sqrt(r), so about 1/8 here). An error that stalls means a "
          "biased estimate: check the - |x|^2/2 term and the d^(-1/4) scaling")


@points(1)
@pytest.mark.parametrize("n, d, r", [(1024, 64, 256), (4096, 64, 128), (100, 16, 7), (1, 1, 1), (8192, 128, 512)])
def test_flops_formula(solution, reference, n, d, r):
    """favor_flops matches the count of the reference"""
    value = expect_function(solution, reference, "favor_flops", n, d, r)
    check(isinstance(value, (int, np.integer)), f"favor_flops({n}, {d}, {r}) returned {value!r}; "
          "a count of operations is an int")


@points(1)
@pytest.mark.parametrize("n, d, r", [(512, 64, 256), (3000, 32, 64)])
def test_flops_linear_in_n(solution, reference, n, d, r):
    """favor_flops doubles when n doubles (linear in n)"""
    one, two = solution.favor_flops(n, d, r), solution.favor_flops(2 * n, d, r)
    check(two == 2 * one, f"favor_flops({n}, {d}, {r}) = {one} but favor_flops({2 * n}, {d}, {r}) = {two}: "
          f"that is {two / one if one else float('nan'):.3g} times more, not 2.\n"
          + known(reference, "n x n matrix formed"))


@points(1)
def test_time_grows_linearly(solution, reference, rng):
    """4 times more tokens cost well under 16 times more CPU time (median of interleaved runs)"""
    inputs = {n: [rng.normal(size=(n, TIMED_D)) * 0.5 for _ in range(3)] for n in (TIMED_N, 4 * TIMED_N)}
    times = {n: [] for n in inputs}
    for n, (Q, K, V) in inputs.items():
        solution.favor_attention(Q, K, V, TIMED_R, 0)  # warm-up
    for _ in range(REPEATS):
        for n, (Q, K, V) in inputs.items():
            started = time.process_time()  # CPU time: other processes on the machine do not inflate it
            solution.favor_attention(Q, K, V, TIMED_R, 0)
            times[n].append(time.process_time() - started)
    small, large = (float(np.median(times[n])) for n in inputs)
    ratio = large / max(small, 1e-9)
    check(ratio < MAX_RATIO,
          f"favor_attention (d={TIMED_D}, r={TIMED_R}) took {small * 1e3:.2f} ms of CPU time at n={TIMED_N} and "
          f"{large * 1e3:.2f} ms at n={4 * TIMED_N} (medians of {REPEATS}): {ratio:.1f} times more for 4 times more "
          f"tokens. Linear cost gives about 4 and quadratic about 16; the check asks for less than {MAX_RATIO:g}.\n"
          + known(reference, "n x n matrix formed"))


test_choices = choice_check(CHOICES)
