"""Exercise 13.16: the RoPE rotation of one pair of dimensions (reference solution)."""

import numpy as np


def rope_rotation(m, omega):
    """The 2x2 matrix turning a pair (q0, q1) counter-clockwise by the angle m * omega."""
    c, s = np.cos(m * omega), np.sin(m * omega)
    return np.array([[c, -s], [s, c]], dtype=np.float64)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _clockwise(m, omega):
    return rope_rotation(m, omega).T


def _no_position(m, omega):
    return rope_rotation(1, omega)


def _swapped(m, omega):
    c, s = np.cos(m * omega), np.sin(m * omega)
    return np.array([[s, -c], [c, s]])


MISTAKES = (
    mistake("clockwise (transposed)", "your matrix is the transpose, [[cos, sin], [-sin, cos]]: a clockwise turn. "
            "It is still a rotation, so only the direction gives it away; RoPE's R_m sends (1, 0) to "
            "(cos, sin)", rope_rotation=_clockwise),
    mistake("angle not multiplied by m", "the angle is m * omega: the position m must set how far the pair "
            "turns (and R_0 must be the identity)", rope_rotation=_no_position),
    mistake("sin and cos swapped", "cos belongs on the diagonal and sin off it: [[cos, -sin], [sin, cos]]",
            rope_rotation=_swapped),
)
