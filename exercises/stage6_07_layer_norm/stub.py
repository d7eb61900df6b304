"""Exercise 6.7: LayerNorm, forward and backward.

`kata show 6.7` prints the statement; `kata check 6.7` grades this file.
"""

import numpy as np


class LayerNorm:
    def __init__(self, dim, eps=1e-5):
        self.dim = dim
        self.gamma = np.ones(dim)
        self.beta = np.zeros(dim)
        self.eps = eps

    def forward(self, x):
        """x: (..., dim) -> (..., dim), normalised over the last axis, then scaled and shifted."""
        # TODO: check the last axis, compute mean and variance over it, normalise, scale and shift.
        # Keep what backward needs on self.
        raise NotImplementedError("LayerNorm.forward")

    def backward(self, dout):
        """dout: gradient w.r.t. the last forward's output. Return dx; set self.dgamma, self.dbeta."""
        # TODO
        raise NotImplementedError("LayerNorm.backward")
