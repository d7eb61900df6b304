"""Exercise 6.11: the SwiGLU feed-forward network (LLaMA, PaLM), in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.11",
        title="SwiGLU feed-forward network",
        track="6",
        kind="implement",
        framework="numpy",
        points=11,
        package=__name__,
        after=("6.6",),
        why_it_matters=(
            "LLaMA's feed-forward layer is SwiGLU with three matrices and a hidden width of about 8/3 d, "
            "which keeps the parameter count of a 4d two-matrix MLP (Touvron et al., 2023; Shazeer, 2020)."
        ),
        time_limit=30,
        hints=(
            "SiLU (also called swish) is the input times its own sigmoid: `silu(z) = z * sigmoid(z)`. "
            "It is not the sigmoid itself: for large z it grows like z instead of flattening at 1.",
            "Three matrices, no biases: `W_gate` and `W_up` both map `d_model -> d_ff`, `W_down` maps "
            "`d_ff -> d_model`. Initialise each with small random values, e.g. `np.random.randn(...) * 0.02`; "
            "draw each one separately.",
            "The two branches see the same `x`: only the gate branch goes through SiLU, the up branch stays "
            "linear, and they are multiplied element by element before the down projection.",
            "`forward(x)` is `(silu(x @ self.W_gate) * (x @ self.W_up)) @ self.W_down`, with "
            "`silu(z) = z / (1 + np.exp(-z))` (or `z * 0.5 * (1 + np.tanh(z / 2))`, which never overflows).",
        ),
        mistakes=("sigmoid instead of SiLU", "gate and up swapped", "SiLU after the product",
                  "ReLU instead of SiLU", "W_down tied to W_gate"),
    ))
