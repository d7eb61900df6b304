"""Everything a check module needs, in one import.

    from kata.testing import points, expect_same, expect_close, check

Check modules are plain pytest modules. Fixtures provided by the grading plugin:
``solution`` (the learner's module), ``reference`` (the reference module),
``rng`` (a NumPy Generator seeded from the check's name), ``workspace``
(the learner's workspace folder, a ``pathlib.Path``) and ``short_mode`` (True while
``kata verify`` grades a project's short run).
"""

from __future__ import annotations

from typing import Callable

import pytest

from kata.checking.compare import (  # noqa: F401  (re-exported for check modules)
    CheckFailure,
    check,
    expect_close,
    expect_raises,
    expect_shape,
    mismatch,
    to_numpy,
)
from kata.checking.contracts import (  # noqa: F401  (re-exported for check modules)
    FUNCTION_OF_NUMBERS,
    Contract,
    constructor_arguments,
    declare,
    dtype_kept,
    every_weight_matters,
    extremes,
    input_not_mutated,
    inputs_as_given,
    probe,
    repeated_calls,
    validation,
    weights_distinct,
)
from kata.checking.gradients import finite_difference  # noqa: F401
from kata.checking.mutation import expect_tests_kill, expect_tests_pass_on_reference, mutants_of  # noqa: F401
from kata.checking.naming import diagnose, expect_same, known  # noqa: F401


def points(n: float):
    """Worth ``n`` points; shared equally by the cases of a parametrized check."""
    return pytest.mark.points(n)


def expect_choice(solution, choice) -> None:
    """The learner's constant ``choice.name`` must be the right option; a wrong one fails with its reason."""
    from kata.choices import Choice

    assert isinstance(choice, Choice)
    problem = choice.verdict(getattr(solution, choice.name))
    if problem:
        raise CheckFailure(problem)


def choice_check(choices, points_each: float = 1.0):
    """A ready check for a tuple of choices: ``test_choices = choice_check(CHOICES)`` in a check module."""

    @points(points_each * len(choices))
    @pytest.mark.parametrize("choice", choices, ids=lambda c: c.name)
    def test_choices(solution, choice):
        """each multiple-choice answer is right"""
        expect_choice(solution, choice)

    return test_choices


def expect_function(solution, reference, name: str, *args, atol: float = 0.0, rtol: float = 1e-9,
                    answer_type: str | None = None, **kwargs):
    """``solution.<name>(*args, **kwargs)`` equals the reference's (known mistakes named); returns the learner's value.

    Types as stated: where the reference answers with an int (or ``answer_type="int"``), the learner's answer
    must be an int too (a Python or NumPy integer); a float with an integral value fails. Where the statement
    asks for a float, the reference answers with a float and any number of the right value passes.
    """
    shown = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    what = f"{name}({shown})"
    call = lambda module: getattr(module, name)(*args, **kwargs)  # noqa: E731
    value = expect_same(call, solution, reference, atol=atol, rtol=rtol, what=what, check_dtype=False)
    expected = call(reference) if answer_type is None else answer_type
    wrong = None if answer_type == "any" else _not_int(value, expected, what)
    if wrong:
        typed = lambda module: {"types": _types(r := call(module)), "value": r}  # noqa: E731
        named = diagnose(typed, typed(solution), reference, atol=atol, rtol=rtol)
        raise CheckFailure(f"types as stated: {wrong}; the statement asks for an int (a whole number: use integer "
                           "arithmetic such as // or int(...))" + (f".\n{named}" if named else ""))
    return value


def _types(value):
    """The number types in ``value``, with its dict and sequence structure: {"a": "int", ...}."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_types(v) for v in value]
    return str(number_type(value))


def _not_int(value, expected, what: str) -> str | None:
    """Where ``expected`` holds an int (or is "int"), ``value`` must hold one: the first place that does not."""
    if isinstance(expected, dict) and isinstance(value, dict):
        return next((p for k in expected if k in value and (p := _not_int(value[k], expected[k], f"{what}[{k!r}]"))),
                    None)
    if isinstance(expected, (tuple, list)) and isinstance(value, (tuple, list)):
        return next((p for i, (v, e) in enumerate(zip(value, expected)) if (p := _not_int(v, e, f"{what}[{i}]"))),
                    None)
    wants_int = expected == "int" if isinstance(expected, str) else number_type(expected) == "int"  # arrays: not ints
    if wants_int and number_type(value) != "int":
        return f"{what} is {value!r}, a {type(value).__name__}"
    return None


def number_type(value) -> str | None:
    """ "int" for Python and NumPy integers, "float" for floats, None for anything else (bool included)."""
    import numbers

    if isinstance(value, bool) or getattr(value, "dtype", None) is not None and getattr(value, "ndim", 0) != 0:
        return None
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    if isinstance(value, numbers.Integral) or kind in "iu" and kind:
        return "int"
    if isinstance(value, numbers.Real) or kind == "f":
        return "float"
    return None


def expect_prediction(solution, name: str, expected: float, tolerance: float, *, asks: str, explain: str,
                      hint: Callable[[float], str] = lambda value: "") -> None:
    """A graded prediction: the learner's constant ``name`` must be a number within ``tolerance`` of ``expected``.

    ``asks`` finishes "set it to ..." when it is not a number; the failure says ``NAME = value`` then
    ``explain`` then ``hint(value)``, which may name the known mistake the value sits on (``known(...)``).
    """
    value = getattr(solution, name, None)
    check(isinstance(value, (int, float)) and not isinstance(value, bool),
          f"{name} is {value!r}; set it to {asks}")
    check(abs(value - expected) <= tolerance, f"{name} = {value!r}{explain}{hint(value)}")


def mutation_checks(mutants, subjects: tuple[str, ...], points_total: float, minimum_tests: int = 1):
    """Ready checks grading the learner's tests by mutation; assign both in a check module:

        test_your_tests_pass, test_your_tests_catch_mutants = mutation_checks(MUTANTS, ("LayerNorm",), 4)

    One point goes to "your tests pass on the correct implementation"; the rest is shared by the
    mutants, each worth its share when one of the learner's tests fails on it.
    """

    @points(1)
    def test_your_tests_pass(solution, reference):
        """your tests pass on the correct implementation"""
        expect_tests_pass_on_reference(solution, reference, subjects, minimum_tests)

    @points(points_total - 1)
    @pytest.mark.parametrize("mutant", mutants, ids=lambda m: m.name)
    def test_your_tests_catch_mutants(solution, reference, mutant):
        """your tests catch each mutant (a broken implementation)"""
        expect_tests_pass_on_reference(solution, reference, subjects, minimum_tests)
        expect_tests_kill(solution, reference, mutant, subjects)

    return test_your_tests_pass, test_your_tests_catch_mutants
