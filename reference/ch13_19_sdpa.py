"""Exercise 13.19: scaled dot-product attention in at most 10 lines (reference solution)."""

import math

import torch


def scaled_dot_product_attention(q, k, v, mask=None, is_causal=False):
    """softmax(q k^T / sqrt(d_k) + mask) v over the last two axes; bool mask True = may attend."""
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if is_causal:
        mask = torch.ones(scores.shape[-2:], dtype=torch.bool, device=q.device).tril()
    if mask is not None and mask.dtype == torch.bool:
        scores = scores.masked_fill(~mask, float("-inf"))
    elif mask is not None:
        scores = scores + mask
    return torch.softmax(scores, dim=-1) @ v


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _softmax_without_shift(scores, dim):
    e = torch.exp(scores)  # exp(100) overflows float32
    return e / e.sum(dim=dim, keepdim=True)


def _variant(scale=lambda d: math.sqrt(d), diagonal=0, invert=False, axis=-1, additive=True, softmax=torch.softmax,
             in_place=False):
    """The reference with one knob turned: each mistake below turns exactly one."""

    def attention(q, k, v, mask=None, is_causal=False):
        if in_place:
            q = q.div_(scale(q.size(-1)))  # changes the caller's q
        scores = q @ k.transpose(-2, -1) / (1.0 if in_place else scale(q.size(-1)))
        if is_causal:
            mask = torch.ones(scores.shape[-2:], dtype=torch.bool, device=q.device).tril(diagonal)
        if mask is not None and mask.dtype == torch.bool:
            scores = scores.masked_fill(mask if invert else ~mask, float("-inf"))
        elif mask is not None and additive:
            scores = scores + mask
        return softmax(scores, dim=axis) @ v

    return attention


MISTAKES = (
    mistake("no scaling", "the scores are q k^T without the 1/sqrt(d_k): large d_k makes the softmax saturate",
            scaled_dot_product_attention=_variant(scale=lambda d: 1.0)),
    mistake("scaled by d_k", "you divide the scores by d_k; the scale is 1/sqrt(d_k), which keeps the variance "
            "of q.k at 1 when q and k have unit-variance entries",
            scaled_dot_product_attention=_variant(scale=lambda d: d)),
    mistake("boolean mask inverted", "your boolean mask hides the positions marked True; torch's convention "
            "(used here) is True = may attend, so fill the scores with -inf where the mask is False (~mask)",
            scaled_dot_product_attention=_variant(invert=True)),
    mistake("causal mask off by one", "your causal mask hides the diagonal too (tril(-1) or triu(0)): a "
            "position may attend to itself and everything before it, so keep torch.ones(L, S).tril()",
            scaled_dot_product_attention=_variant(diagonal=-1)),
    mistake("softmax over the wrong axis", "the softmax runs over the queries (dim=-2); each query's weights "
            "over the keys must sum to 1: softmax(scores, dim=-1)",
            scaled_dot_product_attention=_variant(axis=-2)),
    mistake("additive mask ignored", "a float mask is added to the scores before the softmax (0 keeps a "
            "score, -inf removes it, other values bias it); yours leaves the scores unchanged",
            scaled_dot_product_attention=_variant(additive=False)),
    mistake("no max shift", "your softmax is exp(s) / sum(exp(s)) without subtracting the row maximum; in float32 "
            "exp overflows above about 88, so scores near 100 give inf / inf = NaN: use torch.softmax or subtract "
            "the max first", scaled_dot_product_attention=_variant(softmax=_softmax_without_shift)),
    mistake("q scaled in place", "you scale q in place (q.div_(...) or q /= ...), which changes the caller's "
            "tensor; compute a new one: q / math.sqrt(d_k)", scaled_dot_product_attention=_variant(in_place=True)),
)
