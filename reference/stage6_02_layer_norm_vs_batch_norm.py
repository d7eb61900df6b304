"""Exercise 6.2: LayerNorm vs BatchNorm (reference solution)."""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """BatchNorm in training mode: x (N, D) or (N, T, D); one mean and variance per feature,
    taken over every axis but the last. gamma and beta have shape (D,)."""
    axes = tuple(range(x.ndim - 1))
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    return gamma * (x - mean) / np.sqrt(var + eps) + beta


def layernorm_learnable_params(d):
    """The learnable parameters of LayerNorm(d): a dict mapping each parameter's name to its number
    of entries."""
    return {"gamma": d, "beta": d}


WHY_LAYERNORM = "b"

REFLECTION = ""


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _normalise(x, gamma, beta, eps, axes, ddof=0, eps_inside=True):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, ddof=ddof, keepdims=True)
    std = np.sqrt(var + eps) if eps_inside else np.sqrt(var) + eps
    return gamma * (x - mean) / std + beta


def _feature_axis(x, gamma, beta, eps=1e-5):
    return _normalise(x, gamma, beta, eps, axes=-1)


def _axis0(x, gamma, beta, eps=1e-5):
    return _normalise(x, gamma, beta, eps, axes=0)


def _ddof1(x, gamma, beta, eps=1e-5):
    return _normalise(x, gamma, beta, eps, axes=tuple(range(x.ndim - 1)), ddof=1)


def _eps_outside(x, gamma, beta, eps=1e-5):
    return _normalise(x, gamma, beta, eps, axes=tuple(range(x.ndim - 1)), eps_inside=False)


def _statistics_counted(d):
    return {"gamma": d, "beta": d, "mean": d, "var": d}


def _scalars(d):
    return {"gamma": 1, "beta": 1}


MISTAKES = (
    mistake("normalised over the feature axis", "you normalised each example over its features (axis -1): "
            "that is LayerNorm. BatchNorm takes each feature's statistics across the batch",
            batchnorm_forward=_feature_axis),
    mistake("statistics over axis 0 only", "for (N, T, D) input, BatchNorm takes each feature's statistics over "
            "every example and every position, axes (0, 1): all axes but the last", batchnorm_forward=_axis0),
    mistake("ddof=1", "you used the sample variance (ddof=1); normalisation layers use the population variance, "
            "ddof=0 (and ddof=1 divides by zero for a batch of one)", batchnorm_forward=_ddof1),
    mistake("eps outside the sqrt", "you divide by sqrt(var) + eps; eps belongs inside: sqrt(var + eps)",
            batchnorm_forward=_eps_outside),
    mistake("mean and variance counted as parameters", "LayerNorm's mean and variance are computed from each "
            "input, not learned (and LayerNorm keeps no running averages): only gamma and beta are learned",
            layernorm_learnable_params=_statistics_counted),
    mistake("one scalar gamma and beta", "gamma and beta are vectors: one scale and one shift per feature, "
            "d entries each", layernorm_learnable_params=_scalars),
)
