"""Exercise 13.28: without the 1/sqrt(d_k) scale, softmax saturates as d_k grows (theory as demonstration)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.28",
        title="Softmax saturation without the sqrt(d_k) scale",
        track="13",
        kind="theory",
        framework="numpy",
        points=9,
        package=__name__,
        after=("13.3",),
        why_it_matters=(
            "The same saturation is why attention logits are kept small in practice: the 1/sqrt(d_k) scale, "
            "and in some large models a normalisation of queries and keys."
        ),
        time_limit=60,
        hints=(
            "Draw everything at once with `rng = np.random.default_rng(seed)`: queries of shape (samples, d_k) "
            "and keys of shape (samples, n_keys, d_k), all `rng.standard_normal` (mean 0, variance 1). One "
            "sample is one query against its own n_keys keys.",
            "The scores are one dot product per key: `np.einsum('sd,snd->sn', q, k)`, shape (samples, n_keys). "
            "Each has variance d_k; dividing by sqrt(d_k) (only when `scaled`) brings it back to 1.",
            "Softmax over the keys (the last axis, after subtracting the row maximum), then `.max(axis=-1)` "
            "gives the largest weight of each sample; return the mean of those as a float.",
        ),
        mistakes=("n_keys others counted in the bound", "exp(+gap) in the bound", "the gap grows like the variance",
                  "scale forgotten", "scaled flag ignored (always scaled)", "divided by d_k",
                  "softmax over the wrong axis", "uniform components"),
        model_answer=(
            "With unit-variance components, q.k_j is a sum of d_k independent products of variance 1, so the "
            "scores have variance d_k and the gaps between them grow like sqrt(d_k). Softmax depends only on "
            "those gaps: the top weight is 1 / (1 + sum_j exp(-(s_max - s_j))). The scores divided by sqrt(d_k) "
            "are close to independent standard normals whatever d_k is, so each gap is sqrt(d_k) times a gap "
            "that does not shrink (and is positive almost surely); every exp(-gap) goes to 0 and the "
            "distribution tends to one-hot at the argmax. Dividing by sqrt(d_k) keeps the score variance at 1, "
            "so the expected top weight does not depend on d_k, and the softmax keeps useful gradients."
        ),
    ))
