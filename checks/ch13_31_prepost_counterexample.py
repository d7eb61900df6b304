"""Checks for 13.31: on the learner's example, the framework's pre-norm and post-norm blocks clearly differ."""

import numpy as np

from exercises.ch13_31_prepost_counterexample.questions import CHOICES
from kata.parts import FeedForward, LayerNorm
from kata.testing import check, choice_check, known, points

KEYS = ("x", "W1", "b1", "W2", "b2", "gamma", "beta")


def _example(solution, reference):
    """The learner's example as float arrays, after checking keys, shapes and finiteness."""
    example = solution.prepost_counterexample()
    check(isinstance(example, dict), f"prepost_counterexample() should return a dict, got {type(example).__name__}")
    missing = [key for key in KEYS if key not in example]
    check(not missing, f"the example is missing the keys {missing}; it needs {list(KEYS)}")
    arrays = {key: np.asarray(example[key], dtype=float) for key in KEYS}
    x, W1 = arrays["x"], arrays["W1"]
    check(x.ndim in (1, 2) and x.shape[-1] >= 2, f"x should have shape (T, d) or (d,) with d >= 2, got {x.shape}")
    d = x.shape[-1]
    flipped = W1.ndim == 2 and W1.shape[0] != d and W1.shape[1] == d
    d_ff = -1 if W1.ndim != 2 else W1.shape[0] if flipped else W1.shape[1]
    want = {"W1": (d, d_ff), "b1": (d_ff,), "W2": (d_ff, d), "b2": (d,), "gamma": (d,), "beta": (d,)}
    wrong = [f"{key} is {arrays[key].shape}, expected {shape}" for key, shape in want.items()
             if arrays[key].shape != shape]
    check(d_ff > 0 and not wrong, f"with x of width d={d}: {'; '.join(wrong) or 'W1 should be a (d, d_ff) matrix'}"
          + (f".\n{known(reference, 'weights transposed')}" if flipped else ""))
    bad = [key for key, value in arrays.items() if not np.isfinite(value).all()]
    check(not bad, f"{bad} contain NaN or inf; a counterexample needs finite numbers")
    return arrays


def _blocks(arrays):
    """The framework's pre-norm and post-norm blocks on these numbers: (x + f(LN(x)), LN(x + f(x)))."""
    x = arrays["x"]
    d, d_ff = arrays["W1"].shape
    ffn, norm = FeedForward(d, d_ff), LayerNorm(d)
    ffn.W1, ffn.b1, ffn.W2, ffn.b2 = (arrays[key] for key in ("W1", "b1", "W2", "b2"))
    norm.gamma, norm.beta = arrays["gamma"], arrays["beta"]
    return x + ffn(norm(x)), norm(x + ffn(x))


@points(1)
def test_example_is_well_formed(solution, reference):
    """the example has the seven arrays with consistent shapes and finite values"""
    _example(solution, reference)


@points(3)
def test_pre_and_post_norm_differ(solution, reference):
    """the framework's pre-norm and post-norm blocks differ on it by a clear margin"""
    arrays = _example(solution, reference)
    pre, post = _blocks(arrays)
    gap = float(np.abs(pre - post).max())
    scale = max(1.0, float(np.abs(pre).max()), float(np.abs(post).max()))
    hint = ""
    if not any(np.any(arrays[key]) for key in ("x", "W1", "b1", "W2", "b2")):
        hint = f"\n{known(reference, 'all-zero example')}"
    elif not any(np.any(arrays[key]) for key in ("W1", "b1", "W2", "b2")):
        hint = f"\n{known(reference, 'zero sublayer on a normalised input')}"
    # The reference's example differs by 2.84; a zero sublayer on a normalised row only by what eps leaves (8e-6), an
    # all-zero example by 0: 0.1 and 1% of the largest entry separate a counterexample from round-off and eps.
    check(gap >= 0.1 and gap >= 0.01 * scale,
          f"on your example the pre-norm output x + f(LN(x)) and the post-norm output LN(x + f(x)) differ by at most "
          f"{gap:.3g} (largest output entry {scale:.3g}); a counterexample needs a difference of at least 0.1 and "
          f"at least 1% of that.\npre-norm:  {np.array2string(pre, precision=4, threshold=12)}\n"
          f"post-norm: {np.array2string(post, precision=4, threshold=12)}{hint}")


test_choices = choice_check(CHOICES)
