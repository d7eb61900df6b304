"""Checks for 6.1: gradients through a deep tanh stack, with and without residual connections."""

import pytest

from exercises.stage6_01_residual.questions import CHOICES
from kata.testing import check, choice_check, expect_function, expect_prediction, expect_same, known, points

CASES = [(0, True, 3, 64), (1, False, 5, 64), (3, True, 1, 16), (10, False, 2, 64), (10, True, 2, 64),
         (30, False, 7, 32), (30, True, 7, 32), (100, False, 11, 64), (100, True, 11, 64)]


# torch autograd and an explicit product of Jacobians differ from the reference by 3e-15 relative over 100 layers;
# the smallest declared mistake (W instead of W.T) by 0.7 relative.
@points(4)
@pytest.mark.parametrize("depth, residual, seed, width", CASES)
def test_grad_norm_matches_reference(solution, reference, depth, residual, seed, width):
    """grad_norm_through_depth matches the reference (plain and residual, depths 0 to 100)"""
    expect_function(solution, reference, "grad_norm_through_depth", depth, residual, seed, width=width,
                    rtol=1e-6)


@points(2)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_plain_stack_gradient_vanishes(solution, seed):
    """at depth 100 the plain stack's gradient is below 1e-3 of the residual stack's"""
    plain = solution.grad_norm_through_depth(100, False, seed)
    residual = solution.grad_norm_through_depth(100, True, seed)
    check(residual > 0 and plain < 1e-3 * residual,
          f"with seed {seed}, depth 100: plain stack {plain:.3g}, residual stack {residual:.3g}; the plain "
          "stack's gradient should be below a thousandth of the residual one (it vanishes)")


@points(1)
@pytest.mark.parametrize("d", [2, 5, 16])
def test_residual_jacobian(solution, reference, d, rng):
    """residual_jacobian(J) equals I + J for random J"""
    jac = rng.normal(size=(d, d))
    # I + J is exact in every order (0 measured); the smallest mistake moves an entry by 1
    expect_same(lambda module: module.residual_jacobian(jac.copy()), solution, reference, atol=1e-12,
                what=f"residual_jacobian(J of shape {jac.shape})")


SHRINK = 1 / 3**0.5  # the std of U(-b, b) is b / sqrt(3), so W.T scales a vector's norm by about sqrt(width / 3) / sqrt(width)
SHRINK_TOLERANCE = 0.06  # measured factors over seeds 0-5 lie in 0.566-0.577; 1/3 (the variance) and 0.9 stay out


@points(1)
def test_predicted_shrink_per_layer(solution, reference):
    """the predicted shrink factor per plain layer is about 1/sqrt(3), as the weights' spread implies"""

    def hint(value):
        if abs(value - 1 / 3) < 0.03:
            return known(reference, "variance taken for the norm factor")
        if value >= 0.8:
            return ("each backward step multiplies by W.T, whose entries have std (1/sqrt(width)) / sqrt(3): "
                    "the norm shrinks by a clear factor per layer, not a little")
        return ("a vector g times W.T has squared norm about |g|^2 * width * Var(W_ij); with "
                "W ~ U(-1/sqrt(width), 1/sqrt(width)) that variance is 1 / (3 width), and tanh' is close to 1 "
                "once the activations are small")

    expect_prediction(
        solution, "PREDICTED_SHRINK_PER_LAYER", SHRINK, SHRINK_TOLERANCE,
        asks="a number, your prediction of the factor by which one plain layer multiplies the gradient's norm",
        explain=f", but one plain layer multiplies the gradient's norm by about {SHRINK:.3f} (your "
                "grad_norm_through_depth gives (g(100) / g(0)) ** (1/100)): ",
        hint=hint)


test_choices = choice_check(CHOICES)
