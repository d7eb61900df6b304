"""Exercise 13.12: the 12 L d^2 + 2 V d estimate of a transformer's parameter count."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.12",
        title="Estimating parameters: 12 L d^2 + 2 V d",
        track="13",
        kind="numeric",
        framework="python",
        points=4,
        package=__name__,
        after=("6.9",),
        why_it_matters=(
            "Scaling-law papers count N the same way, embeddings left out (Kaplan et al., 2020, section 2.1)."
        ),
        time_limit=20,
        hints=(
            "Count one layer first. Attention has four d x d matrices (W_Q, W_K, W_V, W_O). The feed-forward "
            "network has two matrices, d x 4d and 4d x d. Biases and LayerNorms are left out of the estimate.",
            "Per layer: 4 d^2 + 2 * 4 d^2 = 12 d^2; times L layers. The vocabulary adds a V x d token embedding "
            "and a d x V output projection (not tied): 2 V d.",
            "`return 12 * L * d**2 + 2 * V * d`. For the book's L=24, d=1024, V=50000 that is about 404 million.",
        ),
        mistakes=("attention only", "one vocabulary matrix", "FFN as wide as the model", "d instead of d squared", "estimate as a float"),
    ))
