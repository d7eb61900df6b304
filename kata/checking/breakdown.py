"""A learner's model's parameters counted by role (embedding, attention, MLP, norms, head), for 6.mini.

:func:`breakdown` assigns every parameter a role from what :func:`kata.checking.model_probes.anatomy` found
(the blocks, their attention, the norms) and from one traced forward pass (the head is what maps to the
vocabulary); :func:`breakdown_problem` compares a learner's ``param_breakdown`` result with it, allowing the
choices the statement leaves open (tied weights under either part; unassigned parameters anywhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from torch import nn

from kata.checking.model_probes import Anatomy, _first_tensor, is_norm


PARTS = ("embedding", "attention", "mlp", "norms", "head")


@dataclass
class Breakdown:
    """Parameter counts by role, inferred from the module tree and one traced forward pass."""

    counts: dict[str, int]  # PARTS and "total" (each parameter once, tied ones included)
    positions: int  # numel of the position table(s) inside counts["embedding"]
    tied: int  # numel shared by a token table and the head (counted under "embedding"; "head" is also fine)
    unassigned: int  # parameters no role fits: the learner may count them under any part
    split_known: bool  # attention told from the MLP in every block


def breakdown(model: nn.Module, found: Anatomy, vocab_size: int, block_size: int) -> Breakdown:
    width = found.width or -1
    roles: dict[int, str] = {}
    split_known = bool(found.blocks) and all(a is not None for a in found.attention)
    for block, attention in zip(found.blocks, found.attention):
        inside = {id(p) for p in attention.parameters()} if attention is not None else set()
        for module in block.modules():
            for p in module.parameters(recurse=False):
                roles.setdefault(id(p), "norms" if is_norm(module, width) else
                                 "attention" if id(p) in inside else "mlp")
    ancestors = {id(m) for m in model.modules() if found.blocks and any(x is found.blocks[0] for x in m.modules())}
    head: set[int] = set()
    for call in found.calls.values():
        out = _first_tensor(call.output)
        if id(call.module) in ancestors or out is None or out.shape[-1] != vocab_size:
            continue
        head |= {id(p) for p in call.module.parameters() if id(p) not in roles}
    tables = {id(p) for m in model.modules() if isinstance(m, nn.Embedding) for p in m.parameters()}
    table_shapes = {(vocab_size, width): "token", (block_size, width): "position"}
    positions = tied = unassigned = 0
    counts = dict.fromkeys(PARTS, 0)
    seen: set[int] = set()
    for module in model.modules():
        for p in module.parameters(recurse=False):
            if id(p) in seen:
                continue
            seen.add(id(p))
            shape = tuple(s for s in p.shape if s != 1) if p.dim() > 2 else tuple(p.shape)
            table = table_shapes.get(shape) if id(p) not in roles else None
            if id(p) in roles:
                role = roles[id(p)]
            elif table and (id(p) not in head or id(p) in tables):
                role, tied = "embedding", tied + (p.numel() if id(p) in head else 0)
                positions += p.numel() if table == "position" and vocab_size != block_size else 0
            elif id(p) in head:
                role = "head"
            elif is_norm(module, width):
                role = "norms"
            else:
                unassigned += p.numel()
                continue
            counts[role] += p.numel()
    counts["total"] = sum(counts.values()) + unassigned
    return Breakdown(counts, positions, tied, unassigned, split_known)


def breakdown_problem(parts: Any, real: Breakdown) -> str | None:
    """What is wrong with a learner's ``param_breakdown`` result against the inferred one (None: right)."""
    if not isinstance(parts, dict) or not set(PARTS) | {"total"} <= set(parts):
        return f"param_breakdown must return a dict with keys {sorted(set(PARTS) | {'total'})}"
    try:
        mine = {k: int(parts[k]) for k in (*PARTS, "total")}
    except (TypeError, ValueError):
        return "param_breakdown's values must be whole numbers of parameters"
    if mine["total"] != real.counts["total"]:
        return f"total is {mine['total']:,} but the model has {real.counts['total']:,} parameters"
    if sum(mine[k] for k in PARTS) != mine["total"]:
        return "the parts do not add up to total"
    options = [dict(real.counts)]
    if real.tied:
        options.append({**real.counts, "embedding": real.counts["embedding"] - real.tied,
                        "head": real.counts["head"] + real.tied})
    for want in options:
        if not real.split_known:
            want = {**want, "attention": want["attention"] + want["mlp"], "mlp": 0}
        got = {**mine, "attention": mine["attention"] + mine["mlp"], "mlp": 0} if not real.split_known else mine
        extra = {k: got[k] - want[k] for k in PARTS}
        if all(v >= 0 for v in extra.values()) and sum(extra.values()) == real.unassigned:
            return None
    want = options[0]
    wrong = [k for k in PARTS if mine[k] != want[k] and (real.split_known or k not in ("attention", "mlp"))]
    if not wrong:
        wrong = ["attention", "mlp"]
    what = {"embedding": "the token and position tables", "attention": "the attention layers (everything that "
            "mixes positions, in every block)", "mlp": "the MLPs", "norms": "the normalisation layers",
            "head": "the output layer"}
    return "; ".join(f"{k} is {mine[k]:,}, but {what[k]} of the model hold {want[k]:,}"
                     if k not in ("attention", "mlp") or real.split_known else
                     f"attention + mlp is {mine['attention'] + mine['mlp']:,}, but the blocks hold "
                     f"{want['attention'] + want['mlp']:,} parameters besides their norms" for k in wrong[:2])
