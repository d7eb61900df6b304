"""Public path kept for check modules; the code lives in kata.checking.mutation."""

from __future__ import annotations

from kata.checking.mutation import (TestOutcome, expect_kind_present, expect_tests_kill, expect_tests_pass_on_reference,
                                    kind_check, learner_tests, mutants_of, run_tests)

__all__ = ["TestOutcome", "expect_kind_present", "expect_tests_kill", "expect_tests_pass_on_reference",
           "kind_check", "learner_tests", "mutants_of", "run_tests"]
