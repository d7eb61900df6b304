"""Exercise 13.15: sinusoidal positional encoding values (reference solution)."""

import math

import numpy as np


def sinusoidal_pe(pos, i, d_model):
    """PE(pos, i): sin for even i, cos for odd i, of pos / 10000**(2*(i // 2) / d_model)."""
    angle = pos / 10000 ** (2 * (i // 2) / d_model)
    return math.sin(angle) if i % 2 == 0 else math.cos(angle)


def sinusoidal_pe_matrix(n_positions, d_model):
    """The (n_positions, d_model) table whose row pos is PE(pos, 0..d_model-1)."""
    pair = np.arange(d_model) // 2
    angle = np.arange(n_positions)[:, None] / 10000.0 ** (2 * pair / d_model)
    return np.where(np.arange(d_model) % 2 == 0, np.sin(angle), np.cos(angle))


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(angle_of, even=np.sin, odd=np.cos):
    """Both functions built from one (wrong) angle rule ``angle_of(pos, i, d_model)`` or trig pairing."""

    def matrix(n_positions, d_model):
        pos, i = np.arange(n_positions)[:, None], np.arange(d_model)
        angle = angle_of(pos, i, d_model)
        return np.where(i % 2 == 0, even(angle), odd(angle))

    def value(pos, i, d_model):
        return float(matrix(pos + 1, d_model)[pos, i])

    return {"sinusoidal_pe": value, "sinusoidal_pe_matrix": matrix}


def _right_angle(pos, i, d_model):
    return pos / 10000.0 ** (2 * (i // 2) / d_model)


MISTAKES = (
    mistake("sin and cos swapped", "even dimensions take the sine and odd ones the cosine; yours are the other "
            "way round (PE(0, 0) must be 0)", **_variant(_right_angle, even=np.cos, odd=np.sin)),
    mistake("exponent uses i instead of 2k", "both dimensions of a pair share one frequency: the exponent is "
            "2*(i // 2) / d_model, not i / d_model",
            **_variant(lambda pos, i, d: pos / 10000.0 ** (i / d))),
    mistake("angle multiplied by the frequency divisor", "the angle is pos / 10000^(2k/d_model); you multiply "
            "by 10000^(2k/d_model), so later pairs turn faster instead of slower (pair 0 hides it)",
            **_variant(lambda pos, i, d: pos * 10000.0 ** (2 * (i // 2) / d))),
    mistake("base 1000", "the base of the wavelengths is 10000, not 1000",
            **_variant(lambda pos, i, d: pos / 1000.0 ** (2 * (i // 2) / d))),
)
