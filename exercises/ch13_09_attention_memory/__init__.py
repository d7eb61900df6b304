"""Exercise 13.9: why naive attention needs O(n^2) memory, and why that limits long contexts."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.9",
        title="The quadratic memory of attention scores",
        track="13",
        kind="concept",
        framework="python",
        points=5,
        package=__name__,
        after=("ta.1",),
        why_it_matters=(
            "Contexts of tens of thousands of tokens are practical because kernels such as FlashAttention "
            "never store these score matrices."
        ),
        time_limit=20,
        hints=(
            "Write down the shape of the score tensor Q K^T for a batch: (batch, heads, n, n). Its memory is "
            "the number of entries times the bytes per entry.",
            "Each of the n queries has one score per key, and there are n keys: n * n per head, for every head "
            "and every sequence of the batch.",
            "`batch * heads * n * n * bytes_per`. For the question, compare how that and the weights change "
            "when the context doubles.",
        ),
        mistakes=("n instead of n^2", "heads forgotten", "batch forgotten"),
    ))
