"""Exercise 13.23: multi-query attention (one shared K/V head) and its KV-cache saving."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.23",
        title="Multi-query attention and the KV-cache saving (PyTorch)",
        track="13",
        kind="implement",
        framework="torch",
        points=11,
        package=__name__,
        after=("13.20", "13.14"),
        why_it_matters=(
            "Between MQA (1 KV head) and full multi-head sits GQA, which real 70B models use: LLaMA-2-70B "
            "shares each of 8 KV heads among 8 query heads, most of MQA's saving at less quality loss "
            "(Ainslie et al., 2023)."
        ),
        time_limit=60,
        hints=(
            "Only the keys and values change from multi-head attention: the queries still have n_heads heads, "
            "but there is a single key head and a single value head, d_head = d_model // n_heads features each, "
            "that every query head reads.",
            "So `k_proj = nn.Linear(d_model, d_head)` and `v_proj = nn.Linear(d_model, d_head)`. Give k and v a "
            "head axis of size 1, `k_proj(x).unsqueeze(1)` is (B, 1, T, d_head), and broadcasting against "
            "q of shape (B, n_heads, T, d_head) does the sharing for you.",
            "The cache stores a key and a value vector (the factor 2) per layer, per token, per KV head: "
            "2 * n_layers * kv_heads * d_head * seq_len * batch * bytes_per. MHA has n_heads KV heads, MQA one; "
            "ratio = mha / mqa. Parameters: q_proj and o_proj are d_model x d_model (+ bias), k_proj and v_proj "
            "d_model x d_head (+ bias).",
            "Forward: `q = q_proj(x).view(B, T, h, d_head).transpose(1, 2)`; `k, v = k_proj(x).unsqueeze(1), "
            "v_proj(x).unsqueeze(1)`; `scores = q @ k.transpose(-2, -1) / math.sqrt(d_head)`; mask with "
            "`triu(1)` if is_causal; `y = softmax(scores, -1) @ v`; "
            "`o_proj(y.transpose(1, 2).reshape(B, T, d_model))`.",
        ),
        mistakes=("K/V with n_heads heads (plain MHA)", "shared K but per-head V",
                  "saving without the factor 2 for K and V", "ratio inverted",
                  "no divisibility check"),
    ))
