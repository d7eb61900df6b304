"""Checks for lab00.1: LayerNorm with shape validation, and the learner's property tests graded by mutation."""

import pytest

from kata.testing import (constructor_arguments, declare, expect_raises, expect_same, input_not_mutated, known,
                          mutation_checks, points)
from reference.lab00_1_layer_norm import MUTANTS

# Measured on SHAPES: LN with the variance as E[x^2] - E[x]^2 (einsum) differs from the reference by 1.8e-15; the
# smallest mistake (ddof=1) by 0.15: atol 1e-10, rtol 1e-9.
SHAPES = [(4, 8), (2, 3, 16), (1, 5), (6, 6)]


def _rows(rng, shape):
    """Rows of very different scales: a tiny variance is where eps shows."""
    scale = 10.0 ** rng.uniform(-2.5, 1.0, size=(*shape[:-1], 1))
    return rng.normal(rng.normal(size=(*shape[:-1], 1)), 1.0, size=shape) * scale


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_matches_reference(solution, reference, shape, rng):
    """LayerNorm(x) matches the reference (random gamma and beta, rows of many scales)"""
    x = _rows(rng, shape)
    params = rng.normal(size=(2, shape[-1]))

    def run(module):
        layer = module.LayerNorm(shape[-1])
        layer.gamma, layer.beta = params[0].copy(), params[1].copy()
        return layer(x.copy())

    expect_same(run, solution, reference, atol=1e-10, rtol=1e-9, what=f"LayerNorm(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("shape", SHAPES[:2], ids=str)
def test_default_parameters(solution, reference, shape, rng):
    """a fresh LayerNorm(d_model) (gamma ones, beta zeros, eps 1e-5) matches the reference"""
    x = _rows(rng, shape)
    expect_same(lambda module: module.LayerNorm(shape[-1])(x.copy()), solution, reference, atol=1e-10, rtol=1e-9,
                what=f"a fresh LayerNorm({shape[-1]}) on x of shape {shape}")


@points(1)
@pytest.mark.parametrize("shape", [(8, 5), (4, 1), (2, 3, 7)], ids=str)
def test_wrong_last_axis_raises(solution, reference, shape, rng):
    """a last axis other than d_model raises ValueError (a length-1 axis included)"""
    layer = solution.LayerNorm(8)
    expect_raises(ValueError, lambda: layer(rng.normal(size=shape)), f"LayerNorm(8)(x of shape {shape})",
                  explain=known(reference, "no shape validation"))


test_your_tests_pass, test_your_tests_catch_mutants = mutation_checks(MUTANTS, ("LayerNorm",), 7)


def _x(rng):
    return {"x": _rows(rng, (3, 5, 8))}


globals().update(declare(
    input_not_mutated("LayerNorm(8)(x)", lambda m, x: m.LayerNorm(8)(x), _x),
    *constructor_arguments("LayerNorm(8)(x)", lambda m, **kw: m.LayerNorm(8, **kw), lambda layer, x: layer(x), _x,
                           {"eps": 0.1}),
    opt_out={"repeated calls": "__call__ keeps no state: it only reads gamma, beta and eps",
             "inputs as given": "x is the only input; 2-D and 3-D shapes are tried above",
             "types as stated": "the statement asks for float64 in, float64 out, which every check uses",
             "validation as stated": "test_wrong_last_axis_raises tries three wrong shapes, a length-1 axis included",
             "extremes": "rows with a tiny variance (where eps matters) are in every input",
             "weights distinct": "gamma and beta start at ones and zeros as the statement says"},
))
