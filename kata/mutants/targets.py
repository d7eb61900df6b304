"""What a mutant may touch: the code the learner writes, found by comparing the stub with the reference.

A function or method is the learner's when its stub body raises ``NotImplementedError`` or holds only a
``TODO`` (a docstring, comments, ``pass`` or ``...``); a module-level name is the learner's when the stub
sets it to ``None`` (an answer to fill in). So is a helper the reference's solution calls that the stub does
not contain (a module-level function, or a method of the same class, named from a learner's function): the
learner writes it too, and a reference that delegates everything to one (6.10's ``apply_rope`` calls
``rope_for``) would otherwise leave nothing to mutate. The given constructor and helpers the stub already
contains are not, and neither is the known-mistakes section, which is cut off before anything is parsed.
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
    helper: bool = False  # absent from the stub: reached only through the learner's own functions


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


def _called(name: str, fn: ast.FunctionDef) -> set[str]:
    """The module-level names and, in a method, the ``Class.method`` names that ``fn`` refers to."""
    owner = name.rpartition(".")[0]
    found = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif owner and isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id == "self":
            found.add(f"{owner}.{node.attr}")
    return found


def _top_names(tree: ast.Module) -> set[str]:
    """Every name a module binds at its top level (functions, classes, imports, assignments)."""
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).partition(".")[0] for a in node.names}
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _with_helpers(todo: set[str], reference: dict[str, ast.FunctionDef], stub: dict[str, ast.FunctionDef],
                  stub_names: set[str]) -> set[str]:
    """``todo`` and, transitively, every reference function or method it calls that the stub does not define."""
    chosen, pending = set(), [name for name in todo if name in reference]
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        chosen.add(name)
        for called in _called(name, reference[name]):
            if "." in called:  # self.method of the same class
                helpers = [called] if called in reference and called not in stub else []
            elif called in stub_names:
                helpers = []
            else:  # a module-level function, or every method of a class, that only the reference defines
                helpers = [n for n in reference if n == called or n.startswith(called + ".")]
            pending += helpers
    return chosen


def learner_targets(stub_text: str, reference_text: str) -> list[Target]:
    """The reference's functions, methods and answers that the stub leaves for the learner, in file order."""
    stub_tree = ast.parse(stub_text)
    reference = learner_source(reference_text)
    ref_tree = ast.parse(reference)
    stub_functions = _functions(stub_tree)
    todo = {name for name, fn in stub_functions.items() if _is_todo_body(fn.body, stub_text)}
    ref_functions = _functions(ref_tree)
    chosen = _with_helpers(todo, ref_functions, stub_functions, _top_names(stub_tree))
    targets = [Target(name, "method" if "." in name else "function", _body_start(fn), fn.end_lineno or fn.lineno,
                      helper=name not in todo)
               for name, fn in ref_functions.items() if name in chosen]
    answers = _none_constants(stub_tree)
    for node in ref_tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in answers for t in node.targets):
            name = next(t.id for t in node.targets if isinstance(t, ast.Name))
            if name != "REFLECTION":
                targets.append(Target(name, "constant", node.lineno, node.end_lineno or node.lineno))
    return sorted(targets, key=lambda t: t.first_line)


def in_targets(line: int, targets: list[Target]) -> Target | None:
    return next((t for t in targets if t.first_line <= line <= t.last_line), None)
