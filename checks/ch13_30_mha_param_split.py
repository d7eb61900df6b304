"""Checks for 13.30: each head's share of W_q, W_k, W_v, W_o, summing to 4 d^2 for every h."""

import pytest

from kata.parts import MultiHeadAttention
from kata.testing import check, diagnose, expect_function, expect_raises, known, mismatch, points

DIVISORS = [(d, h) for d in (12, 48, 64, 96) for h in range(1, d + 1) if d % h == 0]


@points(2)
@pytest.mark.parametrize("d, h", [(512, 8), (768, 12), (64, 1), (96, 32), (4096, 32)])
def test_matches_reference(solution, reference, d, h):
    """the per-head counts match the reference, as ints"""
    # integer counts: exact in any order, so no tolerance
    heads = expect_function(solution, reference, "mha_param_breakdown", d, h, atol=0, rtol=0)
    odd = [f"head {j}: {key} = {count!r}" for j, head in enumerate(heads) for key, count in head.items()
           if type(count) is not int]
    check(not odd, f"mha_param_breakdown({d}, {h}): a count of weights is an int, but {odd[0] if odd else ''} "
          "(use // once you know h divides d)")


def _total(module, d, h):
    return sum(count for head in module.mha_param_breakdown(d, h) for count in head.values())


def _owned_slices(mha, j):
    """The blocks of an instantiated MultiHeadAttention that head j uses (its columns of W_q/k/v, rows of W_o)."""
    d_h = mha.d_model // mha.n_heads
    cols = slice(j * d_h, (j + 1) * d_h)
    return {"W_q": mha.W_q[:, cols].size, "W_k": mha.W_k[:, cols].size, "W_v": mha.W_v[:, cols].size,
            "W_o": mha.W_o[cols, :].size}


@points(4)
@pytest.mark.parametrize("d, h", DIVISORS)
def test_every_divisor_sums_to_4d2_as_in_the_framework(solution, reference, d, h):
    """for every h dividing d: the counts sum to 4 d^2 and each head's are its slices of kata.parts' attention"""
    mha = MultiHeadAttention(d, h)
    weights = sum(getattr(mha, f"W_{n}").size for n in "qkvo")
    total = _total(solution, d, h)
    named = diagnose(lambda module: _total(module, d, h), total, reference, atol=0) if total != weights else None
    check(total == weights == 4 * d * d,
          f"d={d}, h={h}: your counts sum to {total}, but MultiHeadAttention({d}, {h}) holds 4 d^2 = {weights} "
          "weights in W_q, W_k, W_v, W_o." + (f"\n{named}" if named else ""))
    heads = solution.mha_param_breakdown(d, h)
    problem = mismatch(heads, [_owned_slices(mha, j) for j in range(h)], atol=0, what=f"mha_param_breakdown({d}, {h})",
                       check_dtype=False)
    check(problem is None, f"{problem}. Head j of MultiHeadAttention(d, h) uses columns j*d_h .. (j+1)*d_h of W_q, "
          "W_k, W_v and the same rows of W_o: its counts are the sizes of those slices.")


@points(1)
@pytest.mark.parametrize("d, h", [(512, 7), (100, 8), (12, 5), (512, 0), (512, -8)])
def test_uneven_split_raises(solution, reference, d, h):
    """h not dividing d, or not positive, raises ValueError"""
    expect_raises(ValueError, lambda: solution.mha_param_breakdown(d, h), f"mha_param_breakdown({d}, {h})",
                  explain=known(reference, "no divisibility check"))
