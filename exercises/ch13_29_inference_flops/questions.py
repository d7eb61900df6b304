"""The choice question of 13.29 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_2N",
        question="Why is the inference cost of one token about 2N flops, for a model with N weights?",
        options={
            "a": "Forward plus backward: each weight is used twice per token.",
            "b": "Each weight takes part in exactly one multiply-add per token, and a multiply-add is 2 flops; "
                 "attention's own work is small next to it unless the context is very long.",
            "c": "Each weight is touched by every token in the context, so it is 2N per context position.",
            "d": "Half the weights are keys and values, which cost 2 flops each; the rest cost nothing.",
        },
        answer="b",
        why={
            "a": "inference runs no backward pass at all; forward plus backward is the training cost, about 6N "
                 "per token (the backward costs about twice the forward).",
            "b": "right: a vector times an (a, b) matrix is a*b multiply-adds, one per weight, so the matmuls "
                 "cost 2N; the q.k scores and the value mix add 4 n_layers n_ctx d_model on top.",
            "c": "with a KV cache the earlier tokens' keys and values are stored: the new token runs each weight "
                 "once; only attention's scores and mix grow with the context.",
            "d": "every weight matrix (Q, K, V, output, both FFN matrices, unembedding) multiplies the token's "
                 "activation, and each costs 2 flops per weight.",
        },
    ),
)
