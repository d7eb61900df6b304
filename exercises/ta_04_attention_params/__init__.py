"""Exercise ta.4: the parameters of a multi-head attention layer."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.4",
        title="Attention parameter count",
        track="ta",
        kind="numeric",
        framework="python",
        points=4,
        package=__name__,
        after=("ta.3",),
        why_it_matters=(
            "This is why more heads cost nothing extra: GPT-3 175B's attention has 4 d^2 weights per layer "
            "for its 96 heads, as one head would."
        ),
        time_limit=20,
        hints=(
            "Count the projections: queries, keys, values, and the output projection that mixes the heads back "
            "together. Each maps d_model to d_model.",
            "A d x d weight matrix has d*d entries; its bias has d. The heads only slice the projections, so the "
            "number of heads never appears in the count.",
            "`4 * d * d`, plus `4 * d` when bias is true.",
        ),
        mistakes=("missing biases", "no output projection", "one bias vector", "biases counted as d*d", "count as a float"),
    ))
