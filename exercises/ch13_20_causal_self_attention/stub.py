"""Exercise 13.20: CausalSelfAttention with a manual path and an SDPA path.

`kata show 13.20` prints the statement; `kata check 13.20` grades this file.
"""

import math  # noqa: F401

import torch  # noqa: F401
import torch.nn as nn
import torch.nn.functional as F  # noqa: F401


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention as in GPT-2 / nanoGPT: one c_attn for q, k, v; c_proj after."""

    def __init__(self, n_embd, n_head, bias=True, use_sdpa=True):
        super().__init__()
        if n_embd % n_head:
            raise ValueError(f"n_embd={n_embd} is not divisible by n_head={n_head}")
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=bias)  # q, k, v for all heads in one matmul
        self.c_proj = nn.Linear(n_embd, n_embd, bias=bias)
        self.n_embd, self.n_head, self.use_sdpa = n_embd, n_head, use_sdpa

    def forward(self, x):
        """x: (B, T, n_embd) -> (B, T, n_embd), each position attending to itself and the past."""
        B, T, C = x.size()
        # TODO: q, k, v from c_attn; split into heads (B, n_head, T, head_size);
        # if self.use_sdpa: F.scaled_dot_product_attention(..., is_causal=True)
        # else: scores / sqrt(head_size), causal mask with -inf, softmax, @ v;
        # merge the heads back to (B, T, C) and apply c_proj.
        raise NotImplementedError("CausalSelfAttention.forward")
