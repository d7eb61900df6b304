"""Lab 00.1: LayerNorm with shape validation, and property tests that kill every mutant (reference solution)."""

import numpy as np
import pytest


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
        x = np.asarray(x)
        if x.ndim == 0 or x.shape[-1] != self.d_model:
            raise ValueError(f"LayerNorm({self.d_model}) expects input of shape (..., {self.d_model}), "
                             f"got {x.shape}")
        mean = x.mean(axis=-1, keepdims=True)
        var = x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta


# ---- your tests ---------------------------------------------------------------------------------


def test_zero_mean_unit_variance(LayerNorm, rng):
    """With gamma=1, beta=0, every row of LN(x) has mean ~0 and variance ~1 along the last axis."""
    x = rng.normal(3.0, 2.0, size=(6, 16))
    y = LayerNorm(16)(x)
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-10)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, atol=1e-4)


def test_identity_on_normalised_input(LayerNorm, rng):
    """With gamma=1, beta=0, rows that already have mean 0 and variance 1 come back (almost) unchanged."""
    x = rng.normal(size=(5, 8))
    x = (x - x.mean(axis=-1, keepdims=True)) / x.std(axis=-1, keepdims=True)
    np.testing.assert_allclose(LayerNorm(8)(x), x, atol=1e-4)


def test_shift_and_scale_recovery(LayerNorm, rng):
    """With gamma=2, beta=5, every output row has mean 5 and variance 4."""
    ln = LayerNorm(10)
    ln.gamma, ln.beta = np.full(10, 2.0), np.full(10, 5.0)
    y = ln(rng.normal(-1.0, 3.0, size=(2, 4, 10)))
    np.testing.assert_allclose(y.mean(axis=-1), 5.0, atol=1e-9)
    np.testing.assert_allclose(y.var(axis=-1), 4.0, atol=1e-3)


def test_wrong_last_axis_raises(LayerNorm):
    """An input whose last axis is not d_model raises ValueError, even one NumPy would broadcast."""
    for shape in [(3, 5), (4, 1)]:  # (4, 1) * gamma of shape (8,) broadcasts silently to (4, 8)
        with pytest.raises(ValueError):
            LayerNorm(8)(np.zeros(shape))


def test_eps_inside_the_root(LayerNorm):
    """A row with a tiny variance, worked out by hand: eps belongs inside the square root."""
    x = np.array([[-1e-3, 1e-3]])  # mean 0, variance 1e-6
    np.testing.assert_allclose(LayerNorm(2)(x), x / np.sqrt(1e-6 + 1e-5), rtol=1e-9)


def test_known_row(LayerNorm):
    """[1, 2, 3, 4] has mean 2.5 and population variance 1.25."""
    x = np.array([[1.0, 2.0, 3.0, 4.0]])
    np.testing.assert_allclose(LayerNorm(4)(x), (x - 2.5) / np.sqrt(1.25 + 1e-5), rtol=1e-12)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _validated(layer, x):
    x = np.asarray(x)
    if x.ndim == 0 or x.shape[-1] != layer.d_model:
        raise ValueError("wrong last axis")
    return x


class _Axis0(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=0, keepdims=True), x.var(axis=0, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta


class _NoEps(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var) + self.beta


class _EpsOutside(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, std = x.mean(axis=-1, keepdims=True), x.std(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / (std + self.eps) + self.beta


class _Ddof1(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, ddof=1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta


class _GammaBetaIgnored(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps)


class _NoValidation(LayerNorm):
    def __call__(self, x):
        x = np.asarray(x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta


class _InPlace(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        x -= mean
        return self.gamma * x / np.sqrt(var + self.eps) + self.beta


class _EpsHardCoded(LayerNorm):
    def __call__(self, x):
        x = _validated(self, x)
        mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
        return self.gamma * (x - mean) / np.sqrt(var + 1e-5) + self.beta


MISTAKES = (
    mistake("axis 0", "your LayerNorm normalises over axis 0 (across the rows, like BatchNorm); each row is "
            "normalised on its own, over the last axis", LayerNorm=_Axis0),
    mistake("no eps", "you divide by sqrt(var) without eps; eps keeps a (nearly) constant row from dividing by "
            "zero: (x - mean) / sqrt(var + eps)", LayerNorm=_NoEps),
    mistake("eps outside the sqrt", "you divide by sqrt(var) + eps; eps belongs inside: sqrt(var + eps)",
            LayerNorm=_EpsOutside),
    mistake("ddof=1", "you use the sample variance (ddof=1); LayerNorm uses the population variance, "
            "x.var(axis=-1) with ddof=0", LayerNorm=_Ddof1),
    mistake("gamma/beta ignored", "you return the normalised x without applying gamma and beta: "
            "y = gamma * x_hat + beta", LayerNorm=_GammaBetaIgnored),
    mistake("no shape validation", "your LayerNorm does not check the last axis; NumPy rejects most wrong "
            "shapes by itself, but a last axis of length 1 broadcasts silently against gamma. Raise "
            "ValueError when x.shape[-1] != d_model", LayerNorm=_NoValidation),
    mistake("in-place x -= mean", "you subtract the mean in place (x -= mean), which changes the caller's array; "
            "compute a new one: x - mean", LayerNorm=_InPlace),
    mistake("eps hard-coded", "you use 1e-5 instead of self.eps, so LayerNorm(d_model, eps=...) ignores its "
            "argument", LayerNorm=_EpsHardCoded),
)

# The broken versions the learner's tests are run against (same bugs, described as implementations).
MUTANTS = (
    mistake("axis 0", "normalises over axis 0 (across the rows) instead of over the last axis",
            LayerNorm=_Axis0),
    mistake("no eps", "divides by sqrt(var), leaving eps out", LayerNorm=_NoEps),
    mistake("eps outside the sqrt", "divides by sqrt(var) + eps instead of sqrt(var + eps)", LayerNorm=_EpsOutside),
    mistake("ddof=1", "uses the sample variance (ddof=1) instead of the population variance", LayerNorm=_Ddof1),
    mistake("gamma/beta ignored", "returns the normalised x without gamma and beta", LayerNorm=_GammaBetaIgnored),
    mistake("no shape validation", "never checks the last axis (NumPy's broadcasting errors still fire, but a "
            "last axis of length 1 is silently broadcast)", LayerNorm=_NoValidation),
)
