"""Lab 00.5: sanity tests for the block (graded by mutation), and the speed of one forward pass.

`kata show lab00.5` prints the statement; `kata check lab00.5` grades this file.
Copy your lab00.3 MultiHeadAttention and TransformerBlock below, then write the tests.
"""

import numpy as np

from kata.parts import FeedForward as FFN
from kata.parts import LayerNorm, softmax  # noqa: F401


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
        # TODO: your lab00.3 attention
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
        # TODO: your lab00.3 block
        raise NotImplementedError("TransformerBlock.__call__")


def parameters(block):
    """Every parameter array of a block, to change in place in your tests (p[...] = 0.0)."""
    return [block.ln1.gamma, block.ln1.beta, block.attn.W_q, block.attn.W_k, block.attn.W_v, block.attn.W_o,
            block.ln2.gamma, block.ln2.beta, block.ffn.W1, block.ffn.b1, block.ffn.W2, block.ffn.b2]


# ---- your tests ---------------------------------------------------------------------------------
# Each test receives the block class to test as `TransformerBlock` (the grader passes the reference and
# broken versions, not your class above) and may ask for `rng`, a seeded np.random.Generator.
# Replace each TODO with code that asserts something; add more tests if you like.


def test_shape_is_kept(TransformerBlock, rng):
    """(T, d_model) -> (T, d_model), and (B, T, d_model) -> (B, T, d_model)."""
    # TODO


def test_near_identity_at_zero_parameters(TransformerBlock, rng):
    """With all parameters zero (or close to it), |block(x) - x| < 1e-3 for normalised x."""
    # TODO


def test_gradient_by_finite_differences(TransformerBlock, rng):
    """Central differences of a scalar loss through the block agree with what the gradient must be."""
    # TODO
