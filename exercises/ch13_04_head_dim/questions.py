"""The choice question of 13.4 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="CAPACITY_AT_64_HEADS",
        question="d_model stays 512 and the number of heads goes from 8 to 64. What happens to each head?",
        options={
            "a": "Each head keeps its 64 dimensions and 56 new heads are added beside the old ones, so the "
                 "layer holds 8 times more attention parameters.",
            "b": "Nothing changes in what the heads compute: heads are only a way to spread the same attention "
                 "over the GPU, and 64 of them just run faster than 8.",
            "c": "Each head shrinks to 8 dimensions: more, thinner attention patterns, each scoring in a "
                 "low-rank query-key space; the parameter count stays the same.",
            "d": "Each head gets 8 times more dimensions, 512 instead of 64, because all heads share the full "
                 "width and each one sees every feature of every token.",
        },
        answer="c",
        why={
            "a": "the projections are d_model x d_model whatever h is; d_k = d_model / h shrinks instead.",
            "b": "heads are not a parallelisation trick: each one has its own softmax, so h heads can attend to "
                 "h different places, and splitting the width changes what each can represent.",
            "c": "right: d_k = 512 / 64 = 8. Scores q.k are computed in 8 dimensions, so each head can only "
                 "express a low-rank similarity; the layer's 4 d_model^2 parameters do not change.",
            "d": "it is the other way round: the width is divided among the heads, d_k = d_model / h.",
        },
    ),
)
