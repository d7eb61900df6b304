"""Exercise 6.6: the position-wise feed-forward network, forward and backward, in NumPy."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.6",
        title="FeedForward: forward and backward",
        track="6",
        kind="implement",
        framework="numpy",
        points=11,
        package=__name__,
        after=("ta.5",),
        why_it_matters=(
            "The feed-forward layers hold two thirds of a GPT's layer weights: 8 d^2 of the 12 d^2 per layer "
            "(exercise 13.12)."
        ),
        time_limit=30,
        hints=(
            "The network is applied to every position on its own, so `x @ self.W1` already works for any number "
            "of leading axes: matmul contracts the last axis of `x` with the first of `W1`, and `b1` broadcasts.",
            "Use the tanh approximation of GELU, as GPT-2 does: "
            "`0.5 * h * (1 + np.tanh(np.sqrt(2 / np.pi) * (h + 0.044715 * h**3)))`. "
            "Keep `x`, the pre-activation `h = x @ W1 + b1` and `a = gelu(h)` on `self` for `backward`.",
            "Go back through the three steps. From `y = a @ W2 + b2`: `da = dout @ W2.T`; `dW2` pairs `a` with "
            "`dout`, `db2` sums `dout`. Then `dh = da * gelu'(h)`, and `x @ W1 + b1` gives `dx = dh @ W1.T`, "
            "`dW1` and `db1` the same way. Flatten the leading axes first (`x.reshape(-1, d_model)`) so that "
            "`dW1 = x2.T @ dh2` sums over every position.",
            "With `c = sqrt(2/pi)`, `u = c * (h + 0.044715 h^3)` and `t = tanh(u)`: "
            "`gelu'(h) = 0.5 * (1 + t) + 0.5 * h * (1 - t**2) * c * (1 + 3 * 0.044715 * h**2)`. "
            "The `(1 - t**2)` is the derivative of tanh; the last factor is du/dh.",
        ),
        mistakes=("exact erf GELU", "ReLU instead of GELU", "missing b2", "W1 and W2 swapped",
                  "ReLU derivative in backward", "tanh derivative dropped",
                  "parameter gradients summed over the first axis only", "backward accumulates dW1"),
    ))
