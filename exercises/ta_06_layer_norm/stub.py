"""Exercise ta.6: LayerNorm of one vector. `kata show ta.6` prints the statement."""

import numpy as np


def layer_norm(x, eps=1e-5):
    """(x - mean) / sqrt(var + eps) for one vector x of shape (d,); population variance."""
    # TODO
    raise NotImplementedError("layer_norm")
