"""The choice question of 6.2 (declarative, no numpy)."""

from kata.choices import Choice

CHOICES = (
    Choice(
        name="WHY_LAYERNORM",
        question="Why do transformers use LayerNorm rather than BatchNorm?",
        options={
            "a": "BatchNorm only works on images: its statistics are defined per convolution channel, and a "
                 "sequence of token vectors has no channels to average over.",
            "b": "Each token is normalised with its own statistics, so its output never depends on other "
                 "examples, other positions, padding or batch size, in training and generation alike.",
            "c": "LayerNorm is several times cheaper to compute than BatchNorm, because it reduces over the d "
                 "features instead of over N x T values, which matters at the scale of large models.",
            "d": "BatchNorm has no learnable gamma and beta, so once it has normalised a feature the model "
                 "cannot undo it, even where that normalisation hurts.",
            "e": "LayerNorm keeps each row of attention weights summing to one after the softmax, which "
                 "BatchNorm would break by rescaling every weight with batch statistics.",
        },
        answer="b",
        why={
            "a": "BatchNorm works on any features (it is used in MLPs too); the trouble in transformers is that "
                 "its statistics mix examples, padding and positions, and depend on the batch.",
            "b": "right: batch statistics make one example's output depend on the others; over (N, T) they "
                 "also mix the positions of one sequence, so a later token changes an earlier one's output "
                 "(a causality leak); and they need running averages at inference.",
            "c": "both reduce the same N x T x D numbers to means and variances, once each: the cost is about "
                 "the same.",
            "d": "BatchNorm has the same gamma and beta as LayerNorm (Ioffe and Szegedy, 2015, section 3).",
            "e": "the softmax makes attention weights sum to one; LayerNorm acts on feature vectors, not on "
                 "attention weights.",
        },
    ),
)
