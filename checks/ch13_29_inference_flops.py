"""Checks for 13.29: one token's forward flops, exact, grounded in a model's weight count, and about 2N."""

from types import SimpleNamespace

import numpy as np
import pytest

from exercises.ch13_29_inference_flops.questions import CHOICES
from kata import parts
from kata.testing import CheckFailure, check, choice_check, diagnose, expect_function, known, mismatch, points

GPT2_SMALL = {"d_model": 768, "n_layers": 12, "n_heads": 12, "d_ff": 3072, "vocab": 50257}


def _config(d_model, n_layers, n_heads, d_ff, vocab):
    return {"d_model": d_model, "n_layers": n_layers, "n_heads": n_heads, "d_ff": d_ff, "vocab": vocab}


@points(4)
@pytest.mark.parametrize("config, n_ctx", [
    pytest.param(GPT2_SMALL, 1024, id="GPT-2 small"), pytest.param(_config(64, 2, 4, 256, 1000), 1, id="tiny"),
    pytest.param(_config(512, 6, 8, 1000, 32000), 300, id="d_ff=1000"),
    pytest.param(_config(4096, 32, 32, 11008, 32000), 2048, id="7B-like"),
    pytest.param(_config(96, 1, 3, 200, 17), 50, id="one layer")])
def test_matches_reference(solution, reference, config, n_ctx):
    """matches the reference exactly on several models, GPT-2 small among them"""
    # integer counts: exact in any order, so no tolerance
    expect_function(solution, reference, "forward_flops_per_token", config, n_ctx, atol=0, rtol=0)


class _ShapesOnly:
    """Stands in for a Generator: weights of the right shape that take no memory (a broadcast zero)."""

    def normal(self, loc=0.0, scale=1.0, size=None):
        return np.broadcast_to(np.float64(loc), size)


def _matmul_weights(config):
    """N: the weights of an instantiated decoder-only model that multiply the token (no embedding, biases, norms)."""
    d, rng = config["d_model"], _ShapesOnly()
    model = SimpleNamespace(
        embedding=parts.Embedding(config["vocab"], d, rng),
        blocks=[parts.TransformerBlock(d, config["n_heads"], config["d_ff"], rng) for _ in range(config["n_layers"])],
        unembedding=parts.Linear(d, config["vocab"], rng))
    layers = [part for block in model.blocks for part in (block.attention, block.ffn)] + [model.unembedding]
    return sum(a.size for part in layers for a in vars(part).values() if isinstance(a, np.ndarray) and a.ndim == 2)


def _split_by_context(module, config, n_ctx):
    """The count as (what one more context position adds, what does not grow with the context)."""
    flops = module.forward_flops_per_token
    slope = flops(config, n_ctx + 1) - flops(config, n_ctx)
    return {"per extra context position": slope, "context-free part (2N)": flops(config, n_ctx) - n_ctx * slope}


@points(2)
@pytest.mark.parametrize("config", [_config(16, 1, 2, 64, 50), _config(48, 3, 4, 100, 97), GPT2_SMALL],
                         ids=["d=16", "d=48, d_ff=100", "GPT-2 small"])
def test_grounded_in_an_instantiated_model(solution, reference, config):
    """the context-free part is exactly 2N of an instantiated model; each position adds its attention work"""
    N = _matmul_weights(config)
    want = {"per extra context position": 4 * config["n_layers"] * config["d_model"], "context-free part (2N)": 2 * N}
    run = lambda module: _split_by_context(module, config, 37)  # noqa: E731
    actual = run(solution)
    problem = mismatch(actual, want, atol=0, what="your count", check_dtype=False)
    if problem:
        named = diagnose(run, actual, reference, atol=0)
        raise CheckFailure(f"{problem}. The model built from kata.parts has N = {N} weights in its matrices; "
                           "without the context each is one multiply-add, 2N flops, and each context position "
                           "adds a q.k dot product and a value mix in every layer."
                           + (f"\n{named}" if named else ""))


@points(2)
def test_ratio_to_2n_tends_to_one(solution, reference):
    """over a sweep of widths, flops / 2N is above 1, falls, and ends within 1%"""
    widths = [64, 128, 256, 512, 1024, 2048, 4096]
    configs = [_config(d, 2, 8, 4 * d, 1000) for d in widths]
    ratios = [solution.forward_flops_per_token(c, 128) / (2 * _matmul_weights(c)) for c in configs]
    shown = ", ".join(f"d={d}: {r:.4f}" for d, r in zip(widths, ratios))
    hint = ""
    if max(ratios) < 0.6:
        hint = f"\n{known(reference, '1 flop per multiply-add')}"
    elif all(r == 1 for r in ratios):
        hint = f"\n{known(reference, 'attention-score flops forgotten')}"
    falling = all(b < a for a, b in zip(ratios, ratios[1:]))
    check(min(ratios) > 1 and falling and ratios[-1] < 1.01,
          f"flops / 2N with n_layers=2, d_ff=4d, vocab=1000, n_ctx=128: {shown}. It should stay above 1 (attention "
          f"adds work no weight accounts for), fall at every step and end below 1.01.{hint}")


test_choices = choice_check(CHOICES)
