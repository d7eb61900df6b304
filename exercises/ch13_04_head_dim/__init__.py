"""Exercise 13.4: the head dimension, and what many heads do to each head's capacity."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.4",
        title="Head dimension and per-head capacity",
        track="13",
        kind="concept",
        framework="python",
        points=4,
        package=__name__,
        after=("ta.3",),
        why_it_matters=(
            "Real models keep heads 64 to 128 wide as they grow and add heads instead: GPT-3 175B has 96 "
            "heads of 128, LLaMA-2-70B 64 of 128."
        ),
        time_limit=20,
        hints=(
            "The model width is split evenly across the heads: each head works in a subspace of d_model / h "
            "dimensions, and their outputs are concatenated back to d_model.",
            "Use integer division only once you know it is exact: `d_model % h` must be 0, else raise ValueError.",
            "With h = 64 and d_model = 512 every head has 8 dimensions: the total is unchanged, but each head's "
            "queries and keys live in a much smaller space.",
        ),
        mistakes=("float division", "no divisibility check", "heads times d_model"),
    ))
