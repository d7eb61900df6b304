"""Exercise 13.30: multi-head attention has 4 d^2 weights whatever h is (theory as demonstration)."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.30",
        title="Multi-head attention: 4 d^2 parameters for any h",
        track="13",
        kind="theory",
        framework="python",
        points=7,
        package=__name__,
        after=("ta.4", "13.4"),
        time_limit=30,
        hints=(
            "Each head works in d_h = d / h dimensions. Its query projection maps the whole d-dimensional input "
            "to d_h numbers, so it is a d x d_h matrix: the head's own slice of columns of the full W_q. The "
            "same holds for W_k and W_v.",
            "W_o maps the concatenated heads (h * d_h = d numbers) back to d. The rows that read head j's "
            "output, a d_h x d block, are that head's share. So each head owns 3 * d * d_h + d_h * d = "
            "4 * d * d_h weights, and h heads own 4 * d * (h * d_h) = 4 d^2.",
            "Check `d % h` first and raise ValueError; then `d_h = d // h` and return "
            "`[{'W_q': d * d_h, 'W_k': d * d_h, 'W_v': d * d_h, 'W_o': d_h * d} for _ in range(h)]`.",
        ),
        mistakes=("h * 4 d^2", "W_o not split", "d_h^2 per head", "no divisibility check"),
        model_answer=(
            "With d_h = d/h, head j has W_q^j, W_k^j, W_v^j of shape d x d_h (3 d d_h weights) and owns the d_h x d "
            "block of W_o that reads its output (d_h d weights): 4 d d_h per head. Summing over the h heads gives "
            "4 d (h d_h) = 4 d^2, independent of h. More heads means thinner heads, not more parameters: "
            "the full d x d matrices are only cut into h column (or row) blocks."
        ),
    ))
