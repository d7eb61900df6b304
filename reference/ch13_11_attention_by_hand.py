"""Exercise 13.11: attention output for given Q, K, V (reference solution)."""

import numpy as np


def attention(Q, K, V):
    """softmax(Q K^T / sqrt(d_k)) V for Q (..., n_q, d_k), K (..., n_k, d_k), V (..., n_k, d_v)."""
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    weights /= weights.sum(axis=-1, keepdims=True)
    return weights @ V


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _softmax(scores, axis=-1):
    e = np.exp(scores - scores.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _by_d_k(Q, K, V):
    return _softmax(Q @ np.swapaxes(K, -1, -2) / Q.shape[-1]) @ V


def _unscaled(Q, K, V):
    return _softmax(Q @ np.swapaxes(K, -1, -2)) @ V


def _over_queries(Q, K, V):
    return _softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1]), axis=-2) @ V


def _weights(Q, K, V):
    return _softmax(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1]))


def _naive_exp(Q, K, V):
    e = np.exp(Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1]))
    return e / e.sum(axis=-1, keepdims=True) @ V


MISTAKES = (
    mistake("divided by d_k", "you divide the scores by d_k; the scale is 1/sqrt(d_k), which keeps their "
            "variance near 1 when q and k have unit-variance entries", attention=_by_d_k),
    mistake("no scaling", "the scores are not divided by sqrt(d_k); without it the softmax saturates as d_k "
            "grows", attention=_unscaled),
    mistake("softmax over the queries", "your softmax normalises each column (over the queries, axis -2); "
            "each query's weights over the keys must sum to 1: softmax over the last axis", attention=_over_queries),
    mistake("weights instead of output", "you return the attention weights; the output is the weights "
            "times V (with V = I they are the same, which is why random inputs are checked)", attention=_weights),
    mistake("no max subtraction", "np.exp of large scores overflows to inf and the softmax becomes nan; "
            "subtract each row's maximum first (the softmax is unchanged)", attention=_naive_exp),
)
