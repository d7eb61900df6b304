"""Checks for 6.9: param_breakdown against models actually built from kata.parts, and large configurations."""

import numpy as np
import pytest

from kata.parts import Embedding, LayerNorm, Linear, TransformerBlock, count_parameters
from kata.testing import CheckFailure, check, diagnose, expect_function, mismatch, points

# (vocab, d_model, n_heads, n_layers, d_ff, max_len, tied)
SMALL = [(50, 16, 4, 2, 64, 32, True), (97, 24, 3, 3, 40, 10, False), (10, 8, 1, 1, 8, 4, False),
         (300, 32, 8, 4, 128, 64, True)]
LARGE = [(50_000, 768, 12, 12, 3072, 1024, True), (50_000, 768, 12, 12, 3072, 1024, False),
         (50_257, 1024, 16, 24, 4096, 1024, True), (32_000, 4096, 32, 32, 11008, 2048, False)]


def _counted_breakdown(vocab, d_model, n_heads, n_layers, d_ff, max_len, tied):
    """Build the model of the statement from kata.parts and count its arrays, part by part."""
    rng = np.random.default_rng(0)
    embed, pos_embed = Embedding(vocab, d_model, rng), Embedding(max_len, d_model, rng)
    layers = [TransformerBlock(d_model, n_heads, d_ff, rng) for _ in range(n_layers)]
    final_norm = LayerNorm(d_model)
    head = None if tied else Linear(d_model, vocab, rng)  # tied: logits = h @ embed.weight.T
    parts = {
        "embedding": count_parameters([embed, pos_embed]),
        "attention": count_parameters(layers[0].attention),
        "ffn": count_parameters(layers[0].ffn),
        "norms": count_parameters([[block.norm1, block.norm2] for block in layers]) + count_parameters(final_norm),
        "head": count_parameters(head),
    }
    parts["total"] = count_parameters([embed, pos_embed, layers, final_norm, head])
    return parts


@points(4)
@pytest.mark.parametrize("config", SMALL, ids=str)
def test_matches_an_instantiated_model(solution, reference, config):
    """every part matches the parameters of a model actually built from kata.parts"""
    *sizes, tied = config
    mine = solution.param_breakdown(*sizes, tied=tied)
    shown = f"param_breakdown({', '.join(map(str, sizes))}, tied={tied})"
    # integer counts: exact in any order, so no tolerance
    problem = mismatch(mine, _counted_breakdown(*config), atol=0.0, check_dtype=False, what=shown)
    if problem:
        named = diagnose(lambda module: module.param_breakdown(*sizes, tied=tied), mine, reference, atol=0.0)
        problem = f"counting the arrays of this model built from kata.parts: {problem}"
        raise CheckFailure(f"{problem}.\n{named}" if named else problem)


@points(4)
@pytest.mark.parametrize("config", SMALL + LARGE, ids=str)
def test_matches_reference(solution, reference, config):
    """param_breakdown matches the reference, the book's and GPT-2 medium's configurations included"""
    *sizes, tied = config
    expect_function(solution, reference, "param_breakdown", *sizes, tied=tied, rtol=0.0)


@points(1)
def test_gpt2_small(solution):
    """GPT-2 small (tied head) has 124,439,808 parameters"""
    total = solution.param_breakdown(50_257, 768, 12, 12, 3072, 1024, tied=True)["total"]
    check(total == 124_439_808, f"param_breakdown for GPT-2 small gives a total of {total:,}; the model "
          "OpenAI released has 124,439,808 parameters (the paper's 117M was a miscount)")
