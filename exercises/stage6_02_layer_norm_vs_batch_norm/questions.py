"""The choice question of 6.2 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_LAYERNORM",
        question="Why do transformers use LayerNorm rather than BatchNorm?",
        options={
            "a": "BatchNorm only works on images: its statistics are defined per convolution channel, and a "
                 "token sequence has no channels.",
            "b": "LayerNorm is several times cheaper to compute than BatchNorm, which matters at the scale of "
                 "large models.",
            "c": "Each token is normalised with its own statistics, so its output never depends on the rest of "
                 "the batch, on padding or on batch size, in training and generation alike.",
            "d": "BatchNorm has no learnable gamma and beta, so it cannot undo a normalisation that hurts the "
                 "model.",
            "e": "LayerNorm keeps each row of attention weights summing to one, which BatchNorm would break.",
        },
        answer="c",
        why={
            "a": "BatchNorm works on any features (it is used in MLPs too); the trouble in transformers is that "
                 "its statistics mix examples, padding and positions, and depend on the batch.",
            "b": "both take a mean and a variance over some axis: the cost is about the same.",
            "c": "right: batch statistics make one example's output depend on the others, break down for small "
                 "or single batches (you have just seen batch size 1 give beta), and need running averages "
                 "at inference.",
            "d": "BatchNorm has the same gamma and beta as LayerNorm.",
            "e": "the softmax makes attention weights sum to one; LayerNorm acts on feature vectors.",
        },
    ),
)
