"""Exercise 13.14: KV cache size, 1 MB = 2**20 bytes (reference solution)."""

MB = 2**20


def kv_cache_per_token_mb(L, h, d_k, bytes_per=2):
    """MB of KV cache one token takes in a model of L layers with h heads of d_k dimensions."""
    return 2 * L * h * d_k * bytes_per / MB  # one key and one value vector per head per layer


def kv_cache_total_mb(L, h, d_k, n_ctx, bytes_per=2):
    """MB of KV cache for a context of n_ctx tokens."""
    return n_ctx * kv_cache_per_token_mb(L, h, d_k, bytes_per)


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _variant(factor):
    """Both functions, wrong by the same constant factor (the total builds on the per-token size)."""

    def per_token(L, h, d_k, bytes_per=2):
        return factor * kv_cache_per_token_mb(L, h, d_k, bytes_per)

    def total(L, h, d_k, n_ctx, bytes_per=2):
        return n_ctx * per_token(L, h, d_k, bytes_per)

    return {"kv_cache_per_token_mb": per_token, "kv_cache_total_mb": total}


def _one_layer():
    def per_token(L, h, d_k, bytes_per=2):
        return kv_cache_per_token_mb(1, h, d_k, bytes_per)

    def total(L, h, d_k, n_ctx, bytes_per=2):
        return n_ctx * per_token(L, h, d_k, bytes_per)

    return {"kv_cache_per_token_mb": per_token, "kv_cache_total_mb": total}


MISTAKES = (
    mistake("forgot the 2 for K and V", "your size is half the right one: the cache holds a key AND a value "
            "vector per head per layer, so there is a factor 2", **_variant(0.5)),
    mistake("bits instead of bytes", "your size is 8 times too large: fp16 is 16 bits = 2 bytes per number, "
            "and a MB counts bytes", **_variant(8)),
    mistake("decimal megabytes", "you divide by 1e6; this exercise's MB is 2**20 = 1,048,576 bytes",
            **_variant(2**20 / 1e6)),
    mistake("one layer only", "your size is one layer's; every one of the L layers keeps its own keys and "
            "values", **_one_layer()),
)
