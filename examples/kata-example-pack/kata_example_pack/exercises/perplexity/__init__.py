"""Exercise ex.2: perplexity from per-token losses, in plain Python, with a choice question."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ex.2",
        title="Perplexity from token losses",
        track="ex",
        kind="implement",
        framework="python",
        points=4,
        package=__name__,
        reference="kata_example_pack.reference.perplexity",
        checks="kata_example_pack.checks.perplexity",
        time_limit=20,
        hints=(
            "Perplexity is the exponential of the average loss per token: average first, exponentiate last.",
            "The losses are natural-log cross-entropies, so the exponential is `math.exp`, not a power of 2.",
            "A model that spreads its probability evenly over V tokens has loss log(V) on every token.",
        ),
        mistakes=("exp of the sum", "mean of the exponentials", "base 2", "empty accepted"),
    ))
