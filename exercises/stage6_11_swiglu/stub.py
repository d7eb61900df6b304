"""Exercise 6.11: the SwiGLU feed-forward network.

`kata show 6.11` prints the statement; `kata check 6.11` grades this file.
"""

import numpy as np


def silu(z):
    """SiLU (swish), element-wise: z * sigmoid(z)."""
    # TODO
    raise NotImplementedError("silu")


class SwiGLU_FFN:
    def __init__(self, d_model, d_ff):
        # Note: SwiGLU has 3 weight matrices, not 2, and no biases.
        # TODO: self.W_gate (d_model, d_ff), self.W_up (d_model, d_ff), self.W_down (d_ff, d_model),
        # each small and random.
        raise NotImplementedError("SwiGLU_FFN.__init__")

    def forward(self, x):
        """x: (..., d_model) -> (..., d_model): (silu(x @ W_gate) * (x @ W_up)) @ W_down."""
        # TODO
        raise NotImplementedError("SwiGLU_FFN.forward")
