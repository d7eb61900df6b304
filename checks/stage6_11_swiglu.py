"""Checks for 6.11: the SwiGLU feed-forward network."""

import numpy as np
import pytest

from kata.testing import check, declare, every_weight_matters, expect_same, points, weights_distinct

MATRICES = ("W_gate", "W_up", "W_down")
# silu: z / (1 + exp(-z)) and torch's silu differ from the tanh form by 9e-16 absolute (9e-9 relative at z = -20,
# where silu is -4e-8: the atol carries it); sigmoid instead is off by 19. forward: einsum and torch differ by 3e-15
# (identity weights: 2e-15); the smallest mistake (ReLU) by 1.9 (identity weights: 0.48).


def _shapes(d_model, d_ff):
    return {"W_gate": (d_model, d_ff), "W_up": (d_model, d_ff), "W_down": (d_ff, d_model)}


def _layer(module, weights):
    d_model, d_ff = weights["W_gate"].shape
    layer = module.SwiGLU_FFN(d_model, d_ff)
    for name, value in weights.items():
        setattr(layer, name, value.copy())
    return layer


@points(1)
def test_silu(solution, reference, rng):
    """silu(z) is z * sigmoid(z), element-wise, on any shape"""
    z = np.concatenate([rng.normal(0.0, 3.0, size=(4, 10)), np.linspace(-20.0, 20.0, 10)[None, :]])
    expect_same(lambda m: m.silu(z.copy()), solution, reference, atol=1e-12, rtol=1e-12,
                what="silu(z) for z of shape (5, 10)")


@points(2)
@pytest.mark.parametrize("d_model, d_ff", [(16, 40), (24, 8)], ids=str)
def test_three_matrices(solution, d_model, d_ff):
    """__init__ creates exactly W_gate, W_up, W_down with the right shapes, small and random, and no biases"""
    layer = solution.SwiGLU_FFN(d_model, d_ff)
    made = f"SwiGLU_FFN({d_model}, {d_ff})"
    arrays = {name for name, value in vars(layer).items() if isinstance(value, np.ndarray)}
    missing = [name for name in MATRICES if name not in arrays]
    check(not missing, f"{made} has no array attribute {', '.join('self.' + n for n in missing)}; "
          "SwiGLU needs three matrices: W_gate, W_up, W_down")
    extra = sorted(arrays - set(MATRICES))
    check(not extra, f"{made} also holds the arrays {', '.join('self.' + n for n in extra)}; this SwiGLU has "
          "exactly three weight matrices and no biases (as in LLaMA)")
    for name, shape in _shapes(d_model, d_ff).items():
        value = getattr(layer, name)
        check(value.shape == shape, f"{made}.{name} has shape {value.shape}, expected {shape}"
              + (" (transposed?)" if value.shape == shape[::-1] else ""))
        check(value.dtype.kind == "f", f"{made}.{name} has dtype {value.dtype}; use floating point")
        std = float(value.std())
        check(np.isfinite(value).all() and 0.0 < std <= 0.5,
              f"{made}.{name} has standard deviation {std:.3g}; initialise it with small random values "
              "(e.g. np.random.randn(...) * 0.02): above 0 so the units differ, at most 0.5 so activations stay small")
    check(not np.array_equal(layer.W_gate, layer.W_up),
          f"{made}.W_gate and W_up hold the same values; draw each matrix separately")


@points(5)
@pytest.mark.parametrize("shape, d_ff", [((4, 8), 16), ((2, 5, 8), 20), ((3, 4, 6), 6), ((2, 3, 12), 5),
                                         ((1, 1, 3), 7)], ids=str)
def test_forward_matches_reference(solution, reference, shape, d_ff, rng):
    """forward matches the reference with the same weights"""
    weights = {name: rng.normal(0.0, 0.5, size=s) for name, s in _shapes(shape[-1], d_ff).items()}
    x = rng.normal(size=shape)
    expect_same(lambda m: _layer(m, weights).forward(x.copy()), solution, reference, atol=1e-10,
                what=f"SwiGLU_FFN({shape[-1]}, {d_ff}).forward(x of shape {shape})")


@points(2)
@pytest.mark.parametrize("shape", [(3, 4), (2, 3, 10)], ids=str)
def test_gate_is_silu(solution, reference, shape, rng):
    """with all three matrices the identity, the output is silu(x) * x (SiLU, not sigmoid or ReLU)"""
    d = shape[-1]
    weights = {name: np.eye(d) for name in MATRICES}
    x = rng.uniform(-5.0, 5.0, size=shape)
    expect_same(lambda m: _layer(m, weights).forward(x.copy()), solution, reference, atol=1e-12,
                what=f"forward(x of shape {shape}) with W_gate = W_up = W_down = identity (that is, silu(x) * x)")


# ---- contracts ----------------------------------------------------------------------------------


def _weights(rng):
    return {name: rng.normal(0.0, 0.5, size=s) for name, s in _shapes(8, 16).items()}


globals().update(declare(
    weights_distinct("SwiGLU_FFN(8, 16)", lambda m: m.SwiGLU_FFN(8, 16), MATRICES),
    every_weight_matters("SwiGLU_FFN(8, 16).forward(x)", lambda m: _layer(m, _weights(np.random.default_rng(5))),
                         lambda layer, x: layer.forward(x), lambda rng: {"x": rng.normal(size=(3, 8))}, MATRICES),
    opt_out={"input not mutated": "every step makes a new array (x @ W_gate, ...)",
             "repeated calls": "forward keeps no state",
             "constructor arguments": "the constructor has no argument with a default",
             "inputs as given": "x is the only input, tried on 2-D and 3-D shapes above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "silu is checked on -20..20 above; the statement names no extreme"},
))
