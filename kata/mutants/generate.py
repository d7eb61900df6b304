"""Single-point mutants of a reference, limited to the code the learner writes.

Two families. *Generic* operators (arithmetic and comparison swaps, numbers changed, booleans flipped,
loops skipped) come from cosmic-ray when it is installed (the ``author`` extra): its operator classes
are used as a library on the source text, so a mutant keeps the reference's formatting. Without it, a
smaller stdlib-``ast`` set stands in, and :data:`GENERIC_BACKEND` says which ran. *Tensor* operators are
ours (:mod:`kata.mutants.tensor_ops`). Every mutant is a complete learner file: the reference up to its
known-mistakes section, changed at one point.
"""

from __future__ import annotations

import ast
import copy
import random
from dataclasses import dataclass
from typing import Iterator

from kata.mutants import tensor_ops
from kata.mutants.targets import Target, in_targets, learner_source, learner_targets

# cosmic-ray operators used, with the words a report prints; the bitwise and identity swaps are left out
# (they make no sense on tensors and only add noise).
_BINARY = {"Add": "+", "Sub": "-", "Mul": "*", "Div": "/", "FloorDiv": "//", "Pow": "**", "Mod": "%"}
_BINARY_SWAPS = [("Add", "Sub"), ("Sub", "Add"), ("Mul", "Div"), ("Div", "Mul"), ("Mul", "Add"), ("Add", "Mul"),
                 ("Pow", "Mul"), ("FloorDiv", "Div"), ("Div", "FloorDiv"), ("Mod", "FloorDiv")]
_COMPARE = {"Eq": "==", "NotEq": "!=", "Lt": "<", "LtE": "<=", "Gt": ">", "GtE": ">="}
_COMPARE_SWAPS = [("Lt", "LtE"), ("LtE", "Lt"), ("Gt", "GtE"), ("GtE", "Gt"), ("Eq", "NotEq"), ("NotEq", "Eq"),
                  ("Lt", "Gt"), ("Gt", "Lt")]
COSMIC_RAY_OPERATORS = {
    **{f"ReplaceBinaryOperator_{a}_{b}": f"`{_BINARY[a]}` -> `{_BINARY[b]}`" for a, b in _BINARY_SWAPS},
    **{f"ReplaceComparisonOperator_{a}_{b}": f"`{_COMPARE[a]}` -> `{_COMPARE[b]}`" for a, b in _COMPARE_SWAPS},
    "ReplaceUnaryOperator_USub_UAdd": "unary `-` removed",
    "ReplaceTrueWithFalse": "True -> False", "ReplaceFalseWithTrue": "False -> True",
    "ReplaceAndWithOr": "`and` -> `or`", "ReplaceOrWithAnd": "`or` -> `and`", "AddNot": "`not` added",
    "ReplaceBreakWithContinue": "break -> continue", "NumberReplacer": "number changed",
    "ZeroIterationForLoop": "loop body never runs",
}
ANSWER_LETTERS = "abcd"


@dataclass(frozen=True)
class Mutant:
    key: str  # stable across runs: "line:description", with "#n" when one line has the same mutation twice
    line: int
    family: str  # "generic" | "tensor"
    description: str
    target: str  # the function, method or answer it changes
    source: str  # the whole mutated learner file


def generic_backend() -> str:
    try:
        import cosmic_ray.mutating  # noqa: F401
    except ImportError:
        return "ast (cosmic-ray not installed: `pip install transformer-kata[author]` for its operators)"
    return "cosmic-ray"


def _cosmic_ray(code: str, targets: list[Target]) -> Iterator[tuple[int, str, str]]:
    from cosmic_ray.ast import ast_nodes, get_ast
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.operators.provider import OperatorProvider

    provider = OperatorProvider()
    tree = get_ast(code)
    for name, words in COSMIC_RAY_OPERATORS.items():
        operator = provider[name]()
        occurrence = 0
        for node in ast_nodes(tree):
            for (line, _col), _end in operator.mutation_positions(node):
                if in_targets(line, targets) and not _in_docstring_or_text(node):
                    detail = f"{words} (`{node.get_code().strip()[:40]}`)" if name == "NumberReplacer" else words
                    mutated = mutate_code(code, operator, occurrence)
                    if mutated:
                        yield line, detail, mutated
                occurrence += 1


def _in_docstring_or_text(node) -> bool:
    return getattr(node, "type", "") in ("string", "fstring")


class _Numbered(ast.NodeVisitor):
    """Pre-order numbering, the same order :class:`_Replace` walks."""

    def __init__(self) -> None:
        self.nodes: list[ast.AST] = []

    def visit(self, node: ast.AST) -> None:
        self.nodes.append(node)
        self.generic_visit(node)


class _Replace(ast.NodeTransformer):
    def __init__(self, index: int, new: ast.AST | None) -> None:
        self.index, self.new, self.count = index, new, 0

    def visit(self, node: ast.AST):
        here = self.count
        self.count += 1
        if here == self.index:
            return self.new if self.new is not None else ast.Pass()
        return self.generic_visit(node)


def _fallback_generic(node: ast.AST) -> list[tensor_ops.Proposal]:
    """Without cosmic-ray: the arithmetic and comparison swaps and number changes it would make."""
    swaps = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.Pow: ast.Mult}
    out: list[tensor_ops.Proposal] = []
    if isinstance(node, ast.BinOp) and type(node.op) in swaps:
        new = copy.deepcopy(node)
        new.op = swaps[type(node.op)]()
        out.append((new, f"`{ast.unparse(node)[:40]}`: operator swapped"))
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        flips = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq}
        if type(node.ops[0]) in flips:
            new = copy.deepcopy(node)
            new.ops = [flips[type(node.ops[0])]()]
            out.append((new, "comparison changed"))
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        out += [(ast.Constant(node.value + d), f"number changed (`{node.value!r}`)") for d in (1, -1)]
    return out


def _answer_changed(node: ast.AST) -> list[tensor_ops.Proposal]:
    """A multiple-choice answer replaced by each other letter."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) == 1 \
            and node.value in ANSWER_LETTERS:
        return [(ast.Constant(o), f"answer {node.value!r} -> {o!r}") for o in ANSWER_LETTERS if o != node.value]
    return []


def _statement_removed(node: ast.AST) -> list[tensor_ops.Proposal]:
    """An update or a call statement removed (``x += b``, ``out[i] = ...``, ``np.fill_diagonal(...)``)."""
    if isinstance(node, ast.AugAssign) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)) or (
            isinstance(node, ast.Assign) and any(isinstance(t, (ast.Subscript, ast.Attribute)) for t in node.targets)):
        return [(None, f"statement `{ast.unparse(node)[:50]}` removed")]
    return []


def _ast_mutants(code: str, targets: list[Target], generic: bool) -> Iterator[tuple[str, int, str, str]]:
    tree = ast.parse(code)
    numbering = _Numbered()
    numbering.visit(tree)
    skip: set[int] = set()
    for node in ast.walk(tree):  # docstrings and f-strings are text, not behaviour
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            skip |= {id(n) for n in ast.walk(node)}
    for index, node in enumerate(numbering.nodes):
        line = getattr(node, "lineno", None)
        if line is None or id(node) in skip or not in_targets(line, targets):
            continue
        found = [("tensor", p) for p in tensor_ops.proposals(node)]
        found += [("generic", p) for p in _answer_changed(node) + _statement_removed(node)]
        if generic:
            found += [("generic", p) for p in _fallback_generic(node)]
        for family, (new, description) in found:
            mutated = _Replace(index, copy.deepcopy(new) if new is not None else None).visit(copy.deepcopy(tree))
            yield family, line, description, ast.unparse(ast.fix_missing_locations(mutated)) + "\n"


def _shape(source: str) -> str | None:
    try:
        return ast.dump(ast.parse(source))
    except SyntaxError:
        return None


def generate(stub_text: str, reference_text: str) -> list[Mutant]:
    """Every distinct single-point mutant of the learner's part of the reference."""
    code = learner_source(reference_text)
    targets = learner_targets(stub_text, reference_text)
    if not targets:
        return []
    use_cosmic = generic_backend() == "cosmic-ray"
    found: list[tuple[str, int, str, str]] = []
    if use_cosmic:
        found += [("generic", line, words, source) for line, words, source in _cosmic_ray(code, targets)]
    found += list(_ast_mutants(code, targets, generic=not use_cosmic))
    seen = {_shape(code)}
    mutants: list[Mutant] = []
    keys: dict[str, int] = {}
    for family, line, description, source in found:
        shape = _shape(source)
        if shape is None or shape in seen:
            continue
        seen.add(shape)
        key = f"{line}:{description}"
        keys[key] = keys.get(key, 0) + 1
        if keys[key] > 1:
            key += f"#{keys[key]}"
        target = in_targets(line, targets)
        mutants.append(Mutant(key, line, family, description, target.name if target else "", source))
    return mutants


def sample(mutants: list[Mutant], limit: int | None, seed: int = 0) -> list[Mutant]:
    """A fixed, seeded sample (the whole list when ``limit`` is None or not smaller)."""
    if limit is None or len(mutants) <= limit:
        return mutants
    chosen = set(random.Random(seed).sample(range(len(mutants)), limit))
    return [m for i, m in enumerate(mutants) if i in chosen]
