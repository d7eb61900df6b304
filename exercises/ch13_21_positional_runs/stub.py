"""Exercise 13.21: sinusoidal and learned positional modules for the given GPT.

`kata show 13.21` prints the statement; `kata run 13.21` trains the GPT with each; `kata check 13.21` grades.
"""

import math  # noqa: F401

import torch  # noqa: F401
from torch import nn


class SinusoidalPositionalEncoding(nn.Module):
    """Adds fixed sin/cos positions to x (B, T, n_embd). No trainable parameters."""

    def __init__(self, block_size, n_embd):
        super().__init__()
        # TODO: build the (block_size, n_embd) table: column 2i is sin(pos * w_i), column 2i+1 is cos(pos * w_i),
        # w_i = 10000 ** (-2i / n_embd). Keep it with self.register_buffer(...), not as a parameter.
        raise NotImplementedError("SinusoidalPositionalEncoding.__init__")

    def forward(self, x):
        """x: (B, T, n_embd) with T <= block_size -> x plus the first T rows of the table."""
        raise NotImplementedError("SinusoidalPositionalEncoding.forward")


class LearnedPositionalEmbedding(nn.Module):
    """Adds a learned (block_size, n_embd) table of positions to x (B, T, n_embd)."""

    def __init__(self, block_size, n_embd):
        super().__init__()
        # TODO: one trainable (block_size, n_embd) table, initialised small (std 0.02).
        raise NotImplementedError("LearnedPositionalEmbedding.__init__")

    def forward(self, x):
        """x: (B, T, n_embd) with T <= block_size -> x plus the first T rows of the table."""
        raise NotImplementedError("LearnedPositionalEmbedding.forward")
