"""Checks for 13.23: MultiQueryAttention (one shared K/V head), its parameter count, the KV-cache saving."""

import numbers

import pytest

from kata.testing import check, declare, expect_function, expect_same, known, points, validation
from kata.torch_testing import forward_and_grads, load_state, parameter_shapes, random_state

# Measured on the checks' inputs (float64): K and V expanded to n_heads heads and passed to SDPA move outputs and
# gradients by 6.8e-15; atol 1e-10. The counts are integers compared exactly (1e-9 relative at most), their
# smallest mistakes 47% (a V per head) and 50% (the factor 2 for K and V).
# (B, T, d_model, n_heads)
CONFIGS = [(2, 5, 12, 3), (1, 6, 16, 4), (3, 4, 8, 2), (2, 3, 8, 1)]
# (n_layers, n_heads, d_head, seq_len, batch, bytes_per): GPT-2 small first
CACHES = [(12, 12, 64, 1024, 1, 2), (12, 12, 64, 2048, 8, 2), (32, 32, 128, 4096, 1, 2), (24, 16, 64, 512, 4, 4),
          (2, 1, 16, 10, 1, 2)]
MODELS = [(12, 3), (16, 4), (8, 1), (768, 12), (4096, 32)]


@points(3)
@pytest.mark.parametrize("is_causal", [False, True], ids=["not causal", "causal"])
@pytest.mark.parametrize("config", CONFIGS, ids=str)
def test_matches_reference(solution, reference, config, is_causal, rng):
    """forward matches the reference: output, and the gradients of x and every parameter (float64)"""
    B, T, d_model, n_heads = config
    state = random_state(reference.MultiQueryAttention(d_model, n_heads), rng)
    x, seed = rng.normal(size=(B, T, d_model)), int(rng.integers(2**31))
    label = f"MultiQueryAttention({d_model}, {n_heads})"

    def run(module):
        layer = load_state(module.MultiQueryAttention(d_model, n_heads), state, label)
        return forward_and_grads(lambda x: layer(x, is_causal=is_causal), {"x": x}, module=layer, upstream=seed)

    expect_same(run, solution, reference, atol=1e-10,
                what=f"{label}(x of shape {(B, T, d_model)}, is_causal={is_causal}): output and gradients")


@points(2)
@pytest.mark.parametrize("d_model, n_heads", MODELS[:3], ids=str)
def test_exactly_one_kv_head(solution, reference, d_model, n_heads):
    """k_proj and v_proj each produce ONE head: weights of shape (d_head, d_model)"""
    layer = solution.MultiQueryAttention(d_model, n_heads)
    d_head = d_model // n_heads
    shapes = parameter_shapes(layer)
    for name in ("k_proj", "v_proj"):
        check(f"{name}.weight" in shapes, f"MultiQueryAttention has no parameter {name}.weight; the statement names "
              f"the projections q_proj, k_proj, v_proj, o_proj (nn.Linear). Yours: {sorted(shapes)}")
    k, v = shapes["k_proj.weight"], shapes["v_proj.weight"]
    one = (d_head, d_model)
    where = f"in MultiQueryAttention({d_model}, {n_heads}), d_head = {d_head}"
    if k != one and v != one and n_heads > 1 and k == v == (d_model, d_model):
        check(False, f"{where}: k_proj.weight and v_proj.weight are {k}, expected {one} each.\n"
              f"{known(reference, 'K/V with n_heads heads (plain MHA)')}")
    check(k == one, f"{where}: k_proj.weight is {k}, expected {one}: one key head of d_head features")
    if v != one and v == (d_model, d_model):
        check(False, f"{where}: v_proj.weight is {v}, expected {one}.\n{known(reference, 'shared K but per-head V')}")
    check(v == one, f"{where}: v_proj.weight is {v}, expected {one}: one value head of d_head features")


@points(2)
@pytest.mark.parametrize("d_model, n_heads", MODELS, ids=str)
def test_parameter_count(solution, reference, d_model, n_heads):
    """mqa_param_count matches the reference and the sum of p.numel() over your module's parameters"""
    count = expect_function(solution, reference, "mqa_param_count", d_model, n_heads)
    check(isinstance(count, numbers.Integral), f"mqa_param_count({d_model}, {n_heads}) returned {count!r} of type "
          f"{type(count).__name__}; a number of parameters is an int (use // for d_head)")
    if d_model <= 768:
        built = sum(p.numel() for p in solution.MultiQueryAttention(d_model, n_heads).parameters())
        check(count == built, f"mqa_param_count({d_model}, {n_heads}) = {count}, but your "
              f"MultiQueryAttention({d_model}, {n_heads}) has {built} parameters (sum of p.numel())")


@points(2)
@pytest.mark.parametrize("cache", CACHES[1:], ids=str)
def test_kv_cache_saving(solution, reference, cache):
    """kv_cache_saving matches the reference on several models (mha, mqa, saving, ratio)"""
    expect_function(solution, reference, "kv_cache_saving", *cache, answer_type="any")  # no type is stated


@points(1)
def test_gpt2_small_saving(solution, reference):
    """the 12-layer, 12-head model of the book (d_head 64, 1024 tokens, batch 1, fp16)"""
    n_layers, n_heads, d_head, seq_len, _, _ = CACHES[0]
    sizes = expect_function(solution, reference, "kv_cache_saving", n_layers, n_heads, d_head, seq_len,
                            answer_type="any")
    check(sizes["mha"] == 36 * 2**20 and sizes["mqa"] == 3 * 2**20, "the book's model should need 36 MiB of KV "
          f"cache with MHA and 3 MiB with MQA; yours says {sizes['mha']} and {sizes['mqa']} bytes")


globals().update(declare(
    *(validation(f"MultiQueryAttention({d_model}, {n_heads})",
                 lambda m, d=d_model, h=n_heads: m.MultiQueryAttention(d, h),
                 because="The statement asks for a ValueError when d_model is not divisible by n_heads.")
      for d_model, n_heads in [(10, 3), (12, 5), (16, 6)]),
    opt_out={"input not mutated": "x goes through nn.Linear layers; autograd refuses in-place changes of a leaf",
             "repeated calls": "a torch module: autograd computes the gradients afresh",
             "constructor arguments": "the constructor has no argument with a default",
             "inputs as given": "is_causal is tried both ways above",
             "types as stated": "test_parameter_count checks the int; no dtype is stated",
             "extremes": "torch.softmax is used on ordinary scores; the statement names no extreme",
             "weights distinct": "nn.Linear draws each weight on its own; every parameter's gradient is compared"},
))
