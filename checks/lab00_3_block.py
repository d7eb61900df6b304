"""Checks for lab00.3: multi-head attention with W_O, and the Pre-LN block, against the reference."""

import numpy as np
import pytest

from kata import parts
from kata.testing import check, declare, diagnose, expect_same, expect_shape, input_not_mutated, mismatch, points

# (input shape, n_heads, d_ff): 2-D (T, d_model) and batched (B, T, d_model), one to four heads
CASES = [((5, 8), 1, 16), ((6, 16), 4, 32), ((2, 4, 8), 2, 12), ((3, 3, 12), 3, 20), ((1, 7, 16), 4, 24)]
IDS = [f"x{shape}-heads{h}" for shape, h, _ in CASES]
# A softmax over sum + 1e-10, as textbooks write it, leaves 1e-10 of the attention output: 4.1e-10 on the attention
# and 7e-10 on the block output of these inputs, where entries near 0 get no help from rtol, so 1e-10 failed a right
# block on two cases. einsum heads, E[x^2] - E[x]^2 LayerNorm and GELU as x * sigmoid(2 z) add 4e-15. The smallest
# mistake (scores scaled by sqrt(d_model)) moves them by 1.6. With W_o, W2, b2 zero the block returns x exactly in
# every order (residual order: 0.97), hence 1e-12 there.
ATOL = 1e-8


def _randomise(obj, rng):
    """Give every parameter array reachable from obj random values large enough for a wrong wiring to show."""
    for name, value in vars(obj).items():
        if isinstance(value, np.ndarray):
            if name == "gamma":
                setattr(obj, name, 1.0 + 0.5 * rng.normal(size=value.shape))
            elif value.ndim == 1:
                setattr(obj, name, 0.3 * rng.normal(size=value.shape))
            else:
                setattr(obj, name, rng.normal(0.0, 1.5 / np.sqrt(value.shape[0]), size=value.shape))
        elif hasattr(value, "__dict__"):  # a part: LayerNorm, attention, FFN
            _randomise(value, rng)


def _attention(module, source):
    attention = module.MultiHeadAttention(source.d_model, source.n_heads, np.random.default_rng(0))
    parts.copy_parameters(source, attention, "attn")
    return attention


def _block(module, source):
    d_model, n_heads, d_ff = source.attn.d_model, source.attn.n_heads, source.ffn.W1.shape[1]
    block = module.TransformerBlock(d_model, n_heads, d_ff, np.random.default_rng(0))
    parts.copy_parameters(source, block, "block")
    return block


def _source_block(reference, shape, n_heads, d_ff, rng):
    source = reference.TransformerBlock(shape[-1], n_heads, d_ff, rng)
    _randomise(source, rng)
    return source


@points(3)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES, ids=IDS)
def test_attention_matches_reference(solution, reference, shape, n_heads, d_ff, rng):
    """MultiHeadAttention(x) matches the reference (random weights, W_o included)"""
    source = _source_block(reference, shape, n_heads, d_ff, rng).attn
    x = rng.normal(size=shape)
    expect_same(lambda module: _attention(module, source)(x.copy()), solution, reference, atol=ATOL, rtol=1e-10,
                what=f"MultiHeadAttention({shape[-1]}, n_heads={n_heads})(x of shape {shape})")


@points(4)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES, ids=IDS)
def test_block_matches_reference(solution, reference, shape, n_heads, d_ff, rng):
    """TransformerBlock(x) matches the reference (random weights, LayerNorm and FFN parameters included)"""
    source = _source_block(reference, shape, n_heads, d_ff, rng)
    x = rng.normal(size=shape)
    expect_same(lambda module: _block(module, source)(x.copy()), solution, reference, atol=ATOL, rtol=1e-10,
                what=f"TransformerBlock({shape[-1]}, {n_heads}, {d_ff})(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES[:3], ids=IDS[:3])
def test_shape_kept(solution, reference, shape, n_heads, d_ff, rng):
    """the block's output has the input's shape"""
    source = _source_block(reference, shape, n_heads, d_ff, rng)
    expect_shape(_block(solution, source)(rng.normal(size=shape)), shape,
                 f"TransformerBlock({shape[-1]}, {n_heads}, {d_ff})(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES[:3], ids=IDS[:3])
def test_zero_output_projections_give_identity(solution, reference, shape, n_heads, d_ff, rng):
    """with attn.W_o, ffn.W2 and ffn.b2 zero, both sublayers add nothing: the block returns x"""
    source = _source_block(reference, shape, n_heads, d_ff, rng)
    source.attn.W_o[:] = 0.0
    source.ffn.W2[:] = 0.0
    source.ffn.b2[:] = 0.0
    x = rng.normal(size=shape)

    def run(module):
        return _block(module, source)(x.copy())

    y = run(solution)
    problem = mismatch(y, x, atol=1e-12, what="the block's output with attn.W_o, ffn.W2, ffn.b2 all zero",
                       against="the input x")
    if problem:
        named = diagnose(run, y, reference, atol=1e-12)
        check(False, f"{problem}: with those zero, attention and FFN contribute exactly zero, so only the residual "
                     f"path is left.\n{named or ''}".rstrip())


# ---- contracts ----------------------------------------------------------------------------------


def _x(rng):
    import reference.lab00_3_block as source_module  # only to build weights, as the other checks do

    return {"source": _source_block(source_module, (2, 5, 8), 2, 12, rng), "x": rng.normal(size=(2, 5, 8))}


globals().update(declare(
    input_not_mutated("TransformerBlock(8, 2, 12)(x)", lambda m, source, x: _block(m, source)(x), _x),
    opt_out={"repeated calls": "__call__ keeps no state",
             "constructor arguments": "the constructors are given; rng only draws weights the checks replace",
             "inputs as given": "x is the only input, tried on 2-D and 3-D shapes above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the statement names no extreme",
             "weights distinct": "the constructors are given; the checks set every weight"},
))
