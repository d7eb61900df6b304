"""Checks for 13.7: the BERT and GPT dicts, one graded choice per entry."""

import pytest

from exercises.ch13_07_bert_vs_gpt.questions import ANSWERS, ENTRIES
from kata.testing import CheckFailure, check, points


@points(len(ENTRIES))
@pytest.mark.parametrize("model, aspect, choice", ENTRIES, ids=[f"{m}-{a}" for m, a, _ in ENTRIES])
def test_entry(solution, model, aspect, choice):
    """each entry of BERT and GPT is the right option"""
    table = getattr(solution, model, None)
    check(isinstance(table, dict), f"`{model}` should be a dict with the keys {sorted(ANSWERS[model])}, "
          f"but it is {table!r}")
    problem = choice.verdict(table.get(aspect))
    if problem:
        raise CheckFailure(problem)
