"""Exercise 13.24: an encoder-only classifier, pre-trained with masked LM, then fine-tuned (reference solution)."""

import math

import torch
from torch import nn
from torch.nn import functional as F

# Token ids of the special tokens (kata/sentiment.py puts them first in the vocabulary).
PAD, UNK, CLS, MASK = 0, 1, 2, 3

# The model `kata run 13.24` builds (vocab_size comes from the data). max_len counts the [CLS] token.
CONFIG = dict(d_model=64, n_head=4, n_layer=2, max_len=32, dropout=0.0)

# Masked-LM pre-training steps, then fine-tuning steps on the labelled reviews.
TRAINING = dict(pretrain_steps=400, finetune_steps=400, batch_size=64, lr=2e-3)


def mlm_mask(tokens, mask_id, vocab_size, generator, special=(PAD, UNK, CLS, MASK), p=0.15):
    """BERT's corruption: select each ordinary position with probability p; of those 80% -> mask_id,
    10% -> a random ordinary token, 10% unchanged. Returns (inputs, labels), labels -100 where not selected."""
    tokens = tokens.cpu()
    special_ids = torch.tensor(sorted(set(special)), dtype=tokens.dtype)
    selected = (torch.rand(tokens.shape, generator=generator) < p) & ~torch.isin(tokens, special_ids)
    roll = torch.rand(tokens.shape, generator=generator)
    ordinary = torch.tensor([i for i in range(vocab_size) if i not in set(special)], dtype=tokens.dtype)
    random_tokens = ordinary[torch.randint(len(ordinary), tokens.shape, generator=generator)]
    inputs = torch.where(selected & (roll < 0.8), torch.full_like(tokens, mask_id), tokens)
    inputs = torch.where(selected & (roll >= 0.8) & (roll < 0.9), random_tokens, inputs)
    labels = torch.where(selected, tokens, torch.full_like(tokens, -100))
    return inputs, labels


class SelfAttention(nn.Module):
    """Bidirectional multi-head self-attention: every token sees every real token, none sees padding."""

    def __init__(self, d_model, n_head, dropout=0.0):
        super().__init__()
        assert d_model % n_head == 0, "d_model must be divisible by n_head"
        self.n_head = n_head
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.proj = nn.Linear(d_model, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, pad_mask):
        """x: (B, T, d); pad_mask: (B, T) bool, True where the token is padding."""
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=-1)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])
        scores = scores.masked_fill(pad_mask[:, None, None, :], float("-inf"))  # padded keys: no weight
        y = self.dropout(F.softmax(scores, dim=-1)) @ v
        return self.proj(y.transpose(1, 2).reshape(B, T, C))


class Block(nn.Module):
    def __init__(self, d_model, n_head, dropout=0.0):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)
        self.attn = SelfAttention(d_model, n_head, dropout)
        self.mlp = nn.Sequential(nn.Linear(d_model, 4 * d_model), nn.GELU(), nn.Linear(4 * d_model, d_model),
                                 nn.Dropout(dropout))

    def forward(self, x, pad_mask):
        x = x + self.attn(self.ln1(x), pad_mask)
        return x + self.mlp(self.ln2(x))


class Encoder(nn.Module):
    """Token + learned position embeddings, pre-norm blocks, a final LayerNorm: ids (B, T) -> states (B, T, d)."""

    def __init__(self, vocab_size, d_model, n_head, n_layer, max_len, dropout=0.0, pad_id=PAD):
        super().__init__()
        self.pad_id, self.max_len = pad_id, max_len
        self.tok_emb = nn.Embedding(vocab_size, d_model)
        self.pos_emb = nn.Embedding(max_len, d_model)
        self.blocks = nn.ModuleList(Block(d_model, n_head, dropout) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(d_model)

    def forward(self, tokens):
        pad_mask = tokens == self.pad_id
        x = self.tok_emb(tokens) + self.pos_emb(torch.arange(tokens.shape[1], device=tokens.device))
        for block in self.blocks:
            x = block(x, pad_mask)
        return self.ln_f(x)


class EncoderClassifier(nn.Module):
    """One encoder, two heads: masked-LM logits for pre-training, class logits for fine-tuning."""

    def __init__(self, vocab_size, d_model, n_head, n_layer, max_len, n_classes=2, dropout=0.0, pad_id=PAD):
        super().__init__()
        self.pad_id = pad_id
        self.encoder = Encoder(vocab_size, d_model, n_head, n_layer, max_len, dropout, pad_id)
        self.mlm_head = nn.Linear(d_model, vocab_size)
        self.cls_head = nn.Linear(d_model, n_classes)

    def mlm_logits(self, tokens):
        """(B, T) ids -> (B, T, vocab_size) logits for every position."""
        return self.mlm_head(self.encoder(tokens))

    def classify(self, tokens):
        """(B, T) ids -> (B, n_classes) logits from the mean of the non-padding states."""
        states = self.encoder(tokens)
        real = (tokens != self.pad_id).unsqueeze(-1).to(states.dtype)
        pooled = (states * real).sum(1) / real.sum(1).clamp(min=1.0)
        return self.cls_head(pooled)

    def forward(self, tokens):
        return self.classify(tokens)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _mask_everything(tokens, mask_id, vocab_size, generator, special=(PAD, UNK, CLS, MASK), p=0.15):
    inputs, labels = mlm_mask(tokens, mask_id, vocab_size, generator, special, p)
    return torch.where(labels != -100, torch.full_like(inputs, mask_id), inputs), labels


def _mask_specials_too(tokens, mask_id, vocab_size, generator, special=(PAD, UNK, CLS, MASK), p=0.15):
    return mlm_mask(tokens, mask_id, vocab_size, generator, (), p)


def _encoder_with(attention):
    class _Encoder(Encoder):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for block in self.blocks:
                block.attn.__class__ = attention
    return _Encoder


class _CausalSelfAttention(SelfAttention):
    def forward(self, x, pad_mask):
        B, T, C = x.shape
        q, k, v = self.qkv(x).split(C, dim=-1)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        scores = q @ k.transpose(-2, -1) / math.sqrt(k.shape[-1])
        causal = torch.triu(torch.ones(T, T, dtype=torch.bool, device=x.device), 1)
        scores = scores.masked_fill(pad_mask[:, None, None, :] | causal, float("-inf"))
        return self.proj((F.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(B, T, C))


class _NoPadMaskAttention(SelfAttention):
    def forward(self, x, pad_mask):
        return super().forward(x, torch.zeros_like(pad_mask))


def _classifier_with(attention):
    class _Classifier(EncoderClassifier):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for block in self.encoder.blocks:
                block.attn.__class__ = attention
    return _Classifier


MISTAKES = (
    mistake("causal mask in the encoder", "your encoder hides later tokens from earlier ones, as a GPT does; an "
            "encoder is bidirectional: mask only the padded keys, never the future",
            EncoderClassifier=_classifier_with(_CausalSelfAttention), Encoder=_encoder_with(_CausalSelfAttention)),
    mistake("padding mask ignored", "your attention gives weight to [PAD] keys, so a review's representation changes "
            "with how much padding its batch has; set the scores of padded keys to -inf before the softmax",
            EncoderClassifier=_classifier_with(_NoPadMaskAttention), Encoder=_encoder_with(_NoPadMaskAttention)),
    mistake("every selected token becomes [MASK]", "every selected position becomes [MASK]; BERT keeps 10% unchanged "
            "and swaps 10% for a random token, so the model cannot learn that only [MASK] positions matter",
            mlm_mask=_mask_everything),
    mistake("padding and special tokens masked", "your masking selects [PAD], [CLS] and the other special tokens; "
            "only ordinary tokens may be selected (and random replacements must be ordinary tokens too)",
            mlm_mask=_mask_specials_too),
)
