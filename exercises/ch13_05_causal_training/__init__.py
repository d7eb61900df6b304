"""Exercise 13.5: why a causal mask lets a decoder train on a whole sequence in one pass."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.5",
        title="Causal masking: one pass equals token by token",
        track="13",
        kind="concept",
        framework="numpy",
        points=9,
        package=__name__,
        after=("ta.2",),
        why_it_matters=(
            "Every GPT is trained this way: one causal forward pass gives T next-token losses per sequence "
            "(teacher forcing)."
        ),
        time_limit=30,
        hints=(
            "Token by token first: at step t you know tokens 0..t only. Compute that token's query, key and "
            "value, keep the keys and values of all tokens so far (a cache), and attend with the one query.",
            "In one pass, compute all scores Q K^T / sqrt(d_k), then forbid the future: a boolean (n, n) mask "
            "that is True strictly above the diagonal, `np.triu(np.ones((n, n), bool), k=1)`.",
            "Put -inf in the masked scores *before* the softmax (`np.where(mask, -np.inf, scores)`): "
            "exp(-inf) = 0, and the softmax then renormalises over the allowed positions. Zeroing weights after "
            "the softmax leaves rows that do not sum to 1.",
        ),
        mistakes=("no mask", "mask off by one", "mask hides the diagonal", "mask after the softmax"),
    ))
