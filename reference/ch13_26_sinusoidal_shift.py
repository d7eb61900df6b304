"""Exercise 13.26: shifting a sinusoidal encoding by k positions is a matrix (reference solution)."""

import numpy as np


def _frequencies(d_model):
    """One frequency per (sin, cos) pair, as in kata.parts.PositionalEncoding."""
    return 10000.0 ** (-np.arange(0, d_model, 2) / d_model)


def sinusoidal_shift_matrix(k, d_model):
    """M_k of shape (d_model, d_model) with PE(pos + k) = M_k @ PE(pos) for every pos (interleaved sin/cos).

    Pair i = (sin(pos w_i), cos(pos w_i)) turns by the angle k w_i, by the angle-addition formulas:
    the block [[cos k w_i, sin k w_i], [-sin k w_i, cos k w_i]] sits at rows and columns 2i, 2i+1.
    """
    if d_model <= 0 or d_model % 2:
        raise ValueError(f"d_model must be a positive even number (sin/cos pairs), got {d_model}")
    angle = k * _frequencies(d_model)
    c, s = np.cos(angle), np.sin(angle)
    i = np.arange(0, d_model, 2)
    M = np.zeros((d_model, d_model))
    M[i, i], M[i, i + 1] = c, s
    M[i + 1, i], M[i + 1, i + 1] = -s, c
    return M


REFLECTION = ("Each (sin, cos) pair of PE(pos + k) is the pair of PE(pos) turned by the angle k*w_i "
              "(angle addition), so a block-diagonal rotation that depends on k only maps one to the other.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _blocks(angle, rows, cols, d_model):
    """A block-diagonal matrix with [[cos, sin], [-sin, cos]] of `angle` on the pairs (rows, cols)."""
    c, s = np.cos(angle), np.sin(angle)
    M = np.zeros((d_model, d_model))
    M[rows, rows], M[rows, cols], M[cols, rows], M[cols, cols] = c, s, -s, c
    return M


def _checked(d_model):
    if d_model % 2:
        raise ValueError("odd d_model")
    return np.arange(0, d_model, 2)


def _transposed(k, d_model):
    i = _checked(d_model)
    return _blocks(k * _frequencies(d_model), i, i + 1, d_model).T


def _wrong_frequencies(k, d_model):
    i = _checked(d_model)
    return _blocks(k * 10000.0 ** (-np.arange(d_model // 2) / d_model), i, i + 1, d_model)


def _half_split(k, d_model):
    _checked(d_model)
    half = np.arange(d_model // 2)
    return _blocks(k * _frequencies(d_model), half, half + d_model // 2, d_model)


def _k_ignored(k, d_model):
    i = _checked(d_model)
    return _blocks(_frequencies(d_model), i, i + 1, d_model)


MISTAKES = (
    mistake("transposed (the shift by -k)", "your matrix is the transpose of M_k, which is its inverse: it shifts by "
            "-k. From sin(a+b) = sin a cos b + cos a sin b the sine row is [cos kw, +sin kw] and the cosine "
            "row is [-sin kw, cos kw]", sinusoidal_shift_matrix=_transposed),
    mistake("wrong frequencies", "your frequencies are 10000 ** (-i / d_model) with i the pair index; the encoding "
            "uses 10000 ** (-2i / d_model), i.e. the exponent counts dimensions 0, 2, 4, ...",
            sinusoidal_shift_matrix=_wrong_frequencies),
    mistake("half-split pairing", "your blocks pair dimension i with i + d_model/2 (the 'rotate half' layout); "
            "this encoding interleaves, so pair i is (2i, 2i+1)", sinusoidal_shift_matrix=_half_split),
    mistake("k ignored", "your angles do not grow with k (you built M_1 whatever k is); the block of pair i turns "
            "by k * w_i", sinusoidal_shift_matrix=_k_ignored),
)
