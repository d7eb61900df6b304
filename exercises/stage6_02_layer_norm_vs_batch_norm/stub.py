"""Exercise 6.2: LayerNorm vs BatchNorm.

`kata show 6.2` prints the statement; `kata check 6.2` grades this file.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, eps=1e-5):
    """BatchNorm in training mode: x (N, D) or (N, T, D); one mean and variance per feature,
    taken over every axis but the last. gamma and beta have shape (D,)."""
    # TODO
    raise NotImplementedError("batchnorm_forward")


def layernorm_learnable_params(d):
    """The learnable parameters of LayerNorm(d): a dict mapping each parameter's name to its number
    of entries."""
    # TODO
    raise NotImplementedError("layernorm_learnable_params")


# Set to the letter of your answer (see the statement).
WHY_LAYERNORM = None

# Ungraded: in your own words, what goes wrong with BatchNorm in a transformer?
REFLECTION = ""
