"""Exercise 13.31: pre-norm and post-norm blocks are not equivalent, by counterexample (theory as demonstration)."""

from kata.exercise import Accepts, Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.31",
        title="Pre-norm vs post-norm: a counterexample",
        track="13",
        kind="theory",
        framework="numpy",
        points=5,
        package=__name__,
        after=("6.3",),
        why_it_matters=(
            "Because the two placements are different functions, a post-norm checkpoint (BERT) cannot be run "
            "as pre-norm (GPT-2) without retraining."
        ),
        time_limit=30,
        hints=(
            "Almost any input and weights will do: the two blocks agree only by accident. Avoid the accidents: "
            "an all-zero example, or a zero FFN on rows that are already normalised (then both blocks return "
            "about x).",
            "Think about what each block returns: post-norm ends with LayerNorm, so with gamma = 1, beta = 0 every "
            "output row has mean 0 and variance 1; pre-norm returns x + something, so a row of x with a large "
            "mean keeps it. An x like [[1.0, 3.0]] already tells them apart.",
            "A complete example with d = 2, d_ff = 2: x = [[1.0, 3.0]], W1 = W2 = the 2x2 identity, b1 = b2 = 0, "
            "gamma = [1, 1], beta = [0, 0]. Return them as float arrays in a dict with the seven keys.",
        ),
        accepts=Accepts(any_answer="any input on which the two blocks part is a counterexample, and the checks run "
                                   "both blocks on the learner's input"),
        mistakes=("all-zero example", "zero sublayer on a normalised input", "weights transposed"),
        model_answer=(
            "Post-norm returns LN(x + f(x)), so with gamma = 1, beta = 0 every output row has mean 0 and "
            "variance 1 whatever x is; pre-norm returns x + f(LN(x)), which carries x's own mean and scale "
            "along the residual path. Take d = 2, x = [1, 3], f the FFN with identity weights: pre-norm gives "
            "[1, 3] + gelu([-1, 1]) = [0.84, 3.84] while post-norm gives LN([1.84, 6.00]) = [-1, 1]. Different "
            "outputs from the same weights, so the two placements are different functions; they also train "
            "differently (pre-norm keeps an identity path for gradients)."
        ),
    ))
