"""Exercise 13.20: CausalSelfAttention with a manual path and an F.scaled_dot_product_attention path."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.20",
        title="CausalSelfAttention: manual and SDPA paths (PyTorch)",
        track="13",
        kind="implement",
        framework="torch",
        points=9,
        package=__name__,
        after=("13.19",),
        why_it_matters=(
            "This is nanoGPT's attention layer; with use_sdpa=True PyTorch runs a fused kernel on the same "
            "weights."
        ),
        time_limit=60,
        hints=(
            "Both paths share everything except the attention itself: c_attn(x) gives (B, T, 3C); "
            "`.split(n_embd, dim=2)` cuts it into q, k and v; after attention the heads are put side by side "
            "again and go through c_proj.",
            "Splitting the heads is a view AND a transpose: `t.view(B, T, n_head, C // n_head).transpose(1, 2)` "
            "gives (B, n_head, T, head_size). A single `reshape(B, n_head, T, head_size)` has the right shape but "
            "mixes positions with channels (and `.view` even refuses it on the output of `split`). Undo the split "
            "with `y.transpose(1, 2).contiguous().view(B, T, C)`.",
            "The SDPA path is one call: `F.scaled_dot_product_attention(q, k, v, is_causal=True)`. The manual path "
            "must compute exactly the same thing, so it scales by 1/sqrt(head_size) and hides the future.",
            "Manual path: `att = q @ k.transpose(-2, -1) / math.sqrt(k.size(-1))`; "
            "`att = att.masked_fill(torch.ones(T, T, dtype=torch.bool).triu(1), float('-inf'))`; "
            "`y = F.softmax(att, dim=-1) @ v`.",
        ),
        mistakes=("mask missing in the manual path", "heads split without transpose", "scale missing",
                  "c_proj skipped", "paths swapped"),
    ))
