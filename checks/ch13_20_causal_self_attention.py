"""Checks for 13.20: CausalSelfAttention, manual and SDPA paths, outputs and every gradient in float64."""

import numpy as np
import pytest
import torch
from torch.overrides import TorchFunctionMode

from kata.testing import check, declare, expect_close, expect_same, known, points, probe
from kata.torch_testing import as_tensor, forward_and_grads, load_state, random_state

# (B, T, n_embd, n_head)
CONFIGS = [(2, 5, 12, 3), (1, 7, 16, 4), (3, 4, 8, 2), (2, 6, 8, 1)]
# Measured on the checks' inputs (float64): the paths written the other way round (SDPA for the manual path, the
# SDPA path by hand with q and k each scaled by d^(-1/4)) move outputs and gradients by <= 7.1e-15, and the
# reference's two paths differ by 4.4e-15, against 0.69 for the smallest mistake (scale missing); hence 1e-10 for
# every comparison. Changing future tokens leaves earlier outputs bit-for-bit equal (mask missing: 2.1), so 1e-10.
PATHS = {False: "manual path (use_sdpa=False)", True: "SDPA path (use_sdpa=True)"}


def _case(reference, rng, config, bias=True):
    """An input, reference-shaped random weights (float64) and an upstream-gradient seed."""
    B, T, C, n_head = config
    state = random_state(reference.CausalSelfAttention(C, n_head, bias=bias), rng)
    return rng.normal(size=(B, T, C)), state, int(rng.integers(2**31))


def _layer(module, config, state, use_sdpa, bias=True):
    _, _, C, n_head = config
    layer = module.CausalSelfAttention(C, n_head, bias=bias, use_sdpa=use_sdpa)
    return load_state(layer, state, f"CausalSelfAttention({C}, {n_head}, bias={bias})")


def _run(config, x, state, seed, use_sdpa, bias=True):
    """run(module): output and the gradients of x and of every parameter, for one path."""

    def run(module):
        layer = _layer(module, config, state, use_sdpa, bias)
        return forward_and_grads(lambda x: layer(x), {"x": x}, module=layer, upstream=seed)

    return run


def _what(config, use_sdpa, bias=True):
    B, T, C, n_head = config
    tail = "" if bias else ", bias=False"
    return (f"the {PATHS[use_sdpa]} of CausalSelfAttention({C}, {n_head}{tail}) on x of shape {(B, T, C)}: "
            "output and gradients")


@points(3)
@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_manual_path(solution, reference, config, rng):
    """the manual path matches the reference: output, and the gradients of x and every parameter"""
    x, state, seed = _case(reference, rng, config)
    expect_same(_run(config, x, state, seed, False), solution, reference, atol=1e-10, what=_what(config, False))


@points(2)
@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_sdpa_path(solution, reference, config, rng):
    """the SDPA path matches the reference: output, and the gradients of x and every parameter"""
    x, state, seed = _case(reference, rng, config)
    expect_same(_run(config, x, state, seed, True), solution, reference, atol=1e-10, what=_what(config, True))


@points(1)
@pytest.mark.parametrize("config", CONFIGS[:3], ids=str)
def test_paths_agree(solution, reference, config, rng):
    """your two paths agree with each other (same weights): output and every gradient"""
    x, state, seed = _case(reference, rng, config)
    sdpa = _run(config, x, state, seed, True)(solution)
    manual = _run(config, x, state, seed, False)(solution)
    expect_close(manual, sdpa, atol=1e-10, what=_what(config, False), against="your SDPA path")


def _leak(solution, config, state, use_sdpa, x, changed, t):
    """The largest change at positions 0..t when only the positions after t changed."""
    layer = _layer(solution, config, state, use_sdpa)
    with torch.no_grad():
        before, after = layer(as_tensor(x)), layer(as_tensor(changed))
    return float((after[:, :t + 1] - before[:, :t + 1]).abs().max())


@points(1)
@pytest.mark.parametrize("use_sdpa", [False, True], ids=["manual", "sdpa"])
def test_no_peeking_at_the_future(solution, reference, use_sdpa, rng):
    """changing future tokens leaves earlier outputs unchanged (both paths)"""
    config, t = (2, 6, 12, 3), 2
    x, state, _ = _case(reference, rng, config)
    changed = x.copy()
    changed[:, t + 1:] = rng.normal(size=changed[:, t + 1:].shape)
    leak = _leak(solution, config, state, use_sdpa, x, changed, t)
    if leak <= 1e-10:
        return
    message = (f"with the {PATHS[use_sdpa]}, changing only the tokens after position {t} changed the outputs at "
               f"positions 0..{t} (by up to {leak:.3g}): a position attends to the future")
    if not use_sdpa and _leak(solution, config, state, True, x, changed, t) <= 1e-10:
        message += f".\n{known(reference, 'mask missing in the manual path')}"
    check(False, message)


@points(1)
@pytest.mark.parametrize("use_sdpa", [False, True], ids=["manual", "sdpa"])
def test_without_bias(solution, reference, use_sdpa, rng):
    """bias=False: no bias parameters, and both paths still match the reference"""
    config = (2, 5, 12, 3)
    x, state, seed = _case(reference, rng, config, bias=False)
    expect_same(_run(config, x, state, seed, use_sdpa, bias=False), solution, reference, atol=1e-10,
                what=_what(config, use_sdpa, bias=False))


# ---- contracts ----------------------------------------------------------------------------------


class _TorchCalls(TorchFunctionMode):
    """The names of the torch functions called inside the block, however the learner imported them."""

    def __init__(self):
        super().__init__()
        self.names = set()

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.names.add(getattr(func, "__name__", ""))
        return func(*args, **(kwargs or {}))


def _paths_call_sdpa(module, x):
    """[does the manual path call F.scaled_dot_product_attention, does the SDPA path]: 1.0 for yes."""
    called = []
    for use_sdpa in (False, True):
        layer = module.CausalSelfAttention(x.shape[-1], 2, use_sdpa=use_sdpa).double()
        with torch.no_grad(), _TorchCalls() as seen:
            layer(torch.from_numpy(x))
        called.append(float("scaled_dot_product_attention" in seen.names))
    return np.array(called)


# The two paths agree to round-off, so only what each one calls tells use_sdpa=True from use_sdpa=False.
globals().update(declare(
    probe("constructor arguments", "which path calls F.scaled_dot_product_attention ([manual, SDPA], 1 = calls it)",
          _paths_call_sdpa, lambda rng: {"x": rng.normal(size=(2, 5, 8))},
          "use_sdpa=True must call F.scaled_dot_product_attention(q, k, v, is_causal=True); use_sdpa=False must "
          "compute the scores, the causal mask and the softmax itself.", atol=0.0, rtol=0.0),
    opt_out={"input not mutated": "x goes through nn.Linear first; no in-place step is natural",
             "repeated calls": "a torch module: autograd computes the gradients afresh",
             "inputs as given": "x is the only input, tried in several shapes",
             "types as stated": "the statement states no dtype",
             "validation as stated": "the statement asks for no error",
             "extremes": "the statement names no extreme",
             "weights distinct": "the checks load every parameter by name; each gradient is compared"},
))
