"""Exercise ta.1: scaled attention weights (reference solution)."""

import numpy as np


def attention_weights(q, K):
    """Softmax of q @ K.T / sqrt(d) over the keys; q: (d,) or (m, d), K: (n, d) -> (n,) or (m, n)."""
    scores = np.asarray(q) @ np.asarray(K).T / np.sqrt(K.shape[-1])
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))  # the largest exponent is exp(0): no overflow
    return e / e.sum(axis=-1, keepdims=True)


WHY_SQRT_D = "c"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _stable_softmax(s, axis=-1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _unscaled(q, K):
    return _stable_softmax(q @ K.T)


def _by_d(q, K):
    return _stable_softmax(q @ K.T / K.shape[-1])


def _by_keys(q, K):
    return _stable_softmax(q @ K.T / np.sqrt(K.shape[0]))


def _overflowing(q, K):
    e = np.exp(q @ K.T / np.sqrt(K.shape[-1]))
    return e / e.sum(axis=-1, keepdims=True)


def _query_axis(q, K):
    return _stable_softmax(q @ K.T / np.sqrt(K.shape[-1]), axis=0)


def _keys_scaled_in_place(q, K):
    K /= np.sqrt(K.shape[-1])  # the right weights, but the caller's K is now divided by sqrt(d)
    return _stable_softmax(q @ K.T)


MISTAKES = (
    mistake("unscaled scores", "your scores are q @ K.T without the division by sqrt(d), so the softmax gets "
            "sharper as d grows", attention_weights=_unscaled),
    mistake("divided by d", "you divide the scores by d; the scale is sqrt(d), the standard deviation of a "
            "d-term dot product", attention_weights=_by_d),
    mistake("scaled by the number of keys", "you divide by sqrt(n), n = the number of keys (K.shape[0]); the "
            "scale is sqrt(d), d = the key dimension (K.shape[-1])", attention_weights=_by_keys),
    mistake("no max subtraction", "your softmax computes exp(scores) directly, which overflows to inf (and "
            "inf / inf = NaN) once scores pass about 709; subtract each row's maximum first",
            attention_weights=_overflowing),
    mistake("softmax over the query axis", "for a batch of queries your softmax normalises down the columns "
            "(axis 0, across queries); each query's row must sum to 1: use axis=-1",
            attention_weights=_query_axis),
    mistake("keys scaled in place", "you divide K by sqrt(d) in place (K /= ...), which changes the caller's "
            "keys; scale a new array instead: scores = q @ K.T / np.sqrt(d)", attention_weights=_keys_scaled_in_place),
)
