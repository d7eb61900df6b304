"""Checks for 13.1: the three choice questions on the context-vector bottleneck."""

from exercises.ch13_01_bottleneck.questions import CHOICES
from kata.testing import choice_check

test_choices = choice_check(CHOICES)
