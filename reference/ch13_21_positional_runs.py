"""Exercise 13.21: sinusoidal and learned positional modules for the given GPT (reference solution)."""

import torch
from torch import nn


class SinusoidalPositionalEncoding(nn.Module):
    """Adds fixed sin/cos positions to x (B, T, n_embd). No trainable parameters."""

    def __init__(self, block_size, n_embd):
        super().__init__()
        if n_embd % 2:
            raise ValueError(f"n_embd={n_embd} must be even: the columns come in (sin, cos) pairs")
        pos = torch.arange(block_size).unsqueeze(1)  # (block_size, 1)
        w = 10000.0 ** (-torch.arange(0, n_embd, 2) / n_embd)  # (n_embd / 2,): one frequency per pair
        pe = torch.zeros(block_size, n_embd)
        pe[:, 0::2] = torch.sin(pos * w)
        pe[:, 1::2] = torch.cos(pos * w)
        self.register_buffer("pe", pe, persistent=False)  # follows .to(device); not trained, not saved

    def forward(self, x):
        """x: (B, T, n_embd) with T <= block_size -> x plus the first T rows of the table."""
        return x + self.pe[: x.size(1)]


class LearnedPositionalEmbedding(nn.Module):
    """Adds a learned (block_size, n_embd) table of positions to x (B, T, n_embd)."""

    def __init__(self, block_size, n_embd):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(block_size, n_embd) * 0.02)

    def forward(self, x):
        """x: (B, T, n_embd) with T <= block_size -> x plus the first T rows of the table."""
        return x + self.weight[: x.size(1)]


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _SinCosSwapped(SinusoidalPositionalEncoding):
    def __init__(self, block_size, n_embd):
        super().__init__(block_size, n_embd)
        pe = self.pe.clone()
        self.pe[:, 0::2], self.pe[:, 1::2] = pe[:, 1::2], pe[:, 0::2]


class _ExponentIOverD(SinusoidalPositionalEncoding):
    def __init__(self, block_size, n_embd):
        super().__init__(block_size, n_embd)
        pos = torch.arange(block_size).unsqueeze(1)
        w = 10000.0 ** (-torch.arange(n_embd // 2) / n_embd)  # i / d instead of 2i / d
        self.pe[:, 0::2] = torch.sin(pos * w)
        self.pe[:, 1::2] = torch.cos(pos * w)


class _PlainTensor(LearnedPositionalEmbedding):
    def __init__(self, block_size, n_embd):
        nn.Module.__init__(self)
        self.table = torch.randn(block_size, n_embd) * 0.02  # not an nn.Parameter: never trained, never saved

    def forward(self, x):
        return x + self.table[: x.size(1)]


class _SinusoidalByBatch(SinusoidalPositionalEncoding):
    def __init__(self, block_size, n_embd):
        super().__init__(block_size, n_embd)
        self.pe = self.pe.unsqueeze(1)  # (block_size, 1, n_embd): the sequence-first layout

    def forward(self, x):
        return x + self.pe[: x.size(0)]


class _LearnedByBatch(LearnedPositionalEmbedding):
    def forward(self, x):
        return x + self.weight[: x.size(0)].unsqueeze(1)


MISTAKES = (
    mistake("sin and cos swapped", "your table puts cos in the even columns and sin in the odd ones; column 2i is "
            "sin(pos * w_i) and column 2i+1 is cos(pos * w_i)", SinusoidalPositionalEncoding=_SinCosSwapped),
    mistake("wrong frequency exponent", "your frequencies are 10000 ** (-i / n_embd) for pair i; the exponent is "
            "-2i / n_embd (use torch.arange(0, n_embd, 2), which counts 0, 2, 4, ...)",
            SinusoidalPositionalEncoding=_ExponentIOverD),
    mistake("learned positions not a parameter", "your learned table is a plain tensor attribute, so the optimizer "
            "never sees it and the checkpoint does not save it; wrap it in nn.Parameter",
            LearnedPositionalEmbedding=_PlainTensor),
    mistake("positions indexed by batch", "you add table[: x.size(0)], rows chosen by the batch index (the "
            "sequence-first layout of older tutorials); x is (B, T, C), so add table[: x.size(1)]",
            SinusoidalPositionalEncoding=_SinusoidalByBatch, LearnedPositionalEmbedding=_LearnedByBatch),
)
