"""Exercise ta.8: the size of the KV cache, for MHA, GQA and MQA."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="ta.8",
        title="KV-cache memory",
        track="ta",
        kind="numeric",
        framework="python",
        points=4,
        package=__name__,
        after=("ta.3",),
        why_it_matters=(
            "LLaMA-2-70B keeps 8 KV heads for its 64 query heads (GQA), an 8-fold smaller cache than full "
            "multi-head attention (Touvron et al., 2023, section 2.2)."
        ),
        time_limit=20,
        hints=(
            "Picture the cache: in every layer, for every sequence of the batch and every cached token, each KV "
            "head stores one key vector and one value vector of d_h numbers.",
            "That is two tensors (K and V) of shape (B, H_kv, T, d_h) per layer, for L layers, each number taking "
            "bytes_per bytes. Only the KV heads count: query heads are not cached.",
            "`2 * B * L * T * H_kv * d_h * bytes_per`.",
        ),
        mistakes=("forgot the 2 for K and V", "one layer only", "one sequence only", "megabytes instead of bytes", "bytes as a float"),
    ))
