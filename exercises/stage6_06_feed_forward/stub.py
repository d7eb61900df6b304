"""Exercise 6.6: the feed-forward network, forward and backward.

`kata show 6.6` prints the statement; `kata check 6.6` grades this file.
"""

import numpy as np


class FeedForward:
    def __init__(self, d_model, d_ff):
        self.W1 = np.random.randn(d_model, d_ff) * 0.02
        self.W2 = np.random.randn(d_ff, d_model) * 0.02
        self.b1 = np.zeros(d_ff)
        self.b2 = np.zeros(d_model)

    def forward(self, x):
        """x: (..., d_model) -> (..., d_model): GELU(x @ W1 + b1) @ W2 + b2, GELU in its tanh approximation."""
        # TODO: widen, apply GELU, project back. Keep what backward needs on self.
        raise NotImplementedError("FeedForward.forward")

    def backward(self, dout):
        """dout: gradient w.r.t. the last forward's output. Return dx; set self.dW1, self.db1, self.dW2, self.db2."""
        # TODO
        raise NotImplementedError("FeedForward.backward")
