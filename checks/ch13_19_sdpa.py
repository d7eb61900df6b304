"""Checks for 13.19: scaled_dot_product_attention against the reference and torch's own, with gradients."""

import ast
import inspect
import textwrap
import types

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from kata.testing import check, declare, expect_close, expect_same, extremes, input_not_mutated, points
from kata.torch_testing import forward_and_grads

MAX_LINES = 10
TORCH = "torch.nn.functional.scaled_dot_product_attention"
# (leading axes, L queries, S keys, d_k, d_v): 3-D (batch, L, d) and 4-D (batch, heads, L, d)
SHAPES = [((2,), 5, 5, 8, 8), ((3,), 4, 7, 6, 5), ((2, 3), 6, 6, 8, 8), ((1, 2), 3, 9, 4, 7)]
SQUARE = [s for s in SHAPES if s[1] == s[2]] + [((2, 2), 7, 7, 5, 3)]


def _qkv(rng, lead, L, S, dk, dv):
    return {"q": rng.normal(size=(*lead, L, dk)), "k": rng.normal(size=(*lead, S, dk)),
            "v": rng.normal(size=(*lead, S, dv))}


def _allowed(rng, shape):
    """Random booleans (True = may attend) with at least one True and one False in every row."""
    allowed = rng.random(shape) < 0.6
    rows = np.indices(shape[:-1])
    allowed[(*rows, rng.integers(shape[-1], size=shape[:-1]))] = True
    hidden = rng.integers(shape[-1], size=shape[:-1])
    allowed[(*rows, hidden)] = False
    allowed[(*rows, (hidden + 1) % shape[-1])] = True
    return allowed


def _mask_shape(lead, L, S, broadcast):
    return (L, S) if broadcast else (*lead[:-1], 1, L, S) if len(lead) > 1 else (*lead, L, S)


def _inputs(rng, shape, kind, broadcast=False):
    """q, k, v and, for kind "bool" / "additive", a mask (broadcast over the leading axes when asked)."""
    lead, L, S, dk, dv = shape
    inputs = _qkv(rng, lead, L, S, dk, dv)
    if kind in ("bool", "additive"):
        allowed = _allowed(rng, _mask_shape(lead, L, S, broadcast))
        if kind == "bool":
            inputs["mask"] = allowed
        else:
            inputs["mask"] = np.where(allowed, 2.0 * rng.normal(size=allowed.shape), -np.inf)
    return inputs


def _run(inputs, is_causal=False, dtype=torch.float64, upstream=None):
    """run(module): the module's attention on these inputs (and its gradients when upstream is a seed)."""

    def run(module):
        fn = module.scaled_dot_product_attention
        call = lambda q, k, v, mask=None: fn(q, k, v, mask=mask, is_causal=is_causal)  # noqa: E731
        if upstream is None:
            return forward_and_grads(call, inputs, grads=(), dtype=dtype)["out"]
        return forward_and_grads(call, inputs, grads=("q", "k", "v"), upstream=upstream, dtype=dtype)

    return run


def _torch_sdpa(q, k, v, mask=None, is_causal=False):
    return F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=is_causal)


TORCH_AS_MODULE = types.SimpleNamespace(scaled_dot_product_attention=_torch_sdpa)


# Float64: valid orders (einsum, q scaled first, log-sum-exp, a softmax over sum + 1e-10, -1e9 for -inf, torch's own)
# differ from the reference by <= 3e-10 absolute and 1e-10 relative, a tenth of what ATOL and the engine's floor of
# 1e-9 relative allow; the smallest declared mistake that shows in float64 (scaled by d_k) moves the output by 1.0.
ATOL = 1e-10
# Gradients: the same orders differ by <= 4e-10 (a tenth of the allowance); the smallest mistake moves them by 0.07.
GRAD_ATOL = 1e-9
# Float32 scores of order one: valid orders differ by <= 4e-7 absolute (a hundredth of the allowance); the smallest
# mistake moves the output by 1.0.
F32_ATOL, F32_RTOL = 1e-5, 1e-4
# Float32 scores near 100 carry 100 * 2^-24 = 6e-6 of round-off into each weight: over 300 draws, scaling q and k by
# d^(-1/4) before the product (as torch's own kernel does) moved the output by 1.3 times F32_ATOL + F32_RTOL |out|.
# Ten times that allowance leaves a factor of 8 to round-off; the smallest mistake there (scaled by d_k) still
# exceeds it 67 times, and a softmax without the max shift gives NaN.
EXTREME_ATOL, EXTREME_RTOL = 1e-4, 1e-3


def _both(solution, reference, run, what, atol=ATOL, rtol=0.0):
    """Equal to the reference (known mistakes named) and to torch's own function."""
    mine = expect_same(run, solution, reference, atol=atol, rtol=rtol, what=what)
    expect_close(mine, run(TORCH_AS_MODULE), atol=atol, rtol=rtol, what=what, against=TORCH)
    return mine


def _label(shape):
    lead, L, S, dk, dv = shape
    return f"q {(*lead, L, dk)}, k {(*lead, S, dk)}, v {(*lead, S, dv)}"


@points(2)
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_no_mask(solution, reference, shape, rng):
    """without a mask: matches the reference and torch on 3-D and 4-D shapes (float64)"""
    _both(solution, reference, _run(_inputs(rng, shape, None)), f"attention({_label(shape)})")


@points(2)
@pytest.mark.parametrize("broadcast", [False, True], ids=["full mask", "(L, S) mask broadcast"])
@pytest.mark.parametrize("shape", SHAPES[1:3], ids=str)
def test_boolean_mask(solution, reference, shape, broadcast, rng):
    """a boolean mask (True = may attend) matches the reference and torch"""
    inputs = _inputs(rng, shape, "bool", broadcast)
    _both(solution, reference, _run(inputs),
          f"attention({_label(shape)}, boolean mask of shape {inputs['mask'].shape}, True = may attend)")


@points(1)
@pytest.mark.parametrize("broadcast", [False, True], ids=["full mask", "(L, S) mask broadcast"])
@pytest.mark.parametrize("shape", SHAPES[1:3], ids=str)
def test_additive_mask(solution, reference, shape, broadcast, rng):
    """an additive float mask (random values and -inf) matches the reference and torch"""
    inputs = _inputs(rng, shape, "additive", broadcast)
    _both(solution, reference, _run(inputs),
          f"attention({_label(shape)}, float mask of shape {inputs['mask'].shape} added to the scores)")


@points(2)
@pytest.mark.parametrize("shape", SQUARE, ids=str)
def test_is_causal(solution, reference, shape, rng):
    """is_causal=True matches the reference and torch"""
    _both(solution, reference, _run(_inputs(rng, shape, None), is_causal=True),
          f"attention({_label(shape)}, is_causal=True)")


@points(1)
@pytest.mark.parametrize("kind", [None, "bool", "additive", "causal"], ids=str)
def test_float32(solution, reference, kind, rng):
    """float32 inputs give float32 outputs that match torch (to float32 tolerance)"""
    shape = SHAPES[2]
    inputs = _inputs(rng, shape, None if kind == "causal" else kind)
    run = _run(inputs, is_causal=kind == "causal", dtype=torch.float32)
    what = f"attention(float32 {_label(shape)}, {kind or 'no'} mask)"
    out = _both(solution, reference, run, what, atol=F32_ATOL, rtol=F32_RTOL)
    check(out.dtype == torch.float32, f"{what} returned dtype {out.dtype}; keep the input's float32")


@points(2)
@pytest.mark.parametrize("kind", [None, "bool", "additive", "causal"], ids=str)
def test_gradients(solution, reference, kind, rng):
    """gradients w.r.t. q, k and v match the reference and torch (float64, random upstream gradient)"""
    shape = SHAPES[1] if kind != "causal" else SQUARE[1]
    inputs = _inputs(rng, shape, None if kind == "causal" else kind, broadcast=kind == "bool")
    run = _run(inputs, is_causal=kind == "causal", upstream=int(rng.integers(2**31)))
    _both(solution, reference, run, f"the output and the gradients of q, k, v ({_label(shape)}, {kind or 'no'} mask)",
          atol=GRAD_ATOL)


def _body_lines(fn):
    """(number of code lines in fn's body, docstring, blanks and comments excluded; the body's AST nodes)."""
    source = textwrap.dedent(inspect.getsource(fn))
    tree = ast.parse(source).body[0]
    check(isinstance(tree, ast.FunctionDef), "scaled_dot_product_attention should be written with `def`")
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    lines = source.splitlines()
    numbers = {n for stmt in body for n in range(stmt.lineno, stmt.end_lineno + 1)
               if lines[n - 1].strip() and not lines[n - 1].strip().startswith("#")}
    return len(numbers), [node for stmt in body for node in ast.walk(stmt)]


class _Watch(torch.overrides.TorchFunctionMode):
    """Sees every torch function called while it is active, however it was reached (a helper, an alias)."""

    def __init__(self):
        super().__init__()
        self.called = False

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.called |= "scaled_dot_product_attention" in getattr(func, "__name__", "")
        return func(*args, **(kwargs or {}))


def _reaches_torch_attention(fn):
    """Whether a call of fn runs torch's scaled_dot_product_attention anywhere below it."""
    q = torch.randn(2, 4, 8, dtype=torch.float64)
    with _Watch() as watch:
        try:
            fn(q, q.clone(), q.clone())
        except Exception:  # a broken function is graded by the other checks
            pass
    return watch.called


@points(1)
def test_at_most_ten_lines(solution):
    """the body has at most 10 lines of code and does not call torch's own attention"""
    fn = solution.scaled_dot_product_attention
    try:
        count, nodes = _body_lines(fn)
    except (TypeError, OSError, SyntaxError, IndexError):
        check(False, "scaled_dot_product_attention is not a Python function written in your file (is it torch's "
              "own function under another name?); write it yourself with `def`")
    seen = inspect.getclosurevars(fn)
    values = [*seen.nonlocals.values(), *seen.globals.values()]
    calls_torch = any(isinstance(n, ast.Attribute) and n.attr == "scaled_dot_product_attention" for n in nodes) \
        or any(value is F.scaled_dot_product_attention for value in values)
    calls_torch = calls_torch or _reaches_torch_attention(fn)
    check(not calls_torch,
          "your function (or a helper it calls) calls torch's scaled_dot_product_attention; the exercise is to write "
          "it from matmuls, "
          "a mask and a softmax (torch's is only the yardstick)")
    check(count <= MAX_LINES, f"the body of your scaled_dot_product_attention has {count} lines of code (blank lines, "
          f"comments and the docstring not counted); the exercise asks for at most {MAX_LINES}")


# ---- contracts ----------------------------------------------------------------------------------


def _near_100(rng):
    """float32 scores between about 97 and 103: exp overflows float32 above 88.7 unless the max is subtracted."""
    u = np.full(8, 5.95)
    q = torch.tensor(u + rng.normal(0.0, 0.02, size=(2, 5, 8)), dtype=torch.float32)
    k = torch.tensor(u + rng.normal(0.0, 0.02, size=(2, 6, 8)), dtype=torch.float32)
    return {"q": q, "k": k, "v": torch.tensor(rng.normal(size=(2, 6, 4)), dtype=torch.float32)}


def _plain(rng):
    return {name: torch.tensor(value) for name, value in _qkv(rng, (2,), 5, 6, 8, 4).items()}


def _attention(module, q, k, v):
    return module.scaled_dot_product_attention(q, k, v)


globals().update(declare(
    input_not_mutated("scaled_dot_product_attention(q, k, v)", _attention, _plain),
    extremes("scaled_dot_product_attention on float32 scores near 100", _attention, _near_100, atol=EXTREME_ATOL,
             rtol=EXTREME_RTOL,
             advice="In float32, exp overflows above about 88: subtract each row's maximum before exp "
                    "(torch.softmax does)."),
    opt_out={"repeated calls": "a function of its arguments alone, with no state",
             "constructor arguments": "a function, not a class",
             "inputs as given": "boolean, additive, full and broadcast masks are tried above",
             "types as stated": "test_float32 checks that float32 stays float32",
             "validation as stated": "the statement asks for no error",
             "weights distinct": "no weights"},
))
