"""Checks for ta.8: kv_cache_bytes on MHA, GQA and MQA models, and against a real cache."""

import numpy as np
import pytest

from exercises.ta_08_kv_cache_bytes.questions import CHOICES
from kata.testing import choice_check, expect_close, expect_function, points

DTYPES = {1: np.int8, 2: np.float16, 4: np.float32, 8: np.float64}
MODELS = {  # the book's is not first: with B = 2 the factor 2 for K and V and the batch look alike
    "llama2-7b MHA": (1, 32, 4096, 32, 128, 2),
    "llama2-70b GQA": (1, 80, 4096, 8, 128, 2),
    "MQA": (16, 32, 2048, 1, 64, 2),
    "book": (2, 4, 128, 8, 64, 2),
    "int8": (8, 12, 1024, 12, 64, 1),
    "float32": (3, 6, 500, 4, 32, 4),
}


@points(2)
@pytest.mark.parametrize("config", MODELS.values(), ids=MODELS.keys())
def test_known_models(solution, reference, config):
    """kv_cache_bytes on MHA, GQA and MQA models and on the book's configuration"""
    expect_function(solution, reference, "kv_cache_bytes", *config)


@points(1)
@pytest.mark.parametrize("case", range(4))
def test_real_cache(solution, reference, case, rng):
    """kv_cache_bytes equals the nbytes of K and V arrays actually allocated"""
    B, L, T, H_kv, d_h = (int(v) for v in rng.integers(1, 9, size=5))
    bytes_per = int(rng.choice(list(DTYPES)))
    cache = [np.zeros((B, H_kv, T, d_h), DTYPES[bytes_per]) for _layer in range(L) for _k_and_v in range(2)]
    config = (B, L, T, H_kv, d_h, bytes_per)
    got = expect_function(solution, reference, "kv_cache_bytes", *config)
    # Integers, so exact: the smallest mistake (the 2 for K and V forgotten) is off by half.
    expect_close(got, sum(a.nbytes for a in cache), atol=0,
                 what=f"kv_cache_bytes{config} vs the nbytes of {L} layers of K and V arrays")


test_choices = choice_check(CHOICES)
