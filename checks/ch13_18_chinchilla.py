"""Checks for 13.18: chinchilla_optimal(compute) -> (N, D) with C = 6 N D and D = 20 N."""

import pytest

from exercises.ch13_18_chinchilla.questions import CHOICES
from kata.testing import check, choice_check, expect_close, expect_function, points

BUDGETS = [1e22, 1e18, 1e20, 3.15e23, 5.76e23, 1e25]


@points(3)
@pytest.mark.parametrize("compute", BUDGETS)
def test_matches_reference(solution, reference, compute):
    """chinchilla_optimal matches the reference for several budgets, the book's 1e22 included"""
    expect_function(solution, reference, "chinchilla_optimal", compute)


# A toy budget too: on 1e18 and up, a floor division (compute // 120) loses under 1e-16 of N.
# N = sqrt(C / 120) or D = sqrt(20 C / 6) then N = D / 20 give 6 N D off C by <= 2e-16 relative and D / N off 20 by
# < 1e-14; compute // 120 on 1e6 is off by 8e-5, 2 N D for 6 N D by 2, D = N / 20 by 19.95: hence 1e-9.
@points(1)
@pytest.mark.parametrize("compute", BUDGETS[:3] + [1e6])
def test_spends_budget_at_twenty_tokens_per_parameter(solution, compute):
    """the pair spends the budget (6 N D = C) with 20 tokens per parameter"""
    pair = solution.chinchilla_optimal(compute)
    check(isinstance(pair, (tuple, list)) and len(pair) == 2, f"chinchilla_optimal({compute:g}) should return "
          f"a pair (N, D), not {pair!r}")
    N, D = pair
    expect_close(6 * N * D, compute, atol=0.0, rtol=1e-9, what=f"6 N D for chinchilla_optimal({compute:g})")
    expect_close(D / N, 20.0, atol=1e-9, what=f"D / N (tokens per parameter) for chinchilla_optimal({compute:g})")


test_choices = choice_check(CHOICES)
