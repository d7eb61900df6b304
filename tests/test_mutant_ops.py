"""The mutation operators, the learner-code targets, and the equivalence probe, on small sources."""

from __future__ import annotations

import ast
import sys
import textwrap

import pytest

from kata.mutants import generate as gen
from kata.mutants import tensor_ops
from kata.mutants.inputs import same
from kata.mutants.probe import compare
from kata.mutants.targets import learner_targets

STUB = textwrap.dedent('''
    import numpy as np


    class Norm:
        def __init__(self, dim, eps=1e-5):
            self.dim = dim
            self.eps = eps

        def forward(self, x):
            """x: (..., dim)."""
            # TODO
            raise NotImplementedError


    def given(x):
        return x + 1


    def attend(q, k, v, mask=None):
        # TODO
        raise NotImplementedError


    ANSWER = None
''')

REFERENCE = textwrap.dedent('''
    import numpy as np


    class Norm:
        def __init__(self, dim, eps=1e-5):
            self.dim = dim
            self.eps = eps

        def forward(self, x):
            """x: (..., dim)."""
            mean = x.mean(axis=-1, keepdims=True)
            var = x.var(axis=-1, keepdims=True)
            return (x - mean) / np.sqrt(var + self.eps)


    def given(x):
        return x + 1


    def attend(q, k, v, mask=None):
        scores = q @ k.swapaxes(-1, -2) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = np.where(mask, -np.inf, scores)
        scores = scores - scores.max(axis=-1, keepdims=True)
        w = np.exp(scores)
        w = w / w.sum(axis=-1, keepdims=True)
        return w @ v


    ANSWER = "b"


    # ---- known mistakes: not mutated
    from kata.mistakes import mistake
    MISTAKES = ()
''')


def _descriptions(operator, snippet: str) -> list[str]:
    node = ast.parse(snippet, mode="eval").body
    return [description for _, description in operator(node)]


def _unparsed(operator, snippet: str) -> list[str]:
    return [ast.unparse(new) for new, _ in operator(ast.parse(snippet, mode="eval").body)]


def test_targets_are_the_todo_bodies_and_the_blank_answers_only() -> None:
    targets = {t.name: t for t in learner_targets(STUB, REFERENCE)}
    assert set(targets) == {"Norm.forward", "attend", "ANSWER"}
    forward = targets["Norm.forward"]
    lines = REFERENCE.splitlines()
    assert "mean = x.mean" in lines[forward.first_line - 1]  # signature and docstring are given, not mutated


HELPER_STUB = textwrap.dedent('''
    import numpy as np


    def given(x):
        return x + 1


    class Layer:
        def forward(self, x):
            # TODO
            raise NotImplementedError


    def apply(x):
        # TODO
        raise NotImplementedError
''')

HELPER_REFERENCE = textwrap.dedent('''
    import numpy as np


    def given(x):
        return x + 1


    def _scale(x):
        return x / np.sqrt(x.shape[-1])


    def unused(x):
        return x * 2


    class Layer:
        def _half(self, x):
            return x / 2

        def forward(self, x):
            return self._half(given(x))


    def apply(x):
        return _scale(x)
''')


def test_helpers_the_solution_calls_are_the_learners_too() -> None:
    targets = {t.name for t in learner_targets(HELPER_STUB, HELPER_REFERENCE)}
    assert targets == {"Layer.forward", "Layer._half", "apply", "_scale"}  # not given(), given; not unused()


@pytest.mark.parametrize("operator, snippet, expected", [
    (tensor_ops.wrong_axis, "x.sum(axis=-1)", ["x.sum(axis=0)", "x.sum(axis=-2)", "x.sum()"]),
    (tensor_ops.wrong_axis, "softmax(x, dim=-1)", ["softmax(x, dim=0)", "softmax(x, dim=-2)"]),
    (tensor_ops.keepdims_dropped, "x.mean(axis=-1, keepdims=True)", ["x.mean(axis=-1)"]),
    (tensor_ops.transpose, "k.T", ["k"]),
    (tensor_ops.transpose, "q @ k", ["q @ k.swapaxes(-1, -2)"]),
    (tensor_ops.sqrt_changed, "np.sqrt(d)", ["d"]),
    (tensor_ops.sqrt_changed, "s / d", ["s / d ** 0.5"]),
    (tensor_ops.factor_changed, "s / np.sqrt(d)", ["s", "s / (np.sqrt(d) * 2)"]),
    (tensor_ops.factor_changed, "0.5 * x", ["x", "0.5 * x * 0.5"]),
    (tensor_ops.term_dropped, "x + b", ["x", "b"]),
    (tensor_ops.mask_offset, "np.triu(m, k=1)", ["np.triu(m, k=0)", "np.triu(m, k=2)", "np.tril(m, k=1)"]),
    (tensor_ops.mask_offset, "torch.tril(m)", ["torch.tril(m, -1)", "torch.tril(m, 1)", "torch.triu(m)"]),
    (tensor_ops.neg_inf_zero, "-np.inf", ["0.0"]),
    (tensor_ops.neg_inf_zero, "float('-inf')", ["0.0"]),
    (tensor_ops.max_subtraction_dropped, "s - s.max(axis=-1, keepdims=True)", ["s"]),
    (tensor_ops.precision_lowered, "np.float64", ["np.float32"]),
    (tensor_ops.precision_lowered, "x.double()", ["x.float()"]),
    (tensor_ops.matmul_swapped, "a @ b", ["b @ a"]),
    (tensor_ops.matmul_swapped, "np.matmul(a, b)", ["np.matmul(b, a)"]),
])
def test_each_tensor_operator_makes_the_bug_it_names(operator, snippet: str, expected: list[str]) -> None:
    assert _unparsed(operator, snippet) == expected


def test_in_place_turns_an_assignment_into_an_augmented_one() -> None:
    node = ast.parse("x = x - m").body[0]
    [(new, description)] = tensor_ops.in_place(node)
    assert ast.unparse(new) == "x -= m" and "in place" in description
    assert tensor_ops.in_place(ast.parse("y = x - m").body[0]) == []


def test_operators_leave_unrelated_code_alone() -> None:
    for operator in tensor_ops.OPERATORS:
        assert operator(ast.parse("name", mode="eval").body) == []


@pytest.mark.parametrize("backend", ["cosmic-ray", "ast"])
def test_mutants_touch_only_the_learners_code(monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    if backend == "cosmic-ray":
        pytest.importorskip("cosmic_ray")
    else:
        monkeypatch.setattr(gen, "generic_backend", lambda: "ast (test)")
    mutants = gen.generate(STUB, REFERENCE)
    lines = REFERENCE.splitlines()
    given = next(i for i, line in enumerate(lines, 1) if "return x + 1" in line)
    assert mutants and all(m.line != given for m in mutants)
    assert all("known mistakes" not in m.source and "MISTAKES" not in m.source for m in mutants)
    assert len({m.key for m in mutants}) == len(mutants)
    assert len({ast.dump(ast.parse(m.source)) for m in mutants}) == len(mutants)  # no duplicates
    families = {m.family for m in mutants}
    assert families == {"generic", "tensor"}
    words = " ".join(m.description for m in mutants)
    for expected in ("keepdims=True dropped", "-inf -> 0", "max subtraction", "matmul operands swapped",
                     "answer 'b' -> 'a'"):
        assert expected in words
    for m in mutants:
        compile(m.source, "mutant.py", "exec")


def test_a_seeded_sample_is_stable_and_a_subset() -> None:
    mutants = gen.generate(STUB, REFERENCE)
    first, again = gen.sample(mutants, 5, seed=3), gen.sample(mutants, 5, seed=3)
    assert first == again and len(first) == 5 and set(first) <= set(mutants)
    assert gen.sample(mutants, None) == mutants


def _module(name: str, source: str):
    import types

    module = types.ModuleType(name)
    exec(compile(source, name, "exec"), module.__dict__)
    sys.modules[name] = module
    return module


def test_the_probe_tells_equivalent_from_different_and_catches_in_place_writes() -> None:
    pytest.importorskip("numpy")
    reference = _module("probe_ref", "def center(x):\n    x = x - x.mean(axis=-1, keepdims=True)\n    return x\n")
    equivalent = _module("probe_eq", "def center(x):\n    return x - x.mean(-1, keepdims=True)\n")
    in_place = _module("probe_ip", "def center(x):\n    x -= x.mean(axis=-1, keepdims=True)\n    return x\n")
    wrong = _module("probe_wrong", "def center(x):\n    return x - x.mean(axis=0, keepdims=True)\n")
    target = {"kind": "function", "name": "center", "arity": 1}
    assert compare(reference, equivalent, target, "numpy") == (False, "")
    differs, words = compare(reference, in_place, target, "numpy")
    assert differs and "x of shape" in words
    assert compare(reference, wrong, target, "numpy")[0]


def test_the_probe_runs_a_class_in_file_order_whichever_method_was_mutated() -> None:
    from kata.mutants.probe import _describe_targets

    reference = _module("probe_layer", "class Layer:\n    def forward(self, x):\n        return x\n\n"
                                       "    def backward(self, dout):\n        return dout\n")
    [target] = _describe_targets(reference, ["Layer.backward", "Layer.forward"])  # the mutated one comes first
    assert target["methods"] == ["forward", "backward"]


def test_same_is_strict_about_dtype_and_tolerant_only_to_round_off() -> None:
    np = pytest.importorskip("numpy")
    a = np.linspace(0, 1, 5)
    assert same(a, a + 1e-15) and not same(a, a + 1e-9) and not same(a, a.astype(np.float32))
    assert same({"k": (1, 2.0)}, {"k": (1, 2.0)}) and not same([1], (1,))


def test_what_a_statement_accepts_is_no_survivor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exercise.accepts: numbers within the statement's tolerance, and only the input shapes it allows."""
    np = pytest.importorskip("numpy")
    from kata.mutants import inputs

    assert not same(100, 103) and not same(np.array([100.0]), np.array([103.0]))
    monkeypatch.setattr(inputs, "OPTIONS", inputs.Options(rtol=0.05))
    assert same(100, 103) and same(np.array([100.0]), np.array([103.0]))
    assert not same(100, 106) and not same(True, 1.0)
    monkeypatch.setattr(inputs, "OPTIONS", inputs.Options())

    reference = _module("probe_last", "def last(x):\n    return x[..., x.shape[-1] - 1]\n")
    second = _module("probe_second", "def last(x):\n    return x[..., x.shape[1] - 1]\n")  # right for 2-D only
    target = {"kind": "function", "name": "last", "arity": 1}
    assert compare(reference, second, target, "numpy")[0]
    monkeypatch.setattr(inputs, "OPTIONS", inputs.Options(shapes=((4, 8), (6, 6))))
    assert compare(reference, second, target, "numpy") == (False, "")


def test_an_exercise_whose_answer_is_free_counts_what_its_checks_pass_as_right() -> None:
    from kata.exercise import Accepts
    from kata.mutants.score import grade_mutants, mutants_of
    from kata.state.registry import load_registry

    exercise = load_registry(env={}, entry_points=False).get("13.31")
    assert exercise.accepts.any_answer, "13.31's counterexample is the learner's choice"
    assert Accepts().any_answer == "" and Accepts().rtol == 0.0  # by default a statement accepts only its answer
    spared = [m for m in mutants_of(exercise) if "number changed (`3.0`)" in m.description][:1]
    assert spared, "no mutant of the counterexample's numbers"
    result = grade_mutants(exercise, spared)
    assert (result.killed, result.equivalent, result.survivors) == (0, 1, []), result
