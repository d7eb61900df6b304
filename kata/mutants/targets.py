"""What a mutant may touch: the code the learner writes, found by comparing the stub with the reference.

A function or method is the learner's when its stub body raises ``NotImplementedError`` or holds only a
``TODO`` (a docstring, comments, ``pass`` or ``...``); a module-level name is the learner's when the stub
sets it to ``None`` (an answer to fill in). The given constructor and helpers the stub already contains are
not, and neither is the known-mistakes section, which is cut off before anything is parsed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from kata.exercise import MISTAKES_MARKER


@dataclass(frozen=True)
class Target:
    name: str  # "forward", "LayerNorm.forward", or a module-level constant's name
    kind: str  # "function" | "method" | "constant"
    first_line: int
    last_line: int


def learner_source(reference_text: str) -> str:
    """The reference up to its known-mistakes section: a plain learner file."""
    head, _, _ = reference_text.partition(MISTAKES_MARKER)
    return head.rstrip() + "\n"


def _is_todo_body(body: list[ast.stmt], source: str) -> bool:
    for statement in body:
        if isinstance(statement, ast.Raise):
            exc = statement.exc
            func = exc.func if isinstance(exc, ast.Call) else exc
            if isinstance(func, ast.Name) and func.id == "NotImplementedError":
                return True
    simple = all(
        isinstance(s, ast.Pass)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))  # docstring or ...
        for s in body
    )
    segment = "\n".join(ast.get_source_segment(source, s) or "" for s in body)
    lines = source.splitlines()
    span = "\n".join(lines[body[0].lineno - 2: body[-1].end_lineno]) if body else ""
    return simple and ("TODO" in span or "TODO" in segment)


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    found: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    found[f"{node.name}.{item.name}"] = item
    return found


def _left_blank(value: ast.expr) -> bool:
    """``None``, or a dict/list/tuple whose values are all ``None`` (``{"objective": None, ...}``)."""
    if isinstance(value, ast.Constant):
        return value.value is None
    if isinstance(value, ast.Dict):
        return bool(value.values) and all(_left_blank(v) for v in value.values)
    if isinstance(value, (ast.List, ast.Tuple)):
        return bool(value.elts) and all(_left_blank(v) for v in value.elts)
    return False


def _none_constants(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _left_blank(node.value):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def _body_start(fn: ast.FunctionDef) -> int:
    """The first line the learner writes: after the signature (given, defaults included) and the docstring."""
    body = fn.body
    if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[0].lineno


def learner_targets(stub_text: str, reference_text: str) -> list[Target]:
    """The reference's functions, methods and answers that the stub leaves for the learner, in file order."""
    stub_tree = ast.parse(stub_text)
    reference = learner_source(reference_text)
    ref_tree = ast.parse(reference)
    todo = {name for name, fn in _functions(stub_tree).items() if _is_todo_body(fn.body, stub_text)}
    targets = [Target(name, "method" if "." in name else "function", _body_start(fn), fn.end_lineno or fn.lineno)
               for name, fn in _functions(ref_tree).items() if name in todo]
    answers = _none_constants(stub_tree)
    for node in ref_tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in answers for t in node.targets):
            name = next(t.id for t in node.targets if isinstance(t, ast.Name))
            if name != "REFLECTION":
                targets.append(Target(name, "constant", node.lineno, node.end_lineno or node.lineno))
    return sorted(targets, key=lambda t: t.first_line)


def in_targets(line: int, targets: list[Target]) -> Target | None:
    return next((t for t in targets if t.first_line <= line <= t.last_line), None)
