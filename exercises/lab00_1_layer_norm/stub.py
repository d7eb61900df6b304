"""Lab 00.1: LayerNorm, and your own property tests for it.

`kata show lab00.1` prints the statement; `kata check lab00.1` grades this file: your LayerNorm against
the reference, and your tests (the test_* functions below) against the reference and broken versions of it.
"""

import numpy as np
import pytest  # noqa: F401  (pytest.raises is handy in your tests)


class LayerNorm:
    """LayerNorm over the last axis. Parameters: gamma (scale), beta (shift)."""

    def __init__(self, d_model, eps=1e-5):
        self.d_model = d_model
        self.eps = eps
        self.gamma = np.ones(d_model)
        self.beta = np.zeros(d_model)

    def __call__(self, x):
        """x: (..., d_model) -> (..., d_model). Normalises over the last axis.

        Raises ValueError when the last axis of x is not d_model.
        """
        # TODO: validate the shape, then mean and variance over the last axis, normalise, scale and shift.
        raise NotImplementedError("LayerNorm.__call__")


# ---- your tests ---------------------------------------------------------------------------------
# Each test receives the class to test as `LayerNorm` (the grader passes the reference and broken
# versions of it, not your class above) and may ask for `rng`, a seeded np.random.Generator.
# Replace each TODO with code that asserts something; add more tests if you like.


def test_zero_mean_unit_variance(LayerNorm, rng):
    """With gamma=1, beta=0, every row of LN(x) has mean ~0 and variance ~1 along the last axis."""
    # TODO


def test_identity_on_normalised_input(LayerNorm, rng):
    """With gamma=1, beta=0, rows that already have mean 0 and variance 1 come back (almost) unchanged."""
    # TODO


def test_shift_and_scale_recovery(LayerNorm, rng):
    """With gamma=2, beta=5, every output row has mean 5 and variance 4."""
    # TODO


def test_wrong_last_axis_raises(LayerNorm):
    """An input whose last axis is not d_model raises ValueError."""
    # TODO
