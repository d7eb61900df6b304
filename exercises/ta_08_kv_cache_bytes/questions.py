"""The choice question of ta.8 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="GQA_SAVING",
        question="A model with 32 query heads (d_h = 128) switches from multi-head attention (32 KV heads) to "
                 "grouped-query attention with 8 KV heads. What happens to its KV cache?",
        options={
            "a": "Nothing: the model still has 32 query heads of d_h = 128, and the cache grows with the number "
                 "of heads.",
            "b": "It shrinks 32 times: GQA keeps 1 K head and 1 V head, shared by all 32 query heads of the "
                 "layer.",
            "c": "It shrinks 4 times: only K and V are cached, and there are 32 / 8 = 4 times fewer KV heads.",
            "d": "It halves: GQA still caches all 32 K heads but recomputes V from the cached keys at each "
                 "step.",
        },
        answer="c",
        why={
            "a": "queries are computed fresh for the new token and never cached; only the KV heads count.",
            "b": "that is multi-query attention (MQA, H_kv = 1); GQA shares each K/V head among a group of query "
                 "heads, here groups of 4.",
            "c": "right: the cache is 2 * B * L * T * H_kv * d_h * bytes_per, linear in H_kv (Ainslie et al., "
                 "2023).",
            "d": "GQA keeps both K and V (the factor 2 stays); it has fewer of them.",
        },
    ),
)
