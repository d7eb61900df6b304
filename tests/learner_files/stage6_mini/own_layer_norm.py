"""A right 6.mini answer with its own LayerNorm class."""

import math

import torch
from torch import nn
from torch.nn import functional as F

# The model `kata run 6.mini` builds (vocab_size comes from the corpus). Limits: n_layer >= 2, n_head >= 2, n_embd >= 64.
CONFIG = dict(n_layer=2, n_head=4, n_embd=128, block_size=64, dropout=0.0)

# The training run: steps, batch size, learning rate (the trainer logs, checkpoints and resumes).
TRAINING = dict(steps=600, batch_size=32, lr=3e-3)


class LayerNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.gamma, self.beta, self.eps = nn.Parameter(torch.ones(dim)), nn.Parameter(torch.zeros(dim)), eps

    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        var = x.var(-1, keepdim=True, unbiased=False)
        return (x - mean) / torch.sqrt(var + self.eps) * self.gamma + self.beta


class CausalSelfAttention(nn.Module):
    def __init__(self, n_embd, n_head, block_size, dropout):
        super().__init__()
        assert n_embd % n_head == 0, "n_embd must be divisible by n_head"
        self.n_head = n_head
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)
        self.dropout = nn.Dropout(dropout)
        self.register_buffer("mask", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=-1)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])
        scores = scores.masked_fill(~self.mask[:T, :T], float("-inf"))
        y = self.dropout(F.softmax(scores, dim=-1)) @ v
        return self.proj(y.transpose(1, 2).reshape(B, T, C))


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block_size, dropout, norm):
        super().__init__()
        self.norm = norm
        self.ln1, self.ln2 = LayerNorm(n_embd), LayerNorm(n_embd)
        self.attn = CausalSelfAttention(n_embd, n_head, block_size, dropout)
        self.mlp = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.GELU(), nn.Linear(4 * n_embd, n_embd),
                                 nn.Dropout(dropout))

    def forward(self, x):
        if self.norm == "pre":
            x = x + self.attn(self.ln1(x))
            return x + self.mlp(self.ln2(x))
        x = self.ln1(x + self.attn(x))
        return self.ln2(x + self.mlp(x))


class GPT(nn.Module):
    def __init__(self, vocab_size, n_layer, n_head, n_embd, block_size, dropout=0.0, norm="pre"):
        super().__init__()
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.pos_emb = nn.Embedding(block_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head, block_size, dropout, norm) for _ in range(n_layer))
        self.ln_f = LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size)

    def forward(self, idx):
        """idx: (B, T) token ids, T <= block_size -> logits (B, T, vocab_size)."""
        T = idx.shape[1]
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(T, device=idx.device))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0):
        """Append max_new_tokens sampled tokens to idx (B, T), feeding at most block_size tokens back."""
        for _ in range(max_new_tokens):
            logits = self(idx[:, -self.block_size:])[:, -1, :] / temperature
            idx = torch.cat([idx, torch.multinomial(F.softmax(logits, dim=-1), 1)], dim=1)
        return idx


def param_breakdown(model):
    """Parameter counts by part: embedding (token + position), attention, mlp, norms, head, total."""
    count = lambda modules: sum(p.numel() for m in modules for p in m.parameters())  # noqa: E731
    blocks = list(model.blocks)
    parts = {
        "embedding": count([model.tok_emb, model.pos_emb]),
        "attention": count([b.attn for b in blocks]),
        "mlp": count([b.mlp for b in blocks]),
        "norms": count([m for b in blocks for m in (b.ln1, b.ln2)] + [model.ln_f]),
        "head": count([model.head]),
    }
    parts["total"] = sum(parts.values())
    return parts


