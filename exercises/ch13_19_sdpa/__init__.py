"""Exercise 13.19: scaled dot-product attention in PyTorch, in at most 10 lines."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.19",
        title="Scaled dot-product attention in 10 lines (PyTorch)",
        track="13",
        kind="implement",
        framework="torch",
        points=13,
        package=__name__,
        after=("13.11", "lab00.3"),
        why_it_matters=(
            "torch.nn.functional.scaled_dot_product_attention computes exactly these lines, dispatching to "
            "FlashAttention or memory-efficient kernels when it can."
        ),
        time_limit=60,
        hints=(
            "Three steps: scores = q k^T / sqrt(d_k) (d_k is `q.size(-1)`), a softmax over the keys, then a "
            "weighted sum of the values. `k.transpose(-2, -1)` swaps only the last two axes, so the same line "
            "works for 3-D and 4-D inputs.",
            "Masks act on the scores before the softmax. A boolean mask says where a query MAY attend (True), so "
            "the forbidden scores are where it is False: `scores.masked_fill(~mask, float('-inf'))`. A float mask "
            "is simply added: `scores + mask`. Tell them apart with `mask.dtype == torch.bool`.",
            "is_causal is a boolean mask you build yourself: query i may see keys 0..i, i.e. the lower triangle "
            "including the diagonal, `torch.ones(L, S, dtype=torch.bool).tril()`. The softmax runs over the keys, "
            "the last axis: `torch.softmax(scores, dim=-1)`.",
            "Nearly the answer: `scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))`; if is_causal, set "
            "`mask` to the tril above; then `masked_fill(~mask, -inf)` for a bool mask or `scores + mask` for a "
            "float one; `return torch.softmax(scores, dim=-1) @ v`. That is 7 lines.",
        ),
        mistakes=("no scaling", "scaled by d_k", "boolean mask inverted", "causal mask off by one",
                  "softmax over the wrong axis", "additive mask ignored", "no max shift", "q scaled in place"),
    ))
