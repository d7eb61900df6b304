"""Exercise 13.23: multi-query attention and its KV-cache saving (reference solution)."""

import math

import torch
import torch.nn as nn


class MultiQueryAttention(nn.Module):
    """n_heads query heads share ONE key head and ONE value head (Shazeer, 2019)."""

    def __init__(self, d_model, n_heads):
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"d_model={d_model} is not divisible by n_heads={n_heads}")
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model)      # a query per head, as in multi-head attention
        self.k_proj = nn.Linear(d_model, self.d_head)  # one key head for all of them
        self.v_proj = nn.Linear(d_model, self.d_head)  # one value head for all of them
        self.o_proj = nn.Linear(d_model, d_model)

    def forward(self, x, is_causal=False):
        """x: (B, T, d_model) -> (B, T, d_model); is_causal hides the positions after each query."""
        B, T, _ = x.shape
        q = self.q_proj(x).view(B, T, self.n_heads, self.d_head).transpose(1, 2)  # (B, h, T, d_head)
        k = self.k_proj(x).unsqueeze(1)  # (B, 1, T, d_head): broadcast over the h query heads
        v = self.v_proj(x).unsqueeze(1)
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)
        if is_causal:
            future = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v  # (B, h, T, d_head)
        return self.o_proj(y.transpose(1, 2).reshape(B, T, self.d_model))


def mqa_param_count(d_model, n_heads):
    """Parameters of MultiQueryAttention(d_model, n_heads), biases included."""
    d_head = d_model // n_heads
    return 2 * (d_model * d_model + d_model) + 2 * (d_model * d_head + d_head)


def kv_cache_saving(n_layers, n_heads, d_head, seq_len, batch=1, bytes_per=2):
    """KV-cache bytes of multi-head vs multi-query attention: {"mha", "mqa", "saving", "ratio"}."""
    per_kv_head = 2 * n_layers * d_head * seq_len * batch * bytes_per  # a K and a V vector per layer and token
    mha, mqa = n_heads * per_kv_head, per_kv_head
    return {"mha": mha, "mqa": mqa, "saving": mha - mqa, "ratio": mha / mqa}


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


class _AttentionWithKVHeads(MultiQueryAttention):
    """The projections named in kv_heads get n_heads heads of their own instead of one shared head."""

    kv_heads: tuple[str, ...] = ()

    def __init__(self, d_model, n_heads):
        super().__init__(d_model, n_heads)
        for name in self.kv_heads:
            setattr(self, f"{name}_proj", nn.Linear(d_model, d_model))

    def forward(self, x, is_causal=False):
        B, T, _ = x.shape

        def heads(t):
            return t.view(B, T, -1, self.d_head).transpose(1, 2)

        q, k, v = heads(self.q_proj(x)), heads(self.k_proj(x)), heads(self.v_proj(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(self.d_head)
        if is_causal:
            scores = scores.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float("-inf"))
        y = torch.softmax(scores, dim=-1) @ v
        return self.o_proj(y.transpose(1, 2).reshape(B, T, self.d_model))


class _PlainMHA(_AttentionWithKVHeads):
    kv_heads = ("k", "v")


class _PerHeadV(_AttentionWithKVHeads):
    kv_heads = ("v",)


def _count_with(kv_heads):
    def count(d_model, n_heads):
        d_head = d_model // n_heads
        wide = (2 + kv_heads) * (d_model * d_model + d_model)
        return wide + (2 - kv_heads) * (d_model * d_head + d_head)

    return count


def _saving_without_factor_2(n_layers, n_heads, d_head, seq_len, batch=1, bytes_per=2):
    per_kv_head = n_layers * d_head * seq_len * batch * bytes_per
    mha, mqa = n_heads * per_kv_head, per_kv_head
    return {"mha": mha, "mqa": mqa, "saving": mha - mqa, "ratio": mha / mqa}


def _ratio_inverted(n_layers, n_heads, d_head, seq_len, batch=1, bytes_per=2):
    sizes = kv_cache_saving(n_layers, n_heads, d_head, seq_len, batch, bytes_per)
    return {**sizes, "ratio": sizes["mqa"] / sizes["mha"]}


class _NoDivisibilityCheck(MultiQueryAttention):
    def __init__(self, d_model, n_heads):
        nn.Module.__init__(self)
        self.d_model, self.n_heads, self.d_head = d_model, n_heads, d_model // n_heads
        self.q_proj = nn.Linear(d_model, d_model)
        self.k_proj = nn.Linear(d_model, self.d_head)
        self.v_proj = nn.Linear(d_model, self.d_head)
        self.o_proj = nn.Linear(d_model, d_model)


MISTAKES = (
    mistake("K/V with n_heads heads (plain MHA)", "your keys and values have n_heads heads each (k_proj and "
            "v_proj are d_model x d_model): that is ordinary multi-head attention. In MQA, k_proj and v_proj map "
            "d_model to ONE head of d_head features, shared by every query head",
            MultiQueryAttention=_PlainMHA, mqa_param_count=_count_with(2)),
    mistake("shared K but per-head V", "your keys are shared but your values still have n_heads heads: v_proj "
            "must be d_model x d_head too, one value head for all the query heads (the cache holds V as well)",
            MultiQueryAttention=_PerHeadV, mqa_param_count=_count_with(1)),
    mistake("saving without the factor 2 for K and V", "the cache holds a key AND a value per layer, token and "
            "KV head: both sizes need a factor 2", kv_cache_saving=_saving_without_factor_2),
    mistake("ratio inverted", "ratio is mqa / mha; it should say how many times smaller the MQA cache is, "
            "mha / mqa (= n_heads)", kv_cache_saving=_ratio_inverted),
    mistake("no divisibility check", "your constructor accepts a d_model that n_heads does not divide (d_head = "
            "d_model // n_heads silently drops the remainder); the statement asks for a ValueError",
            MultiQueryAttention=_NoDivisibilityCheck),
)
