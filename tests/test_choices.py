"""Every choice question of every exercise: the right option passes, each wrong one fails with its own reason."""

import pytest

from kata.choices import Choice, choices_of, render
from kata.state.registry import load_registry

ALL = [(ex.id, c) for ex in load_registry(entry_points=False).ordered() for c in choices_of(ex.package)]


def test_there_are_choice_questions():
    assert ALL, "no exercise declares choice questions"


@pytest.mark.parametrize("exercise_id, choice", ALL, ids=[f"{i}:{c.name}" for i, c in ALL])
def test_every_wrong_option_fails_with_its_own_explanation(exercise_id, choice):
    assert choice.verdict(choice.answer) is None
    assert choice.verdict(choice.answer.upper()) is None
    reasons = set()
    for letter in choice.options:
        if letter == choice.answer:
            continue
        message = choice.verdict(letter)
        assert message is not None, f"{exercise_id} {choice.name}: wrong option {letter} passes"
        assert choice.why[letter] in message
        reasons.add(choice.why[letter])
    assert len(reasons) == len(choice.options) - 1, f"{exercise_id} {choice.name}: two wrong options share a reason"
    assert "still None" in choice.verdict(None)
    assert "one of" in choice.verdict("z")


@pytest.mark.parametrize("exercise_id, choice", ALL, ids=[f"{i}:{c.name}" for i, c in ALL])
def test_statement_shows_every_option(exercise_id, choice):
    statement = load_registry(entry_points=False).get(exercise_id).statement()
    assert "<!-- choices -->" not in statement
    for text in choice.options.values():
        assert text in statement


def test_a_malformed_choice_is_refused():
    with pytest.raises(ValueError):
        Choice("X", "q?", {"a": "1", "b": "2"}, "a", {"a": "", "b": ""})  # too few options
    with pytest.raises(ValueError):
        Choice("X", "q?", {"a": "1", "b": "2", "c": "3"}, "d", {"a": "", "b": "", "c": ""})  # answer not an option
    with pytest.raises(ValueError):
        Choice("X", "q?", {"a": "1", "b": "2", "c": "3"}, "a", {"a": ""})  # reasons missing
    assert "`X`" in render((Choice("X", "q?", {"a": "1", "b": "2", "c": "3"}, "a", {"a": "", "b": "", "c": ""}),))
