"""Exercise lab00.3: the Pre-LN transformer block, with multi-head attention written by hand (W_O kept)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="lab00.3",
        title="The Pre-LN block, attention and W_O included",
        track="lab00",
        kind="implement",
        framework="numpy",
        points=10,
        package=__name__,
        after=("lab00.1", "lab00.2", "ta.1"),
        time_limit=40,
        hints=(
            "Pre-LN means: normalise the sublayer's input, not its output, and add the sublayer's result to the "
            "untouched x: `x = x + self.attn(self.ln1(x))`, then `x = x + self.ffn(self.ln2(x))`.",
            "Attention, one head at a time in your head, all heads at once in NumPy: project `q = x @ W_q` (and k, v), "
            "then reshape (..., T, d_model) -> (..., T, n_heads, d_head) and swap the T and head axes so each head "
            "is a (T, d_head) matrix: `np.swapaxes(q.reshape(*lead, T, h, d_head), -2, -3)`.",
            "Scores are `q @ k.swapaxes(-1, -2) / sqrt(d_head)` (d_head = d_model / n_heads, not d_model); softmax "
            "over the LAST axis (the keys), so each query's weights sum to 1; then `weights @ v`.",
            "Undo the split: swap back to (..., T, n_heads, d_head), reshape to (..., T, d_model), and apply the "
            "output projection: `merged @ self.W_o`. With one head W_O still runs: it is d_model -> d_model.",
        ),
        mistakes=("W_O skipped", "scaled by sqrt(d_model)", "softmax over the queries", "residual order",
                  "post-norm", "in-place residual"),
    ))
