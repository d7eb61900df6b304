"""No knowledge-free strategy passes the choice questions: measured per track, built-in exercises and packs.

A strategy that reads only the options (the longest, the most technical-sounding, the first, always the same
letter) must score no better than guessing, within one standard deviation of the guess count (at least one
question), on every track. The per-track scores are printed (`pytest -s` shows them).
"""

import sys
from pathlib import Path

import pytest

from kata.authoring.choice_audit import STRATEGIES, choices_by_track, strategy_report, technicality
from kata.choices import Choice, choices_of, longest_flag
from kata.state.registry import load_registry

EXAMPLE_PACK = Path(__file__).resolve().parents[1] / "examples" / "kata-example-pack"


def _pack_exercises() -> list:
    """The example pack's exercises, registered straight from its source folder (it may not be installed)."""
    sys.path.insert(0, str(EXAMPLE_PACK))
    try:
        import kata_example_pack
    finally:
        sys.path.remove(str(EXAMPLE_PACK))
    found: list = []
    kata_example_pack.kata_register_exercises(register=found.append)
    return found


EXERCISES = load_registry(entry_points=False).ordered() + _pack_exercises()
BY_TRACK = choices_by_track(EXERCISES)
REPORT = strategy_report(BY_TRACK)


def test_every_track_with_questions_is_measured():
    assert {"6", "13", "ta", "ex"} <= set(BY_TRACK)
    assert {s.strategy for s in REPORT} == set(STRATEGIES)


def test_no_knowledge_free_strategy_beats_chance_on_any_track():
    print("\nchoice strategies per track (right answers of each knowledge-free strategy):")
    for score in REPORT:
        print(score.line())
    above = [score.line() for score in REPORT if score.above_chance]
    assert not above, "a strategy that knows nothing scores above chance:\n" + "\n".join(above)


@pytest.mark.parametrize("exercise", [e for e in EXERCISES if choices_of(e.package)], ids=lambda e: e.id)
def test_no_right_option_is_longest_by_a_clear_margin(exercise):
    flags = [flag for flag in map(longest_flag, choices_of(exercise.package)) if flag]
    assert not flags, "\n".join(flags)
    assert not [p for p in exercise.problems() if p.startswith("choice ")]  # what `kata verify` reports


def _choice(options: dict, answer: str) -> Choice:
    return Choice("X", "q?", options, answer, {k: "because" for k in options})


def test_the_audit_flags_a_right_option_that_is_longest_by_far():
    obvious = _choice({"a": "short", "b": "a long, careful and specific right answer", "c": "tiny"}, "b")
    fair = _choice({"a": "a long, careful and wrong misconception", "b": "a careful and right answer",
                    "c": "another careful wrong answer"}, "b")
    assert longest_flag(obvious) and "longer than every wrong one" in longest_flag(obvious)
    assert longest_flag(fair) is None


def test_the_report_catches_a_gameable_track():
    gameable = [_choice({"a": "x", "b": "the long right one " * 3, "c": "y", "d": "z"}, "b") for _ in range(8)]
    scores = {s.strategy: s for s in strategy_report({"t": gameable})}
    assert scores["longest option"].above_chance and scores['always "b"'].above_chance
    assert not scores['always "a"'].above_chance and scores["first option"].right == 0
    assert scores["longest option"].chance == pytest.approx(2.0)


def test_technicality_counts_digits_symbols_and_jargon():
    assert technicality("Var(q.k) = d_k, so divide by sqrt(d_k)") > technicality("because it is simpler")
    assert technicality("the softmax gradient") == 4
