"""Checks for 6.2: BatchNorm in training mode, LayerNorm's parameters, and why transformers use LayerNorm."""

import numpy as np
import pytest

from exercises.stage6_02_layer_norm_vs_batch_norm.questions import CHOICES
from kata.testing import check, choice_check, expect_close, expect_function, expect_same, known, points

SHAPES = [(8, 5), (3, 16), (2, 6, 4), (4, 3, 8)]


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_batchnorm_matches_reference(solution, reference, shape, rng):
    """batchnorm_forward matches the reference (training mode, random gamma and beta)"""
    x = rng.normal(1.5, 2.0, size=shape)
    gamma, beta = rng.normal(size=(2, shape[-1]))
    expect_same(lambda module: module.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), 1e-5),
                solution, reference, atol=1e-10, what=f"batchnorm_forward(x of shape {shape})")


@points(1)
@pytest.mark.parametrize("shape", [(1, 6), (1, 1, 9)], ids=str)
def test_batch_of_one_outputs_beta(solution, shape, rng):
    """with a batch of one example, BatchNorm outputs exactly beta"""
    x = rng.normal(size=shape)
    gamma, beta = rng.normal(size=(2, shape[-1]))
    y = solution.batchnorm_forward(x, gamma, beta, 1e-5)
    expect_close(y, np.broadcast_to(beta, shape), atol=0.0,
                 what=f"batchnorm_forward(a batch of one, shape {shape}), which should be beta everywhere")


@points(3)
@pytest.mark.parametrize("d", [4, 64, 768])
def test_layernorm_learnable_params(solution, reference, d):
    """layernorm_learnable_params(d) is {"gamma": d, "beta": d} and nothing else"""
    value = expect_function(solution, reference, "layernorm_learnable_params", d)
    extra = sorted(set(value) - {"gamma", "beta"})
    # dict comparisons ignore extra keys, so the mistake is found by exact equality
    same = [m.name for m in reference.MISTAKES if m.apply(reference).layernorm_learnable_params(d) == value]
    check(not extra, f"layernorm_learnable_params({d}) also lists {extra}, which LayerNorm does not learn"
          + (f".\n{known(reference, same[0])}" if same else ": only gamma and beta are learned parameters"))


test_choices = choice_check(CHOICES)
