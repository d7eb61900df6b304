"""Exercise 13.32: Performer (FAVOR+) attention with positive random features.

`kata show 13.32` prints the statement; `kata check 13.32` grades this file.
"""

import numpy as np


def positive_features(X, W):
    """phi(x) = exp(W x - |x|^2 / 2) / sqrt(r) for each row x of X: (..., n, d), W: (r, d) -> (..., n, r)."""
    # TODO
    raise NotImplementedError("positive_features")


def favor_attention(Q, K, V, r, seed):
    """Performer estimate of softmax(Q K^T / sqrt(d)) V with r positive random features, in O(n r d).

    W = np.random.default_rng(seed).standard_normal((r, d)); queries and keys are scaled by d^(-1/4).
    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    """
    # TODO: draw W; features of the scaled Q and K; phi_K^T V and phi_K^T 1 first; then phi_Q times each.
    raise NotImplementedError("favor_attention")


def favor_flops(n, d, r):
    """Floating-point operations of favor_attention's matrix products for n queries and keys, d_v = d."""
    # TODO: 2 m k p for each (m x k) @ (k x p) product
    raise NotImplementedError("favor_flops")


# Set to the letter of your answer ("a", "b", "c" or "d").
PERFORMER_COMPLEXITY = None

# Optional, ungraded: the argument in your own words (shown beside a model answer once you pass).
REFLECTION = ""
