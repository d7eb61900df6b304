"""Exercise 6.5: a pre-norm transformer block.

`kata show 6.5` prints the statement; `kata check 6.5` grades this file.
The sublayers are given (kata.parts); your job is the wiring in `forward`.
"""

import numpy as np

from kata.parts import FeedForward, LayerNorm, MultiHeadAttention


class TransformerBlock:
    def __init__(self, d_model, n_heads, d_ff):
        self.attention = MultiHeadAttention(d_model, n_heads)
        self.ffn = FeedForward(d_model, d_ff)
        self.norm1 = LayerNorm(d_model)
        self.norm2 = LayerNorm(d_model)

    def forward(self, x, mask=None):
        """x: (T, d_model) or (B, T, d_model) -> the same shape.

        Pre-norm:  x = x + Attention(Norm(x)),  then  x = x + FFN(Norm(x)).
        mask: booleans broadcastable to (..., T, T), True = may NOT attend; None = attend everywhere.
        """
        # TODO: the attention sublayer (norm1, attention with the mask, residual),
        # then the feed-forward sublayer (norm2, ffn, residual).
        raise NotImplementedError("TransformerBlock.forward")

    __call__ = forward
