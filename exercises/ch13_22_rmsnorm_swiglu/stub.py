"""Exercise 13.22: RMSNorm and SwiGLU for the given GPT.

`kata show 13.22` prints the statement; `kata run 13.22` retrains the GPT with them; `kata check 13.22` grades.
"""

import torch  # noqa: F401
from torch import nn
from torch.nn import functional as F  # noqa: F401  (F.silu)


class RMSNorm(nn.Module):
    """Root-mean-square normalisation over the last axis, scaled by a learned `weight` (no bias)."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        # TODO: self.eps, and self.weight: a parameter of shape (dim,) starting at ones.
        raise NotImplementedError("RMSNorm.__init__")

    def forward(self, x):
        """x: (..., dim) -> (..., dim)."""
        raise NotImplementedError("RMSNorm.forward")


class SwiGLU(nn.Module):
    """The gated feed-forward network of LLaMA: down(silu(gate(x)) * up(x)), three Linear layers, no biases."""

    def __init__(self, n_embd, hidden):
        super().__init__()
        # TODO: self.gate and self.up: n_embd -> hidden; self.down: hidden -> n_embd (all bias=False).
        raise NotImplementedError("SwiGLU.__init__")

    def forward(self, x):
        """x: (..., n_embd) -> (..., n_embd)."""
        raise NotImplementedError("SwiGLU.forward")
