"""Exercise 13.18: the Chinchilla compute-optimal model size and token count for a budget."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.18",
        title="Chinchilla: the compute-optimal (N, D)",
        track="13",
        kind="numeric",
        framework="python",
        points=5,
        package=__name__,
        after=("13.13", "6.4"),
        why_it_matters=(
            "Chinchilla (70B parameters, 1.4T tokens) beat the 280B Gopher on the same compute (Hoffmann et "
            "al., 2022); later models such as LLaMA train well past 20 tokens per parameter because smaller "
            "models are cheaper to serve."
        ),
        time_limit=20,
        hints=(
            "Two equations, two unknowns: the budget C = 6 N D, and the Chinchilla ratio D = 20 N (twenty "
            "training tokens per parameter). Substitute the second into the first.",
            "C = 6 N (20 N) = 120 N^2, so N = sqrt(C / 120) and D = 20 N. Return them in that order, (N, D).",
            "`N = (compute / 120) ** 0.5; return N, 20 * N`. For 1e22 FLOPs: about 9.1e9 parameters and "
            "1.8e11 tokens.",
        ),
        mistakes=("D = N / 20", "2ND instead of 6ND", "no square root"),
    ))
