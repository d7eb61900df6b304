"""Lab 00.2: the position-wise feed-forward network.

`kata show lab00.2` prints the statement; `kata check lab00.2` grades this file.
"""

import numpy as np


def gelu(x):
    """The tanh approximation of GELU, elementwise: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    # TODO
    raise NotImplementedError("gelu")


class FFN:
    """Position-wise feed-forward: GELU(x W1 + b1) W2 + b2."""

    def __init__(self, d_model, d_ff, rng=None):
        rng = np.random.default_rng() if rng is None else rng
        self.d_model, self.d_ff = d_model, d_ff
        # TODO: self.W1 (d_model, d_ff) and self.W2 (d_ff, d_model), Xavier uniform drawn from rng;
        # self.b1 (d_ff,) and self.b2 (d_model,), zeros.
        raise NotImplementedError("FFN.__init__")

    def __call__(self, x):
        """x: (..., d_model) -> (..., d_model)."""
        # TODO
        raise NotImplementedError("FFN.__call__")
