"""Exercise 13.32: Performer (FAVOR+) attention with positive random features (reference solution)."""

import numpy as np


def positive_features(X, W):
    """phi(x) = exp(W x - |x|^2 / 2) / sqrt(r) for each row x of X: (..., n, d), W: (r, d) -> (..., n, r).

    E[phi(x) . phi(y)] = exp(x . y) over W ~ N(0, I), and every feature is positive.
    """
    return np.exp(X @ W.T - 0.5 * np.sum(X * X, axis=-1, keepdims=True)) / np.sqrt(W.shape[0])


def favor_attention(Q, K, V, r, seed):
    """Performer estimate of softmax(Q K^T / sqrt(d)) V with r positive random features, in O(n r d).

    W = np.random.default_rng(seed).standard_normal((r, d)); queries and keys are scaled by d^(-1/4).
    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    """
    d = Q.shape[-1]
    W = np.random.default_rng(seed).standard_normal((r, d))
    phi_q = positive_features(Q / d ** 0.25, W)  # (..., n_q, r)
    phi_k = positive_features(K / d ** 0.25, W)  # (..., n_k, r)
    kv = np.swapaxes(phi_k, -1, -2) @ V  # (..., r, d_v): all keys and values summarised once
    z = phi_k.sum(axis=-2)  # (..., r): phi(K)^T 1
    return (phi_q @ kv) / (phi_q @ z[..., None])


def favor_flops(n, d, r):
    """Floating-point operations of favor_attention's matrix products for n queries and keys, d_v = d.

    An (m x k) @ (k x p) product counts 2 m k p: two feature maps, phi_K^T V and phi_Q (phi_K^T V) are
    2 n r d each; the normaliser's phi_K^T 1 and phi_Q z are 2 n r each.
    """
    return 8 * n * r * d + 4 * n * r


PERFORMER_COMPLEXITY = "b"

REFLECTION = ("phi(K)^T V is r x d and costs O(n r d); multiplying phi(Q) by it costs O(n r d) again; nothing is "
              "n x n, so for fixed r the cost grows linearly in n.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _no_half_norm(X, W):
    return np.exp(X @ W.T) / np.sqrt(W.shape[0])


def _trig(X, W):
    """The random Fourier features of the Gaussian kernel, times exp(|x|^2/2): unbiased but not positive."""
    projected = X @ W.T
    scale = np.exp(0.5 * np.sum(X * X, axis=-1, keepdims=True)) / np.sqrt(W.shape[0])
    return scale * np.concatenate([np.cos(projected), np.sin(projected)], axis=-1)


def _favor(*, features=positive_features, scaled=True, normalised=True, quadratic=False):
    """favor_attention with one thing changed: the feature map, the d^-1/4 scale, the normaliser, the order."""
    def favor(Q, K, V, r, seed):
        d = Q.shape[-1]
        W = np.random.default_rng(seed).standard_normal((r, d))
        s = d ** -0.25 if scaled else 1.0
        phi_q, phi_k = features(Q * s, W), features(K * s, W)
        if quadratic:
            A = phi_q @ np.swapaxes(phi_k, -1, -2)  # (n_q, n_k): the matrix Performer exists to avoid
            return (A @ V) / A.sum(axis=-1, keepdims=True)
        numerator = phi_q @ (np.swapaxes(phi_k, -1, -2) @ V)
        return numerator / (phi_q @ phi_k.sum(axis=-2)[..., None]) if normalised else numerator

    return favor


def _quadratic_flops(n, d, r):
    return 4 * n * r * d + 2 * n * n * r + 2 * n * n * d + 2 * n * n


MISTAKES = (
    mistake("no |x|^2/2 term", "your features are exp(W x) / sqrt(r) without the - |x|^2/2 in the exponent. "
            "Then E[phi(q) . phi(k)] = exp(q.k) exp(|q|^2/2) exp(|k|^2/2): each key gets weighted by an extra "
            "exp(|k|^2/2), so the estimate is biased however large r is",
            positive_features=_no_half_norm, favor_attention=_favor(features=_no_half_norm)),
    mistake("trigonometric features", "you use trigonometric random features (cos and sin of W x). They estimate "
            "the kernel without bias too, but they take negative values, so the estimated attention weights and "
            "their row sums can be negative or near zero and the ratio blows up. FAVOR+ uses exp(W x - |x|^2/2), "
            "which is always positive", positive_features=_trig, favor_attention=_favor(features=_trig)),
    mistake("no d^-1/4 scaling", "you apply the features to Q and K as they are. phi(q).phi(k) estimates "
            "exp(q.k), not exp(q.k / sqrt(d)): divide both Q and K by d^(1/4) first, so their product carries "
            "the 1/sqrt(d) of scaled dot-product attention", favor_attention=_favor(scaled=False)),
    mistake("no normalisation", "you return phi(Q) (phi(K)^T V) without dividing each row by phi(Q) (phi(K)^T 1), "
            "the estimate of the softmax's denominator; the weights then do not sum to 1",
            favor_attention=_favor(normalised=False)),
    mistake("n x n matrix formed", "you multiply phi(Q) @ phi(K)^T first: that is an n x n matrix and O(n^2 r) "
            "work, exactly the quadratic cost Performer avoids. Multiply phi(K)^T @ V first (r x d_v), then "
            "phi(Q) by it: O(n r d)", favor_attention=_favor(quadratic=True), favor_flops=_quadratic_flops),
)
