"""Checks for 6.5: the pre-norm TransformerBlock's forward."""

import numpy as np
import pytest

from kata import parts
from kata.testing import check, declare, diagnose, expect_same, expect_shape, inputs_as_given, known, mismatch, points

# (input shape, n_heads, d_ff): 2-D (T, d) and batched (B, T, d) inputs
CASES = [((5, 16), 4, 32), ((2, 6, 16), 2, 24), ((3, 4, 8), 1, 16), ((1, 7, 12), 3, 20)]
IDS = [f"x{shape}-heads{h}" for shape, h, _ in CASES]
# The parts are given: a reassociated residual sum or torch's layer_norm differ by 2e-15; the smallest declared
# mistake (one shared norm) by 2.2. With the output weights at zero, x + 0 is exact (0 measured), and with a causal
# mask the earlier outputs are bit-identical after later inputs change (0 measured; mask ignored: 4.4).


def _weights(d_model, n_heads, d_ff, rng):
    """A block from kata.parts with random weights, large enough for a wrong connection to show."""
    source = parts.TransformerBlock(d_model, n_heads, d_ff, rng)
    attention, ffn = source.attention, source.ffn
    for name in ("W_q", "W_k", "W_v", "W_o"):
        setattr(attention, name, rng.normal(0.0, 1.0 / np.sqrt(d_model), size=(d_model, d_model)))
    for name in ("b_q", "b_k", "b_v", "b_o"):
        setattr(attention, name, rng.normal(0.0, 0.2, size=d_model))
    ffn.W1 = rng.normal(0.0, 1.0 / np.sqrt(d_model), size=(d_model, d_ff))
    ffn.b1 = rng.normal(0.0, 0.2, size=d_ff)
    ffn.W2 = rng.normal(0.0, 1.0 / np.sqrt(d_ff), size=(d_ff, d_model))
    ffn.b2 = rng.normal(0.0, 0.2, size=d_model)
    for norm in (source.norm1, source.norm2):
        norm.gamma = 1.0 + 0.5 * rng.normal(size=d_model)
        norm.beta = 0.5 * rng.normal(size=d_model)
    return source


def _block(module, source):
    """module's TransformerBlock, built like the source and given its weights."""
    d_model, n_heads = source.attention.d_model, source.attention.n_heads
    block = module.TransformerBlock(d_model, n_heads, source.ffn.W1.shape[1])
    parts.copy_parameters(source, block, "block")
    return block


def _before_after(problem):
    """A comparison message of "after" against "before", reworded to say so."""
    return (problem.replace("differs from the reference", "changed").replace("(yours ", "(after ")
            .replace(", expected ", ", before "))


@points(1)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES, ids=IDS)
def test_shape_kept(solution, shape, n_heads, d_ff, rng):
    """the output has the input's shape"""
    source = _weights(shape[-1], n_heads, d_ff, rng)
    y = _block(solution, source).forward(rng.normal(size=shape))
    expect_shape(y, shape, f"TransformerBlock.forward(x of shape {shape})")


@points(4)
@pytest.mark.parametrize("masked", [False, True], ids=["no mask", "causal mask"])
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES, ids=IDS)
def test_forward_matches_reference(solution, reference, shape, n_heads, d_ff, masked, rng):
    """forward matches the reference (random weights, float64)"""
    source = _weights(shape[-1], n_heads, d_ff, rng)
    x = rng.normal(size=shape)
    mask = parts.causal_mask(shape[-2]) if masked else None

    def run(module):
        return _block(module, source).forward(x.copy(), mask)

    with_mask = "a causal mask" if masked else "mask=None"
    expect_same(run, solution, reference, atol=1e-8, what=f"forward(x of shape {shape}, {with_mask})")


@points(2)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES[:3], ids=IDS[:3])
def test_causal_mask_hides_the_future(solution, reference, shape, n_heads, d_ff, rng):
    """with a causal mask, outputs at 0..t do not depend on inputs after t"""
    source = _weights(shape[-1], n_heads, d_ff, rng)
    T = shape[-2]
    t = int(rng.integers(0, T - 1))
    x = rng.normal(size=shape)
    changed = x.copy()
    changed[..., t + 1:, :] = rng.normal(size=changed[..., t + 1:, :].shape)
    mask = parts.causal_mask(T)

    before = _block(solution, source).forward(x.copy(), mask)
    after = _block(solution, source).forward(changed.copy(), mask)
    problem = mismatch(after[..., : t + 1, :], before[..., : t + 1, :], atol=1e-10,
                       what=f"the outputs at positions 0..{t} after changing the inputs at {t + 1}..{T - 1}")
    if problem:
        run = lambda module: _block(module, source).forward(changed.copy(), mask)  # noqa: E731
        named = diagnose(run, after, reference, atol=1e-8)
        check(False, f"{_before_after(problem)}. Position {t} sees later positions although the mask forbids "
                     f"it.\n{named or ''}".rstrip())
    check(not np.allclose(after[..., t + 1:, :], before[..., t + 1:, :]),
          f"the outputs at positions {t + 1}..{T - 1} did not change when their inputs did")


@points(2)
@pytest.mark.parametrize("masked", [False, True], ids=["no mask", "causal mask"])
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES[:2], ids=IDS[:2])
def test_zero_sublayer_output_is_identity(solution, reference, shape, n_heads, d_ff, masked, rng):
    """with both sublayers' output weights at zero, the block is the identity"""
    source = _weights(shape[-1], n_heads, d_ff, rng)
    source.attention.W_o[:] = 0.0
    source.attention.b_o[:] = 0.0
    source.ffn.W2[:] = 0.0
    source.ffn.b2[:] = 0.0
    x = rng.normal(size=shape)
    mask = parts.causal_mask(shape[-2]) if masked else None

    def run(module):
        return _block(module, source).forward(x.copy(), mask)

    y = run(solution)
    problem = mismatch(y, x, atol=1e-12, what="the output with attention.W_o, b_o, ffn.W2, b2 all zero")
    if problem:
        named = diagnose(run, y, reference, atol=1e-12)
        check(False, f"{problem.replace('the reference', 'the input x')}: both sublayers add exactly zero, so "
                     f"only the residual path should be left.\n{named or ''}".rstrip())


@points(1)
@pytest.mark.parametrize("shape, n_heads, d_ff", CASES[:2], ids=IDS[:2])
def test_input_left_unchanged(solution, reference, shape, n_heads, d_ff, rng):
    """forward leaves its input array unchanged"""
    source = _weights(shape[-1], n_heads, d_ff, rng)
    x = rng.normal(size=shape)
    kept = x.copy()
    _block(solution, source).forward(x, parts.causal_mask(shape[-2]))
    if not np.array_equal(x, kept):
        changed = int((x != kept).sum())
        check(False, f"forward changed its input x in place ({changed} of {x.size} entries). "
                     f"{known(reference, 'in-place residual')}")


# ---- contracts: masks as the statement allows them, not only None and causal_mask(T) ---------------

B, T, D, HEADS, D_FF = 2, 6, 16, 2, 24


def _random_mask(rng):
    mask = rng.random((T, T)) < 0.4
    np.fill_diagonal(mask, False)  # every query keeps one key, so no row is all -inf
    return mask


def _padding_mask(rng):
    keys = np.zeros((B, 1, 1, T), dtype=bool)
    keys[1, ..., T - 2:] = True  # the second sequence has two padded positions at the end
    return keys


def _batched_mask(rng):
    return np.stack([_random_mask(rng), _random_mask(rng)])[:, None]  # (B, 1, T, T): one pattern per sequence


def _masked(make):
    def inputs(rng):
        return {"source": _weights(D, HEADS, D_FF, rng), "x": rng.normal(size=(B, T, D)), "mask": make(rng)}
    return inputs


def _forward(module, source, x, mask):
    return _block(module, source).forward(x, mask)


globals().update(declare(
    inputs_as_given("forward(x, a random mask that is not causal)", _forward, _masked(_random_mask), atol=1e-8),
    inputs_as_given("forward(x, a padding mask of shape (B, 1, 1, T))", _forward, _masked(_padding_mask), atol=1e-8),
    inputs_as_given("forward(x, one mask per sequence, shape (B, 1, T, T))", _forward, _masked(_batched_mask),
                    atol=1e-8),
    opt_out={"input not mutated": "test_input_left_unchanged checks it",
             "repeated calls": "forward keeps no state (the parts' own caches do not change the result)",
             "constructor arguments": "the constructor is given and has no argument with a default",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the parts are given; the block only wires them",
             "weights distinct": "the parts are given; the checks set every weight"},
))
