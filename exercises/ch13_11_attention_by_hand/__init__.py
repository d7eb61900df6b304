"""Exercise 13.11: the attention output for given Q, K, V, as a function."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.11",
        title="Attention output for given Q, K, V",
        track="13",
        kind="numeric",
        framework="numpy",
        points=6,
        package=__name__,
        after=("ta.1",),
        time_limit=20,
        hints=(
            "Three steps: scores = Q K^T / sqrt(d_k) (one row per query, one column per key), a softmax along "
            "each row (over the keys), then the weighted sum of the rows of V.",
            "d_k is the width of the queries and keys, `Q.shape[-1]`: divide by its square root, not by d_k "
            "and not by the model width. For the book's case the scores are I / sqrt(2).",
            "Transpose only the last two axes so batched inputs work: `np.swapaxes(K, -1, -2)`. Subtract each "
            "row's maximum before `np.exp` (`keepdims=True`): softmax does not change, and exp cannot overflow.",
            "`w = np.exp(s - s.max(-1, keepdims=True)); w /= w.sum(-1, keepdims=True); return w @ V`. By hand, "
            "for Q = K = V = I_2, each row is (e^a, 1) / (e^a + 1) in some order, with a = 1/sqrt(2).",
        ),
        mistakes=("divided by d_k", "no scaling", "softmax over the queries", "weights instead of output",
                  "no max subtraction"),
    ))
