"""Checks for 13.17: param_count(V, d, L) within 5% of a model that is built and counted."""

import numbers

import pytest

from kata.parts import Embedding, LayerNorm, Linear, TransformerBlock, count_parameters
from kata.testing import CheckFailure, check, diagnose, points

BUILT = [(5000, 64, 2, 4), (100, 128, 4, 8), (1000, 96, 3, 3), (8000, 128, 6, 4), (256, 32, 1, 2)]
TOO_BIG_TO_BUILD = [(32000, 4096, 32), (50257, 768, 12), (128256, 8192, 80), (32000, 5120, 40)]


class _GPT:
    """The statement's model, from the framework's parts: embedding, L pre-norm blocks, final norm, untied head."""

    def __init__(self, V, d, L, n_heads, rng):
        self.embedding = Embedding(V, d, rng)
        self.blocks = [TransformerBlock(d, n_heads, 4 * d, rng) for _ in range(L)]
        self.norm = LayerNorm(d)
        self.head = Linear(d, V, rng)


def _expect_within_5_percent(solution, reference, V, d, L, want, source):
    """The learner's count is within 5% of ``want`` (what ``source`` holds); a matching known mistake is named."""
    got = solution.param_count(V, d, L)
    check(isinstance(got, numbers.Real) and not isinstance(got, bool),
          f"param_count({V}, {d}, {L}) returned {got!r}; it should return a number")
    # 5% separates an estimate from a mistake: the textbook 2 V d + 12 L d^2 (no LayerNorm, no biases) is off by at
    # most 2.5% on these sizes; each declared mistake by at least 44% on one of them (tied head, exact count).
    off = abs(got - want) / want
    if off > 0.05:
        named = diagnose(lambda module: module.param_count(V, d, L), got, reference, atol=0.0, rtol=1e-6)
        raise CheckFailure(f"param_count({V}, {d}, {L}) = {got:,.0f}, but {source} {want:,} parameters: "
                           f"{off:.1%} off, more than the 5% allowed." + (f"\n{named}" if named else ""))


@points(3)
@pytest.mark.parametrize("V, d, L, n_heads", BUILT, ids=str)
def test_matches_built_model(solution, reference, V, d, L, n_heads, rng):
    """param_count is within 5% of the parameters of the model built from the framework's parts"""
    model = _GPT(V, d, L, n_heads, rng)
    _expect_within_5_percent(solution, reference, V, d, L, count_parameters(model), "the model built with these sizes holds")


@points(2)
@pytest.mark.parametrize("V, d, L", TOO_BIG_TO_BUILD, ids=str)
def test_large_models(solution, reference, V, d, L):
    """param_count is within 5% of the exact count for models too big to build, the book's included"""
    _expect_within_5_percent(solution, reference, V, d, L, reference.param_count(V, d, L),
                             "the statement's model (too big to build here) has exactly")
