"""Exercise 13.27: the RoPE score depends only on n - m (reference solution)."""

import numpy as np


def rotate(x, pos, base=10000.0):
    """R_pos x for x of shape (..., d): pair (x[2i], x[2i+1]) turns by pos * base**(-2i/d)."""
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    if d % 2:
        raise ValueError(f"RoPE needs an even dimension, got d={d}")
    angle = np.asarray(pos, dtype=float)[..., None] * base ** (-np.arange(0, d, 2) / d)
    c, s = np.cos(angle), np.sin(angle)
    a, b = x[..., 0::2], x[..., 1::2]
    out = np.empty(np.broadcast_shapes(x.shape, angle.shape[:-1] + (d,)))
    out[..., 0::2] = a * c - b * s
    out[..., 1::2] = a * s + b * c
    return out


def rope_score(q, k, m, n):
    """<R_m q, R_n k> over the last axis."""
    return (rotate(q, m) * rotate(k, n)).sum(axis=-1)


def relative_score(q, k, delta):
    """The same score from the offset alone: R_m^T R_n = R_(n-m), so it is <q, R_delta k>."""
    return (np.asarray(q, dtype=float) * rotate(k, delta)).sum(axis=-1)


REFLECTION = ("R_m is orthogonal, so R_m^T = R_(-m) and R_m^T R_n = R_(n-m); hence "
              "<R_m q, R_n k> = q^T R_m^T R_n k = <q, R_(n-m) k>, a function of n - m only.")


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _rotate_as(x, pos, exponent, halves):
    """rotate() with another frequency exponent and/or the half-split pairing (for the mistakes below)."""
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    angle = np.asarray(pos, dtype=float)[..., None] * 10000.0 ** (-exponent(d) / d)
    c, s = np.cos(angle), np.sin(angle)
    a, b = (x[..., : d // 2], x[..., d // 2:]) if halves else (x[..., 0::2], x[..., 1::2])
    ra, rb = a * c - b * s, a * s + b * c
    return np.concatenate([ra, rb], axis=-1) if halves else np.stack([ra, rb], axis=-1).reshape(ra.shape[:-1] + (d,))


def _pair_index(d):
    return np.arange(d // 2)


def _even_index(d):
    return np.arange(0, d, 2)


def _sum_of_positions(q, k, m, n):
    return (np.asarray(q, dtype=float) * rotate(k, np.asarray(m) + np.asarray(n))).sum(axis=-1)


def _flipped_delta(q, k, delta):
    return (np.asarray(q, dtype=float) * rotate(k, -np.asarray(delta))).sum(axis=-1)


def _key_only(q, k, m, n):
    return (np.asarray(q, dtype=float) * rotate(k, n)).sum(axis=-1)


def _scores(exponent, halves):
    """rope_score and relative_score built on one wrong rotation, as a learner's shared helper would be."""
    def rope(q, k, m, n):
        return (_rotate_as(q, m, exponent, halves) * _rotate_as(k, n, exponent, halves)).sum(axis=-1)

    def relative(q, k, delta):
        return (np.asarray(q, dtype=float) * _rotate_as(k, delta, exponent, halves)).sum(axis=-1)

    return {"rope_score": rope, "relative_score": relative}


MISTAKES = (
    mistake("m+n instead of n-m", "your rope_score equals <q, R_(m+n) k>: you combined the rotations as R_m R_n. "
            "Moving R_m to the other side of the dot product transposes it, and R_m^T = R_(-m), so the "
            "combined rotation is R_(n-m)", rope_score=_sum_of_positions),
    mistake("delta sign flipped", "your relative_score rotates k by -delta (or q by +delta): with delta = n - m "
            "the score is <q, R_delta k> = <R_(-delta) q, k>", relative_score=_flipped_delta),
    mistake("only the key rotated", "your rope_score rotates k by n but leaves q unrotated; the query at "
            "position m is rotated too: <R_m q, R_n k>", rope_score=_key_only),
    mistake("wrong frequencies", "your frequencies are 10000 ** (-i / d) with i the pair index; RoPE uses "
            "theta_i = 10000 ** (-2i / d). The relative property still holds (it holds for any frequencies), "
            "but the scores are not RoPE's", **_scores(_pair_index, halves=False)),
    mistake("half-split pairing", "you pair x[i] with x[i + d/2] (the 'rotate half' layout); this kata uses the "
            "interleaved pairs (x[2i], x[2i+1])", **_scores(_even_index, halves=True)),
)
