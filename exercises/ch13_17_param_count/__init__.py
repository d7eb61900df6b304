"""Exercise 13.17: a parameter count within 5%, checked against a model that is actually built."""

from kata.exercise import Accepts, Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.17",
        title="Parameter count within 5%",
        track="13",
        kind="numeric",
        framework="python",
        points=5,
        package=__name__,
        after=("13.12",),
        time_limit=30,
        hints=(
            "List the matrices of one block: four d x d attention projections and a feed-forward network "
            "d -> 4d -> d. Then the two vocabulary matrices: the V x d embedding and the d x V output head.",
            "Per block that is 4 d^2 + 8 d^2 = 12 d^2, times L; plus 2 V d. Biases and LayerNorms add only "
            "about 13 d per block, 2 d and V: under 5% unless d is tiny.",
            "`return 12 * L * d**2 + 2 * V * d` is within 5%. Exactly: `2*V*d + V + L*(12*d**2 + 13*d) + 2*d`. "
            "The book's V=32000, d=4096, L=32 gives about 6.7 billion.",
        ),
        accepts=Accepts(rtol=0.05, ints=(32000, 4096, 32)),  # "exact or within 5%", for the book's 7B shape
        mistakes=("attention only", "one layer only", "one vocabulary matrix", "FFN as wide as the model",
                  "attention only, exact count", "one layer only, exact count", "tied head, exact count",
                  "FFN as wide as the model, exact count"),
    ))
