"""Exercise ta.6: layer normalisation of one vector."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.6",
        title="LayerNorm of one vector",
        track="ta",
        kind="implement",
        framework="numpy",
        points=5,
        package=__name__,
        time_limit=20,
        hints=(
            "Two statistics of the vector's own entries: its mean and its variance. Subtract the mean, then "
            "divide by a standard deviation.",
            "The variance is the population variance, `x.var()` (ddof=0, dividing by n, not n - 1), and eps is "
            "added to the variance, inside the square root: it keeps a constant vector (variance 0) from "
            "giving 0 / 0.",
            "`(x - x.mean()) / np.sqrt(x.var() + eps)`.",
        ),
        mistakes=("ddof=1", "eps outside the sqrt", "no eps", "divided by the variance", "in-place x -= mean"),
    ))
