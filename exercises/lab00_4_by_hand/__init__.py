"""Exercise lab00.4: a block's forward pass computed on paper, checked against the framework's block."""

from kata.exercise import Accepts, Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="lab00.4",
        title="One block by hand: d_model=4, one head, two tokens",
        track="lab00",
        kind="implement",
        framework="numpy",
        points=10,
        package=__name__,
        after=("lab00.3",),
        time_limit=30,
        hints=(
            "Choose values that keep the arithmetic short but the computation honest: one decimal each "
            "(0.1, -0.3, 0.5, ...), different from entry to entry, and not symmetric matrices, so a transposed "
            "W or a wrong axis changes the answer. Write every intermediate result down; you will need them.",
            "LayerNorm per token (row): mean of its 4 entries, variance = mean of squared deviations (divide by "
            "4, not 3), then (x - mean) / sqrt(var + 0.00001), times gamma, plus beta. Keep 6 or more "
            "significant digits all the way: rounding early is the usual reason for missing 1e-5.",
            "Attention with one head: q = h @ W_Q (a row times the matrix: entry j is sum_i h[i] * W_Q[i][j]), "
            "likewise k and v; the 2 x 2 scores are q_t . k_s / sqrt(4) = / 2; softmax each ROW (over the keys); "
            "mix the v rows with those weights; then multiply by W_O. Add the result to x: that is z.",
            "FFN: LN2 on z, then u = h @ W1 + B1 (8 numbers per token), gelu(u) = 0.5 u (1 + tanh(0.7978845608 "
            "(u + 0.044715 u^3))), then @ W2 + B2 and add to z. Paste the 2 x 4 result as "
            "HAND_RESULT = [[...], [...]], plain numbers, no code. If the check says your numbers match a known "
            "slip (exact GELU, W_O skipped, ...), redo that step.",
        ),
        accepts=Accepts(any_answer="the parameters are the learner's own choice; the checks run the framework's "
                                   "block on them and compare HAND_RESULT"),
        mistakes=("HAND_RESULT computed by code", "random parameters", "all weights equal", "exact GELU on paper",
                  "W_O skipped on paper", "sample variance on paper", "scores not scaled on paper",
                  "residual order on paper"),
    ))
