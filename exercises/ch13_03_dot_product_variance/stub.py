"""Exercise 13.3: the variance of a dot product grows with d_k. `kata show 13.3` prints the statement."""

import numpy as np


def dot_product_variance(d_k, n, seed):
    """Empirical variance of q.k over n pairs of vectors with independent unit-variance components."""
    # TODO: rng = np.random.default_rng(seed); draw q and k; take the n dot products; return their variance.
    raise NotImplementedError("dot_product_variance")


def predicted_variance(d_k):
    """The variance of q.k that the derivation predicts."""
    # TODO
    raise NotImplementedError("predicted_variance")


# Your prediction, BEFORE you run anything: Var(q.k) at d_k = 64 when every component of q and of k has
# variance 0.5 instead of 1 (still independent, mean 0).
PREDICTED_VARIANCE_HALF_SCALE = None

# Set to the letter of your answer ("a", "b", "c" or "d").
WHY_VARIANCES_ADD = None
