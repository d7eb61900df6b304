"""Checks for 6.6: the feed-forward network, forward and backward."""

import numpy as np
import pytest

from kata.testing import check, declare, expect_close, expect_same, finite_difference, points, repeated_calls

# Measured against each tolerance below on the checks' own inputs; the valid other order is einsum for both
# products and GELU as h * sigmoid(2 z), 0.5 (1 + tanh z) rewritten. forward: 1.8e-15 vs 1.8e-3 for the smallest
# mistake (exact erf GELU); GELU alone (identity weights): 4.4e-16 vs 4.7e-4 (the same); backward: 1.8e-15 vs
# 2.4e-3 (the same); finite differences are off by 1.4e-9 (right code) vs 9.8e-4 (erf GELU in forward, tanh in
# backward).
GRADIENTS = ("dW1", "db1", "dW2", "db2")


def _params(rng, d_model, d_ff):
    """Weights large enough that every term of the formula shows in the output."""
    return {"W1": rng.normal(0.0, 0.5, size=(d_model, d_ff)), "b1": rng.normal(0.0, 0.5, size=d_ff),
            "W2": rng.normal(0.0, 0.5, size=(d_ff, d_model)), "b2": rng.normal(0.0, 0.5, size=d_model)}


def _layer(module, params):
    d_model, d_ff = params["W1"].shape
    layer = module.FeedForward(d_model, d_ff)
    for name, value in params.items():
        setattr(layer, name, value.copy())
    return layer


def _stored_gradients(layer):
    missing = [name for name in GRADIENTS if not hasattr(layer, name)]
    check(not missing, f"backward must store the parameter gradients on self; missing: {', '.join(missing)}")
    return {name: getattr(layer, name) for name in GRADIENTS}


@points(3)
@pytest.mark.parametrize("shape, d_ff", [((4, 8), 32), ((2, 5, 8), 16), ((3, 4, 6), 6), ((1, 1, 3), 12)], ids=str)
def test_forward_matches_reference(solution, reference, shape, d_ff, rng):
    """forward matches the reference (random weights, non-zero biases; one case has d_ff == d_model)"""
    x, params = rng.normal(size=shape), _params(rng, shape[-1], d_ff)
    expect_same(lambda m: _layer(m, params).forward(x.copy()), solution, reference, atol=1e-10,
                what=f"FeedForward({shape[-1]}, {d_ff}).forward(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("d", [4, 9], ids=str)
def test_activation_is_tanh_gelu(solution, reference, d, rng):
    """with identity weights and zero biases the output is the tanh-approximate GELU of the input"""
    x = rng.uniform(-4.0, 4.0, size=(5, d))
    params = {"W1": np.eye(d), "b1": np.zeros(d), "W2": np.eye(d), "b2": np.zeros(d)}
    expect_same(lambda m: _layer(m, params).forward(x.copy()), solution, reference, atol=1e-12,
                what="the output with W1 = W2 = identity and zero biases (that is, GELU(x) itself)")


@points(2)
@pytest.mark.parametrize("shape, d_ff", [((3, 4), 6), ((2, 3, 5), 7)], ids=str)
def test_backward_dx_matches_finite_differences(solution, shape, d_ff, rng):
    """backward's dx matches central finite differences of your forward"""
    layer = _layer(solution, _params(rng, shape[-1], d_ff))
    x, dout = rng.normal(size=shape), rng.normal(size=shape)
    numeric = finite_difference(lambda: float((layer.forward(x) * dout).sum()), x)
    layer.forward(x)
    expect_close(layer.backward(dout), numeric, atol=1e-6, what="dx from backward(dout) vs finite differences")


@points(2)
@pytest.mark.parametrize("shape, d_ff", [((4, 3), 5), ((2, 3, 4), 6)], ids=str)
def test_backward_parameter_gradients(solution, shape, d_ff, rng):
    """backward stores dW1, db1, dW2, db2 that match finite differences"""
    layer = _layer(solution, _params(rng, shape[-1], d_ff))
    x, dout = rng.normal(size=shape), rng.normal(size=shape)
    loss = lambda: float((layer.forward(x) * dout).sum())  # noqa: E731
    numeric = {f"d{name}": finite_difference(loss, getattr(layer, name)) for name in ("W1", "b1", "W2", "b2")}
    layer.forward(x)
    layer.backward(dout)
    stored = _stored_gradients(layer)
    for name in GRADIENTS:
        expect_close(stored[name], numeric[name], atol=1e-6, what=f"self.{name} vs finite differences")


@points(2)
@pytest.mark.parametrize("shape, d_ff", [((6, 4), 10), ((2, 4, 5), 8), ((3, 2, 6), 6)], ids=str)
def test_backward_matches_reference(solution, reference, shape, d_ff, rng):
    """backward's dx and parameter gradients match the reference"""
    x, dout, params = rng.normal(size=shape), rng.normal(size=shape), _params(rng, shape[-1], d_ff)

    def run(module):
        layer = _layer(module, params)
        layer.forward(x.copy())
        return {"dx": layer.backward(dout.copy()), **_stored_gradients(layer)}

    expect_same(run, solution, reference, atol=1e-9, what="backward(dout)")


def _x_dout(rng):
    return {"x": rng.normal(size=(2, 3, 5)), "dout": rng.normal(size=(2, 3, 5))}


def _gradients(layer, x, dout):
    layer.forward(x)
    return {"dx": layer.backward(dout), **_stored_gradients(layer)}


globals().update(declare(
    repeated_calls("forward(x) then backward(dout) twice on one FeedForward(5, 7)",
                   lambda m: _layer(m, _params(np.random.default_rng(3), 5, 7)), _gradients, _x_dout),
    opt_out={"input not mutated": "every step makes a new array (x @ W1, ...); no in-place step is natural here",
             "constructor arguments": "the constructor is given and has no argument with a default",
             "inputs as given": "x and dout are the only inputs, tried on 2-D and 3-D shapes above",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the tanh GELU is finite everywhere; the statement names no extreme",
             "weights distinct": "the checks set every weight and bias to its own random values"},
))
