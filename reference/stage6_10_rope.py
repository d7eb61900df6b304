"""Exercise 6.10: rotary position embeddings (reference solution).

`rope_for` does the work for either pairing, so the checks can compare a learner with the
pairing they declared; `apply_rope` is the learner-facing function and uses this file's PAIRING.
"""

import numpy as np

PAIRING = "interleaved"
PAIRINGS = ("interleaved", "half")


def rope_angles(positions: np.ndarray, d: int, base: float = 10000.0) -> np.ndarray:
    """The rotation angle of every (position, pair): positions[:, None] * base ** (-2i / d), shape (seq, d/2)."""
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    return np.asarray(positions, dtype=np.float64)[:, None] * theta


def rotate_pairs(x: np.ndarray, angle: np.ndarray, pairing: str) -> np.ndarray:
    """Turn pair i of every row of x by angle[..., i]; the pairs are chosen by `pairing`."""
    half = x.shape[-1] // 2
    if pairing == "interleaved":
        a, b = x[..., 0::2], x[..., 1::2]
    else:
        a, b = x[..., :half], x[..., half:]
    cos, sin = np.cos(angle), np.sin(angle)
    ra, rb = a * cos - b * sin, a * sin + b * cos
    if pairing == "half":
        return np.concatenate([ra, rb], axis=-1)
    out = np.empty(ra.shape[:-1] + (2 * half,), dtype=ra.dtype)
    out[..., 0::2], out[..., 1::2] = ra, rb
    return out


def _validate(x: np.ndarray, positions: np.ndarray, pairing: str) -> None:
    if pairing not in PAIRINGS:
        raise ValueError(f"pairing must be one of {PAIRINGS}, got {pairing!r}")
    if x.ndim < 2:
        raise ValueError(f"x must have shape (..., seq, d), got {x.shape}")
    if x.shape[-1] % 2:
        raise ValueError(f"RoPE rotates pairs of features, so d must be even; got d={x.shape[-1]}")
    if np.shape(positions) != (x.shape[-2],):
        raise ValueError(f"positions must have shape (seq,) = ({x.shape[-2]},), got {np.shape(positions)}")


def rope_for(x: np.ndarray, positions: np.ndarray, pairing: str, base: float = 10000.0) -> np.ndarray:
    """RoPE of x (..., seq, d) at integer positions (seq,), with the given pairing."""
    x = np.asarray(x)
    x = x.astype(np.result_type(x.dtype, np.float64), copy=False)
    _validate(x, positions, pairing)
    return rotate_pairs(x, rope_angles(positions, x.shape[-1], base), pairing)


def apply_rope(x: np.ndarray, positions: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Rotate each feature pair of x by position * theta_i, theta_i = base ** (-2i / d)."""
    return rope_for(x, positions, PAIRING, base)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------
# Each wrong `rope_for` takes the pairing as an argument, so the checks can name the mistake whatever
# pairing the learner declared; `_as_learner` wraps it into the `apply_rope` of a learner file.

from kata.mistakes import mistake  # noqa: E402


def _as_learner(wrong_rope_for):
    def apply_rope(x, positions, base=10000.0):
        return wrong_rope_for(x, positions, PAIRING, base)
    return {"rope_for": wrong_rope_for, "apply_rope": apply_rope}


def _unscaled(x, positions, pairing, base=10000.0):
    x = np.asarray(x, dtype=np.float64)
    _validate(x, positions, pairing)
    d = x.shape[-1]
    theta = base ** (-2.0 * np.arange(d // 2) / d)
    return rotate_pairs(x, np.broadcast_to(theta, (len(positions), d // 2)), pairing)


def _frequencies(x, positions, pairing, base=10000.0):
    x = np.asarray(x, dtype=np.float64)
    _validate(x, positions, pairing)
    d = x.shape[-1]
    theta = base ** (-np.arange(d // 2) / d)
    return rotate_pairs(x, np.asarray(positions, dtype=np.float64)[:, None] * theta, pairing)


def _odd_accepted(x, positions, pairing, base=10000.0):
    x = np.asarray(x, dtype=np.float64)
    even = x.shape[-1] - x.shape[-1] % 2
    if even == x.shape[-1]:
        return rope_for(x, positions, pairing, base)
    rotated = rope_for(x[..., :even], positions, pairing, base)
    return np.concatenate([rotated, x[..., even:]], axis=-1)


def _backwards(x, positions, pairing, base=10000.0):
    return rope_for(x, -np.asarray(positions), pairing, base)


def _swapped(x, positions, pairing, base=10000.0):
    other = "half" if pairing == "interleaved" else "interleaved"
    return rope_for(x, positions, other, base)


def _arange(x, positions, pairing, base=10000.0):
    return rope_for(x, np.arange(np.shape(x)[-2]), pairing, base)


def _through_views(x, positions, pairing, base=10000.0):
    x = np.asarray(x, dtype=np.float64)  # no copy: like the learner's code, this writes into the caller's x
    _validate(x, positions, pairing)
    half = x.shape[-1] // 2
    first, second = (slice(0, None, 2), slice(1, None, 2)) if pairing == "interleaved" else \
        (slice(None, half), slice(half, None))
    angle = rope_angles(positions, x.shape[-1], base)
    a, b = x[..., first], x[..., second]
    x[..., first] = a * np.cos(angle) - b * np.sin(angle)
    x[..., second] = a * np.sin(angle) + b * np.cos(angle)
    return x


def _in_place(x, positions, pairing, base=10000.0):
    rotated = rope_for(x, positions, pairing, base)
    x[...] = rotated  # the right numbers, written over the caller's x
    return x


MISTAKES = (
    mistake("angle not scaled by position",
            "every position is turned by the same angle theta_i; the angle must be position * theta_i, "
            "so position 0 is not rotated at all", **_as_learner(_unscaled)),
    mistake("wrong frequencies",
            "your frequencies are base ** (-i / d); they are theta_i = base ** (-2i / d) for pair i = 0..d/2-1 "
            "(the exponent runs over the even feature indices 0, 2, 4, ...)", **_as_learner(_frequencies)),
    mistake("odd d accepted silently",
            "with an odd d one feature has no partner, and RoPE is undefined; check `d % 2` and raise "
            "ValueError instead of rotating what fits", **_as_learner(_odd_accepted)),
    mistake("rotation in the wrong direction",
            "you turn each pair clockwise (the sign of sin is flipped); RoPE uses "
            "(a cos t - b sin t, a sin t + b cos t)", **_as_learner(_backwards)),
    mistake("pairing declared one way but implemented the other",
            "your apply_rope pairs features the other way from the PAIRING you declared; change PAIRING "
            "(or the slicing) so they agree", **_as_learner(_swapped)),
    mistake("positions ignored",
            "you rotate row j by j * theta_i, as if positions were 0..seq-1; use the given positions "
            "(with a KV cache the new token may sit at position 517)", **_as_learner(_arange)),
    mistake("second half computed from overwritten values",
            "`a = x[..., 0::2]` (or `x[..., :d//2]`) is a view, not a copy: after you write the new a into x, "
            "the second formula reads the rotated a instead of the original. Compute both new halves before "
            "writing, into a new array (which also leaves the caller's x untouched)", **_as_learner(_through_views)),
    mistake("x rotated in place", "you write the rotated values into x itself (x[...] = ...), which changes the "
            "caller's array; the statement asks for a new array", **_as_learner(_in_place)),
)
