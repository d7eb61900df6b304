"""Exercise ta.5: the parameters of the feed-forward block."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.5",
        title="Feed-forward (MLP) parameter count",
        track="ta",
        kind="numeric",
        framework="python",
        points=3,
        package=__name__,
        after=("ta.4",),
        time_limit=20,
        hints=(
            "Two linear layers: the first widens d to d_ff, the second narrows d_ff back to d. Count each one's "
            "weights and, when bias is true, its bias.",
            "The first bias has one entry per output of the first layer (d_ff); the second has one per output "
            "of the second layer (d). Use the d_ff you are given: 4 * d is only the usual choice.",
            "`2 * d * d_ff`, plus `d_ff + d` when bias is true.",
        ),
        mistakes=("missing biases", "d_ff assumed to be 4d", "both biases of size d_ff", "one linear layer", "count as a float"),
    ))
