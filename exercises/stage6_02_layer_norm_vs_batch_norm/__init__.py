"""Exercise 6.2: LayerNorm versus BatchNorm, and why transformers use LayerNorm."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.2",
        title="LayerNorm vs BatchNorm",
        track="6",
        kind="concept",
        framework="numpy",
        points=8,
        package=__name__,
        after=("ta.6",),
        why_it_matters=(
            "GPT, LLaMA and BERT all normalise per token (LayerNorm, or RMSNorm in LLaMA); statistics over T "
            "would leak future tokens into a causal model."
        ),
        time_limit=30,
        hints=(
            "BatchNorm keeps one mean and one variance *per feature*, computed over the examples of the batch "
            "(and, for (N, T, D) input, over the positions too): every axis except the last one.",
            "`axes = tuple(range(x.ndim - 1))`, then `mean = x.mean(axis=axes, keepdims=True)` and "
            "`var = x.var(axis=axes, keepdims=True)` (population variance, ddof=0). "
            "`y = gamma * (x - mean) / np.sqrt(var + eps) + beta`.",
            "With a single token (N x T = 1) every feature equals its own mean, so `x - mean` is exactly 0 and "
            "the output is `beta`, whatever the input. With one sequence of T > 1 tokens the mean runs over "
            "its positions, so the last token moves the first one's output. "
            "LayerNorm's learnable parameters are one scale and one shift per feature: "
            "`{\"gamma\": d, \"beta\": d}`.",
        ),
        mistakes=("normalised over the feature axis", "statistics over axis 0 only", "ddof=1",
                  "eps outside the sqrt", "mean and variance counted as parameters",
                  "one scalar gamma and beta"),
        model_answer=(
            "BatchNorm normalises each feature with statistics taken across the batch, so a token's output "
            "depends on the other sequences in the batch, on their padding and on the batch size, and it needs "
            "running averages to behave at inference. Over (N, T) it also mixes the positions of one sequence: "
            "a later token changes an earlier token's output, a leak from the future that a causal model "
            "cannot allow. With a single token, every feature equals its batch mean and the output collapses "
            "to beta. LayerNorm normalises each token's own feature vector: no batch "
            "statistics, the same computation in training and generation, any batch size and sequence length. "
            "Its learnable parameters are gamma and beta, d each, 2d in all; its mean and variance are "
            "computed, not learned."
        ),
    ))
