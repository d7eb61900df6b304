"""Exercise 13.18: the Chinchilla compute-optimal (N, D) (reference solution)."""

import math

FLOPS_PER_PARAM_TOKEN = 6  # training: forward 2 + backward 4 (13.13)
TOKENS_PER_PARAM = 20  # the Chinchilla ratio


def chinchilla_optimal(compute):
    """(N, D): parameters and tokens that spend `compute` FLOPs (C = 6 N D) at D = 20 N."""
    n = math.sqrt(compute / (FLOPS_PER_PARAM_TOKEN * TOKENS_PER_PARAM))  # C = 6 N (20 N) = 120 N^2
    return n, TOKENS_PER_PARAM * n


GPT3_BY_CHINCHILLA = "b"


# ---- known mistakes: wrong variants that `kata verify` proves the checks catch --------------------

from kata.mistakes import mistake  # noqa: E402


def _ratio_upside_down(compute):
    n = math.sqrt(compute * 20 / 6)
    return n, n / 20


def _two_nd(compute):
    n = math.sqrt(compute / 40)
    return n, 20 * n


def _no_sqrt(compute):
    return compute / 120, compute / 6


MISTAKES = (
    mistake("D = N / 20", "your N is 20 times your D: either the ratio is upside down (the rule is 20 tokens "
            "per parameter, D = 20 N) or the pair is reversed (return (N, D), parameters first); both give "
            "the same numbers", chinchilla_optimal=_ratio_upside_down),
    mistake("2ND instead of 6ND", "2 N D is the forward pass only; training costs 6 N D, so N = sqrt(C / 120)",
            chinchilla_optimal=_two_nd),
    mistake("no square root", "C = 6 N (20 N) = 120 N^2 is quadratic in N: N = sqrt(C / 120), not C / 120",
            chinchilla_optimal=_no_sqrt),
)
