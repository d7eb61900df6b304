"""Checks for 6.7: LayerNorm forward and backward."""

import numpy as np
import pytest

from kata.testing import (check, constructor_arguments, declare, dtype_kept, expect_close, expect_raises, expect_same,
                          finite_difference, input_not_mutated, points, repeated_calls, validation)

SHAPES = [(4, 8), (2, 3, 16), (1, 1, 5), (6, 6)]
# Measured against each tolerance below: valid orders are sum / n with E[x^2] - E[x]^2, torch's layer_norm and
# autograd, and backward through dvar and dmean. forward: 9e-16 vs 1.5e-5 for the smallest mistake (eps outside
# the sqrt); backward: 7e-16 vs 1.3e-4 (the same); finite differences (step 1e-6) are off by 1.6e-9 vs 1.7e-5.
# Row statistics: the mean is 0 to 2e-16 (axis 0: 0.23); the variance is 1 - eps / var, off by 9e-7 (scaled rows:
# 2.5e-5), and ddof=1 is off by 0.06 (scaled rows: 0.33).


def _layer(module, dim, rng=None):
    layer = module.LayerNorm(dim)
    if rng is not None:
        layer.gamma = rng.normal(size=dim)
        layer.beta = rng.normal(size=dim)
    return layer


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_forward_matches_reference(solution, reference, shape, rng):
    """forward matches the reference (random gamma and beta)"""
    x = rng.normal(2.0, 3.0, size=shape)
    params = rng.normal(size=(2, shape[-1]))

    def run(module):
        layer = module.LayerNorm(shape[-1])
        layer.gamma, layer.beta = params[0].copy(), params[1].copy()
        return layer.forward(x.copy())

    expect_same(run, solution, reference, atol=1e-10, what=f"LayerNorm.forward(x of shape {shape})")


@points(1)
def test_rows_are_standardised(solution, rng):
    """each row has mean 0 and variance 1 with the default gamma and beta"""
    y = _layer(solution, 16).forward(rng.normal(5.0, 4.0, size=(7, 16)))
    expect_close(y.mean(axis=-1), np.zeros(7), atol=1e-9, what="the mean of each output row")
    expect_close(y.var(axis=-1), np.ones(7), atol=1e-4, what="the variance of each output row")


@points(1)
def test_scale_and_shift(solution, rng):
    """gamma=2, beta=5 gives rows with mean 5 and variance 4"""
    layer = _layer(solution, 12)
    layer.gamma, layer.beta = np.full(12, 2.0), np.full(12, 5.0)
    y = layer.forward(rng.normal(-3.0, 2.0, size=(3, 5, 12)))
    expect_close(y.mean(axis=-1), np.full((3, 5), 5.0), atol=1e-9, what="the mean of each row")
    expect_close(y.var(axis=-1), np.full((3, 5), 4.0), atol=1e-3, what="the variance of each row")


@points(1)
def test_wrong_last_axis_raises(solution, rng):
    """a last axis other than dim raises ValueError"""
    layer = _layer(solution, 8)
    expect_raises(ValueError, lambda: layer.forward(rng.normal(size=(8, 5))),
                  "LayerNorm(8).forward(x of shape (8, 5))")


@points(2)
@pytest.mark.parametrize("shape", [(3, 6), (2, 2, 5)], ids=str)
def test_backward_dx_matches_finite_differences(solution, shape, rng):
    """backward's dx matches central finite differences"""
    layer = _layer(solution, shape[-1], rng)
    x, dout = rng.normal(size=shape), rng.normal(size=shape)
    numeric = finite_difference(lambda: float((layer.forward(x) * dout).sum()), x)
    layer.forward(x)
    expect_close(layer.backward(dout), numeric, atol=1e-6, what="dx from backward(dout) vs finite differences")


@points(1)
def test_backward_parameter_gradients(solution, rng):
    """backward stores dgamma and dbeta that match finite differences"""
    layer = _layer(solution, 5, rng)
    x, dout = rng.normal(size=(2, 3, 5)), rng.normal(size=(2, 3, 5))
    loss = lambda: float((layer.forward(x) * dout).sum())  # noqa: E731
    want_gamma, want_beta = finite_difference(loss, layer.gamma), finite_difference(loss, layer.beta)
    layer.forward(x)
    layer.backward(dout)
    check(hasattr(layer, "dgamma") and hasattr(layer, "dbeta"), "backward must set self.dgamma and self.dbeta")
    expect_close(layer.dgamma, want_gamma, atol=1e-6, what="dgamma vs finite differences")
    expect_close(layer.dbeta, want_beta, atol=1e-6, what="dbeta vs finite differences")


@points(1)
@pytest.mark.parametrize("shape", [(4, 7), (2, 3, 4)], ids=str)
def test_backward_matches_reference(solution, reference, shape, rng):
    """backward matches the reference"""
    x, dout, params = rng.normal(size=shape), rng.normal(size=shape), rng.normal(size=(2, shape[-1]))

    def run(module):
        layer = module.LayerNorm(shape[-1])
        layer.gamma, layer.beta = params[0].copy(), params[1].copy()
        layer.forward(x.copy())
        return layer.backward(dout.copy())

    expect_same(run, solution, reference, atol=1e-9, what="dx from LayerNorm.backward(dout)")


# ---- contracts: what the statement says beyond the numbers ----------------------------------------


def _x(rng):
    return {"x": rng.normal(2.0, 0.5, size=(3, 4, 8))}  # a small variance, where eps shows


def _x_dout(rng):
    return {"x": rng.normal(size=(5, 8)), "dout": rng.normal(size=(5, 8))}


def _gradients(layer, x, dout):
    layer.forward(x)
    dx = layer.backward(dout)
    return {"dx": dx, "dgamma": layer.dgamma, "dbeta": layer.dbeta}


def _forward(module, x):
    return module.LayerNorm(8).forward(x)


def _shape_probe(shape):
    return validation(f"LayerNorm(8).forward(x of shape {shape})",
                      lambda module: module.LayerNorm(8).forward(np.random.default_rng(0).normal(size=shape)),
                      because="The statement asks for a ValueError whenever the last axis is not dim; NumPy's own "
                              "broadcasting rejects some wrong shapes but lets a last axis of 1 through.")


globals().update(declare(
    input_not_mutated("LayerNorm(8).forward(x)", _forward, _x),
    input_not_mutated("forward(x) then backward(dout)", lambda m, x, dout: _gradients(m.LayerNorm(8), x, dout),
                      _x_dout),
    repeated_calls("forward(x) then backward(dout) on one LayerNorm(8)", lambda m: m.LayerNorm(8), _gradients,
                   _x_dout),
    *constructor_arguments("LayerNorm(8).forward(x)", lambda m, **kw: m.LayerNorm(8, **kw),
                           lambda layer, x: layer.forward(x), _x, {"eps": 0.1}),
    dtype_kept("LayerNorm(8).forward(x)", _forward, _x),
    *(_shape_probe(shape) for shape in [(4, 1), (2, 3, 1), (8, 5), (5,)]),
    opt_out={"inputs as given": "x is the only input and every shape the statement allows is tried above",
             "extremes": "the statement promises nothing beyond eps for constant rows, which the rows check covers",
             "weights distinct": "gamma and beta start at ones and zeros as the statement says; they are not drawn"},
))
