"""Exercise 6.5: a pre-norm transformer block (reference solution)."""

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
        x = np.asarray(x)
        x = x + self.attention.forward(self.norm1.forward(x), mask)
        return x + self.ffn.forward(self.norm2.forward(x))

    __call__ = forward


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _PostNorm(TransformerBlock):
    def forward(self, x, mask=None):
        x = self.norm1.forward(x + self.attention.forward(x, mask))
        return self.norm2.forward(x + self.ffn.forward(x))


class _NormAfterSublayer(TransformerBlock):
    def forward(self, x, mask=None):
        x = x + self.norm1.forward(self.attention.forward(x, mask))
        return x + self.norm2.forward(self.ffn.forward(x))


class _SharedNorm(TransformerBlock):
    def forward(self, x, mask=None):
        x = x + self.attention.forward(self.norm1.forward(x), mask)
        return x + self.ffn.forward(self.norm1.forward(x))


class _NoSecondResidual(TransformerBlock):
    def forward(self, x, mask=None):
        x = x + self.attention.forward(self.norm1.forward(x), mask)
        return self.ffn.forward(self.norm2.forward(x))


class _MaskIgnored(TransformerBlock):
    def forward(self, x, mask=None):
        x = x + self.attention.forward(self.norm1.forward(x))
        return x + self.ffn.forward(self.norm2.forward(x))


class _InPlace(TransformerBlock):
    def forward(self, x, mask=None):
        x += self.attention.forward(self.norm1.forward(x), mask)
        x += self.ffn.forward(self.norm2.forward(x))
        return x


class _CausalMaskRebuilt(TransformerBlock):
    def forward(self, x, mask=None):
        if mask is not None:  # any mask becomes a fresh causal one
            T = x.shape[-2]
            mask = np.triu(np.ones((T, T), dtype=bool), k=1)
        return super().forward(x, mask)


MISTAKES = (
    mistake("post-norm order", "your block normalises after the residual addition, LN(x + f(x)) (post-norm, "
            "as in the 2017 paper); this block is pre-norm: x + f(LN(x))", TransformerBlock=_PostNorm),
    mistake("norm after the sublayer", "you normalise the sublayer's output, x + LN(f(x)); the norm belongs on "
            "the sublayer's input: x + f(LN(x))", TransformerBlock=_NormAfterSublayer),
    mistake("one shared norm", "you use norm1 before both sublayers; the FFN has its own norm, norm2, with its "
            "own gamma and beta", TransformerBlock=_SharedNorm),
    mistake("missing second residual", "the FFN sublayer has no residual connection: return x + ffn(norm2(x)), "
            "not ffn(norm2(x))", TransformerBlock=_NoSecondResidual),
    mistake("mask ignored", "attention is called without the mask, so every position sees the future; "
            "pass it on: self.attention.forward(h, mask)", TransformerBlock=_MaskIgnored),
    mistake("in-place residual", "you add the residual in place (x += ...), which overwrites the caller's "
            "array; write x = x + ... so a new array is made", TransformerBlock=_InPlace),
    mistake("mask replaced by a causal one", "your block builds its own causal mask instead of passing on the one "
            "it is given; a mask may hide padding or any other pattern: pass `mask` to attention as it is",
            TransformerBlock=_CausalMaskRebuilt),
)
