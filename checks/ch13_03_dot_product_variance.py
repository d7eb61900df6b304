"""Checks for 13.3: the sampled variance of q.k, the formula, and the derivation question.

The empirical check has a stated tolerance. With S = q.k a sum of d_k independent products of
variance 1 and fourth moment E[q^4] E[k^4] = 9, E[S^4] = 3 d_k^2 + 6 d_k, so Var(S^2) = 2 d_k^2 + 6 d_k and
the variance estimated from n samples has standard error sqrt((2 d_k^2 + 6 d_k) / n). A correct sampler
lands within SIGMAS of those standard errors of d_k (a false failure is rarer than 1 in 10^8 per case). Measured:
valid samplers (k drawn first, (d_k, n) arrays, the legacy np.random, ddof=1) stayed within 2.9 standard errors
over 75 draws per size; the nearest mistake (the standard deviation) is 58 of them away.
"""

import math

import pytest

from exercises.ch13_03_dot_product_variance.questions import CHOICES
from kata.testing import (CheckFailure, check, choice_check, diagnose, expect_function, expect_prediction, known,
                          mismatch, points)

SIGMAS = 6.0
CONFIGS = [(2, 200_000), (16, 100_000), (64, 50_000), (256, 20_000)]  # (d_k, n): n shrinks as d_k grows


def standard_error(d_k, n):
    """Standard error of the sample variance of q.k (see the module docstring)."""
    return math.sqrt((2 * d_k**2 + 6 * d_k) / n)


@points(3)
@pytest.mark.parametrize("d_k, n", CONFIGS)
def test_empirical_variance_is_d_k(solution, reference, d_k, n):
    """the sampled variance of q.k is d_k within 6 standard errors of the estimator"""
    seed = 1000 + d_k
    run = lambda module: module.dot_product_variance(d_k, n, seed)  # noqa: E731
    value = run(solution)
    tolerance = SIGMAS * standard_error(d_k, n)
    what = f"dot_product_variance({d_k}, {n}, seed={seed})"
    problem = mismatch(value, float(d_k), atol=tolerance, what=what, check_dtype=False)
    if problem:
        # a mistake is named when the learner drew like the statement says (q, then k), so the samples agree
        named = diagnose(run, value, reference, atol=0.0)
        detail = (f"{problem}.\nThe tolerance is {SIGMAS:g} standard errors of the sample variance, "
                  f"{SIGMAS:g} * sqrt((2 d_k^2 + 6 d_k) / n) = {tolerance:.3g} around d_k = {d_k}")
        raise CheckFailure(f"{detail}.\n{named}" if named else detail)


@points(1)
def test_a_sample_not_the_formula(solution):
    """the result is a sample: reproducible for one seed, different for another"""
    first, again, other = (solution.dot_product_variance(16, 20_000, seed) for seed in (7, 7, 8))
    check(first == again, f"two calls with seed=7 gave {first!r} and {again!r}: build the generator from the seed "
          "(np.random.default_rng(seed)) so the result is reproducible")
    check(first != other and first != 16.0, f"seeds 7 and 8 gave {first!r} and {other!r}: the result should be "
          "a variance measured on random samples, which moves a little with the seed, not the formula d_k")


@points(1)
@pytest.mark.parametrize("d_k", [1, 2, 16, 64, 512])
def test_predicted_variance(solution, reference, d_k):
    """predicted_variance(d_k) is exact"""
    expect_function(solution, reference, "predicted_variance", d_k, rtol=1e-12)


# 16 is exact; 1e-9 only forgives a float typed for it. The mistake (one factor of 0.5) says 32.
@points(1)
def test_predicted_variance_at_half_scale(solution, reference):
    """the prediction for components of variance 0.5: Var(q.k) = d_k * 0.5 * 0.5 = 16 at d_k = 64"""
    expect_prediction(
        solution, "PREDICTED_VARIANCE_HALF_SCALE", 16, 1e-9,
        asks="a number, your prediction of Var(q.k) at d_k = 64 when every component of q and of k has variance 0.5",
        explain=": each product q_i k_i has variance E[q_i^2] E[k_i^2], and both factors changed.",
        hint=lambda value: f"\n{known(reference, 'one factor of 0.5 only')}" if abs(value - 32) < 1e-9 else "")


test_choices = choice_check(CHOICES)
