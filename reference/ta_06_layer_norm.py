"""Exercise ta.6: LayerNorm of one vector (reference solution)."""

import numpy as np


def layer_norm(x, eps=1e-5):
    """(x - mean) / sqrt(var + eps) for one vector x of shape (d,); population variance."""
    x = np.asarray(x, dtype=np.float64)
    return (x - x.mean()) / np.sqrt(x.var() + eps)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _ddof1(x, eps=1e-5):
    return (x - x.mean()) / np.sqrt(x.var(ddof=1) + eps)


def _eps_outside(x, eps=1e-5):
    return (x - x.mean()) / (x.std() + eps)


def _no_eps(x, eps=1e-5):
    return (x - x.mean()) / x.std()


def _by_variance(x, eps=1e-5):
    return (x - x.mean()) / (x.var() + eps)


def _in_place(x, eps=1e-5):
    x -= x.mean()  # changes the caller's array
    return x / np.sqrt(x.var() + eps)


MISTAKES = (
    mistake("ddof=1", "you use the sample variance (ddof=1, dividing by n - 1); LayerNorm uses the population "
            "variance, x.var() with ddof=0", layer_norm=_ddof1),
    mistake("eps outside the sqrt", "you divide by std + eps; eps belongs inside: sqrt(var + eps)",
            layer_norm=_eps_outside),
    mistake("no eps", "you divide by the standard deviation alone; without eps a constant vector gives 0 / 0 = "
            "NaN: divide by sqrt(var + eps)", layer_norm=_no_eps),
    mistake("divided by the variance", "you divide by var + eps; divide by its square root, the standard "
            "deviation", layer_norm=_by_variance),
    mistake("in-place x -= mean", "you subtract the mean in place (x -= x.mean()), which changes the caller's "
            "vector; compute a new one: x - x.mean()", layer_norm=_in_place),
)
