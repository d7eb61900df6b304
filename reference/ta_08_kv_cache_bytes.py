"""Exercise ta.8: KV-cache memory (reference solution)."""


def kv_cache_bytes(B, L, T, H_kv, d_h, bytes_per):
    """Bytes held by the K and V caches of L layers, for B sequences of T tokens, H_kv heads of d_h numbers."""
    numbers_per_layer = 2 * B * H_kv * T * d_h  # K and V, each of shape (B, H_kv, T, d_h)
    return L * numbers_per_layer * bytes_per


GQA_SAVING = "c"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _no_two(B, L, T, H_kv, d_h, bytes_per):
    return B * L * T * H_kv * d_h * bytes_per


def _one_layer(B, L, T, H_kv, d_h, bytes_per):
    return 2 * B * T * H_kv * d_h * bytes_per


def _one_sequence(B, L, T, H_kv, d_h, bytes_per):
    return 2 * L * T * H_kv * d_h * bytes_per


def _megabytes(B, L, T, H_kv, d_h, bytes_per):
    return 2 * B * L * T * H_kv * d_h * bytes_per / 2**20


def _bits_over_eight(B, L, T, H_kv, d_h, bytes_per):
    return 2 * B * L * T * H_kv * d_h * (8 * bytes_per) / 8

MISTAKES = (
    mistake("forgot the 2 for K and V", "your count is half the cache: every token stores a key AND a value, "
            "so multiply by 2", kv_cache_bytes=_no_two),
    mistake("one layer only", "you count one layer's cache; every one of the L layers keeps its own K and V",
            kv_cache_bytes=_one_layer),
    mistake("one sequence only", "you count one sequence; the batch holds B of them, each with its own cache",
            kv_cache_bytes=_one_sequence),
    mistake("megabytes instead of bytes", "you convert to MiB (/ 2**20); the function returns bytes",
            kv_cache_bytes=_megabytes),
    mistake("bytes as a float", "your size is a float: dividing bits by 8 with / gives one even when the value "
            "is whole; a number of bytes is an int (use // or keep to bytes)", kv_cache_bytes=_bits_over_eight),
)
