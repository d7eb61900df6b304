"""Grading the learner's own tests by mutation: the engine's second mode.

Some exercises ask for tests, not only code (write property tests for LayerNorm). Those
tests are graded the way a test suite is judged in practice: they must pass on a correct
implementation, and they must fail on broken ones (mutants). A suite that asserts nothing
passes everywhere and kills nothing, so it scores zero.

Conventions (stated in each such exercise): the learner's tests are the module-level
functions named ``test_*`` in their file; a test receives the implementation under test
through a parameter named like it (``def test_mean_zero(LayerNorm): ...``), and may also
ask for ``rng`` (a seeded NumPy Generator). Mutants are ``Mistake`` objects (the same
declaration as known mistakes) that swap in a broken version of the subject.

A suite earns nothing for passing alone: one that passes on the reference but fails on none of
the reference's ``MUTANTS`` (a suite that asserts nothing) fails "your tests pass" as well. When
a mutant survives, the message names every surviving mutant, so the report says which survived.
"""

from __future__ import annotations

import inspect
import traceback
import types
import zlib
from dataclasses import dataclass
from typing import Any, Callable

from kata.checking.compare import CheckFailure
from kata.mistakes import Mistake


@dataclass
class TestOutcome:
    name: str
    passed: bool
    detail: str = ""


def _names(module: Any) -> dict[str, Any]:
    """The module's own top-level names; the grading plugin hands checks a wrapper (LearnerModule) whose
    ``dir()`` would show the wrapper's attributes, not the learner's."""
    from kata.grading.plugin import LearnerModule

    if isinstance(module, LearnerModule):
        module = object.__getattribute__(module, "_module")
    return dict(vars(module))


def learner_tests(module: Any) -> list[tuple[str, Callable]]:
    """The ``test_*`` functions the learner defined (in file order)."""
    found = []
    for name, value in _names(module).items():
        if name.startswith("test_") and isinstance(value, types.FunctionType):
            found.append((value.__code__.co_firstlineno, name, value))
    return [(name, fn) for _, name, fn in sorted(found)]


def run_tests(tests: list[tuple[str, Callable]], subjects: dict[str, Any]) -> list[TestOutcome]:
    """Call each test with the subjects it asks for; an exception or a failed assert is a failure."""
    import numpy as np

    outcomes = []
    for name, test in tests:
        kwargs = {}
        missing = []
        for parameter in inspect.signature(test).parameters:
            if parameter in subjects:
                kwargs[parameter] = subjects[parameter]
            elif parameter == "rng":
                kwargs[parameter] = np.random.default_rng(zlib.crc32(name.encode()))
            else:
                missing.append(parameter)
        if missing:
            outcomes.append(TestOutcome(name, False, f"it asks for {', '.join(missing)}, which the grader cannot "
                                                     f"provide (available: {', '.join([*subjects, 'rng'])})"))
            continue
        try:
            test(**kwargs)
        except (KeyboardInterrupt, MemoryError):
            raise
        except BaseException as exc:  # the learner's test failed: data here, not an error (pytest.raises's
            # "DID NOT RAISE" and pytest.fail are BaseExceptions, and so is a stray sys.exit)
            last = traceback.extract_tb(exc.__traceback__)[-1]
            outcomes.append(TestOutcome(name, False, f"{type(exc).__name__}: {exc} (line {last.lineno})".strip()))
        else:
            outcomes.append(TestOutcome(name, True))
    return outcomes


def _subjects(module: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(module, name) for name in names}


# One grading child grades one learner: each (suite, subjects) pair is run once, not once per check case.
_RUNS: dict[tuple, list[TestOutcome]] = {}


def _run_cached(tests: list[tuple[str, Callable]], subjects: dict[str, Any]) -> list[TestOutcome]:
    key = (tuple(fn for _, fn in tests), tuple(subjects.items()))
    try:
        hash(key)
    except TypeError:  # an unhashable subject: run without the cache
        return run_tests(tests, subjects)
    if key not in _RUNS:
        _RUNS[key] = run_tests(tests, subjects)
    return _RUNS[key]


def _survivors(tests: list[tuple[str, Callable]], reference: Any, subjects: tuple[str, ...],
               mutants: tuple[Mistake, ...]) -> list[str]:
    """The names of the mutants on which every test passes."""
    return [m.name for m in mutants
            if all(o.passed for o in _run_cached(tests, _subjects(m.apply(reference), subjects)))]


def expect_tests_pass_on_reference(solution: Any, reference: Any, subjects: tuple[str, ...], minimum: int = 1) -> None:
    """The learner wrote at least ``minimum`` tests, and every one passes on the correct implementation."""
    tests = learner_tests(solution)
    if len(tests) < minimum:
        raise CheckFailure(f"your file defines {len(tests)} test function(s) (named test_...); write at least {minimum}")
    failing = [o for o in _run_cached(tests, _subjects(reference, subjects)) if not o.passed]
    if failing:
        lines = "\n".join(f"  {o.name}: {o.detail}" for o in failing)
        raise CheckFailure(f"{len(failing)} of your tests fail on the correct implementation, so they would reject "
                           f"good code:\n{lines}")
    mutants = mutants_of(reference)
    if mutants and len(_survivors(tests, reference, subjects, mutants)) == len(mutants):
        raise CheckFailure(f"your {len(tests)} test(s) pass on the correct implementation, but they also pass on every "
                           f"one of the {len(mutants)} broken versions, so they prove nothing yet (a test that "
                           f"asserts nothing always passes). Make them check what the statement asks.")


def expect_tests_kill(solution: Any, reference: Any, mutant: Mistake, subjects: tuple[str, ...]) -> None:
    """At least one of the learner's tests fails on ``mutant`` (the mutant is 'killed')."""
    tests = learner_tests(solution)
    if not tests:
        raise CheckFailure("your file defines no test functions (named test_...), so no mutant can be caught")
    outcomes = _run_cached(tests, _subjects(mutant.apply(reference), subjects))
    if all(o.passed for o in outcomes):
        alive = _survivors(tests, reference, subjects, mutants_of(reference))
        alive = alive if mutant.name in alive else [mutant.name, *alive]
        raise CheckFailure(f"mutant '{mutant.name}' survived: every one of your {len(tests)} tests passes on an "
                           f"implementation that {mutant.message}. Add a test that this bug would fail.\n"
                           f"Surviving mutants ({len(alive)}): {', '.join(alive)}")


def mutants_of(reference: Any) -> tuple[Mistake, ...]:
    return tuple(getattr(reference, "MUTANTS", ()))


def expect_kind_present(solution: Any, reference: Any, kind: str, subjects: tuple[str, ...]) -> None:
    """The learner's suite holds a test of ``kind``: it kills every mutant the reference's ``TEST_KINDS``
    assigns to that kind, mutants that only a test of that kind catches (never a golden value)."""
    from kata.mistakes import find

    tests = learner_tests(solution)
    if not tests:
        raise CheckFailure("your file defines no test functions (named test_...)")
    wanted = [find(type("Mutants", (), {"MISTAKES": mutants_of(reference)}), name)
              for name in dict(getattr(reference, "TEST_KINDS", {}))[kind]]
    alive = [m for m in wanted if all(o.passed for o in _run_cached(tests, _subjects(m.apply(reference), subjects)))]
    if alive:
        raise CheckFailure(f"no {kind} test found: every one of your tests passes on a block that "
                           f"{alive[0].message}, which a {kind} test catches. The lab asks for this kind of test; "
                           "a hard-coded output value for one seeded example does not check it.")


def kind_check(kinds: dict[str, tuple[str, ...]], subjects: tuple[str, ...], points_total: float):
    """A ready check (assign it in a check module) worth ``points_total``, one case per kind of test."""
    import pytest

    from kata.testing import points

    @points(points_total)
    @pytest.mark.parametrize("kind", list(kinds))
    def test_your_tests_include_each_kind(solution, reference, kind):
        """your tests include each kind the lab asks for (each is recognised by mutants only it catches)"""
        expect_tests_pass_on_reference(solution, reference, subjects)
        expect_kind_present(solution, reference, kind, subjects)

    return test_your_tests_include_each_kind
