"""Exercise 13.5: causal masking gives every prefix's output in one pass (reference solution)."""

import numpy as np


def softmax(x, axis=-1):
    """Numerically stable softmax; a row whose entries are -inf except some gets weight 0 on those."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def masked_forward(X, Wq, Wk, Wv):
    """Causal self-attention of X (n, d_model) in one pass: row t attends to rows 0..t only."""
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scores = Q @ K.T / np.sqrt(K.shape[-1])
    future = np.triu(np.ones(scores.shape, dtype=bool), k=1)  # True above the diagonal: may not attend
    return softmax(np.where(future, -np.inf, scores)) @ V


def incremental_forward(X, Wq, Wk, Wv):
    """The same outputs token by token, as generation does: step t sees tokens 0..t through a K/V cache."""
    n, d_k = X.shape[0], Wk.shape[1]
    keys, values = np.empty((n, d_k)), np.empty((n, Wv.shape[1]))
    out = np.empty((n, Wv.shape[1]))
    for t in range(n):
        x = X[t]
        keys[t], values[t] = x @ Wk, x @ Wv  # append this token to the cache
        weights = softmax((x @ Wq) @ keys[: t + 1].T / np.sqrt(d_k))
        out[t] = weights @ values[: t + 1]
    return out


ONE_PASS = "a"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _attend(X, Wq, Wk, Wv, offset=None, after=False):
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    scores = Q @ K.T / np.sqrt(K.shape[-1])
    if offset is None:
        return softmax(scores) @ V
    blocked = np.triu(np.ones(scores.shape, dtype=bool), k=offset)
    if after:
        return np.where(blocked, 0.0, softmax(scores)) @ V
    return softmax(np.where(blocked, -np.inf, scores)) @ V


MISTAKES = (
    mistake("no mask", "without a causal mask every position attends to the whole sequence, future included, "
            "so row t no longer equals what generation computes at step t",
            masked_forward=lambda X, Wq, Wk, Wv: _attend(X, Wq, Wk, Wv)),
    mistake("mask off by one", "the mask starts one diagonal too high (np.triu(..., k=2)): each position also "
            "sees the next token, the one it is meant to predict. Block everything strictly above the "
            "diagonal: np.triu(..., k=1)", masked_forward=lambda X, Wq, Wk, Wv: _attend(X, Wq, Wk, Wv, offset=2)),
    mistake("mask hides the diagonal", "np.triu(..., k=0) also blocks each token from itself; the first row "
            "is then fully masked and its softmax is 0/0 = NaN. A token may attend to itself: use k=1",
            masked_forward=lambda X, Wq, Wk, Wv: _attend(X, Wq, Wk, Wv, offset=0)),
    mistake("mask after the softmax", "zeroing the future weights after the softmax leaves rows that no "
            "longer sum to 1; mask the scores with -inf before the softmax so it renormalises over the past",
            masked_forward=lambda X, Wq, Wk, Wv: _attend(X, Wq, Wk, Wv, offset=1, after=True)),
)
