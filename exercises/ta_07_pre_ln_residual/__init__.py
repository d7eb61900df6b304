"""Exercise ta.7: a pre-LN residual step, x + f(LN(x))."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.7",
        title="Pre-LN residual step",
        track="ta",
        kind="implement",
        framework="numpy",
        points=7,
        package=__name__,
        after=("ta.6",),
        why_it_matters=(
            "GPT-2 moved LayerNorm to the input of each sub-block and added a final one after the last block "
            "(Radford et al., 2019, section 2.3)."
        ),
        time_limit=20,
        hints=(
            "Read the formula from the inside out: normalise x, hand the normalised copy to f, and add f's "
            "output to the original x, the one that was never normalised.",
            "Normalise over the last axis, so that a matrix of shape (T, d) is normalised row by row: "
            "`mean = x.mean(axis=-1, keepdims=True)`, the same for `var`, then `(x - mean) / np.sqrt(var + eps)`.",
            "`return x + f((x - mean) / np.sqrt(var + eps))`: f is called once, and nothing normalises the sum.",
        ),
        mistakes=("post-LN", "no residual", "normalised residual", "norm after the sublayer", "in-place residual", "eps hard-coded"),
    ))
