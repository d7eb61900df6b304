"""Exercise 13.16: the 2x2 rotation RoPE applies to one pair of query dimensions."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.16",
        title="RoPE: the 2x2 rotation at position m",
        track="13",
        kind="numeric",
        framework="numpy",
        points=5,
        package=__name__,
        after=("6.10",),
        why_it_matters=(
            "The angle per pair is what context-extension methods rescale: position interpolation shrinks m "
            "so longer contexts reuse trained angles (Chen et al., 2023)."
        ),
        time_limit=20,
        hints=(
            "RoPE turns the point (q0, q1) by an angle proportional to the position: theta = m * omega. "
            "At position 0 nothing turns, so R_0 must be the identity.",
            "A counter-clockwise turn by theta sends (1, 0) to (cos theta, sin theta) and (0, 1) to "
            "(-sin theta, cos theta): those are the columns of the matrix.",
            "`t = m * omega; return np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])`. With the "
            "book's omega_0 = 1 it is [[cos m, -sin m], [sin m, cos m]].",
        ),
        mistakes=("clockwise (transposed)", "angle not multiplied by m", "sin and cos swapped"),
    ))
