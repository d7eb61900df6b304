"""Exercise 13.15: values of the sinusoidal positional encoding."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.15",
        title="Sinusoidal positional encoding values",
        track="13",
        kind="numeric",
        framework="numpy",
        points=5,
        package=__name__,
        after=("13.6",),
        time_limit=20,
        hints=(
            "Dimensions come in pairs (2k, 2k+1) that share one frequency: the even one of the pair takes a "
            "sine, the odd one a cosine. The frequency falls as k grows: 1 for k = 0, 1/10000 near the end.",
            "For dimension i, the pair index is k = i // 2 and the angle is pos / 10000**(2*k / d_model). "
            "Use 2*k, not i: both members of a pair get the same angle.",
            "At pos = 0 every angle is 0, so the row is (0, 1, 0, 1, ...). For d_model = 4: PE(1, 0) = sin 1 "
            "and PE(1, 1) = cos 1. For the matrix, build `angle = pos[:, None] / 10000**(2*k / d_model)` with "
            "`k = np.arange(d_model) // 2`, then take sin of the even columns and cos of the odd ones.",
        ),
        mistakes=("sin and cos swapped", "exponent uses i instead of 2k", "angle multiplied by the frequency "
                  "divisor", "base 1000"),
    ))
