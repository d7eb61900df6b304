"""Exercise 13.6: what positional encoding does, shown on a model with and without it."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.6",
        title="Positional encoding: a transformer is blind to order without it",
        track="13",
        kind="concept",
        framework="numpy",
        points=10,
        package=__name__,
        after=("13.2",),
        why_it_matters=(
            "Encoders such as BERT need positions; causal decoders trained with no positional encoding still "
            "learn them through the mask (Haviv et al., 2022)."
        ),
        time_limit=30,
        hints=(
            "make_model returns a function (a closure) of `tokens` that uses the three parts it was given: "
            "`embedding.forward(tokens)`, then `positional.forward(x)` when positional is not None, then "
            "`block.forward(x)`.",
            "Positions go onto the embeddings, before the block: that is the only place where attention can "
            "use them.",
            "order_sensitivity compares shuffling the tokens before the model with shuffling the outputs "
            "after it: `np.max(np.abs(model(tokens[perm]) - model(tokens)[perm]))`, as a float.",
        ),
        mistakes=("positions after the block", "positions ignored", "inverse permutation"),
    ))
