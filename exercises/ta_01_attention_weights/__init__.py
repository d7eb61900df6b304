"""Exercise ta.1: attention weights of one query, scaled and computed stably."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.1",
        title="Scaled attention weights, without overflow",
        track="ta",
        kind="implement",
        framework="numpy",
        points=6,
        package=__name__,
        why_it_matters=(
            "Every attention implementation divides by sqrt(d_k) and subtracts the row maximum; PyTorch's "
            "scaled_dot_product_attention does both for you."
        ),
        time_limit=20,
        hints=(
            "Scores first: one dot product of the query with every key, `q @ K.T`, divided by the square root of "
            "the key dimension `d = K.shape[-1]` (not by d, not by the number of keys).",
            "`np.exp` of a score near 710 is already inf, and inf / inf is NaN. Softmax does not change when the "
            "same number is subtracted from every score of a row, so subtract the row's maximum first: the "
            "largest exponent is then exp(0) = 1.",
            "`s = q @ K.T / np.sqrt(K.shape[-1])`; `e = np.exp(s - s.max(axis=-1, keepdims=True))`; "
            "`return e / e.sum(axis=-1, keepdims=True)`. Axis -1 is the key axis for one query and for many.",
        ),
        mistakes=("unscaled scores", "divided by d", "scaled by the number of keys", "no max subtraction",
                  "softmax over the query axis", "keys scaled in place"),
    ))
