"""Exercise ta.3: the head dimension, and why the split must be even."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.3",
        title="Head dimension",
        track="ta",
        kind="numeric",
        framework="python",
        points=6,
        package=__name__,
        time_limit=20,
        hints=(
            "The model width d_model is cut into n_heads equal slices, one per head: d_head = d_model / n_heads.",
            "Refuse what cannot be split before you divide: n_heads must be a positive number and "
            "`d_model % n_heads` must be 0, else `raise ValueError(...)`. Check n_heads <= 0 first, because "
            "`d_model % 0` raises ZeroDivisionError.",
            "Once the split is known to be exact, `d_model // n_heads` is the answer as an int "
            "(`d_model / n_heads` would be a float such as 64.0).",
        ),
        mistakes=("float division", "no divisibility check", "zero heads not refused", "heads times d_model", "negative heads accepted"),
    ))
