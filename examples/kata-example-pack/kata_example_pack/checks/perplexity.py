"""Checks for ex.2: perplexity and the uniform-model question."""

import pytest

from kata.testing import choice_check, expect_function, expect_raises, known, points
from kata_example_pack.exercises.perplexity.questions import CHOICES


@points(2)
@pytest.mark.parametrize("length", [1, 4, 32])
def test_matches_reference(solution, reference, length, rng):
    """perplexity(losses) matches exp(mean(losses)) on texts of several lengths"""
    losses = [float(x) for x in rng.uniform(0.1, 6.0, size=length)]
    expect_function(solution, reference, "perplexity", losses, rtol=1e-9)


@points(1)
def test_empty_raises(solution, reference):
    """an empty sequence raises ValueError"""
    expect_raises(ValueError, lambda: solution.perplexity([]), "perplexity([])",
                  explain=known(reference, "empty accepted"))


test_choices = choice_check(CHOICES)
