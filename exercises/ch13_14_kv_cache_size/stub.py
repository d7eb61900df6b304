"""Exercise 13.14: KV cache size. 1 MB = 2**20 bytes. `kata show 13.14` prints the statement."""


def kv_cache_per_token_mb(L, h, d_k, bytes_per=2):
    """MB of KV cache one token takes in a model of L layers with h heads of d_k dimensions."""
    # TODO
    raise NotImplementedError("kv_cache_per_token_mb")


def kv_cache_total_mb(L, h, d_k, n_ctx, bytes_per=2):
    """MB of KV cache for a context of n_ctx tokens."""
    # TODO
    raise NotImplementedError("kv_cache_total_mb")
