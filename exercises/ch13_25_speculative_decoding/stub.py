"""Exercise 13.25: speculative decoding. `kata show 13.25` for the statement; `kata run 13.25` trains and measures.

The model is given (do not change it: the checks reload your checkpoints into this class); write the two
decoding functions at the bottom.
"""

import math

import torch
from torch import nn
from torch.nn import functional as F

# The two models `kata run 13.25` trains (vocab_size comes from the corpus): a cheap draft, an expensive target.
DRAFT_CONFIG = dict(n_layer=1, n_head=4, n_embd=64, block_size=64)
TARGET_CONFIG = dict(n_layer=4, n_head=4, n_embd=128, block_size=64)

# Training steps of each model, batch size, learning rate.
TRAINING = dict(draft_steps=600, target_steps=600, batch_size=32, lr=3e-3)


class Block(nn.Module):
    """A pre-norm transformer block: causal multi-head self-attention, then an MLP, each with a residual."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head = n_head
        self.ln1, self.ln2 = nn.LayerNorm(n_embd), nn.LayerNorm(n_embd)
        self.qkv = nn.Linear(n_embd, 3 * n_embd)
        self.proj = nn.Linear(n_embd, n_embd)
        self.mlp = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.GELU(), nn.Linear(4 * n_embd, n_embd))
        self.register_buffer("mask", torch.tril(torch.ones(block_size, block_size, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(C, dim=-1)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        scores = (q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])).masked_fill(~self.mask[:T, :T], float("-inf"))
        x = x + self.proj((F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(B, T, C))
        return x + self.mlp(self.ln2(x))


class GPT(nn.Module):
    """A small character-level GPT (given): ids (B, T), T <= block_size -> logits (B, T, vocab_size)."""

    def __init__(self, vocab_size, n_layer, n_head, n_embd, block_size):
        super().__init__()
        self.block_size = block_size
        self.tok_emb = nn.Embedding(vocab_size, n_embd)
        self.pos_emb = nn.Embedding(block_size, n_embd)
        self.blocks = nn.ModuleList(Block(n_embd, n_head, block_size) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab_size)

    def forward(self, idx):
        x = self.tok_emb(idx) + self.pos_emb(torch.arange(idx.shape[1], device=idx.device))
        for block in self.blocks:
            x = block(x)
        return self.head(self.ln_f(x))


@torch.no_grad()
def greedy_decode(model, prompt, max_new):
    """The baseline: prompt (1-D ids) followed by max_new argmax tokens, one forward pass per token.

    Feed the model at most its last model.block_size tokens.
    """
    raise NotImplementedError("greedy_decode")


@torch.no_grad()
def speculative_decode(target, draft, prompt, k=4, max_new=64):
    """Exactly greedy_decode(target, prompt, max_new), with the draft proposing and the target verifying.

    Returns (ids, stats); stats is a dict with target_calls, draft_calls, proposed, accepted, acceptance_rate.
    """
    raise NotImplementedError("speculative_decode")
