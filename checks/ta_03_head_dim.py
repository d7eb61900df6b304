"""Checks for ta.3: head_dim."""

import pytest

from exercises.ta_03_head_dim.questions import CHOICES
from kata.testing import (FUNCTION_OF_NUMBERS, check, choice_check, declare, expect_function, expect_raises, known,
                          points, validation)


@points(2)
@pytest.mark.parametrize("d_model, n_heads", [(1024, 16), (768, 12), (512, 1), (96, 6), (5120, 40)])
def test_head_dim_is_an_int(solution, reference, d_model, n_heads):
    """head_dim is d_model / n_heads, as an int, on several models (the book's first)"""
    got = expect_function(solution, reference, "head_dim", d_model, n_heads)
    check(isinstance(got, int), f"head_dim({d_model}, {n_heads}) = {got!r} is a {type(got).__name__}, not an "
          f"int.\n{known(reference, 'float division')}")


@points(1)
@pytest.mark.parametrize("d_model, n_heads", [(100, 8), (768, 10), (7, 2)])
def test_uneven_split_is_refused(solution, reference, d_model, n_heads):
    """an uneven split raises ValueError"""
    expect_raises(ValueError, lambda: solution.head_dim(d_model, n_heads), f"head_dim({d_model}, {n_heads})",
                  explain=known(reference, "no divisibility check"))


@points(1)
def test_zero_heads_is_refused(solution, reference):
    """n_heads = 0 raises ValueError, not ZeroDivisionError"""
    try:
        solution.head_dim(512, 0)
    except ZeroDivisionError as exc:
        check(False, f"head_dim(512, 0) should raise ValueError, but it raised ZeroDivisionError ({exc}).\n"
              f"{known(reference, 'zero heads not refused')}")
    except ValueError:
        return
    check(False, "head_dim(512, 0) should raise ValueError: a model cannot have zero heads")


test_choices = choice_check(CHOICES)


INVALID = [(512, -8), (768, -12), (64, -1), (512, 0), (100, 8), (768, 10)]

globals().update(declare(
    validation("head_dim with n_heads <= 0 or an uneven split",
               {f"head_dim({d}, {h})": (lambda m, d=d, h=h: m.head_dim(d, h)) for d, h in INVALID},
               because="The statement asks for a ValueError when n_heads is not positive or does not divide "
                       "d_model; Python's % does not refuse a negative divisor (512 % -8 == 0)."),
    opt_out={**FUNCTION_OF_NUMBERS, "types as stated": "test_head_dim_is_an_int checks the int"},
))
