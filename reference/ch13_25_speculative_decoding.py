"""Exercise 13.25: speculative decoding with a 1-layer draft and a 4-layer target (reference solution)."""

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
    """The baseline: append max_new argmax tokens to prompt (1-D ids), one forward pass per token."""
    seq = prompt.clone()
    for _ in range(max_new):
        logits = model(seq[-model.block_size:][None])[0, -1]
        seq = torch.cat([seq, logits.argmax().view(1)])
    return seq


@torch.no_grad()
def speculative_decode(target, draft, prompt, k=4, max_new=64):
    """Greedy speculative decoding: the same tokens as greedy_decode(target, ...), fewer target passes.

    Each round the draft proposes k' = min(k, tokens still needed - 1) tokens one at a time; the target
    scores all of them in one pass over the last block_size tokens of (sequence + proposals); the longest
    prefix where the target's argmax agrees is kept, then the target's own token (the first disagreement,
    or the bonus token after the last proposal). Returns (ids, stats).
    """
    seq = prompt.clone()
    stats = dict(target_calls=0, draft_calls=0, proposed=0, accepted=0)
    done = 0
    while done < max_new:
        n_prop = min(k, max_new - done - 1)
        ctx = seq
        for _ in range(n_prop):
            guess = draft(ctx[-draft.block_size:][None])[0, -1].argmax().view(1)
            ctx = torch.cat([ctx, guess])
        proposals = ctx[len(seq):]
        window = ctx[-target.block_size:]
        choices = target(window[None])[0, -(n_prop + 1):].argmax(dim=-1)  # the target's token after each prefix
        agree = (choices[:n_prop] == proposals).long().cumprod(0).sum().item()
        seq = torch.cat([seq, proposals[:agree], choices[agree:agree + 1]])
        done += agree + 1
        stats["target_calls"] += 1
        stats["draft_calls"] += n_prop
        stats["proposed"] += n_prop
        stats["accepted"] += agree
    stats["acceptance_rate"] = stats["accepted"] / stats["proposed"] if stats["proposed"] else 0.0
    return seq, stats


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _rounds(target, draft, prompt, k, max_new, *, keep_draft=False, per_token=False, drop_bonus=False, crop=True):
    """The reference loop with one bug switched on (each mistake below turns on one)."""
    cut = (lambda ids, size: ids[-size:]) if crop else (lambda ids, size: ids)
    seq = prompt.clone()
    stats = dict(target_calls=0, draft_calls=0, proposed=0, accepted=0)
    done = 0
    with torch.no_grad():
        while done < max_new:
            n_prop = min(k, max_new - done - 1)
            ctx = seq
            for _ in range(n_prop):
                ctx = torch.cat([ctx, draft(cut(ctx, draft.block_size)[None])[0, -1].argmax().view(1)])
            proposals = ctx[len(seq):]
            if per_token:  # one target pass per position, stopping at the first disagreement
                choices = []
                for i in range(n_prop + 1):
                    choices.append(target(cut(ctx[:len(seq) + i], target.block_size)[None])[0, -1].argmax())
                    stats["target_calls"] += 1
                    if i < n_prop and choices[-1] != proposals[i]:
                        break
                choices = torch.stack(choices)
            else:
                choices = target(cut(ctx, target.block_size)[None])[0, -(n_prop + 1):].argmax(dim=-1)
                stats["target_calls"] += 1
            agree = (choices[:n_prop][:len(choices)] == proposals[:len(choices)]).long().cumprod(0).sum().item()
            agree = min(agree, n_prop)
            last = proposals[agree:agree + 1] if keep_draft and agree < n_prop else choices[agree:agree + 1]
            if drop_bonus and agree == n_prop > 0:
                last = last[:0]
            seq = torch.cat([seq, proposals[:agree], last])
            done += agree + len(last)
            stats["draft_calls"] += n_prop
            stats["proposed"] += n_prop
            stats["accepted"] += agree
    stats["acceptance_rate"] = stats["accepted"] / stats["proposed"] if stats["proposed"] else 0.0
    return seq, stats


def _keep_draft(target, draft, prompt, k=4, max_new=64):
    return _rounds(target, draft, prompt, k, max_new, keep_draft=True)


def _per_token(target, draft, prompt, k=4, max_new=64):
    return _rounds(target, draft, prompt, k, max_new, per_token=True)


def _drop_bonus(target, draft, prompt, k=4, max_new=64):
    return _rounds(target, draft, prompt, k, max_new, drop_bonus=True)


def _uncropped_spec(target, draft, prompt, k=4, max_new=64):
    return _rounds(target, draft, prompt, k, max_new, crop=False)


@torch.no_grad()
def _uncropped_greedy(model, prompt, max_new):
    seq = prompt.clone()
    for _ in range(max_new):
        seq = torch.cat([seq, model(seq[None])[0, -1].argmax().view(1)])
    return seq


MISTAKES = (
    mistake("draft token kept at the disagreement", "at the first position where the target disagrees you kept the "
            "draft's token; the target's own argmax must replace it, otherwise the output is no longer the "
            "target's greedy decoding", speculative_decode=_keep_draft),
    mistake("target called once per token", "you verify the proposals with one target pass per position, so the "
            "target runs once per generated token and nothing is saved; score all k+1 positions of "
            "(sequence + proposals) in ONE forward pass", speculative_decode=_per_token),
    mistake("bonus token dropped", "when the target accepts all k proposals you append nothing more, but its "
            "logits at the last position already give one more token for free (the bonus token): a round with "
            "every proposal accepted must add k+1 tokens", speculative_decode=_drop_bonus),
    mistake("context not cropped", "you feed the whole sequence to the models; once it is longer than block_size "
            "the position embedding has no row for it. Feed the last block_size tokens (seq[-model.block_size:])",
            speculative_decode=_uncropped_spec, greedy_decode=_uncropped_greedy),
)
