"""Checks for 13.4: head_dim and the capacity question."""

import pytest

from exercises.ch13_04_head_dim.questions import CHOICES
from kata.testing import check, choice_check, expect_function, expect_raises, known, points

CONFIGS = [(512, 8), (512, 64), (768, 12), (4096, 32), (96, 3), (64, 1)]


@points(2)
@pytest.mark.parametrize("d_model, h", CONFIGS)
def test_head_dim(solution, reference, d_model, h):
    """head_dim matches d_model / h on several models, the book's included"""
    value = expect_function(solution, reference, "head_dim", d_model, h)
    check(type(value) is int, f"head_dim({d_model}, {h}) returned {value!r} of type {type(value).__name__}; "
          f"a dimension is an int.\n{known(reference, 'float division')}")


@points(1)
@pytest.mark.parametrize("d_model, h", [(512, 7), (100, 8), (512, 0), (512, -8)])
def test_uneven_split_raises(solution, reference, d_model, h):
    """an uneven split, or a head count that is not positive, raises ValueError"""
    expect_raises(ValueError, lambda: solution.head_dim(d_model, h), f"head_dim({d_model}, {h})",
                  explain=known(reference, "no divisibility check"))


test_choices = choice_check(CHOICES)
