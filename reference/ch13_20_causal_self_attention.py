"""Exercise 13.20: CausalSelfAttention with a manual path and an SDPA path (reference solution)."""

import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention as in GPT-2 / nanoGPT: one c_attn for q, k, v; c_proj after."""

    def __init__(self, n_embd, n_head, bias=True, use_sdpa=True):
        super().__init__()
        if n_embd % n_head:
            raise ValueError(f"n_embd={n_embd} is not divisible by n_head={n_head}")
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=bias)  # q, k, v for all heads in one matmul
        self.c_proj = nn.Linear(n_embd, n_embd, bias=bias)
        self.n_embd, self.n_head, self.use_sdpa = n_embd, n_head, use_sdpa

    def split_heads(self, t):
        """(B, T, C) -> (B, n_head, T, C // n_head): heads become a batch axis."""
        B, T, C = t.shape
        return t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = (self.split_heads(t) for t in self.c_attn(x).split(self.n_embd, dim=2))
        if self.use_sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = q @ k.transpose(-2, -1) / math.sqrt(k.size(-1))
            future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
            att = att.masked_fill(future, float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # put the heads side by side again
        return self.c_proj(y)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _NoMask(CausalSelfAttention):
    def forward(self, x):
        if self.use_sdpa:
            return super().forward(x)
        B, T, C = x.size()
        q, k, v = (self.split_heads(t) for t in self.c_attn(x).split(self.n_embd, dim=2))
        att = F.softmax(q @ k.transpose(-2, -1) / math.sqrt(k.size(-1)), dim=-1)
        return self.c_proj((att @ v).transpose(1, 2).contiguous().view(B, T, C))


class _ViewWithoutTranspose(CausalSelfAttention):
    def split_heads(self, t):
        B, T, C = t.shape
        return t.reshape(B, self.n_head, T, C // self.n_head)


class _NoScale(CausalSelfAttention):
    def forward(self, x):
        if self.use_sdpa:
            return super().forward(x)
        B, T, C = x.size()
        q, k, v = (self.split_heads(t) for t in self.c_attn(x).split(self.n_embd, dim=2))
        att = (q @ k.transpose(-2, -1)).masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        return self.c_proj((F.softmax(att, dim=-1) @ v).transpose(1, 2).contiguous().view(B, T, C))


class _NoProjection(CausalSelfAttention):
    def forward(self, x):
        B, T, C = x.size()
        q, k, v = (self.split_heads(t) for t in self.c_attn(x).split(self.n_embd, dim=2))
        if self.use_sdpa:
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            att = q @ k.transpose(-2, -1) / math.sqrt(k.size(-1))
            att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
            y = F.softmax(att, dim=-1) @ v
        return y.transpose(1, 2).contiguous().view(B, T, C)


class _PathsSwapped(CausalSelfAttention):
    def forward(self, x):
        self.use_sdpa = not self.use_sdpa  # the right attention either way, computed by the other path
        try:
            return super().forward(x)
        finally:
            self.use_sdpa = not self.use_sdpa


MISTAKES = (
    mistake("mask missing in the manual path", "your manual path lets every position attend to the future: "
            "fill the scores above the diagonal with -inf before the softmax", CausalSelfAttention=_NoMask),
    mistake("heads split without transpose", "you split the heads with reshape(B, n_head, T, head_size) "
            "straight from (B, T, C): the shape is right but positions and channels get mixed. View as "
            "(B, T, n_head, head_size), then transpose(1, 2)", CausalSelfAttention=_ViewWithoutTranspose),
    mistake("scale missing", "the manual path's scores are q k^T without dividing by sqrt(head_size); "
            "SDPA scales by 1/sqrt(head_size), so the two paths disagree", CausalSelfAttention=_NoScale),
    mistake("c_proj skipped", "the heads are concatenated but never go through c_proj, the output projection "
            "that mixes them", CausalSelfAttention=_NoProjection),
    mistake("paths swapped", "use_sdpa=True runs your manual attention and use_sdpa=False calls "
            "F.scaled_dot_product_attention: the numbers agree, but each flag must select the path it names",
            CausalSelfAttention=_PathsSwapped),
)
