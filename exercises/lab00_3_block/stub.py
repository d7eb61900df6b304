"""Lab 00.3: one Pre-LN transformer block, with the attention written by hand.

`kata show lab00.3` prints the statement; `kata check lab00.3` grades this file.
LayerNorm and the FFN come from kata.parts; softmax too.
"""

import numpy as np

from kata.parts import FeedForward as FFN
from kata.parts import LayerNorm, softmax  # noqa: F401  (softmax(scores, axis=-1) is yours to use)


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

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model)."""
        # TODO: project to q, k, v; split into heads; softmax(q k^T / sqrt(d_head)) v per head;
        # merge the heads back and apply W_o.
        raise NotImplementedError("MultiHeadAttention.__call__")


class TransformerBlock:
    def __init__(self, d_model, n_heads, d_ff, rng=None):
        rng = np.random.default_rng() if rng is None else rng
        self.ln1 = LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads, rng)
        self.ln2 = LayerNorm(d_model)
        self.ffn = FFN(d_model, d_ff, rng)

    def __call__(self, x):
        """x: (..., T, d_model) -> (..., T, d_model). Pre-LN: norm -> sublayer -> residual add, twice."""
        # TODO
        raise NotImplementedError("TransformerBlock.__call__")
