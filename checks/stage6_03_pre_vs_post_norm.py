"""Checks for 6.3: norm placement in famous models, pre/post-norm sublayers, gradients through depth."""

import numpy as np
import pytest

from exercises.stage6_03_pre_vs_post_norm.questions import CHOICES, PLACEMENTS
from kata.parts import LayerNorm
from kata.testing import CheckFailure, check, choice_check, diagnose, expect_close, expect_function, expect_same, points


@points(2)
def test_norm_placement(solution, reference):
    """NORM_PLACEMENT says "pre" or "post" rightly for every model"""
    mine = solution.NORM_PLACEMENT
    check(isinstance(mine, dict), f"NORM_PLACEMENT should be a dict from model name to \"pre\" or \"post\", "
          f"not {type(mine).__name__}")
    unset = [model for model in PLACEMENTS if str(mine.get(model)).strip().lower() not in ("pre", "post")]
    check(not unset, f"NORM_PLACEMENT should say \"pre\" or \"post\" for {', '.join(unset)}")
    wrong = [f"NORM_PLACEMENT[{model!r}] is {mine[model]!r}, it should be {right!r}: {why}"
             for model, (right, why) in PLACEMENTS.items() if str(mine[model]).strip().lower() != right]
    if wrong:
        named = diagnose(lambda module: module.NORM_PLACEMENT, mine, reference, atol=0.0)
        raise CheckFailure("\n".join(wrong + ([named] if named else [])))


def _sublayer(d, rng):
    """A random non-linear sublayer and a LayerNorm with random gamma and beta."""
    A, B, b = rng.normal(size=(d, 2 * d)) / np.sqrt(d), rng.normal(size=(2 * d, d)) / np.sqrt(d), rng.normal(size=d)
    ln = LayerNorm(d)
    ln.gamma, ln.beta = rng.normal(1.0, 0.3, size=d), rng.normal(size=d)
    return (lambda z: np.tanh(z @ A) @ B + b), ln


@points(3)
@pytest.mark.parametrize("name", ["pre_norm", "post_norm"])
@pytest.mark.parametrize("shape", [(5, 8), (2, 4, 6)], ids=str)
def test_sublayer_matches_reference(solution, reference, name, shape, rng):
    """pre_norm and post_norm match the reference"""
    x = rng.normal(0.5, 2.0, size=shape)
    f, ln = _sublayer(shape[-1], rng)
    # f and ln are given, so other orders of the sum are bit-identical (0 measured); the smallest mistake moves 4.9
    expect_same(lambda module: getattr(module, name)(x.copy(), f, ln), solution, reference, atol=1e-10,
                what=f"{name}(x of shape {shape}, f, ln)")


@points(1)
def test_zero_sublayer(solution, rng):
    """with f = 0, pre-norm is the identity and post-norm is ln(x)"""
    x = rng.normal(size=(3, 7))
    _, ln = _sublayer(7, rng)
    zero = np.zeros_like
    # x + 0 and ln(x + 0) are exact (0 measured)
    expect_close(solution.pre_norm(x, zero, ln), x, atol=1e-12,
                 what="pre_norm(x, f=0, ln), which should pass x through untouched,")
    expect_close(solution.post_norm(x, zero, ln), ln(x), atol=1e-12,
                 what="post_norm(x, f=0, ln), which should be ln(x),")


@points(3)
@pytest.mark.parametrize("placement", ["pre", "post"])
@pytest.mark.parametrize("depth, seed, width", [(1, 4, 32), (6, 0, 16), (24, 3, 32)])
def test_grad_norm_by_layer_matches_reference(solution, reference, placement, depth, seed, width):
    """grad_norm_by_layer matches the reference for both placements"""
    # torch autograd through the stack differs by 1e-15 relative; the smallest mistake (one layer late) by 1.1
    expect_function(solution, reference, "grad_norm_by_layer", depth, placement, seed, width=width, rtol=1e-6)


@points(2)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_post_norm_early_gradients_shrink(solution, seed):
    """in a 24-layer stack, post-norm's first-layer gradient shrinks; pre-norm's does not"""
    pre = np.asarray(solution.grad_norm_by_layer(24, "pre", seed), dtype=float)
    post = np.asarray(solution.grad_norm_by_layer(24, "post", seed), dtype=float)
    check(pre.shape == post.shape == (24,), f"grad_norm_by_layer(24, ...) should have shape (24,), "
          f"got {pre.shape} and {post.shape}")
    # seeds 0-7 measured: post[0] / post[-1] in 0.002-0.026, pre[0] / pre[-1] in 1.7-5.3; a swap inverts them
    check(post[0] < 0.1 * post[-1], f"seed {seed}: post-norm's first-layer gradient {post[0]:.3g} should be "
          f"below a tenth of its last layer's {post[-1]:.3g}")
    check(pre[0] >= 0.5 * pre[-1], f"seed {seed}: pre-norm's first-layer gradient {pre[0]:.3g} should be at "
          f"least half of its last layer's {pre[-1]:.3g}")


test_choices = choice_check(CHOICES)
