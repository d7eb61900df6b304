"""Checks for 13.8: the three choice questions on in-context learning."""

from exercises.ch13_08_in_context_learning.questions import CHOICES
from kata.testing import choice_check

test_choices = choice_check(CHOICES)
