"""Lab 00.3: one Pre-LN transformer block, with the attention written by hand (reference solution)."""

import numpy as np

from kata.parts import FeedForward as FFN
from kata.parts import LayerNorm, softmax


class MultiHeadAttention:
    """Self-attention with n_heads heads and an output projection W_o (no mask, no biases)."""

    def __init__(self, d_model, n_heads, rng=None):
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        rng = np.random.default_rng() if rng is None else rng
        self.d_model, self.n_heads = d_model, n_heads
        std = 1.0 / np.sqrt(d_model)
        self.W_q = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_k = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_v = rng.normal(0.0, std, size=(d_model, d_model))
        self.W_o = rng.normal(0.0, std, size=(d_model, d_model))

    def _split(self, t):
        """(..., T, d_model) -> (..., n_heads, T, d_head)."""
        *lead, T, _ = t.shape
        return np.swapaxes(t.reshape(*lead, T, self.n_heads, self.d_model // self.n_heads), -2, -3)

    def _merge(self, heads):
        """(..., n_heads, T, d_head) -> (..., T, d_model), heads side by side in order."""
        *lead, _, T, _ = heads.shape
        return np.swapaxes(heads, -2, -3).reshape(*lead, T, self.d_model)

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model)."""
        x = np.asarray(x)
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        return self._merge(softmax(scores, axis=-1) @ v) @ self.W_o


class TransformerBlock:
    def __init__(self, d_model, n_heads, d_ff, rng=None):
        rng = np.random.default_rng() if rng is None else rng
        self.ln1 = LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads, rng)
        self.ln2 = LayerNorm(d_model)
        self.ffn = FFN(d_model, d_ff, rng)

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model). Pre-LN: norm -> sublayer -> residual add, twice."""
        x = np.asarray(x)
        x = x + self.attn(self.ln1(x))
        return x + self.ffn(self.ln2(x))


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _NoWo(MultiHeadAttention):
    def __call__(self, x):
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        return self._merge(softmax(q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])) @ v)


class _ScaleDModel(MultiHeadAttention):
    def __call__(self, x):
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        return self._merge(softmax(q @ np.swapaxes(k, -1, -2) / np.sqrt(self.d_model)) @ v) @ self.W_o


class _SoftmaxQueries(MultiHeadAttention):
    def __call__(self, x):
        q, k, v = self._split(x @ self.W_q), self._split(x @ self.W_k), self._split(x @ self.W_v)
        scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
        return self._merge(softmax(scores, axis=-2) @ v) @ self.W_o


def _block_with(attention):
    """The reference block, its attention replaced by a broken one."""

    class _Block(TransformerBlock):
        def __init__(self, d_model, n_heads, d_ff, rng=None):
            super().__init__(d_model, n_heads, d_ff, rng)
            self.attn.__class__ = attention

    return _Block


class _ResidualOrder(TransformerBlock):
    def __call__(self, x):
        x = x + self.ln1(self.attn(x))
        return x + self.ln2(self.ffn(x))


class _PostNorm(TransformerBlock):
    def __call__(self, x):
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.ffn(x))


class _InPlaceResidual(TransformerBlock):
    def __call__(self, x):
        x = np.asarray(x)
        x += self.attn(self.ln1(x))  # changes the caller's array
        x += self.ffn(self.ln2(x))
        return x


MISTAKES = (
    mistake("W_O skipped", "your attention returns the concatenated heads without the output projection; "
            "W_O runs even with one head: concat(heads) @ W_o", MultiHeadAttention=_NoWo,
            TransformerBlock=_block_with(_NoWo)),
    mistake("scaled by sqrt(d_model)", "you divide the scores by sqrt(d_model); each head's dot products have "
            "d_head = d_model / n_heads terms, so divide by sqrt(d_head)", MultiHeadAttention=_ScaleDModel,
            TransformerBlock=_block_with(_ScaleDModel)),
    mistake("softmax over the queries", "your softmax runs over the query axis (axis -2); each query's weights "
            "over the keys must sum to 1: softmax over the last axis", MultiHeadAttention=_SoftmaxQueries,
            TransformerBlock=_block_with(_SoftmaxQueries)),
    mistake("residual order", "you normalise the sublayer's output, x + LN(attn(x)); Pre-LN normalises its "
            "input: x + attn(LN(x))", TransformerBlock=_ResidualOrder),
    mistake("post-norm", "your block normalises after the residual addition, LN(x + attn(x)) (Post-LN, as in "
            "the 2017 paper); this block is Pre-LN: x + attn(LN(x))", TransformerBlock=_PostNorm),
    mistake("in-place residual", "you add the sublayers' outputs in place (x += ...), which overwrites the "
            "caller's array; the block must return a new one: x = x + attn(ln1(x))", TransformerBlock=_InPlaceResidual),
)
