"""The choice question of 13.29 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_2N",
        question="Why is the inference cost of one token about 2N flops, for a model with N weights?",
        options={
            "a": "Forward plus backward: each weight is used once in the forward pass and once in the backward "
                 "pass for every generated token, 2 flops in all.",
            "b": "Each weight is touched by every token in the context when the new token is generated, so the "
                 "cost is 2N per context position, added up.",
            "c": "Half the weights are keys and values, which cost 2 flops each per token, while the query and "
                 "feed-forward weights are cached between tokens and cost nothing.",
            "d": "Each weight takes part in exactly one multiply-add per token, and a multiply-add is 2 flops; "
                 "attention's own work is small unless the context is long.",
        },
        answer="d",
        why={
            "a": "inference runs no backward pass at all; forward plus backward is the training cost, about 6N "
                 "per token (the backward costs about twice the forward).",
            "b": "with a KV cache the earlier tokens' keys and values are stored: the new token runs each weight "
                 "once; only attention's scores and mix grow with the context.",
            "c": "every weight matrix (Q, K, V, output, both FFN matrices, unembedding) multiplies the token's "
                 "activation, and each costs 2 flops per weight; weights are not something a cache can skip.",
            "d": "right: a vector times an (a, b) matrix is a*b multiply-adds, one per weight, so the matmuls "
                 "cost 2N; the q.k scores and the value mix add 4 n_layers n_ctx d_model on top (the "
                 "estimate 2N itself is Kaplan et al., 2020, section 2.1).",
        },
    ),
)
