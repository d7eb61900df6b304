"""Exercise ta.2: the causal mask as a boolean matrix."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.2",
        title="The causal mask",
        track="ta",
        kind="implement",
        framework="numpy",
        points=3,
        package=__name__,
        after=("ta.1",),
        why_it_matters=(
            "Every decoder-only model applies this mask in every layer; scaled_dot_product_attention builds "
            "it for you with is_causal=True."
        ),
        time_limit=20,
        hints=(
            "Row i is the query at position i, column j the key at position j. Position i may look at "
            "j = 0, 1, ..., i (itself included) and must not look at j > i: those entries are True.",
            "The entries with j > i are the part of the matrix strictly above the diagonal. `np.triu(a, k)` keeps "
            "the entries on and above the k-th diagonal: k=0 would include the diagonal, k=1 starts just above it.",
            "`np.triu(np.ones((T, T), dtype=bool), k=1)`: build it from booleans (dtype=bool), not from floats.",
        ),
        mistakes=("diagonal hidden (k=0)", "True means visible", "past hidden instead of future", "float mask"),
    ))
