"""Exercise 13.2: self-attention is permutation-equivariant (reference solution)."""

import numpy as np


def softmax(x, axis=-1):
    """A numerically stable softmax: subtracting the row maximum changes nothing but avoids overflow."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def self_attention(X, Wq, Wk, Wv):
    """Single-head scaled dot-product self-attention of X (n, d_model) -> (n, d_v), with no positions."""
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(K.shape[-1])
    return softmax(scores, axis=-1) @ V


def permutation_equivariance_gap(f, X, perm):
    """max |f(X[perm]) - f(X)[perm]|: 0 when permuting the rows of the input only permutes the output rows."""
    perm = np.asarray(perm)
    return float(np.max(np.abs(f(X[perm]) - f(X)[perm])))


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _attention_unscaled(X, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    return softmax(Q @ K.T, axis=-1) @ V


def _attention_by_d_model(X, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    return softmax(Q @ K.T / np.sqrt(X.shape[-1]), axis=-1) @ V


def _attention_softmax_over_queries(X, Wq, Wk, Wv):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    return softmax(Q @ K.T / np.sqrt(K.shape[-1]), axis=0) @ V


def _gap_inverse_permutation(f, X, perm):
    perm = np.asarray(perm)
    return float(np.max(np.abs(f(X[perm]) - f(X)[np.argsort(perm)])))


def _gap_without_abs(f, X, perm):
    perm = np.asarray(perm)
    return float(np.max(f(X[perm]) - f(X)[perm]))


MISTAKES = (
    mistake("no scaling", "the scores are not divided by sqrt(d_k): without it their variance grows with d_k "
            "and the softmax saturates", self_attention=_attention_unscaled),
    mistake("sqrt(d_model) instead of sqrt(d_k)", "the scale is sqrt of the key dimension d_k = Wk.shape[1], "
            "not of the model width X.shape[1]", self_attention=_attention_by_d_model),
    mistake("softmax over the queries", "the softmax runs over axis 0 (the queries); each query's weights over "
            "the keys must sum to 1, so normalise along the last axis", self_attention=_attention_softmax_over_queries),
    mistake("inverse permutation", "f(X)[argsort(perm)] undoes the permutation instead of applying it; "
            "equivariance compares f(X[perm]) with f(X)[perm], the same reordering on both sides",
            permutation_equivariance_gap=_gap_inverse_permutation),
    mistake("no absolute value", "without np.abs the largest signed difference is taken, so a big negative "
            "error goes unseen: the gap is max |difference|", permutation_equivariance_gap=_gap_without_abs),
)
