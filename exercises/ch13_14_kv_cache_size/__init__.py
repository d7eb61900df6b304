"""Exercise 13.14: the size of the KV cache, per token and for a whole context."""

from kata.exercise import Exercise
from kata.hookspecs import hookimpl


@hookimpl
def kata_register_exercises(register):
    register(Exercise(
        id="13.14",
        title="KV cache size per token and per context",
        track="13",
        kind="numeric",
        framework="python",
        points=4,
        package=__name__,
        after=("ta.8",),
        why_it_matters=(
            "Real 70B models shrink this cache with grouped-query attention: LLaMA-2-70B has 8 KV heads for "
            "64 query heads, 8 times less cache than the multi-head count (Touvron et al., 2023; Ainslie et "
            "al., 2023)."
        ),
        time_limit=20,
        hints=(
            "For every token the cache keeps, in every layer and every head, one key vector and one value vector "
            "of d_k numbers each. The 70B parameters do not enter the formula at all.",
            "Bytes per token: 2 (K and V) * L * h * d_k * bytes_per, with bytes_per = 2 for fp16 (16 bits are 2 "
            "bytes). One MB here is 2**20 bytes.",
            "`kv_cache_per_token_mb = 2 * L * h * d_k * bytes_per / 2**20`; the total is that times n_ctx. The "
            "book's model: 2.5 MB per token, 81920 MB (80 GiB, 2**30 bytes each) for 32768 tokens.",
        ),
        mistakes=("forgot the 2 for K and V", "bits instead of bytes", "decimal megabytes", "one layer only"),
    ))
