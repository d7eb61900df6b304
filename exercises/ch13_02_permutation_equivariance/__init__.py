"""Exercise 13.2: self-attention is permutation-equivariant, until positions are added."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.2",
        title="Permutation equivariance of self-attention",
        track="13",
        kind="concept",
        framework="numpy",
        points=9,
        package=__name__,
        after=("ta.1", "13.1"),
        time_limit=30,
        hints=(
            "self_attention: Q = X @ Wq, K = X @ Wk, V = X @ Wv; the scores are Q @ K.T scaled by 1/sqrt(d_k) "
            "with d_k = Wk.shape[1]; softmax each row (over the keys), then multiply by V.",
            "The gap compares two ways of getting a reordered output: permute the input first and run f, or "
            "run f and permute its output. `X[perm]` reorders the rows of X; apply the same `[perm]` to f(X).",
            "`float(np.max(np.abs(f(X[perm]) - f(X)[perm])))`. Then try it: with positions added inside f the "
            "gap jumps, because row i no longer gets the same position after the shuffle.",
        ),
        mistakes=("no scaling", "sqrt(d_model) instead of sqrt(d_k)", "softmax over the queries",
                  "inverse permutation", "no absolute value"),
    ))
