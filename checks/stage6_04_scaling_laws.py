"""Checks for 6.4: loss ratios and parameter multipliers under L(N) = C / N**alpha."""

import pytest

from exercises.stage6_04_scaling_laws.questions import CHOICES
from kata.testing import check, choice_check, expect_close, expect_function, points

KAPLAN = 0.076
MULTIPLIERS = [(2, KAPLAN), (0.5, KAPLAN), (10, 0.34), (1000, 0.05), (3.7, 0.5), (1.0, 0.2), (0.1, 0.095),
               (1e6, 0.076)]
RATIOS = [(0.5, KAPLAN), (0.9, 0.34), (0.99, 0.05), (1.2, 0.2), (0.25, 0.5), (0.95, 0.095)]
# expect_function's rtol 1e-9: exp(-alpha log k), 1 / k**alpha and (1/r)**(1/alpha) differ from the reference by
# 2e-16 (ratios) and 1e-15 (multipliers) relative, the round trip by 1e-15; the smallest mistake is 1.2 relative.
# The book cases accept the book's rounded 0.9487 and 9139.5 (exact: 0.948684, 9139.47); every mistake is >= 0.05
# (ratio) and >= 9000 (multiplier) away.


@points(3)
@pytest.mark.parametrize("multiplier, alpha", MULTIPLIERS)
def test_loss_ratio(solution, reference, multiplier, alpha):
    """loss_ratio(k, alpha) matches the reference"""
    expect_function(solution, reference, "loss_ratio", multiplier, alpha)


@points(3)
@pytest.mark.parametrize("ratio, alpha", RATIOS)
def test_param_multiplier(solution, reference, ratio, alpha):
    """param_multiplier_for_loss_ratio(ratio, alpha) matches the reference"""
    expect_function(solution, reference, "param_multiplier_for_loss_ratio", ratio, alpha)


@points(1)
@pytest.mark.parametrize("multiplier, alpha", [(7.0, 0.076), (0.3, 0.3), (123.0, 0.05)])
def test_round_trip(solution, multiplier, alpha):
    """param_multiplier_for_loss_ratio undoes loss_ratio"""
    back = solution.param_multiplier_for_loss_ratio(solution.loss_ratio(multiplier, alpha), alpha)
    expect_close(back, multiplier, atol=0.0, rtol=1e-9,
                 what=f"param_multiplier_for_loss_ratio(loss_ratio({multiplier}, {alpha}), {alpha}), which should give "
                 f"back {multiplier},")


@points(1)
def test_book_cases(solution):
    """with alpha = 0.076, doubling gives a ratio of about 0.949 and halving the loss takes about 9,100x"""
    doubled = solution.loss_ratio(2, KAPLAN)
    check(abs(doubled - 0.9487) < 1e-3, f"loss_ratio(2, 0.076) is {doubled!r}; doubling the parameters should "
          "leave about 94.9% of the loss (a 5% decrease)")
    halving = solution.param_multiplier_for_loss_ratio(0.5, KAPLAN)
    check(abs(halving - 9139.5) < 10, f"param_multiplier_for_loss_ratio(0.5, 0.076) is {halving!r}; halving "
          "the loss should take about 9,100 times the parameters")


test_choices = choice_check(CHOICES)
