"""Exercise 13.3: the variance of q.k grows with d_k (reference solution)."""

import numpy as np


def dot_product_variance(d_k, n, seed):
    """Empirical variance of q.k over n pairs of vectors with independent unit-variance components."""
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((n, d_k))
    k = rng.standard_normal((n, d_k))
    return float(np.einsum("ij,ij->i", q, k).var())


def predicted_variance(d_k):
    """Var(q.k) = sum of d_k independent products q_i k_i, each of variance E[q_i^2] E[k_i^2] = 1."""
    return float(d_k)


# The prediction: with components of variance 0.5, each product q_i k_i has variance E[q_i^2] E[k_i^2] = 0.25,
# and d_k = 64 of them add up to 16.
PREDICTED_VARIANCE_HALF_SCALE = 16.0

WHY_VARIANCES_ADD = "d"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _dots(d_k, n, seed, draw="standard_normal"):
    rng = np.random.default_rng(seed)
    sample = getattr(rng, draw)
    return np.einsum("ij,ij->i", sample((n, d_k)), sample((n, d_k)))


def _std(d_k, n, seed):
    return float(_dots(d_k, n, seed).std())


def _std_predicted(d_k):
    return float(np.sqrt(d_k))


def _scaled(d_k, n, seed):
    return float((_dots(d_k, n, seed) / np.sqrt(d_k)).var())


def _scaled_predicted(d_k):
    return 1.0


def _uniform(d_k, n, seed):
    return float(_dots(d_k, n, seed, draw="random").var())


MISTAKES = (
    mistake("one factor of 0.5 only", "both q and k have components of variance 0.5, so each product has variance "
            "0.5 * 0.5 = 0.25, and 64 of them give 16, not 32", PREDICTED_VARIANCE_HALF_SCALE=32.0),
    mistake("standard deviation", "that is the standard deviation of q.k (sqrt(d_k)); the variance is its "
            "square, d_k", dot_product_variance=_std, predicted_variance=_std_predicted),
    mistake("already scaled", "you divided q.k by sqrt(d_k), which is the cure, not the quantity: the raw dot "
            "product has variance d_k, and the scaling brings it back to 1",
            dot_product_variance=_scaled, predicted_variance=_scaled_predicted),
    mistake("uniform components", "rng.random draws from [0, 1): mean 1/2, variance 1/12. The derivation "
            "assumes zero-mean, unit-variance components: use rng.standard_normal", dot_product_variance=_uniform),
)
