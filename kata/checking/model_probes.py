"""Behavioural probes of a learner's transformer, found without the reference's attribute names or classes.

A project check may rely only on what its statement names. These probes find the parts of a model by what
they hold and do: the stack of blocks is the largest container of same-class modules, norms are modules
whose parameters are all vectors of the model width, the attention of a block is its child that mixes
positions, and the number of heads is measured from the attention's output (see :func:`measured_heads`).
So nanoGPT's names, a positional table held as an ``nn.Parameter`` and a home-made LayerNorm all work.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn


def logits_of(model: nn.Module, idx: torch.Tensor) -> torch.Tensor:
    """The model's output for ``idx``; models written nanoGPT-style return ``(logits, loss)``."""
    out = model(idx)
    return out[0] if isinstance(out, (tuple, list)) else out


def _first_tensor(value: Any) -> torch.Tensor | None:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)) and value and isinstance(value[0], torch.Tensor):
        return value[0]
    return None


@dataclass
class Call:
    """One call of a submodule during a traced forward pass."""

    module: nn.Module
    args: tuple
    kwargs: dict
    output: Any


def trace(model: nn.Module, run: Any) -> list[Call]:
    """The calls of every submodule while ``run()`` runs, in call order.

    Each module's ``forward`` is wrapped on the instance, not through torch's hook registry: registering
    hooks bumps a torch class counter, which the grading guard rightly treats as a change to torch.
    """
    calls: list[Call] = []
    wrapped: list[tuple[nn.Module, Any]] = []

    def wrap(module: nn.Module) -> None:
        inner = module.forward

        def forward(*args, **kwargs):
            output = inner(*args, **kwargs)
            calls.append(Call(module, args, kwargs, output))
            return output

        wrapped.append((module, module.__dict__.get("forward")))
        object.__setattr__(module, "forward", forward)

    for module in model.modules():
        if module is not model:
            wrap(module)
    try:
        with torch.no_grad():
            run()
    finally:
        for module, own in wrapped:
            if own is None:
                object.__delattr__(module, "forward")
            else:
                object.__setattr__(module, "forward", own)
    return calls


def find_stack(model: nn.Module) -> list[nn.Module]:
    """The blocks: the children of the ModuleList/Sequential of same-class modules holding the most parameters."""
    best: list[nn.Module] = []
    best_size = 0
    for container in model.modules():
        if not isinstance(container, (nn.ModuleList, nn.Sequential)):
            continue
        kids = list(container.children())
        if not kids or len({type(k) for k in kids}) != 1 or not all(any(True for _ in k.parameters()) for k in kids):
            continue
        size = sum(p.numel() for p in container.parameters())
        if size > best_size:
            best, best_size = kids, size
    return best


def is_norm(module: nn.Module, width: int) -> bool:
    """A module whose own parameters are all vectors of the model width: LayerNorm, RMSNorm, a home-made one."""
    own = list(module.parameters(recurse=False))
    return bool(own) and all(p.dim() == 1 and p.numel() == width for p in own) and not list(module.children())


def _perturbed_first(call: Call, position: int, seed: int) -> tuple[tuple, torch.Tensor]:
    x = _first_tensor(call.args)
    g = torch.Generator().manual_seed(seed)
    changed = x.clone()
    noise = torch.randn(changed[:, position].shape, generator=g, dtype=torch.float64)
    changed[:, position] = changed[:, position] + noise.to(dtype=x.dtype, device=x.device)
    return (changed, *call.args[1:]), x


def mixes_positions(call: Call) -> bool | None:
    """Whether changing position 0 of a module's input changes its output at later positions (None: cannot tell)."""
    x, out = _first_tensor(call.args), _first_tensor(call.output)
    if x is None or out is None or x.dim() != 3 or x.shape[1] < 2 or out.dim() != 3 or out.shape[1] != x.shape[1]:
        return None
    try:
        args, _ = _perturbed_first(call, 0, seed=1)
        with torch.no_grad():
            again = _first_tensor(call.module(*args, **call.kwargs))
    except Exception:
        return None
    return bool((again[:, 1:] - out[:, 1:]).abs().max() > 1e-6 * (1 + float(out.abs().max())))


@dataclass
class Anatomy:
    """A model's parts found by behaviour: blocks, each block's attention child, the width of the stream."""

    blocks: list[nn.Module]
    width: int | None
    attention: list[nn.Module | None] = field(default_factory=list)  # per block, the one child that mixes positions
    calls: dict[int, Call] = field(default_factory=dict)  # id(module) -> its first call


def anatomy(model: nn.Module, run: Any) -> Anatomy:
    """Trace ``run()`` once (a forward on a short input) and find the blocks and their attention."""
    calls = trace(model, run)
    first: dict[int, Call] = {}
    for call in calls:
        first.setdefault(id(call.module), call)
    blocks = find_stack(model)
    width = None
    if blocks and id(blocks[0]) in first and _first_tensor(first[id(blocks[0])].args) is not None:
        width = int(_first_tensor(first[id(blocks[0])].args).shape[-1])
    found = Anatomy(blocks, width, calls=first)
    for block in blocks:
        mixing = [child for child in block.children() if any(True for _ in child.parameters())
                  and id(child) in first and not is_norm(child, width or -1) and mixes_positions(first[id(child)])]
        found.attention.append(mixing[0] if len(mixing) == 1 else None)
    return found


def blocks_on_path(model: nn.Module, blocks: list[nn.Module], idx: torch.Tensor) -> list[bool]:
    """For each block, whether perturbing its parameters changes the model's logits (it is on the path)."""
    with torch.no_grad():
        base = logits_of(model, idx)
        result = []
        for number, block in enumerate(blocks):
            saved = [p.detach().clone() for p in block.parameters()]
            g = torch.Generator().manual_seed(100 + number)
            for p in block.parameters():
                p.add_(torch.randn(p.shape, generator=g, dtype=p.dtype).to(p.device) * (0.5 * p.abs().mean() + 0.05))
            try:
                changed = logits_of(model, idx)
            finally:
                for p, old in zip(block.parameters(), saved):
                    p.copy_(old)
            result.append(bool((changed - base).abs().max() > 1e-5 * (1 + float(base.abs().max()))))
    return result


def _cast(value: Any, dtype: torch.dtype) -> Any:
    if isinstance(value, torch.Tensor) and value.is_floating_point():
        return value.to(dtype)
    if isinstance(value, (tuple, list)):
        return type(value)(_cast(v, dtype) for v in value)
    if isinstance(value, dict):
        return {k: _cast(v, dtype) for k, v in value.items()}
    return value


def _replay(module: nn.Module, pairs: torch.Tensor, rest: tuple, kwargs: dict) -> torch.Tensor:
    """The module on a batch of inputs; one at a time when its other arguments (a mask) fix the batch at 1."""
    with torch.no_grad():
        try:
            out = _first_tensor(module(pairs, *rest, **kwargs))
            if out is not None and out.shape[0] == pairs.shape[0]:
                return out
        except Exception:
            pass
        return torch.stack([_first_tensor(module(pair[None], *rest, **kwargs))[0] for pair in pairs])


def measured_heads(call: Call, trials: int = 3) -> int | None:
    """How many heads an attention module really computes, from its output alone (None: cannot tell).

    With two positions and x0 = x1 + s*u, the output at position 1 minus its value at s = 0, divided by s,
    is sum_h sigmoid(c_h * s) * z_h: one fixed vector z_h per head, weighted by that head's attention to
    position 0 (biases cancel). Over many s these vectors span exactly as many dimensions as there are heads
    attending differently, so a module that stores ``n_head`` but attends once spans one.
    """
    x = _first_tensor(call.args)
    if x is None or x.dim() != 3 or x.shape[1] != 2:
        return None
    steps = torch.logspace(-3, 0.5, 16, dtype=torch.float64)
    scales = torch.cat([-steps.flip(0), steps])
    for dtype, threshold in ((torch.float64, 1e-7), (torch.float32, 1e-3)):
        try:
            module = copy.deepcopy(call.module).to(dtype).eval()
            rest, kwargs = _cast(call.args[1:], dtype), _cast(call.kwargs, dtype)
            best = 0
            for trial in range(trials):
                g = torch.Generator().manual_seed(trial)
                x1 = x[:1, 1].to(dtype)
                u = torch.randn(x1.shape, generator=g, dtype=torch.float64).to(dtype=dtype, device=x1.device)
                u = u * (x1.norm() / u.norm().clamp(min=1e-12)).clamp(min=1e-3)
                pairs = torch.stack([torch.stack([x1[0] + s.to(dtype=dtype, device=x1.device) * u[0], x1[0]])
                                     for s in torch.cat([torch.zeros(1, dtype=torch.float64), scales])])
                out = _replay(module, pairs, rest, kwargs)
                rows = (out[1:, 1] - out[:1, 1]).to(torch.float64).cpu() / scales[:, None]
                values = torch.linalg.svdvals(rows)
                if float(values[0]) == 0.0:
                    continue
                best = max(best, int((values > threshold * values[0]).sum()))
                if best >= 2:
                    break
            return best
        except Exception:
            continue
    return None


def future_leak(model: nn.Module, vocab_size: int, block_size: int, seed: int = 3) -> float:
    """How much the logits of the first half of a window move when only the second half changes (0: causal)."""
    g = torch.Generator().manual_seed(seed)
    idx = torch.randint(vocab_size, (2, block_size), generator=g)
    changed = idx.clone()
    changed[:, block_size // 2:] = torch.randint(vocab_size, (2, block_size - block_size // 2), generator=g)
    device = next(model.parameters()).device
    with torch.no_grad():
        before, after = logits_of(model, idx.to(device)), logits_of(model, changed.to(device))
    gap = (after[:, :block_size // 2] - before[:, :block_size // 2]).abs().max()
    return float(gap) if torch.isfinite(gap) else float("inf")
