"""Lab 00.2: the position-wise feed-forward network (reference solution)."""

import numpy as np


def gelu(x):
    """The tanh approximation of GELU, elementwise: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x**3)))


class FFN:
    """Position-wise feed-forward: GELU(x W1 + b1) W2 + b2."""

    def __init__(self, d_model, d_ff, rng=None):
        rng = np.random.default_rng() if rng is None else rng
        self.d_model, self.d_ff = d_model, d_ff
        bound = np.sqrt(6.0 / (d_model + d_ff))  # Xavier uniform: variance bound**2 / 3 = 2 / (fan_in + fan_out)
        self.W1 = rng.uniform(-bound, bound, size=(d_model, d_ff))
        self.W2 = rng.uniform(-bound, bound, size=(d_ff, d_model))
        self.b1 = np.zeros(d_ff)
        self.b2 = np.zeros(d_model)

    def __call__(self, x):
        """x: (..., d_model) -> (..., d_model)."""
        return gelu(x @ self.W1 + self.b1) @ self.W2 + self.b2


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

import math  # noqa: E402

from kata.mistakes import mistake  # noqa: E402

_erf = np.frompyfunc(math.erf, 1, 1)


def _exact_gelu(x):
    return 0.5 * x * (1.0 + _erf(np.asarray(x) / np.sqrt(2.0)).astype(np.float64))


def _relu(x):
    return np.maximum(x, 0.0)


class _ExactGelu(FFN):
    def __call__(self, x):
        return _exact_gelu(x @ self.W1 + self.b1) @ self.W2 + self.b2


class _Relu(FFN):
    def __call__(self, x):
        return _relu(x @ self.W1 + self.b1) @ self.W2 + self.b2


def _init_with(draw):
    """An FFN whose weights come from ``draw(rng, fan_in, fan_out)`` (zero biases)."""

    class _Drawn(FFN):
        def __init__(self, d_model, d_ff, rng=None):
            rng = np.random.default_rng() if rng is None else rng
            self.d_model, self.d_ff = d_model, d_ff
            self.W1 = draw(rng, d_model, d_ff, d_model)
            self.W2 = draw(rng, d_ff, d_model, d_model)
            self.b1, self.b2 = np.zeros(d_ff), np.zeros(d_model)

    return _Drawn


def _he(rng, fan_in, fan_out, d_model):
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


def _both_fans_d_model(rng, fan_in, fan_out, d_model):
    bound = np.sqrt(6.0 / (d_model + d_model))
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def _std_as_bound(rng, fan_in, fan_out, d_model):
    bound = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=(fan_in, fan_out))


def _xavier_normal(rng, fan_in, fan_out, d_model):
    return rng.normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))


class _NonzeroBiases(FFN):
    def __init__(self, d_model, d_ff, rng=None):
        super().__init__(d_model, d_ff, rng)
        rng = np.random.default_rng() if rng is None else rng
        self.b1 = rng.uniform(-0.1, 0.1, size=d_ff)
        self.b2 = rng.uniform(-0.1, 0.1, size=d_model)


class _RngIgnored(FFN):
    def __init__(self, d_model, d_ff, rng=None):
        super().__init__(d_model, d_ff, np.random.default_rng())


class _TiedW2(FFN):
    def __init__(self, d_model, d_ff, rng=None):
        super().__init__(d_model, d_ff, rng)
        self.W2 = self.W1.T.copy()  # same bound, so it looks like a fresh draw


MISTAKES = (
    mistake("exact GELU", "you use the exact GELU, 0.5 x (1 + erf(x / sqrt 2)); this lab uses the tanh "
            "approximation, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))", gelu=_exact_gelu, FFN=_ExactGelu),
    mistake("ReLU", "you apply ReLU, max(x, 0); the FFN's activation is GELU (tanh approximation)",
            gelu=_relu, FFN=_Relu),
    mistake("He init", "your weights have variance 2 / fan_in (He/Kaiming initialisation, meant for ReLU "
            "networks); Xavier uses 2 / (fan_in + fan_out)", FFN=_init_with(_he)),
    mistake("wrong fan", "your weights have variance 1 / d_model for both matrices (d_model used as fan_in and "
            "as fan_out); W1 is d_model -> d_ff, so fan_in + fan_out = d_model + d_ff",
            FFN=_init_with(_both_fans_d_model)),
    mistake("std used as the bound", "you draw from U(-s, s) with s = sqrt(2 / (fan_in + fan_out)), the standard "
            "deviation you want; a uniform on [-a, a] has variance a^2 / 3, so a = sqrt(6 / (fan_in + fan_out))",
            FFN=_init_with(_std_as_bound)),
    mistake("Xavier normal", "your weights are normal (Xavier normal); the statement asks for Xavier uniform, "
            "U(-a, a) with a = sqrt(6 / (fan_in + fan_out)): the variance is right, the shape is not",
            FFN=_init_with(_xavier_normal)),
    mistake("nonzero biases", "your biases start nonzero; b1 and b2 start at exactly zero",
            FFN=_NonzeroBiases),
    mistake("rng ignored", "your FFN ignores the rng it is given, so a seed does not reproduce the weights; "
            "draw with rng.uniform(...), not np.random or a new generator", FFN=_RngIgnored),
    mistake("W2 tied to W1", "your W2 is W1 transposed: it has the right shape and the right Xavier variance, but the "
            "layer then has one random matrix where it should have two; draw W2 from rng on its own", FFN=_TiedW2),
)
