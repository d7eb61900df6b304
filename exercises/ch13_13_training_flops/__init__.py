"""Exercise 13.13: training compute, C = 6 N D."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.13",
        title="Training compute: 6 N D",
        track="13",
        kind="numeric",
        framework="python",
        points=4,
        package=__name__,
        after=("13.12",),
        why_it_matters=(
            "GPT-3's training budget, 3.14e23 FLOPs, is this rule applied to 175B parameters and 300B tokens "
            "(Brown et al., 2020)."
        ),
        time_limit=20,
        hints=(
            "Count per parameter and per token. In the forward pass each weight is used in one multiply and one "
            "add: 2 FLOPs. The backward pass computes two products per weight (the gradient with respect to the "
            "layer's input and with respect to the weight), so it costs twice the forward.",
            "2 (forward) + 4 (backward) = 6 FLOPs per parameter per token: `return 6 * N * D`. For 13e9 "
            "parameters and 2e12 tokens that is about 1.6e23 FLOPs.",
        ),
        mistakes=("forward only", "backward as cheap as forward", "N times D"),
    ))
