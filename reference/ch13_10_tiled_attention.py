"""Exercise 13.10: tiled attention with an online softmax (reference solution)."""

import numpy as np


def tiled_attention(Q, K, V, block):
    """softmax(Q K^T / sqrt(d)) V over blocks of `block` keys; never holds the n_q x n_k score matrix.

    Q: (..., n_q, d), K: (..., n_k, d), V: (..., n_k, d_v) -> (..., n_q, d_v).
    """
    if block < 1:
        raise ValueError(f"block must be a positive number of keys, got {block}")
    Q, K, V = np.asarray(Q), np.asarray(K), np.asarray(V)
    Qs = Q / np.sqrt(Q.shape[-1])  # scale once: n_q x d, not once per tile
    m = np.full(Q.shape[:-1] + (1,), -np.inf)  # running max of each query row
    l = np.zeros(Q.shape[:-1] + (1,))  # running sum of exp(score - m)
    acc = np.zeros(Q.shape[:-1] + (V.shape[-1],))  # running sum of exp(score - m) * v
    for start in range(0, K.shape[-2], block):
        S = Qs @ np.swapaxes(K[..., start:start + block, :], -1, -2)  # one (n_q, block) tile
        m_new = np.maximum(m, S.max(axis=-1, keepdims=True))
        correction = np.exp(m - m_new)  # puts what was summed relative to m onto m_new (0 at the start)
        P = np.exp(S - m_new)
        l = l * correction + P.sum(axis=-1, keepdims=True)
        acc = acc * correction + P @ V[..., start:start + block, :]
        m = m_new
    return acc / l


WHY_FLASH_IS_EXACT = "d"

REFLECTION = ("The softmax's maximum and normaliser can be accumulated block by block, rescaling what was summed "
              "when the maximum grows; the result is the same sums in another order, and only O(n) row "
              "statistics and one tile of scores are ever stored.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(*, max_start=-np.inf, update_max=True, rescale_sum=True, rescale_acc=True, scale=True, drop_last=False):
    """tiled_attention with one step left out (the max update, a rescaling, the scale, the last block)."""
    def tiled(Q, K, V, block):
        Qs = Q / np.sqrt(Q.shape[-1]) if scale else Q
        m = np.full(Q.shape[:-1] + (1,), max_start)
        l = np.zeros(Q.shape[:-1] + (1,))
        acc = np.zeros(Q.shape[:-1] + (V.shape[-1],))
        stop = K.shape[-2] // block * block if drop_last else K.shape[-2]
        for start in range(0, stop, block):
            S = Qs @ np.swapaxes(K[..., start:start + block, :], -1, -2)
            m_new = np.maximum(m, S.max(axis=-1, keepdims=True)) if update_max or start == 0 else m
            correction = np.exp(m - m_new)
            P = np.exp(S - m_new)
            l = (l * correction if rescale_sum else l) + P.sum(axis=-1, keepdims=True)
            acc = (acc * correction if rescale_acc else acc) + P @ V[..., start:start + block, :]
            m = m_new
        return acc / l

    return tiled


def _materialised(Q, K, V, block):
    scores = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return (weights / weights.sum(axis=-1, keepdims=True)) @ V


def _scaled_in_place(Q, K, V, block):
    Q /= np.sqrt(Q.shape[-1])  # changes the caller's Q
    return _variant(scale=False)(Q, K, V, block)


MISTAKES = (
    mistake("stale max", "you keep the maximum of the first block for every later block. That is exact until a "
            "later block holds a score far above it: exp(score - stale max) then overflows to inf. Update the "
            "running max with every block and rescale l and acc by exp(m_old - m_new)",
            tiled_attention=_variant(update_max=False)),
    mistake("accumulators not rescaled", "you update the running max but never multiply the running sum l and "
            "the output acc by exp(m_old - m_new), so earlier blocks stay measured against the old maximum and "
            "are weighted wrongly", tiled_attention=_variant(rescale_sum=False, rescale_acc=False)),
    mistake("output accumulator not rescaled", "you rescale the running sum l by exp(m_old - m_new) but not the "
            "output accumulator acc; both were computed relative to the old maximum, so both need the factor",
            tiled_attention=_variant(rescale_acc=False)),
    mistake("full score matrix materialised", "your function builds the whole n_q x n_k score matrix (Q @ K^T at "
            "once, or all scores before the loop). The output is right, but the memory is O(n^2): the point is "
            "to hold one (n_q, block) tile at a time", tiled_attention=_materialised),
    mistake("last partial block dropped", "your loop runs n_k // block times, so when block does not divide n_k "
            "the last keys are ignored (and with block > n_k there is no block at all): iterate over "
            "range(0, n_k, block); the last slice is simply shorter", tiled_attention=_variant(drop_last=True)),
    mistake("no 1/sqrt(d) scale", "your scores are Q K^T without the 1/sqrt(d) scale of scaled dot-product "
            "attention", tiled_attention=_variant(scale=False)),
    mistake("running max starts at 0", "your running max starts at 0 instead of -inf; when every score of a row is "
            "far below 0, exp(score - 0) underflows to 0 and the row is 0/0 = NaN: start m at -inf",
            tiled_attention=_variant(max_start=0.0)),
    mistake("Q scaled in place", "you divide Q by sqrt(d) in place (Q /= ...), which changes the caller's array; "
            "compute a new one: Qs = Q / np.sqrt(d)", tiled_attention=_scaled_in_place),
)
