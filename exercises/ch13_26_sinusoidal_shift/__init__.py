"""Exercise 13.26: a shift of position is a linear map of the sinusoidal encoding (theory as demonstration)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.26",
        title="Sinusoidal encodings: shifting by k is a matrix",
        track="13",
        kind="theory",
        framework="numpy",
        points=8,
        package=__name__,
        after=("13.15",),
        time_limit=30,
        hints=(
            "Look at one frequency w at a time: the encoding holds the pair (sin(pos*w), cos(pos*w)). Write "
            "sin((pos+k)*w) and cos((pos+k)*w) with the angle-addition formulas: each is a combination of "
            "sin(pos*w) and cos(pos*w) whose coefficients involve only k*w.",
            "sin(a+b) = sin a cos b + cos a sin b and cos(a+b) = cos a cos b - sin a sin b. With a = pos*w and "
            "b = k*w, the pair maps through the 2x2 matrix [[cos kw, sin kw], [-sin kw, cos kw]]. Mind the "
            "signs: its transpose is the shift by -k.",
            "The frequencies are `w = 10000 ** (-np.arange(0, d_model, 2) / d_model)` (one per pair). With "
            "`c, s = np.cos(k * w), np.sin(k * w)` and `i = np.arange(0, d_model, 2)`, fill a zero matrix by "
            "fancy indexing: `M[i, i] = c; M[i, i + 1] = s; M[i + 1, i] = -s; M[i + 1, i + 1] = c`.",
        ),
        mistakes=("transposed (the shift by -k)", "wrong frequencies", "half-split pairing", "k ignored"),
        model_answer=(
            "Group the encoding into pairs (sin(pos*w_i), cos(pos*w_i)). By the angle-addition formulas "
            "sin((pos+k)w) = cos(kw) sin(pos w) + sin(kw) cos(pos w) and cos((pos+k)w) = -sin(kw) sin(pos w) + "
            "cos(kw) cos(pos w). So each pair is multiplied by a 2x2 rotation whose angle is k*w_i; stacking "
            "the rotations on the diagonal gives M_k with PE(pos+k) = M_k PE(pos). Nothing in M_k mentions pos, "
            "so one matrix serves every position: a fixed offset is a fixed linear map, which is what lets "
            "attention learn to look 'k tokens back' with one set of weights."
        ),
    ))
