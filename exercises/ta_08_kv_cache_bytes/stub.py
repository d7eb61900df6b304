"""Exercise ta.8: KV-cache memory. `kata show ta.8` prints the statement."""


def kv_cache_bytes(B, L, T, H_kv, d_h, bytes_per):
    """Bytes held by the K and V caches of L layers, for B sequences of T tokens, H_kv heads of d_h numbers."""
    # TODO
    raise NotImplementedError("kv_cache_bytes")


# Set to the letter of your answer ("a", "b", "c" or "d").
GQA_SAVING = None
