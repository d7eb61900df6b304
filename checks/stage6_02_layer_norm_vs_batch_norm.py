"""Checks for 6.2: BatchNorm in training mode, LayerNorm's parameters, and why transformers use LayerNorm."""

import numpy as np
import pytest

from exercises.stage6_02_layer_norm_vs_batch_norm.questions import CHOICES
from kata.testing import check, choice_check, expect_close, expect_function, expect_same, known, points

SHAPES = [(8, 5), (3, 16), (2, 6, 4), (4, 3, 8)]
# sum / n with E[x^2] - E[x]^2 and torch's batch_norm differ from the reference by 2e-15; the smallest declared
# mistake (eps outside the sqrt) by 4e-5.
ATOL = 1e-10


@points(3)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_batchnorm_matches_reference(solution, reference, shape, rng):
    """batchnorm_forward matches the reference (training mode, random gamma and beta)"""
    x = rng.normal(1.5, 2.0, size=shape)
    gamma, beta = rng.normal(size=(2, shape[-1]))
    expect_same(lambda module: module.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), 1e-5),
                solution, reference, atol=ATOL, what=f"batchnorm_forward(x of shape {shape})")


@points(2)
@pytest.mark.parametrize("shape", [(1, 5, 4), (1, 12, 8)], ids=str)
def test_one_sequence_is_normalised_over_its_positions(solution, reference, shape, rng):
    """one sequence (N = 1, T > 1) is normalised over its T positions, so a later token changes earlier outputs"""
    x = rng.normal(0.5, 1.5, size=shape)
    gamma, beta = rng.normal(size=(2, shape[-1]))
    expect_same(lambda module: module.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), 1e-5),
                solution, reference, atol=ATOL, what=f"batchnorm_forward(one sequence of shape {shape})")
    later = x.copy()
    later[:, -1] += 3.0  # change only the last position
    first = solution.batchnorm_forward(x.copy(), gamma, beta, 1e-5)[:, 0]
    moved = solution.batchnorm_forward(later, gamma, beta, 1e-5)[:, 0]
    check(np.abs(first - moved).max() > 1e-3,
          "changing the last token of the sequence left the first position's output unchanged; BatchNorm's "
          "statistics over (N, T) include every position of the sequence, future ones too")


@points(1)
@pytest.mark.parametrize("shape", [(1, 6), (1, 1, 9)], ids=str)
def test_a_single_token_outputs_beta(solution, shape, rng):
    """with a batch of one token (N x T = 1), BatchNorm outputs exactly beta"""
    x = rng.normal(size=shape)
    gamma, beta = rng.normal(size=(2, shape[-1]))
    y = solution.batchnorm_forward(x, gamma, beta, 1e-5)
    # one token: x - mean is exactly 0 in every order measured, so the output is beta bit for bit (the engine's floor
    # still allows 1e-9 relative); the feature axis is off by 1.1, ddof=1 gives NaN
    expect_close(y, np.broadcast_to(beta, shape), atol=0.0,
                 what=f"batchnorm_forward(a single token, shape {shape}), which should be beta everywhere")


@points(1)
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
