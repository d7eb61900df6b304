"""The mutation mode (kata/checking/mutation.py): the learner's own tests graded by passing on the reference and failing
on its mutants.

Unit tests use a toy reference (``double`` and two mutants); the end-to-end tests grade lab00.1 (LayerNorm and
its property tests) in a real grading child, through ``kata.grading.runner.grade`` and the ``kata`` command.
"""

from __future__ import annotations

import json
import subprocess
import types
from pathlib import Path

import pytest

from helpers import kata_script, subprocess_env
from kata.checking.compare import CheckFailure
from kata.checking.mutation import expect_tests_kill, expect_tests_pass_on_reference, learner_tests, run_tests
from kata.exercise import Exercise, solution_text
from kata.grading.plugin import LearnerModule
from kata.grading.runner import grade
from kata.mistakes import mistake
from kata.state.registry import load_registry

# ---- a toy reference: `double`, and two mutants of it ------------------------------------------------------


def _module(name: str, source: str) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__file__ = f"<{name}>"
    exec(compile(source, f"<{name}>", "exec"), module.__dict__)
    return module


REFERENCE = _module("toy_reference", """
from kata.mistakes import mistake

def double(x):
    return 2 * x

MUTANTS = (
    mistake("tripled", "multiplies by 3", double=lambda x: 3 * x),
    mistake("off by one at zero", "returns 1 for 0", double=lambda x: 2 * x if x else 1),
)
""")

GOOD_SUITE = """
def test_small_numbers(double):
    assert double(3) == 6

def test_zero(double):
    assert double(0) == 0
"""


def _suite(source: str) -> types.ModuleType:
    return _module("toy_learner", source)


def _outcomes(source: str, subject=REFERENCE.double):
    return {o.name: o for o in run_tests(learner_tests(_suite(source)), {"double": subject})}


def test_learner_tests_are_the_test_functions_in_file_order():
    module = _suite("""
def test_b(double): pass
def helper(): pass
test_not_a_function = 3
def test_a(double): pass
class test_class: pass
""")
    assert [name for name, _ in learner_tests(module)] == ["test_b", "test_a"]


def test_learner_tests_see_through_the_graders_wrapper():
    wrapped = LearnerModule(_suite(GOOD_SUITE), "lab00.1")
    assert [name for name, _ in learner_tests(wrapped)] == ["test_small_numbers", "test_zero"]


def test_run_tests_passes_the_subject_and_a_seeded_rng():
    seen = []
    module = _suite("def test_draw(double, rng):\n    seen.append((double, rng.normal()))\n")
    module.seen = seen
    for _ in range(2):
        assert [o.passed for o in run_tests(learner_tests(module), {"double": REFERENCE.double})] == [True]
    assert seen[0][0] is REFERENCE.double and seen[0][1] == seen[1][1]  # same name, same draws


def test_run_tests_reports_failures_in_plain_words():
    outcomes = _outcomes("""
def test_assert(double):
    assert double(2) == 5, "two doubled"

def test_missing(double, numpy_array):
    pass

def test_error(double):
    double("x") + 1

def test_pytest_raises(double):
    import pytest
    with pytest.raises(ValueError):
        double(1)
""")
    assert not any(o.passed for o in outcomes.values())
    assert outcomes["test_assert"].detail.startswith("AssertionError: two doubled (line 3)")
    assert "numpy_array" in outcomes["test_missing"].detail and "cannot provide" in outcomes["test_missing"].detail
    assert outcomes["test_error"].detail.startswith("TypeError")
    assert "DID NOT RAISE" in outcomes["test_pytest_raises"].detail  # a BaseException in pytest, still a failure


def test_keyboard_interrupt_is_not_swallowed():
    with pytest.raises(KeyboardInterrupt):
        _outcomes("def test_stop(double):\n    raise KeyboardInterrupt\n")


def test_a_good_suite_passes_and_kills_every_mutant():
    solution = _suite(GOOD_SUITE)
    expect_tests_pass_on_reference(solution, REFERENCE, ("double",))
    for mutant in REFERENCE.MUTANTS:
        expect_tests_kill(solution, REFERENCE, mutant, ("double",))


def test_a_suite_that_asserts_nothing_fails_even_the_pass_check():
    solution = _suite("def test_nothing(double):\n    double(1)\n")
    with pytest.raises(CheckFailure, match="prove nothing"):
        expect_tests_pass_on_reference(solution, REFERENCE, ("double",))
    with pytest.raises(CheckFailure, match="survived"):
        expect_tests_kill(solution, REFERENCE, REFERENCE.MUTANTS[0], ("double",))


def test_too_few_tests_and_tests_that_reject_good_code_fail():
    with pytest.raises(CheckFailure, match="defines 1 test function"):
        expect_tests_pass_on_reference(_suite(GOOD_SUITE.split("def test_zero")[0]), REFERENCE, ("double",), 2)
    with pytest.raises(CheckFailure, match=r"1 of your tests fail on the correct implementation[\s\S]*test_wrong"):
        expect_tests_pass_on_reference(_suite(GOOD_SUITE + "\ndef test_wrong(double):\n    assert double(1) == 3\n"),
                                       REFERENCE, ("double",))


def test_a_surviving_mutant_is_named_with_every_other_survivor():
    solution = _suite("def test_three(double):\n    assert double(3) == 6\n")  # catches 'tripled' only
    expect_tests_kill(solution, REFERENCE, REFERENCE.MUTANTS[0], ("double",))
    with pytest.raises(CheckFailure) as failure:
        expect_tests_kill(solution, REFERENCE, REFERENCE.MUTANTS[1], ("double",))
    message = str(failure.value)
    assert "mutant 'off by one at zero' survived" in message and "returns 1 for 0" in message
    assert "Surviving mutants (1): off by one at zero" in message


def test_a_mutant_outside_the_references_list_is_still_named():
    extra = mistake("negated", "negates", double=lambda x: -2 * x)
    with pytest.raises(CheckFailure, match=r"Surviving mutants \(3\): negated, tripled, off by one at zero"):
        expect_tests_kill(_suite("def test_none(double):\n    double(1)\n"), REFERENCE, extra, ("double",))


# ---- end to end: lab00.1 graded in a real grading child -------------------------------------------------

MUTATION_CHECKS = ("your tests pass on the correct implementation",
                   "your tests catch each mutant (a broken implementation)")


@pytest.fixture(scope="module")
def lab00_1() -> Exercise:
    return load_registry(env={}, entry_points=False).get("lab00.1")


@pytest.fixture(scope="module")
def correct_layer_norm(lab00_1: Exercise) -> str:
    """The reference's LayerNorm with none of its tests (the part of the solution above the tests)."""
    head, marker, _ = solution_text(lab00_1).partition("# ---- your tests")
    assert marker, "the lab00.1 reference no longer marks where its tests start"
    return head


def _grade(exercise: Exercise, tmp_path: Path, source: str):
    path = tmp_path / "lab00_1_layer_norm.py"
    path.write_text(source, encoding="utf-8")
    result = grade(exercise, file=path)
    assert result.status in ("pass", "fail"), result.message
    return result, {c["name"]: c for c in result.checks}


def _mutation_points(checks: dict) -> float:
    return sum(checks[name]["points"] for name in MUTATION_CHECKS)


def test_a_suite_that_asserts_nothing_scores_zero(lab00_1: Exercise, correct_layer_norm: str, tmp_path: Path):
    suite = "\n\ndef test_runs(LayerNorm, rng):\n    LayerNorm(4)(rng.normal(size=(2, 4)))\n"
    result, checks = _grade(lab00_1, tmp_path, correct_layer_norm + suite)
    assert result.status == "fail" and _mutation_points(checks) == 0
    assert result.score == lab00_1.points - sum(checks[name]["max_points"] for name in MUTATION_CHECKS)
    assert "prove nothing" in checks[MUTATION_CHECKS[0]]["message"]


def test_a_suite_that_catches_every_mutant_gets_full_marks(lab00_1: Exercise, tmp_path: Path):
    result, checks = _grade(lab00_1, tmp_path, solution_text(lab00_1))
    assert result.status == "pass" and result.score == lab00_1.points
    assert _mutation_points(checks) == sum(checks[name]["max_points"] for name in MUTATION_CHECKS) == 7


def test_a_suite_that_fails_on_the_reference_gets_no_mutant_points(lab00_1: Exercise, correct_layer_norm: str,
                                                                    tmp_path: Path):
    suite = ("\n\ndef test_sample_variance(LayerNorm, rng):\n"
             "    y = LayerNorm(4)(rng.normal(size=(3, 4)))\n"
             "    assert abs(y.var(axis=-1, ddof=1) - 1.0).max() < 1e-3  # wrong: LayerNorm uses ddof=0\n")
    result, checks = _grade(lab00_1, tmp_path, correct_layer_norm + suite)
    assert _mutation_points(checks) == 0
    assert "fail on the correct implementation" in checks[MUTATION_CHECKS[0]]["message"]
    assert "test_sample_variance" in checks[MUTATION_CHECKS[1]]["message"]


def test_the_report_names_the_surviving_mutants(lab00_1: Exercise, correct_layer_norm: str, tmp_path: Path):
    suite = ("\n\ndef test_zero_mean_unit_variance(LayerNorm, rng):\n"
             "    y = LayerNorm(8)(rng.normal(3.0, 2.0, size=(5, 8)))\n"
             "    assert abs(y.mean(axis=-1)).max() < 1e-9 and abs(y.var(axis=-1) - 1.0).max() < 1e-4\n")
    path = tmp_path / "learner.py"
    path.write_text(correct_layer_norm + suite, encoding="utf-8")
    done = subprocess.run([kata_script(), "check", "lab00.1", "--file", str(path), "--json"], cwd=tmp_path,
                          env=subprocess_env(), capture_output=True, text=True, timeout=180)
    assert done.returncode == 1, done.stdout + done.stderr
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks[MUTATION_CHECKS[0]]["status"] == "pass"
    caught = checks[MUTATION_CHECKS[1]]
    assert caught["status"] == "fail" and caught["points"] == 2.0  # axis 0 and ddof=1 of 6 mutants, 1 point each
    survivors = "Surviving mutants (4): no eps, eps outside the sqrt, gamma/beta ignored, no shape validation"
    assert survivors in caught["message"] and "(4 of 6 cases failed)" in caught["message"]


# ---- lab00.5: a golden value is not a test suite -----------------------------------------------------------

LAB5_TEST_CHECKS = ("your tests pass on the correct implementation",
                    "your tests catch each mutant (a broken implementation)",
                    "your tests include each kind the lab asks for (each is recognised by mutants only it catches)")


def _lab5_grade(tmp_path: Path, tests: str | None):
    exercise = load_registry(env={}, entry_points=False).get("lab00.5")
    source = solution_text(exercise)
    if tests is not None:
        head, marker, _ = source.partition("# ---- your tests")
        assert marker, "the lab00.5 reference no longer marks where its tests start"
        source = head + tests
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "lab00_5_sanity.py"
    path.write_text(source, encoding="utf-8")
    result = grade(exercise, file=path)
    assert result.status in ("pass", "fail"), result.message
    checks = {c["name"]: c for c in result.checks}
    earned = sum(checks[n]["points"] for n in LAB5_TEST_CHECKS)
    return earned, sum(checks[n]["max_points"] for n in LAB5_TEST_CHECKS), checks


def test_lab00_5_a_single_golden_value_scores_low_and_a_good_suite_full(tmp_path: Path) -> None:
    golden = '''
def test_golden_value(TransformerBlock):
    block = TransformerBlock(16, 4, 32, np.random.default_rng(0))
    x = np.random.default_rng(1).normal(size=(6, 16))
    assert abs(block(x)[0, 0] - 0.7786901841077766) < 1e-9
'''
    points, possible, checks = _lab5_grade(tmp_path / "golden", golden)
    assert checks[LAB5_TEST_CHECKS[0]]["status"] == "pass", "the golden value is right on the reference"
    assert points <= 0.5 * possible, (points, possible)
    assert checks[LAB5_TEST_CHECKS[2]]["points"] == 0
    assert "no shape preservation test found" in checks[LAB5_TEST_CHECKS[2]]["message"]
    points, possible, _ = _lab5_grade(tmp_path / "good", None)
    assert points == possible == 10
