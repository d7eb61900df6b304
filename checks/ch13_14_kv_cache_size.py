"""Checks for 13.14: KV cache per token and per context, in MB of 2**20 bytes."""

import pytest

from kata.testing import expect_function, points

MODELS = [  # (L, h, d_k, n_ctx, bytes_per)
    (80, 64, 128, 32768, 2), (12, 12, 64, 1024, 2), (32, 32, 128, 4096, 2), (32, 32, 128, 2048, 4),
    (2, 4, 16, 100, 1), (80, 64, 128, 4000, 1),
]


# rtol 1e-9: dividing by 2**20 or 1024 twice, before or after n_ctx, gives the same float (0 measured); the smallest
# mistake (decimal megabytes) is 4.9e-2 relative.
@points(2)
@pytest.mark.parametrize("L, h, d_k, n_ctx, bytes_per", MODELS)
def test_per_token(solution, reference, L, h, d_k, n_ctx, bytes_per):
    """kv_cache_per_token_mb matches the reference, the book's 70B model included"""
    expect_function(solution, reference, "kv_cache_per_token_mb", L, h, d_k, bytes_per=bytes_per)


@points(2)
@pytest.mark.parametrize("L, h, d_k, n_ctx, bytes_per", MODELS)
def test_total(solution, reference, L, h, d_k, n_ctx, bytes_per):
    """kv_cache_total_mb matches the reference, the book's 32K context included"""
    expect_function(solution, reference, "kv_cache_total_mb", L, h, d_k, n_ctx, bytes_per=bytes_per)
