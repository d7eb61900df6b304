"""Exercise 6.9: counting the parameters of a GPT-style transformer."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="6.9",
        title="Parameter counting",
        track="6",
        kind="numeric",
        framework="python",
        points=9,
        package=__name__,
        after=("ta.4", "ta.5"),
        why_it_matters=(
            "Published sizes are counted this way: GPT-2 small's 124M includes its 50257 x 768 token "
            "embedding, shared with the output head."
        ),
        time_limit=40,
        hints=(
            "Go through the model matrix by matrix and write each one's shape: a `d_in x d_out` weight has "
            "`d_in * d_out` entries and its bias `d_out`. The number of heads changes how the width is split, "
            "not how many weights there are.",
            "Attention has four `d_model x d_model` projections (queries, keys, values, output), each with a "
            "bias: `4*d*d + 4*d`. The FFN: `d x d_ff` plus `d_ff` biases, then `d_ff x d` plus `d` biases. "
            "Every LayerNorm has `gamma` and `beta`, `d` each.",
            "Embedding: `vocab*d + max_len*d`. Norms: two per block plus the final one, `(2*n_layers + 1) * 2*d`. "
            "Head: `0` when tied, else `vocab*d + vocab`. "
            "Total: `embedding + n_layers*(attention + ffn) + norms + head`; GPT-2 small gives 124,439,808.",
        ),
        mistakes=("missing biases", "K and V forgotten", "untied head counted when tied", "norms forgotten",
                  "final LayerNorm forgotten", "position embeddings forgotten", "counts as floats"),
    ))
