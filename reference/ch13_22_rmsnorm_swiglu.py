"""Exercise 13.22: RMSNorm and SwiGLU for the given GPT (reference solution)."""

import torch
from torch import nn
from torch.nn import functional as F


class RMSNorm(nn.Module):
    """Root-mean-square normalisation over the last axis, scaled by a learned `weight` (no bias)."""

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        """x: (..., dim) -> (..., dim)."""
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class SwiGLU(nn.Module):
    """The gated feed-forward network of LLaMA: down(silu(gate(x)) * up(x)), three Linear layers, no biases."""

    def __init__(self, n_embd, hidden):
        super().__init__()
        self.gate = nn.Linear(n_embd, hidden, bias=False)
        self.up = nn.Linear(n_embd, hidden, bias=False)
        self.down = nn.Linear(hidden, n_embd, bias=False)

    def forward(self, x):
        """x: (..., n_embd) -> (..., n_embd)."""
        return self.down(F.silu(self.gate(x)) * self.up(x))


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _Centred(RMSNorm):
    def forward(self, x):
        x = x - x.mean(-1, keepdim=True)
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


class _EpsOutside(RMSNorm):
    def forward(self, x):
        return x / (x.pow(2).mean(-1, keepdim=True).sqrt() + self.eps) * self.weight


class _MeanAbs(RMSNorm):
    def forward(self, x):
        return x / (x.abs().mean(-1, keepdim=True) + self.eps) * self.weight


class _NoEps(RMSNorm):
    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True)) * self.weight


class _Sigmoid(SwiGLU):
    def forward(self, x):
        return self.down(torch.sigmoid(self.gate(x)) * self.up(x))


class _Swapped(SwiGLU):
    def forward(self, x):
        return self.down(F.silu(self.up(x)) * self.gate(x))


MISTAKES = (
    mistake("RMSNorm subtracts the mean", "your RMSNorm centres x first: that is LayerNorm (without its bias). "
            "RMSNorm only divides by sqrt(mean(x**2) + eps)", RMSNorm=_Centred),
    mistake("eps outside the sqrt", "you divide by sqrt(mean(x**2)) + eps; eps belongs inside the square root: "
            "sqrt(mean(x**2) + eps), as torch.nn.RMSNorm does", RMSNorm=_EpsOutside),
    mistake("mean of |x| instead of RMS", "you divide by the mean of |x|; RMSNorm divides by the ROOT MEAN SQUARE, "
            "sqrt(mean(x**2) + eps)", RMSNorm=_MeanAbs),
    mistake("RMSNorm without eps", "you divide by sqrt(mean(x**2)) with no eps: an all-zero row gives 0/0 and tiny "
            "rows blow up; add self.eps inside the square root: sqrt(mean(x**2) + eps)", RMSNorm=_NoEps),
    mistake("sigmoid instead of SiLU", "your gate is sigmoid(gate(x)), the older GLU; SwiGLU uses "
            "silu(g) = g * sigmoid(g) (F.silu)", SwiGLU=_Sigmoid),
    mistake("gate and up swapped", "SiLU is applied to up(x) and the product taken with gate(x); the activation "
            "belongs on the gate: down(silu(gate(x)) * up(x))", SwiGLU=_Swapped),
)
