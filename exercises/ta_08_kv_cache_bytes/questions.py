"""The choice question of ta.8 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="GQA_SAVING",
        question="A model with 32 query heads (d_h = 128) switches from multi-head attention (32 KV heads) to "
                 "grouped-query attention with 8 KV heads. What happens to its KV cache?",
        options={
            "a": "It shrinks 4 times: only K and V are cached, and there are 32 / 8 = 4 times fewer KV heads.",
            "b": "Nothing: the model still has 32 query heads, and the cache grows with the heads.",
            "c": "It shrinks 32 times: GQA keeps a single K and V for all heads.",
            "d": "It halves: GQA caches K but recomputes V.",
        },
        answer="a",
        why={
            "a": "right: the cache is 2 * B * L * T * H_kv * d_h * bytes_per, linear in H_kv.",
            "b": "queries are computed fresh for the new token and never cached; only the KV heads count.",
            "c": "that is multi-query attention (MQA, H_kv = 1); GQA shares each K/V head among a group of query "
                 "heads, here groups of 4.",
            "d": "GQA keeps both K and V (the factor 2 stays); it has fewer of them.",
        },
    ),
)
