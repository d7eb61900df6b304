"""The given GPT of chapter 13 (§13.10): a small decoder-only transformer whose positional module, norms and
feed-forward networks are constructor arguments. Imports torch (and kata.parts for the sinusoidal table)."""

from __future__ import annotations

from typing import Any, Callable

import torch
from torch import nn
from torch.nn import functional as F

CONFIG = dict(n_layer=2, n_head=4, n_embd=64, block_size=64)  # small enough for 5000 CPU steps in minutes


class SinusoidalTable(nn.Module):
    """The book's fixed sinusoidal positions (the engine's NumPy table), added to x: the GPT's default."""

    def __init__(self, block_size: int, n_embd: int):
        super().__init__()
        from kata.parts import PositionalEncoding

        table = torch.tensor(PositionalEncoding(block_size, n_embd).pe, dtype=torch.get_default_dtype())
        self.register_buffer("pe", table, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.pe[: x.shape[1]]


class CausalSelfAttention(nn.Module):
    """Multi-head causal self-attention: one projection for q, k, v, one after the heads."""

    def __init__(self, n_embd: int, n_head: int):
        super().__init__()
        if n_embd % n_head:
            raise ValueError(f"n_embd={n_embd} is not divisible by n_head={n_head}")
        self.n_head = n_head
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in self.qkv(x).split(C, dim=2))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.proj(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    """The GELU feed-forward network of GPT-2: n_embd -> 4 n_embd -> n_embd."""

    def __init__(self, n_embd: int):
        super().__init__()
        self.fc = nn.Linear(n_embd, 4 * n_embd)
        self.proj = nn.Linear(4 * n_embd, n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.proj(F.gelu(self.fc(x)))


class Block(nn.Module):
    """Pre-norm: x + attn(norm(x)), then x + ffn(norm(x))."""

    def __init__(self, n_embd: int, n_head: int, norm: Callable, ffn: Callable):
        super().__init__()
        self.ln1, self.attn = norm(n_embd), CausalSelfAttention(n_embd, n_head)
        self.ln2, self.mlp = norm(n_embd), ffn(n_embd)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x + self.attn(self.ln1(x))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    """Token ids (B, T) -> logits (B, T, vocab_size). ``positions(block_size, n_embd)`` builds the module that
    adds positions to the token embeddings, ``norm(dim)`` each norm, ``ffn(n_embd)`` each feed-forward network."""

    def __init__(self, vocab_size: int, block_size: int, n_layer: int, n_head: int, n_embd: int, *,
                 positions: Callable | None = None, norm: Callable | None = None, ffn: Callable | None = None):
        super().__init__()
        norm, ffn = norm or nn.LayerNorm, ffn or MLP
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head, norm, ffn) for _ in range(n_layer))
        self.ln_f = norm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size)
        self.apply(_init_weights)  # before the positional module: its initialisation is the learner's own
        self.pos = (positions or SinusoidalTable)(block_size, n_embd)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        T = idx.shape[1]
        if T > self.block_size:
            raise ValueError(f"the sequence has {T} tokens; this GPT's context is block_size={self.block_size}")
        x = self.pos(self.tok_emb(idx))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


def _init_weights(module: nn.Module) -> None:
    """GPT-2's small linear weights; token embeddings keep PyTorch's N(0, 1), on the scale of a sinusoidal table."""
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)


def build_gpt(config: dict, seed: int = 0, **parts: Any) -> GPT:
    """The GPT of ``config`` (vocab_size, block_size, n_layer, n_head, n_embd) with ``parts``, seeded."""
    torch.manual_seed(seed)
    return GPT(**config, **parts)


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
