"""Torch helpers for the check modules of torch exercises (this module imports torch; kata.testing does not).

A torch check compares the learner's output AND the gradients of every input and parameter with the
reference, in float64, for one random upstream gradient. The arrays are drawn from the check's NumPy
``rng`` and become fresh leaf tensors on every call, so the learner, the reference and each known mistake
see the same values and none sees another's gradients:

    q, k, v = (rng.normal(size=(2, 5, 8)) for _ in range(3))
    expect_same(lambda m: forward_and_grads(m.scaled_dot_product_attention, {"q": q, "k": k, "v": v}),
                solution, reference, atol=1e-10, what="attention and its gradients")

Modules share weights through :func:`random_state` (drawn once) and :func:`load_state` (into each
module, with a learner-readable message when names or shapes differ from the reference's).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

import numpy as np
import torch

from kata.checking.compare import CheckFailure

__all__ = ["as_tensor", "forward_and_grads", "random_state", "load_state", "parameter_shapes"]


def as_tensor(array: Any, dtype: torch.dtype = torch.float64, requires_grad: bool = False) -> torch.Tensor:
    """A fresh tensor from a NumPy array: floats get ``dtype`` (and may be leaves), booleans stay boolean."""
    array = np.asarray(array)
    if array.dtype.kind == "b":
        return torch.from_numpy(array.copy())
    if array.dtype.kind in "iu":
        return torch.from_numpy(array.copy()).long()
    tensor = torch.tensor(array, dtype=dtype)
    return tensor.requires_grad_(requires_grad)


def forward_and_grads(fn: Callable[..., Any], inputs: Mapping[str, Any], *, module: torch.nn.Module | None = None,
                      grads: Iterable[str] | None = None, upstream: Any = 0,
                      dtype: torch.dtype = torch.float64) -> dict[str, Any]:
    """Run ``fn(**tensors)`` and backpropagate a random upstream gradient; return everything to compare.

    ``inputs`` maps argument names to NumPy arrays (or plain values such as ``True`` or ``None``, passed
    as they are). The float arrays named in ``grads`` (default: every float array) become leaf tensors
    that require gradients. ``module``'s parameters are collected too. ``upstream`` is the gradient of
    the loss w.r.t. the output: an array, or an int seeding a standard normal draw of the output's shape
    (the same seed gives the learner and the reference the same upstream gradient).

    The result is ``{"out": output, "grad_<input>": ..., "grad_<parameter name>": ...}``; an input or
    parameter the output does not depend on gets a zero gradient (that is its true gradient). With
    ``grads=()`` and no module, nothing is backpropagated and the result holds ``"out"`` only.
    """
    floats = [name for name, value in inputs.items() if isinstance(value, np.ndarray) and value.dtype.kind == "f"]
    wanted = floats if grads is None else list(grads)
    tensors = {name: as_tensor(value, dtype, requires_grad=name in wanted) if isinstance(value, np.ndarray) else value
               for name, value in inputs.items()}
    if module is not None:
        module.zero_grad(set_to_none=True)
    out = fn(**tensors)
    if not isinstance(out, torch.Tensor):
        raise CheckFailure(f"the output should be a torch.Tensor, but it is {type(out).__name__}"
                           + (" (did you forget a `return`?)" if out is None else ""))
    if isinstance(upstream, (int, np.integer)):
        upstream = np.random.default_rng(int(upstream)).normal(size=tuple(out.shape))
    result: dict[str, Any] = {"out": out.detach()}
    sources = [(f"grad_{name}", tensors[name]) for name in wanted]
    if module is not None:
        sources += [(f"grad_{name}", p) for name, p in module.named_parameters()]
    if not sources:
        return result  # nothing asks for a gradient: a forward-only comparison
    if out.requires_grad:
        # <out, upstream> has exactly ``upstream`` as its gradient with respect to out. out.backward(upstream)
        # gives the same numbers but imports torch's symbolic-shapes stack (sympy, 0.8 s) on first use.
        (out * torch.as_tensor(np.asarray(upstream), dtype=out.dtype).reshape(out.shape)).sum().backward()
    elif out.is_floating_point():
        raise CheckFailure("the output is not connected to the inputs by autograd, so no gradient can flow back: "
                           "did you call .detach(), .numpy(), .item() or work under torch.no_grad()?")
    for key, leaf in sources:
        result[key] = (leaf.grad if leaf.grad is not None else torch.zeros_like(leaf)).detach().clone()
    return result


def random_state(module: torch.nn.Module, rng: np.random.Generator, std: float = 0.3) -> dict[str, torch.Tensor]:
    """Float64 values for every parameter of ``module`` (usually a reference instance), drawn from ``rng``.

    Drawn in ``named_parameters`` order; biases are random too, so a bias that is never added shows.
    """
    return {name: torch.tensor(rng.normal(0.0, std, size=tuple(p.shape)), dtype=torch.float64)
            for name, p in module.named_parameters()}


def parameter_shapes(module: torch.nn.Module) -> dict[str, tuple[int, ...]]:
    return {name: tuple(p.shape) for name, p in module.named_parameters()}


def load_state(module: Any, state: Mapping[str, torch.Tensor], what: str = "your module") -> Any:
    """Convert ``module`` to float64 and give it exactly the parameters in ``state``; return it.

    Only parameters count (buffers such as a cached mask are the learner's business). A missing,
    extra or differently shaped parameter fails with the names and shapes the reference uses.
    """
    if not isinstance(module, torch.nn.Module):
        raise CheckFailure(f"{what} should be a torch.nn.Module, but it is {type(module).__name__}")
    module = module.to(torch.float64)
    mine = parameter_shapes(module)
    expected = {name: tuple(value.shape) for name, value in state.items()}
    missing = sorted(set(expected) - set(mine))
    extra = sorted(set(mine) - set(expected))
    wrong = [f"{name} is {mine[name]}, expected {expected[name]}" for name in expected
             if name in mine and mine[name] != expected[name]]
    problems = []
    if missing:
        problems.append(f"missing parameters {missing}")
    if extra:
        problems.append(f"parameters the reference does not have {extra}")
    if wrong:
        problems.append("shapes differ: " + "; ".join(wrong))
    if problems:
        shown = ", ".join(f"{name} {shape}" for name, shape in expected.items())
        raise CheckFailure(f"{what} cannot take the reference's weights: {'; '.join(problems)}. "
                           f"The reference's parameters are: {shown}")
    with torch.no_grad():
        parameters = dict(module.named_parameters())
        for name, value in state.items():
            parameters[name].copy_(value)
    return module
