"""The static scan: before anything runs, refuse a learner file that imports or names the reference, the checks,
the exercise's package or the grader's own ``kata`` modules (``kata.parts`` and ``kata.debug_models`` are for
learners)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from kata.grading.guard.policy import LEARNER_KATA, Policy

IMPORTERS = frozenset({"import_module", "__import__", "find_spec", "run_module", "import_path"})
DOTTED = re.compile(r"[A-Za-z_][\w]*(\.[A-Za-z_]\w*)+$")



def learner_source(path: Path) -> str | None:
    """The Python the child would run for ``path`` (a notebook's code cells), or None if it cannot be read."""
    try:
        if path.suffix == ".ipynb":
            from kata.state.notebooks import read_script

            return read_script(path).source
        return path.read_text(encoding="utf-8")
    except Exception:  # unreadable or malformed: loading the file reports it in the learner's terms
        return None


def forbidden_imports(source: str, policy: Policy) -> list[str]:
    """``line N: name`` for each place the source imports or names a module the learner may not use."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []  # loading the file reports the syntax error
    found: dict[int, str] = {}
    binds_kata = False
    chains = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
            binds_kata |= any(a.name.partition(".")[0] == "kata" and a.asname is None for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names if a.name != "*"]
        elif isinstance(node, ast.Call) and node.args and _text(node.args[0]) and (
                _called(node.func) in IMPORTERS or _dotted(getattr(node.func, "value", None)) == "sys.modules"):
            names = [node.args[0].value]
        elif isinstance(node, ast.Subscript) and _dotted(node.value) == "sys.modules" and _text(node.slice):
            names = [node.slice.value]
        elif _text(node) and DOTTED.match(node.value):
            names = [node.value]
        elif isinstance(node, ast.Attribute) and _dotted(node).startswith("kata."):
            chains.append(node)
        bad = [name for name in names if policy.is_protected(name)]
        if bad:
            found.setdefault(node.lineno, bad[0])
    for node in chains if binds_kata else ():
        if policy.is_protected(_dotted(node)):
            found.setdefault(node.lineno, _dotted(node))
    return [f"line {line}: {name}" for line, name in sorted(found.items())]


def _text(node: Any) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _called(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _dotted(node: Any) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


def refusal_message(found: list[str]) -> str:
    shown = "; ".join(found[:3]) + (f" (and {len(found) - 3} more)" if len(found) > 3 else "")
    return (f"your file uses modules that learner files may not use ({shown}): the reference, the checks and the "
            f"grader's own kata modules are off limits while your code is graded. Write the code yourself "
            f"({', '.join(LEARNER_KATA)} are allowed where the statement says so).")
