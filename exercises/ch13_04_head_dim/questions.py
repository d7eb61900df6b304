"""The choice question of 13.4 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="CAPACITY_AT_64_HEADS",
        question="d_model stays 512 and the number of heads goes from 8 to 64. What happens to each head?",
        options={
            "a": "Each head keeps 64 dimensions, so the model gets 8 times more attention parameters.",
            "b": "Each head shrinks to 8 dimensions: more, thinner attention patterns, each with a low-rank "
                 "query-key space, while the total parameter count of the layer stays the same.",
            "c": "Nothing changes: heads are just a way to parallelise the same computation.",
            "d": "Each head gets 8 times more dimensions, because the heads share the width.",
        },
        answer="b",
        why={
            "a": "the projections are d_model x d_model whatever h is; d_k = d_model / h shrinks instead.",
            "b": "right: d_k = 512 / 64 = 8. Scores q.k are computed in 8 dimensions, so each head can only "
                 "express a low-rank similarity; the layer's 4 d_model^2 parameters do not change.",
            "c": "heads are not a parallelisation trick: each one has its own softmax, so h heads can attend to "
                 "h different places, and splitting the width changes what each can represent.",
            "d": "it is the other way round: the width is divided among the heads, d_k = d_model / h.",
        },
    ),
)
