"""Exercise 13.3: why the variance of q.k grows with d_k, measured and derived."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.3",
        title="The variance of a dot product grows with d_k",
        track="13",
        kind="concept",
        framework="numpy",
        points=7,
        package=__name__,
        after=("ta.1",),
        why_it_matters=(
            "This d_k growth is why Vaswani et al. (2017, footnote 4) divide scores by sqrt(d_k), in every "
            "transformer since."
        ),
        time_limit=40,
        hints=(
            "Draw q and k as two (n, d_k) arrays of `rng.standard_normal`, with `rng = np.random.default_rng(seed)`; "
            "each row is one pair. The n dot products are the row sums of q * k.",
            "Return the variance of those n numbers (`.var()`), not their standard deviation, and do not scale "
            "them: the point is to see the raw spread before attention divides by sqrt(d_k).",
            "For the formula: q.k = sum_i q_i k_i. Each term has mean 0 and variance E[q_i^2] E[k_i^2] = 1, and "
            "independent terms' variances add, so Var(q.k) = d_k.",
        ),
        mistakes=("standard deviation", "already scaled", "uniform components", "one factor of 0.5 only"),
    ))
