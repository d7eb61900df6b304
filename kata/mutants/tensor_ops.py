"""Tensor-specific mutation operators: the bugs people make in attention and normalisation code.

No mutation-testing library knows these (they are about axes, scales, masks and dtypes, not ``+`` and
``<``). Each operator looks at one AST node and proposes replacements with a short description; the
engine in :mod:`kata.mutants.generate` applies one at a time, so every mutant differs from the
reference at a single point.
"""

from __future__ import annotations

import ast
import copy
from typing import Callable, Iterator

Proposal = tuple[ast.AST, str]
REDUCTIONS = {"sum", "mean", "var", "std", "max", "min", "amax", "amin", "softmax", "log_softmax", "logsumexp",
              "argmax", "argmin", "norm", "cumsum", "prod", "all", "any", "median"}
SCALE_NAMES = ("scale", "sqrt", "d_k", "d_head", "head_dim", "d_model", "dim", "temperature", "eps")


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    return ""


def _int_value(node: ast.AST) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant) \
            and type(node.operand.value) is int:
        return -node.operand.value
    return None


def _int_node(value: int) -> ast.expr:
    return ast.UnaryOp(ast.USub(), ast.Constant(-value)) if value < 0 else ast.Constant(value)


def _with_keyword(call: ast.Call, name: str, value: ast.expr | None) -> ast.Call:
    new = copy.deepcopy(call)
    new.keywords = [k for k in new.keywords if k.arg != name]
    if value is not None:
        new.keywords.append(ast.keyword(name, value))
    return new


def wrong_axis(node: ast.AST) -> list[Proposal]:
    """``axis=-1`` -> ``0``, ``-2`` or dropped (softmax, sum, mean ... over the wrong axis)."""
    if not isinstance(node, ast.Call):
        return []
    out: list[Proposal] = []
    for keyword in node.keywords:
        value = _int_value(keyword.value) if keyword.arg in ("axis", "dim") else None
        if value is None:
            continue
        for other in (0, -2) if value == -1 else (-1,):
            out.append((_with_keyword(node, keyword.arg, _int_node(other)), f"{keyword.arg}={value} -> {other}"))
        if _call_name(node) in REDUCTIONS and _call_name(node) not in ("softmax", "log_softmax"):
            out.append((_with_keyword(node, keyword.arg, None), f"{keyword.arg}={value} dropped (all axes)"))
    if _call_name(node) in REDUCTIONS:
        for i, arg in enumerate(node.args):
            value = _int_value(arg)
            if value is None or (i == 0 and not isinstance(node.func, ast.Attribute)):
                continue
            for other in (0, -2) if value == -1 else (-1,):
                new = copy.deepcopy(node)
                new.args[i] = _int_node(other)
                out.append((new, f"{_call_name(node)} over axis {other} instead of {value}"))
    return out


def keepdims_dropped(node: ast.AST) -> list[Proposal]:
    if isinstance(node, ast.Call) and any(k.arg in ("keepdims", "keepdim") for k in node.keywords):
        name = next(k.arg for k in node.keywords if k.arg in ("keepdims", "keepdim"))
        return [(_with_keyword(node, name, None), f"{name}=True dropped")]
    return []


def transpose(node: ast.AST) -> list[Proposal]:
    """``.T`` / ``.transpose(...)`` removed; a transpose added to a matmul operand."""
    if isinstance(node, ast.Attribute) and node.attr in ("T", "mT"):
        return [(node.value, f".{node.attr} removed")]
    if _call_name(node) in ("transpose", "swapaxes") and isinstance(node.func, ast.Attribute) and node.args:
        return [(node.func.value, f".{_call_name(node)}(...) removed")]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        swapped = ast.Call(ast.Attribute(copy.deepcopy(node.right), "swapaxes", ast.Load()),
                           [_int_node(-1), _int_node(-2)], [])
        return [(ast.BinOp(copy.deepcopy(node.left), ast.MatMult(), swapped), "right matmul operand transposed")]
    return []


def _sqrt_of(node: ast.expr) -> ast.expr:
    return ast.BinOp(copy.deepcopy(node), ast.Pow(), ast.Constant(0.5))


def sqrt_changed(node: ast.AST) -> list[Proposal]:
    if _call_name(node) == "sqrt" and len(node.args) == 1:
        return [(node.args[0], "sqrt removed")]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow) and isinstance(node.right, ast.Constant) \
            and node.right.value in (0.5, -0.5):
        return [(node.left if node.right.value == 0.5 else ast.BinOp(ast.Constant(1.0), ast.Div(), node.left),
                 "square root (** 0.5) removed")]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _call_name(node.right) != "sqrt":
        return [(ast.BinOp(node.left, ast.Div(), _sqrt_of(node.right)), "sqrt added to the divisor")]
    return []


def _is_scale(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return isinstance(node, ast.Constant) or any(name in text for name in SCALE_NAMES)


def factor_changed(node: ast.AST) -> list[Proposal]:
    """A scale factor removed (``a / sqrt(d)`` -> ``a``), doubled, or replaced by d instead of sqrt(d)."""
    if not isinstance(node, ast.BinOp):
        return []
    out: list[Proposal] = []
    if isinstance(node.op, ast.Div):
        out.append((node.left, f"division by {ast.unparse(node.right)} removed"))
        out.append((ast.BinOp(node.left, ast.Div(), ast.BinOp(node.right, ast.Mult(), ast.Constant(2))),
                    "divisor doubled"))
    elif isinstance(node.op, ast.Mult):
        for keep, drop in ((node.left, node.right), (node.right, node.left)):
            if _is_scale(drop):
                out.append((keep, f"factor {ast.unparse(drop)} removed"))
        out.append((ast.BinOp(node, ast.Mult(), ast.Constant(0.5)), "product halved"))
    return out


def term_dropped(node: ast.AST) -> list[Proposal]:
    """An additive term dropped: a bias, a residual, an eps."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        sign = "+" if isinstance(node.op, ast.Add) else "-"
        out = [(node.left, f"term `{sign} {ast.unparse(node.right)}` dropped")]
        if isinstance(node.op, ast.Add):
            out.append((node.right, f"term `{ast.unparse(node.left)} +` dropped"))
        return out
    return []


def mask_offset(node: ast.AST) -> list[Proposal]:
    """``triu``/``tril`` offset shifted by one, or triu and tril swapped."""
    name = _call_name(node)
    if name not in ("triu", "tril"):
        return []
    keyword = next((k for k in node.keywords if k.arg in ("k", "diagonal")), None)
    positional = len(node.args) >= 2
    current = _int_value(keyword.value) if keyword else _int_value(node.args[1]) if positional else 0
    if current is None:
        return []
    out: list[Proposal] = []
    for other in (current - 1, current + 1):
        new = copy.deepcopy(node)
        if keyword:
            new = _with_keyword(node, keyword.arg, _int_node(other))
        elif positional:
            new.args[1] = _int_node(other)
        else:
            new.args.append(_int_node(other))
        out.append((new, f"{name} offset {current} -> {other}"))
    swapped = copy.deepcopy(node)
    other_name = "tril" if name == "triu" else "triu"
    if isinstance(swapped.func, ast.Attribute):
        swapped.func.attr = other_name
    else:
        swapped.func.id = other_name
    out.append((swapped, f"{name} -> {other_name}"))
    return out


def _is_inf(node: ast.AST) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "inf") or (
        _call_name(node) == "float" and node.args and isinstance(node.args[0], ast.Constant)
        and str(node.args[0].value).lower() in ("inf", "+inf"))


def neg_inf_zero(node: ast.AST) -> list[Proposal]:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and _is_inf(node.operand):
        return [(ast.Constant(0.0), "-inf -> 0 in the mask")]
    if _call_name(node) == "float" and node.args and isinstance(node.args[0], ast.Constant) \
            and str(node.args[0].value).lower() == "-inf":
        return [(ast.Constant(0.0), "-inf -> 0 in the mask")]
    if isinstance(node, ast.Attribute) and node.attr == "NINF":
        return [(ast.Constant(0.0), "-inf -> 0 in the mask")]
    return []


def max_subtraction_dropped(node: ast.AST) -> list[Proposal]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and "max" in ast.unparse(node.right):
        return [(node.left, f"max subtraction `- {ast.unparse(node.right)}` dropped")]
    return []


def precision_lowered(node: ast.AST) -> list[Proposal]:
    if isinstance(node, ast.Attribute) and node.attr == "float64":
        new = copy.deepcopy(node)
        new.attr = "float32"
        return [(new, "float64 -> float32")]
    if isinstance(node, ast.Constant) and node.value == "float64":
        return [(ast.Constant("float32"), "float64 -> float32")]
    if _call_name(node) == "double" and isinstance(node.func, ast.Attribute):
        new = copy.deepcopy(node)
        new.func.attr = "float"
        return [(new, ".double() -> .float()")]
    return []


def in_place(node: ast.AST) -> list[Proposal]:
    """``x = x - m`` -> ``x -= m``: the same numbers, but it writes into an array the caller may own."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
            and isinstance(node.value, ast.BinOp) and isinstance(node.value.left, ast.Name) \
            and node.value.left.id == node.targets[0].id and not isinstance(node.value.op, ast.MatMult):
        target = ast.Name(node.targets[0].id, ast.Store())
        symbol = ast.unparse(ast.BinOp(ast.Name("a"), node.value.op, ast.Name("b")))[2:-2]
        return [(ast.AugAssign(target, node.value.op, node.value.right),
                 f"`{target.id} = {target.id} {symbol} ...` -> `{target.id} {symbol}= ...` (in place)")]
    return []


def matmul_swapped(node: ast.AST) -> list[Proposal]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return [(ast.BinOp(node.right, ast.MatMult(), node.left), "matmul operands swapped")]
    if _call_name(node) in ("matmul", "dot", "mm", "bmm") and len(node.args) == 2:
        new = copy.deepcopy(node)
        new.args = [new.args[1], new.args[0]]
        return [(new, f"{_call_name(node)} operands swapped")]
    return []


OPERATORS: tuple[Callable[[ast.AST], list[Proposal]], ...] = (
    # the specific ones first: when two make the same mutant, the first one's description is kept
    max_subtraction_dropped, neg_inf_zero, mask_offset, wrong_axis, keepdims_dropped, transpose, sqrt_changed,
    precision_lowered, in_place, matmul_swapped, factor_changed, term_dropped,
)


def proposals(node: ast.AST) -> Iterator[Proposal]:
    for operator in OPERATORS:
        yield from operator(node)
