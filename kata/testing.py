"""Everything a check module needs, in one import.

    from kata.testing import points, expect_same, expect_close, check

Check modules are plain pytest modules. Fixtures provided by the grading plugin:
``solution`` (the learner's module), ``reference`` (the reference module),
``rng`` (a NumPy Generator seeded from the check's name), ``workspace``
(the learner's workspace folder, a ``pathlib.Path``) and ``short_mode`` (True while
``kata verify`` grades a project's short run).
"""

from __future__ import annotations

import pytest

from kata.compare import (  # noqa: F401  (re-exported for check modules)
    CheckFailure,
    check,
    diagnose,
    expect_close,
    expect_raises,
    expect_same,
    expect_shape,
    known,
    mismatch,
    to_numpy,
)
from kata.gradients import finite_difference  # noqa: F401
from kata.mutation import expect_tests_kill, expect_tests_pass_on_reference, mutants_of  # noqa: F401


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


def expect_function(solution, reference, name: str, *args, atol: float = 0.0, rtol: float = 1e-9, **kwargs):
    """``solution.<name>(*args, **kwargs)`` equals the reference's (known mistakes named); returns the learner's value."""
    shown = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in kwargs.items())])
    return expect_same(lambda module: getattr(module, name)(*args, **kwargs), solution, reference,
                       atol=atol, rtol=rtol, what=f"{name}({shown})", check_dtype=False)


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
