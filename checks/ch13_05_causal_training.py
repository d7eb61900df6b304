"""Checks for 13.5: one masked pass equals token-by-token decoding."""

import numpy as np
import pytest

from exercises.ch13_05_causal_training.questions import CHOICES
from kata.testing import choice_check, expect_same, points

# (n tokens, d_model, d_k, d_v)
SHAPES = [(1, 4, 4, 4), (5, 8, 4, 6), (9, 16, 8, 8), (16, 12, 6, 3)]


def _inputs(rng, shape):
    n, d_model, d_k, d_v = shape
    scale = 1.5 / np.sqrt(d_model)
    return (rng.normal(size=(n, d_model)), rng.normal(scale=scale, size=(d_model, d_k)),
            rng.normal(scale=scale, size=(d_model, d_k)), rng.normal(scale=scale, size=(d_model, d_v)))


# Float64 outputs of valid orderings (einsum, log-sum-exp, a softmax over sum + 1e-10, torch's causal SDPA) differ
# from the reference by <= 1e-10 relative, 4e-10 absolute on these outputs (|out| <= ~5); the smallest declared
# mistake (the mask off by one) moves them by 0.9. ATOL is added to the engine's floor of 1e-9 relative.
ATOL = 1e-10
# masked_forward - incremental_forward is compared with zeros, where no relative floor helps: one of the two may divide
# by sum + 1e-10 and the other not, which leaves 1e-10 of |out| (measured 4e-10). Each function is allowed 1e-9 of
# |out| against the reference, so their difference may reach a few 1e-9; the off-by-one mask leaves 0.9.
DIFFERENCE_ATOL = 1e-8
# Changing later tokens leaves earlier outputs bit-for-bit equal in every valid ordering measured (the hidden weights
# are exactly 0, with -inf or -1e9); a mask off by one moves them by 0.9.
PREFIX_ATOL = 1e-12


def _describe(args):
    return ", ".join(f"{name} {a.shape}" for name, a in zip(("X", "Wq", "Wk", "Wv"), args))


@points(5)
@pytest.mark.parametrize("name", ["masked_forward", "incremental_forward"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_matches_reference(solution, reference, name, shape, rng):
    """masked_forward and incremental_forward match the reference"""
    args = _inputs(rng, shape)
    expect_same(lambda m: getattr(m, name)(*args), solution, reference, atol=ATOL,
                what=f"{name}({_describe(args)})")


@points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_one_pass_equals_token_by_token(solution, reference, shape, rng):
    """your masked_forward and incremental_forward agree to 1e-8"""
    args = _inputs(rng, shape)
    expect_same(lambda m: m.masked_forward(*args) - m.incremental_forward(*args), solution, reference,
                atol=DIFFERENCE_ATOL, what="masked_forward(X) - incremental_forward(X) (it should be all zeros)")


@points(1)
@pytest.mark.parametrize("shape", SHAPES[1:], ids=str)
def test_prefix_ignores_the_future(solution, reference, shape, rng):
    """changing tokens after t leaves the one-pass outputs up to t unchanged"""
    args = _inputs(rng, shape)
    t = shape[0] // 2
    changed = args[0].copy()
    changed[t + 1:] = rng.normal(size=changed[t + 1:].shape)

    def run(module):
        return module.masked_forward(changed, *args[1:])[: t + 1] - module.masked_forward(*args)[: t + 1]

    expect_same(run, solution, reference, atol=PREFIX_ATOL,
                what=f"the change of output rows 0..{t} when only tokens {t + 1}.. change (it should be all zeros)")


test_choices = choice_check(CHOICES)
